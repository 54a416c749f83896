"""The search index: search_index/, a Whoosh index with one document per paragraph and per printed heading.

Fields (see README, "Search"): `chars` (one token per character, text.py) and `chars2` (its bigrams, with
positions: a phrase of bigrams = a substring), `trad`/`trad2` (the same over the OpenCC s2t text),
`pinyin`/`pinyin2` (per-character toneless syllables, and their bigrams), `words` (jieba words, for ranking), `english` (glossary renderings of the terms in the block, and
its translation), and stored: the text, term occurrences, section path, date, page; in a column (read only by
pinyin queries): the per-character readings with tones. The traditional text is made again from the text where
a query needs it. Beside the Whoosh files: `duizhao-index.json` (format, counts) and the documents' citation metadata.

The index is built into a temporary folder beside search_index/ and swapped in only when complete
(atomic.replacing), so a failed build leaves the previous index answering.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, Iterable

from build_scripts.errors import UserError
from build_scripts.model import Document
from build_scripts.search.records import BlockRecord, DocInfo, build_records, load_translations
from build_scripts.search.syllables import syllable_items

INDEX_DIR = Path("search_index")
INDEX_FORMAT = 1  # bump when fields or stored values change: an old index is then refused, not misread
META_FILE = "duizhao-index.json"
GLOSSARY_FILE = "glossary.json"  # the glossary the index was built with: English and suggestions use it
INDEX_NAME = "blocks"


def schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema

    from build_scripts.search.analysis import (CharBigramTokenizer, CharTokenizer, SyllableBigramTokenizer,
                                               SyllableTokenizer, WordTokenizer)

    def unigrams(tokenizer):  # a one-token query needs only the blocks: no positions
        return TEXT(analyzer=tokenizer, phrase=False)

    def bigrams(tokenizer):  # longer queries: phrases of bigrams, with positions
        return TEXT(analyzer=tokenizer, phrase=True)

    return Schema(
        key=ID(stored=True, unique=True), doc=ID(stored=True), anchor=ID(stored=True), kind=ID(stored=True),
        order=NUMERIC(stored=True), date=ID(stored=True), page=STORED,
        chars=unigrams(CharTokenizer()), chars2=bigrams(CharBigramTokenizer()),
        trad=unigrams(CharTokenizer()), trad2=bigrams(CharBigramTokenizer()),
        pinyin=unigrams(SyllableTokenizer()), pinyin2=bigrams(SyllableBigramTokenizer()),
        words=TEXT(analyzer=WordTokenizer(), phrase=False),
        english=TEXT(analyzer=StemmingAnalyzer(stoplist=None, minsize=1), phrase=True),
        text=STORED, readings=COLUMN(VarBytesColumn()), occurrences=STORED,
        translation=STORED, section=STORED,
    )


def whoosh_document(record: BlockRecord) -> dict:
    items = syllable_items(record.readings)
    renderings = [text for texts in record.english_terms.values() for text in texts]
    english = "\n".join(renderings + ([record.translation] if record.translation else []))
    return {
        "key": record.key, "doc": record.doc_id, "anchor": record.anchor, "kind": record.kind,
        "order": record.order, "date": record.date or "", "page": record.page,
        "chars": record.text, "chars2": record.text, "trad": record.traditional, "trad2": record.traditional,
        "pinyin": items, "pinyin2": items,
        "words": " ".join(record.words), "english": english,
        "text": record.text,
        "readings": items.encode("utf-8"),  # a column: read only for pinyin
        "occurrences": record.occurrences,  # renderings of these terms: glossary.json
        "translation": record.translation, "section": record.section_path,
    }


def write_index(folder: Path, infos: list[DocInfo], records: Iterable[BlockRecord], glossary=None) -> dict:
    """A complete index in `folder` (which must exist and be empty)."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(folder), schema(), indexname=INDEX_NAME)
    writer = ix.writer(limitmb=256)
    count = 0
    try:
        for record in records:
            add_record(writer, record)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    ix.close()
    from build_scripts.search.syllables import searchable_syllables

    meta = {"format": INDEX_FORMAT, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "blocks": count,
            "documents": [info.to_dict() for info in infos], "syllables": sorted(searchable_syllables())}
    terms = [t.to_dict() for t in glossary] if glossary is not None else []
    (folder / GLOSSARY_FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def read_glossary_file(folder: str | Path):
    """The glossary stored with the index (a Glossary of Terms)."""
    from build_scripts.terms.glossary import Glossary, Term

    path = Path(folder) / GLOSSARY_FILE
    try:
        terms = json.loads(path.read_text(encoding="utf-8"))
        return Glossary(str(path), [Term(**t) for t in terms])
    except (OSError, ValueError, TypeError) as err:
        raise UserError(f"the search index at {folder}/ cannot be read ({GLOSSARY_FILE}: {err}): run "
                        "'duizhao build' again") from None


def add_record(writer, record: BlockRecord) -> None:
    writer.add_document(**whoosh_document(record))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def build_search_index(docs: list[Document], glossary=None, translations: dict | None = None,
                       target: str | Path = INDEX_DIR, root: str = "source_texts",
                       progress: Callable[[str], None] | None = None) -> dict:
    """Annotate `docs` with the glossary and (re)build the index at `target`, atomically.

    `glossary` defaults to `<root>/glossary`, `translations` to build_scripts.translation.translations's English ones
    (none while that module does not exist). Returns {"blocks", "documents", "bytes", "seconds"}."""
    from build_scripts.terms.annotate import annotate, matcher_for
    from build_scripts.atomic import replacing
    from build_scripts.terms.glossary import load_glossary

    started = time.perf_counter()
    if glossary is None:
        glossary = load_glossary(f"{root}/glossary")
    if translations is None:
        translations = load_translations(root)
    matcher = matcher_for(glossary)
    for doc in docs:
        annotate(doc, glossary, matcher)
    infos, records = build_records(docs, glossary, translations)
    target = Path(target)
    with replacing(target) as out:
        meta = write_index(out, infos, records, glossary)
    report = {"blocks": meta["blocks"], "documents": len(infos), "bytes": folder_size(target),
              "seconds": round(time.perf_counter() - started, 2)}
    if progress:
        progress(f"index  {report['blocks']} block(s) of {report['documents']} document(s) → {target}/ "
                 f"({report['bytes'] / 1024:.0f} KB)")
    return report


# ---- opening -------------------------------------------------------------------------------------------

def open_index(folder: str | Path = INDEX_DIR):
    """(Whoosh index, meta). A missing, incomplete or outdated index is a UserError saying what to do."""
    from whoosh import index as whoosh_index

    folder = Path(folder)
    shown = f"{folder}/"
    if not folder.is_dir():
        raise UserError(f"no search index at {shown}: run 'duizhao build' first")
    meta_path = folder / META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"the search index at {shown} is incomplete: run 'duizhao build' again") from None
    except (OSError, ValueError) as err:
        raise UserError(f"the search index at {shown} cannot be read ({err}): run 'duizhao build' again") from None
    if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise UserError(f"the search index at {shown} has format {found}, this duizhao reads format "
                        f"{INDEX_FORMAT}: run 'duizhao build' again")
    try:
        ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    except Exception as err:  # Whoosh raises many kinds for a damaged folder
        raise UserError(f"the search index at {shown} cannot be read ({type(err).__name__}): run "
                        "'duizhao build' again") from None
    return ix, meta
