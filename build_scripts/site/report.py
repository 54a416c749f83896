"""The build report: pages, terms marked, the weight of a reading page and the build time.

Page weight is what a browser fetches to show the reading page as first opened (reading aids off): the HTML
and every stylesheet and script it references. The data the aids load on demand are listed apart, so the cost
of turning them on is visible too. Sizes are raw bytes and gzip -6 bytes (what a static host typically sends).
"""
from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from typing import Iterator
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

# the search box's manifest too: a query adds the few shards it needs (benchmarks/STATIC_SEARCH.md)
ON_DEMAND = ("glossary.js", "{doc}.reading.js", "{doc}.source.js", "cedict.js", "search/manifest.js")


def _sizes(paths: list[Path]) -> dict:
    sizes = [_size(p) for p in paths]
    return {"files": len(paths), "bytes": sum(s[0] for s in sizes), "gzip_bytes": sum(s[1] for s in sizes)}


# What was measured of a file's content, by its hash: a build after a small change measures again only the files
# that changed (parsing a reading page and gzipping it took most of the report's time). Kept in the build cache.
_measures = None  # within a report: its cache.LastBuild of (kind, content hash) → measure


def _remembered(kind: str, data: bytes, measure):
    global _measures
    if _measures is None:
        from build_scripts.cache import LastBuild

        _measures = LastBuild(b"site-report")  # what is measured, and how, is the code's
    return _measures((kind, hashlib.sha256(data).hexdigest()), lambda _: measure(data))


def keep_measures() -> None:
    """Store what this report measured (and only that: what the site no longer has is dropped)."""
    global _measures
    if _measures is not None:
        _measures.save()
        _measures = None


@lru_cache(maxsize=None)
def _size(path: Path) -> tuple[int, int]:
    """Raw and gzip bytes, once per file: every reading page shares the theme's stylesheets and scripts."""
    data = path.read_bytes()
    return len(data), _remembered("gzip", data, lambda d: len(gzip.compress(d, 6)))


def _references(data: bytes) -> tuple[list, list]:
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    return ([tag.get("href") for tag in soup.find_all("link", rel="stylesheet")],
            [tag.get("src") for tag in soup.find_all("script") if tag.get("src")])


def referenced_files(site: Path, page: Path) -> list[Path]:
    """The page, the local stylesheets and scripts it loads, and the search index (nothing third-party exists)."""
    stylesheets, scripts = _remembered("references", page.read_bytes(), _references)
    rel = page.relative_to(site).as_posix()
    urls = list(stylesheets) + list(scripts)
    files = [page]
    # Material's search (a worker fetching the lunr index on every page) is no longer built; should its index come
    # back, the worker and the index are counted again.
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        files += sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")) + [lunr]
    for url in urls:
        local = urljoin(rel, url.split("?")[0])
        path = site / local
        if path.is_file():
            files.append(path)
    return files


def page_weight(site: Path, doc_id: str) -> dict:
    page = site / "documents" / f"{doc_id}.html"
    on_open = referenced_files(site, page)
    data = site / "assets" / "duizhao" / "data"
    on_demand = {name.format(doc=doc_id): _sizes([data / name.format(doc=doc_id)]) for name in ON_DEMAND}
    return {"page": page.relative_to(site).as_posix(), "on_open": _sizes(on_open),
            "on_open_files": [p.relative_to(site).as_posix() for p in on_open], "on_demand": on_demand}


def _files(folder: str) -> Iterator[os.DirEntry]:
    """Every file under `folder` (os.scandir: a third of pathlib's rglob time over the site's thousands)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path)
            elif entry.is_file():
                yield entry


def site_report(site: Path, docs, seconds: float) -> dict:
    files = list(_files(str(site)))
    pages = sorted(Path(f.path).relative_to(site).as_posix() for f in files if f.name.endswith(".html"))
    try:
        weights = {d.id: page_weight(site, d.id) for d in docs}
    finally:
        keep_measures()
    return {
        "html_pages": len(pages),
        "html_pages_en_interface": sum(1 for p in pages if p.startswith("en/")),
        "documents": len(docs),
        "paragraphs": sum(len(d.paragraphs()) for d in docs),
        "terms_marked": sum(len(b.occurrences) for d in docs for b in d.blocks),
        "reading_pages": weights,
        "site_bytes": sum(f.stat().st_size for f in files),
        "build_seconds": round(seconds, 1),
    }


def report_lines(report: dict) -> list[str]:
    kb = lambda n: f"{n / 1024:,.0f} KB"  # noqa: E731
    lines = [f"site   {report['html_pages']} HTML pages ({report['html_pages_en_interface']} of them the English "
             f"interface), {report['documents']} document(s), {report['paragraphs']} paragraphs, "
             f"{report['terms_marked']} terms marked, {kb(report['site_bytes'])} in all"]
    weights = sorted(report["reading_pages"].values(), key=lambda w: w["on_open"]["gzip_bytes"])
    if weights:
        median, heaviest = weights[len(weights) // 2], weights[-1]
        lines.append(f"weight {len(weights)} reading page(s) on open: median {kb(median['on_open']['gzip_bytes'])} gzip, "
                     f"heaviest {heaviest['page']} {kb(heaviest['on_open']['bytes'])} "
                     f"({kb(heaviest['on_open']['gzip_bytes'])} gzip) in {heaviest['on_open']['files']} files")
        for name, size in heaviest["on_demand"].items():
            lines.append(f"         + {name}: {kb(size['bytes'])} ({kb(size['gzip_bytes'])} gzip) when its aid is used")
    lines.append(f"time   {report['build_seconds']} s")
    return lines
