"""The site's data files, which do not depend on the interface language: each document's reading aids (pinyin,
traditional forms), its OCR source view and raw pages; the archive's search data, glossary popups and CC-CEDICT
subset.

They are the costly part of a site build (word-level pinyin of every word of every document), so each document's
files are cached under a hash of the document itself: a one-page change recomputes one document's files. `duizhao
build` makes the missing ones on every core before MkDocs starts, and both MkDocs builds then read them from the
cache.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from build_scripts.cache import (cached, document_key as cache_key, files_key, has, lookup, store_value, touch,
                                 value_key)
from build_scripts.chars import is_han
from build_scripts.model import Document
from build_scripts.progress import Progress
from build_scripts.site.ui import LANGUAGES

DATA = "assets/duizhao/data"
SOURCE_DIR = Path("source_texts")


def document_key(doc: Document) -> str:
    """Changes when anything the document's files show changes: its text, anchors, edits, terms, or the code."""
    return cache_key(doc, "site-data")


def _make_document_files(doc: Document) -> dict:
    from build_scripts.site.raw_page import raw_page_html, raw_text
    from build_scripts.site.reading_data import reading_data, script, source_data

    reading = reading_data(doc)
    files = {f"{DATA}/{doc.id}.reading.js": script("reading", doc.id, reading)}
    by_language = {}
    for lang in LANGUAGES:  # the OCR source view speaks the interface's language
        by_language[lang] = {f"{DATA}/{doc.id}.source.js": script("source", doc.id, source_data(doc, lang))}
    for page in doc.pages:
        files[f"documents/{page.id}.ocr.txt"] = raw_text(page)
        for lang in LANGUAGES:
            by_language[lang][f"documents/{page.id}.ocr.html"] = raw_page_html(page, doc, lang)
    # what the tap dictionary must explain: every word a reader can tap
    words = {w for entry in reading.values() for w, _ in entry["t"] if any(is_han(c) for c in w)}
    return {"files": files, "by_language": by_language, "words": sorted(words)}


WORDS = "-words"  # beside a document's key: the words of its files (what the CC-CEDICT subset needs of them)


def document_files(doc: Document) -> dict:
    key = document_key(doc)

    def make() -> dict:
        made = _make_document_files(doc)
        store_value(key + WORDS, made["words"])
        return made

    return cached(key, make)


def document_words(doc: Document) -> list[str]:
    """The words a reader can tap in the document, without reading its files from the cache (megabytes)."""
    key = document_key(doc)
    return cached(key + WORDS, lambda: document_files(doc)["words"])


def site_files(made: dict, lang: str) -> dict[str, str]:
    """Of a document's files (document_files), those of the site in interface language `lang`: path → content."""
    return {**made["files"], **made["by_language"][lang]}


# What the pool's workers share, set once per worker (not pickled with every task).
_SHARED: dict = {}


def _share(glossary, translations) -> None:
    _SHARED.update(glossary=glossary, translations=translations)


def _into_cache(doc: Document) -> None:
    from build_scripts.terms.pinyin import remembering

    with remembering(doc.id):  # its unchanged paragraphs are not segmented and read again
        document_files(doc)
        if _SHARED.get("glossary") is not None:
            from build_scripts.search.backends import document_records_and_parts

            document_records_and_parts(doc, _SHARED["glossary"], _SHARED["translations"])
            search_part(doc, _SHARED["glossary"], _SHARED["translations"])


def _missing(doc: Document, glossary, translations) -> bool:
    if not has(document_key(doc)):
        return True
    if glossary is None:
        return False
    from build_scripts.search.backends import SQLITE_ENTRY
    from build_scripts.search.records import records_key

    key = records_key(doc, glossary, translations)
    return not (has(key) and has(key + SQLITE_ENTRY) and has(key + SEARCH_PART))


def missing_documents(docs: list[Document], glossary=None, translations: dict | None = None) -> list[Document]:
    """The documents whose files (and with a glossary, records) the cache lacks: what `prepare` makes."""
    return [d for d in docs if _missing(d, glossary, translations or {})]


def workers_for(missing: list[Document]) -> int:
    """How many processes `prepare` makes the missing documents' files in (1: this one, alone)."""
    return min(len(missing), os.cpu_count() or 1)


def prepare(docs: list[Document], progress: Progress | None = None, glossary=None,
            translations: dict | None = None, missing: list[Document] | None = None) -> None:
    """Make every document's files that the cache lacks (`missing`, if known: missing_documents), and with a
    glossary its search records too (the two costly parts of a build: pinyin of every word), on every core."""
    translations = translations or {}
    if missing is None:
        missing = missing_documents(docs, glossary, translations)
    workers = workers_for(missing)
    if workers > 1:
        from build_scripts.search.backends import preload

        preload()  # once here, not in each worker
        with ProcessPoolExecutor(workers, initializer=_share, initargs=(glossary, translations)) as pool:
            list((progress or Progress(None)).each("data", pool.map(_into_cache, missing), len(missing), "document"))
    else:
        _share(glossary, translations)
        try:
            for doc in missing:
                _into_cache(doc)
        finally:
            _SHARED.clear()


def archive_key(archive, root: Path = SOURCE_DIR) -> str:
    inputs = sorted((root / "glossary").glob("*.yml")) + sorted((root / "translations").rglob("*.yml"))
    digest = hashlib.sha256(files_key("site-archive", inputs).encode())
    for doc in archive.docs:
        digest.update(document_key(doc).encode())
    return digest.hexdigest()


