"""The search index: search_index/, built by `duizhao build`, read by `duizhao search`.

Beside the backend's files (backends.py: `blocks.sqlite` and `postings.bin` by default, or Whoosh's),
`duizhao-index.json` holds the format, the backend, the documents' citation metadata, the valid pinyin syllables
and the script table (variants.py), and `glossary.json` the glossary the index was built with.

The Whoosh backend has one document per block: `n` (the block's number), `chars`/`chars2` (one token per character
of the block's search key, and their bigrams with positions: a phrase of bigrams = a substring), `pinyin`/`pinyin2`
(toneless syllables and their bigrams), `english` (stems of the block's English), the stored record as JSON and,
in a column, the readings with tones.

The index is built into a temporary folder beside search_index/ and swapped in only when complete
(atomic.replacing), so a failed build leaves the previous index answering.
"""
from __future__ import annotations

import json
import time
from array import array
from pathlib import Path
from typing import Callable, Iterable

from build_scripts.errors import UserError
from build_scripts.model import Document
from build_scripts.search.backends import (DEFAULT_BACKEND, Backend, Probe, StoredBlock, code_readings,
                                          document_blocks_and_parts, stored_dict, write_sqlite)
from build_scripts.search.records import BlockRecord, DocInfo, doc_info, document_records, load_translations
from build_scripts.search.syllables import syllable_items

INDEX_DIR = Path("search_index")
INDEX_FORMAT = 5  # bump when fields or stored values change: an old index is then refused, not misread
META_FILE = "duizhao-index.json"
GLOSSARY_FILE = "glossary.json"  # the glossary the index was built with: English and suggestions use it
INDEX_NAME = "blocks"


def schema():
    from whoosh.fields import COLUMN, NUMERIC, STORED, TEXT, Schema
    from whoosh.columns import VarBytesColumn

    from build_scripts.search.analysis import (CharBigramTokenizer, CharTokenizer, SyllableBigramTokenizer,
                                               SyllableTokenizer)
    from whoosh.analysis import StemmingAnalyzer

    return Schema(
        n=NUMERIC(stored=True, unique=True),
        chars=TEXT(analyzer=CharTokenizer(), phrase=False), chars2=TEXT(analyzer=CharBigramTokenizer(), phrase=True),
        pinyin=TEXT(analyzer=SyllableTokenizer(), phrase=False),
        pinyin2=TEXT(analyzer=SyllableBigramTokenizer(), phrase=True),
        english=TEXT(analyzer=StemmingAnalyzer(stoplist=None, minsize=1), phrase=False),
        record=STORED, readings=COLUMN(VarBytesColumn()))


def whoosh_document(record: BlockRecord, n: int) -> dict:
    items = syllable_items(record.readings)
    renderings = [text for texts in record.english_terms.values() for text in texts]
    english = "\n".join(renderings + ([record.translation] if record.translation else []))
    stored = stored_dict(record, n)
    return {"n": n, "chars": stored["key"], "chars2": stored["key"], "pinyin": items, "pinyin2": items,
            "english": english, "record": json.dumps(stored, ensure_ascii=False),
            "readings": code_readings(record.readings).encode("utf-8")}


def write_whoosh(folder: Path, records: Iterable[BlockRecord]) -> int:
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(folder), schema(), indexname=INDEX_NAME)
    writer = ix.writer(limitmb=256)
    count = 0
    try:
        for record in records:
            writer.add_document(**whoosh_document(record, count))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    ix.close()
    return count


