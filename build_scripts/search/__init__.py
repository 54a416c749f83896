"""Exact search over the archive (issue 5): `duizhao build` writes search_index/, `duizhao search` reads it.

    build_search_index(docs, glossary=None, translations=None, target="search_index", ...) -> report dict
    SearchIndex(folder="search_index").search(query, doc=None, context=20, mode="auto", order="reading",
                                              limit=None, offset=0, filters=Filters())
        -> SearchResult(hits: list[Hit], totals, by_year, by_document, readings, suggestions)
    build_records(docs, glossary, translations) -> (list[DocInfo], list[BlockRecord])   (records.py)
    site_search_data(docs, glossary, translations) -> dict                               (site_data.py)

Modules: text.py (what "occurs" means), variants.py (either script), syllables.py (pinyin), records.py (one record
per block), backends.py (sqlite, scan; the interface), analysis.py (Whoosh tokenizers), index.py (build, open, the
whoosh backend), parse.py (the query language), query.py (readings, checks,
AND/OR/NOT), kwic.py (hits), suggest.py (near matches), output.py (text, JSON, CSV), site_data.py.
Names are imported lazily: importing this package does not load Whoosh.
"""
from __future__ import annotations

_EXPORTS = {
    "build_search_index": "build_scripts.search.index",
    "open_index": "build_scripts.search.index",
    "INDEX_DIR": "build_scripts.search.index",
    "SearchIndex": "build_scripts.search.query",
    "SearchResult": "build_scripts.search.query",
    "Hit": "build_scripts.search.kwic",
    "build_records": "build_scripts.search.records",
    "BlockRecord": "build_scripts.search.records",
    "DocInfo": "build_scripts.search.records",
    "site_search_data": "build_scripts.search.site_data",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'build_scripts.search' has no attribute {name!r}")