def archive_files(archive, translations: dict) -> dict:
    """The site's data files: `common`, those made from the whole archive (search data, glossary popups, CC-CEDICT
    subset), the same in both interfaces, by path; `documents`, each document with its key (document_key), whose
    files document_files gives (site_files: those of one interface); and the CC-CEDICT subset they use (`cedict_subset`, also exported).

    The archive-wide files are cached under the archive's key; the documents' files are not read here (only their
    words, for the subset): after a one-page change, `duizhao build` links most of them from the previous site
    without reading them (build.start_mkdocs.add_data)."""
    words: set[str] = set()
    for doc in archive.docs:
        words.update(document_words(doc))
    shared = cached(archive_key(archive), lambda: _make_archive_wide_files(archive, translations, words))
    return {"common": shared["files"], "documents": [(document_key(doc), doc) for doc in archive.docs],
            "cedict_subset": shared["cedict_subset"]}


def _make_archive_wide_files(archive, translations: dict, words: set[str]) -> dict:
    from build_scripts.site.glossary_pages import glossary_data
    from build_scripts.site.reading_data import script, script_of_json

    out = {f"{DATA}/glossary.js": script("glossary", "terms", glossary_data(archive))}
    out.update(search_files(archive, translations))
    subset = cedict_subset(words | {c for c in set("".join(words)) if is_han(c)})  # each character tested once
    out[f"{DATA}/cedict.js"] = script_of_json("cedict", "words", cedict_json(subset))
    return {"files": out, "cedict_subset": subset}


def cedict_json(subset: dict) -> str:
    """The CC-CEDICT subset as the site's cedict.js and the exported cedict-subset.json hold it, cached under the
    subset itself (cache.value_key): after a one-page change the subset is most often the same, and its JSON takes a
    quarter of a second to make."""
    from build_scripts.site.reading_data import data_json

    key = value_key("cedict-json", subset)
    return data_json(subset) if key is None else cached(key, lambda: data_json(subset))


# handed down (cache.preload) to the MkDocs builds `duizhao build` forks: it writes archive_files' files itself
DATA_WRITTEN_BY_PARENT = "site-data-written-by-parent"


def site_data_files(data: dict, lang: str) -> dict[str, str]:
    """The files of archive_files' `data` that the site in interface language `lang` holds: path → content."""
    out = dict(data["common"])
    for _, doc in data["documents"]:
        out.update(site_files(document_files(doc), lang))
    return out


def cedict_subset(words: set[str]) -> dict:
    """The CC-CEDICT subset for these words: the last one made from the same dictionary while the words are the
    same (reading the whole dictionary takes a second). When they differ, that subset's entries are reused (and the
    parts found for the words it lacks), and the other words are looked up in the dictionary stored as SQLite in the
    cache (terms/cedict.store), made the first time the whole file is read. One entry, the last subset, not one
    per set of words: each is megabytes."""
    from build_scripts.cache import CACHE_DIR
    from build_scripts.ocr.lexicon import cedict_path
    from build_scripts.terms import cedict

    last_key = files_key("cedict-subset-last", [cedict_path()])
    digest = hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()
    stored_at = CACHE_DIR / f"cedict-{last_key}.sqlite"
    # the last subset made from this dictionary: for which words, the subset, the parts of the words it lacks
    last_digest, known, parts_of = lookup(last_key) or (None, None, {})
    if last_digest == digest:
        return known
    dictionary = cedict.stored(stored_at) if known and touch(stored_at) else None
    if dictionary is None:
        dictionary = cedict.load()
        cedict.store(dictionary, stored_at)
    subset = cedict.complete_subset(words, known=known, dictionary=dictionary, parts_of=parts_of)
    store_value(last_key, (digest, subset, {w: found for w, found in parts_of.items() if w in words}))
    return subset


def search_files(archive, translations: dict) -> dict[str, str]:
    """The search data in shards (build_scripts/search/shards.py), under data/search/: joined from each document's
    part, made once per document (a one-page change makes one part again)."""
    import pickle

    from build_scripts.cache import code_fingerprint
    from build_scripts.search.records import doc_info
    from build_scripts.search.shards import joined_shards, shard_scripts
    from build_scripts.terms.glossary import glossary_key
    from build_scripts.search.site_data import search_meta

    parts = [search_part(doc, archive.glossary, translations) for doc in archive.docs]
    printed = "".join(sorted({ch for part in parts for _, ch in part.chars}))
    infos = [doc_info(doc, order) for order, doc in enumerate(archive.docs)]
    # the same while the documents' metadata, the glossary and the characters printed are (0.3 s to make)
    key = hashlib.sha256(f"search-meta\0{code_fingerprint()}\0{glossary_key(str(archive.glossary.folder))}\0"
                         f"{printed}\0".encode() + pickle.dumps(infos, protocol=5)).hexdigest()
    data = cached(key, lambda: search_meta(infos, archive.glossary, set(printed)))
    return shard_scripts(joined_shards(parts, data), f"{DATA}/search")


SEARCH_PART = "-search-part"  # beside the records' key: the document's part of the site's search data


def search_part(doc: Document, glossary, translations: dict):
    """The document's part of the site's search data (shards.DocumentShard), cached under its records' key (the
    document, the glossary, its translation, the code). The document is annotated (load_archive annotates)."""
    from build_scripts.search.records import document_records, records_key
    from build_scripts.search.shards import document_shard, lead_needles
    from build_scripts.search.site_data import document_blocks, script_map

    key = records_key(doc, glossary, translations)

    def make():
        script = script_map()
        needles = lead_needles([{"forms": list(t.forms)} for t in glossary], script)
        return document_shard(document_blocks(document_records(doc, glossary, translations, key=key), glossary),
                              needles, script)

    return cached(key + SEARCH_PART, make)