class WhooshBackend(Backend):
    """The Whoosh index: candidates from phrase queries over character bigrams (analysis.py)."""

    name = "whoosh"

    def __init__(self, folder: str | Path, meta: dict):
        from whoosh import index as whoosh_index

        try:
            self.ix = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
        except Exception as err:  # Whoosh raises many kinds for a damaged folder
            raise UserError(f"the search index at {folder}/ cannot be read ({type(err).__name__}): run "
                            "'duizhao build' again") from None
        self.searcher = self.ix.searcher()
        self.docs = [DocInfo(**d) for d in meta["documents"]]
        self.block_doc = array("I", meta["block_doc"])
        self.block_kind = array("B", meta["block_kind"])
        self._column = self.searcher.reader().column_reader("readings")
        self._docnum = {}
        for docnum, fields in self.searcher.reader().iter_docs():
            self._docnum[fields["n"]] = docnum

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    def candidates(self, probe: Probe):
        from build_scripts.search.text import phrase_segments
        from whoosh.query import And, Phrase, Term

        def tokens_query(field, tokens):
            if len(tokens) == 1:
                return Term(field, tokens[0])
            pairs = [a + "\x1f" + b for a, b in zip(tokens, tokens[1:])]
            return Term(field + "2", pairs[0]) if len(pairs) == 1 else Phrase(field + "2", pairs)

        if probe.kind == "text":
            parts = [tokens_query("chars", seg) for seg in phrase_segments(probe.terms[0])]
            if not parts:
                return None
            query = parts[0] if len(parts) == 1 else And(parts)
        elif probe.kind == "pinyin":
            query = tokens_query("pinyin", list(probe.terms))
        else:
            query = And([Term("english", s) for s in probe.terms])
        return {self.searcher.stored_fields(d)["n"] for d in self.searcher.docs_for_query(query)}

    def records(self, numbers, light: bool = False):
        out = {}
        for n in numbers:
            docnum = self._docnum[n]
            record = json.loads(self.searcher.stored_fields(docnum)["record"])
            record["_docnum"] = docnum
            out[n] = record
        return out

    def readings(self, record):
        return self._column[record["_docnum"]].decode("utf-8")  # coded (backends.code_readings)


def write_index(folder: Path, infos: list[DocInfo], records: Iterable[BlockRecord | StoredBlock], glossary=None,
                backend: str = DEFAULT_BACKEND, parts=None) -> dict:
    """A complete index in `folder` (which must exist and be empty); `parts`: the sqlite index's BlockParts of
    the records, in order, where they are already made (then StoredBlocks do for records)."""
    from build_scripts.search.syllables import searchable_syllables
    from build_scripts.search.variants import script_table

    kinds = array("B")
    docs = array("I")
    index = {}

    def noted(records):
        for record in records:
            kinds.append(record.kind == "heading")
            if not index:
                index.update({info.id: i for i, info in enumerate(infos)})
            docs.append(index[record.doc_id])
            yield record

    if backend == "whoosh":
        count = write_whoosh(folder, noted(records))
    elif backend == "sqlite":
        count = write_sqlite(folder, infos, noted(records), kinds, parts)
    else:
        raise UserError(f"unknown search backend '{backend}' (sqlite or whoosh)")
    meta = {"format": INDEX_FORMAT, "backend": backend, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "blocks": count, "documents": [info.to_dict() for info in infos],
            "syllables": sorted(searchable_syllables()),
            "script": {chr(c): w for c, w in script_table().items()}}
    if backend == "whoosh":
        meta["block_doc"], meta["block_kind"] = list(docs), list(kinds)
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


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def build_search_index(docs: list[Document], glossary=None, translations: dict | None = None,
                       target: str | Path = INDEX_DIR, root: str = "source_texts",
                       progress: Callable[[str], None] | None = None, backend: str = DEFAULT_BACKEND,
                       annotated: bool = False) -> dict:
    """Annotate `docs` with the glossary (unless they are `annotated` with it already: an Archive's are) and
    (re)build the index at `target`, atomically.

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
    if not annotated:
        matcher = matcher_for(glossary)
        for doc in docs:
            annotate(doc, glossary, matcher)
    infos, records, parts = [], [], []
    for order, doc in enumerate(docs):
        info = doc_info(doc, order)
        infos.append(info)
        if backend == "sqlite":  # what the index stores of the records, not the records: 0.5 s less to read
            doc_records, doc_parts = document_blocks_and_parts(doc, glossary, translations, info)
            parts += doc_parts
        else:
            doc_records = document_records(doc, glossary, translations, info)
        records += doc_records
    target = Path(target)
    with replacing(target) as out:
        meta = write_index(out, infos, records, glossary, backend, parts if backend == "sqlite" else None)
    report = {"blocks": meta["blocks"], "documents": len(infos), "bytes": folder_size(target),
              "seconds": round(time.perf_counter() - started, 2)}
    if progress:
        progress(f"index  {report['blocks']} block(s) of {report['documents']} document(s) → {target}/ "
                 f"({report['bytes'] / 1024:.0f} KB)")
    return report


# ---- opening -------------------------------------------------------------------------------------------

def open_index(folder: str | Path = INDEX_DIR) -> dict:
    """The index's meta. A missing, incomplete or outdated index is a UserError saying what to do."""
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
    return meta
