"""The build report: pages, terms marked, the weight of a reading page and the build time.

Page weight is what a browser fetches to show the reading page as first opened (reading aids off): the HTML
and every stylesheet and script it references. The data the aids load on demand are listed apart, so the cost
of turning them on is visible too. Sizes are raw bytes and gzip -6 bytes (what a static host typically sends).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import time
from typing import Iterator
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from build_scripts.site.linked_output import settled_identity

# the search box's manifest too: a query adds the few shards it needs (benchmarks/STATIC_SEARCH.md)
ON_DEMAND = ("glossary.js", "{doc}.reading.js", "{doc}.source.js", "cedict.js", "search/manifest.js")


class _Measures:
    """What one report measures of the site's files, by their content's hash: raw and gzip size, a page's
    stylesheets and scripts. Those measured by the last build come from the build cache (cache.LastBuild, by this
    code): after a small change only the files that changed are read, parsed and gzipped again.

    A file's content hash is known without reading it while its settled identity on disk is the same
    (linked_output.settled_identity): an unchanged output file is a hard link to the previous site's, the same
    inode, never written to. A file changed too recently to be told apart by it is read and hashed each time."""

    def __init__(self, files: list[os.DirEntry]):
        from build_scripts.cache import LastBuild

        self.stats = {f.path: f.stat() for f in files}  # by path as the walk names it: one stat per file
        self.last = LastBuild(b"site-report")  # what is measured, and how, is the code's
        self.now_ns = time.time_ns()
        self.sizes: dict[str, tuple[int, int]] = {}
        self.digests: dict[str, str] = {}
        self.read: tuple[str | None, bytes] = (None, b"")

    def is_file(self, path: str) -> bool:
        return path in self.stats or os.path.isfile(path)

    def measure(self, kind: str, path: str, how):
        """`how(content)` of the file at `path`, by its content's hash."""
        return self.last((kind, self.digest(path)), lambda _: how(self._content(path)))

    def digest(self, path: str) -> str:
        """The hash of the file's content: read once per report, and not at all while its identity is settled."""
        found = self.digests.get(path)
        if found is None:
            identity = settled_identity(self.stats.get(path) or os.stat(path), self.now_ns)
            found = self.last.known.get(("file", identity)) if identity else None
            if found is None:
                found = hashlib.sha256(self._content(path)).hexdigest()
            if identity:
                self.last(("file", identity), lambda _: found)
            self.digests[path] = found
        return found

    def _content(self, path: str) -> bytes:
        """The file's bytes; the last file read is kept (a page is hashed, then parsed and gzipped)."""
        if self.read[0] != path:
            with open(path, "rb") as f:
                self.read = (path, f.read())
        return self.read[1]

    def size(self, path: str) -> tuple[int, int]:
        """Raw and gzip bytes, once per file: every reading page shares the theme's stylesheets and scripts."""
        found = self.sizes.get(path)
        if found is None:
            gzipped = self.measure("gzip", path, lambda data: len(gzip.compress(data, 6)))
            found = self.sizes[path] = ((self.stats.get(path) or os.stat(path)).st_size, gzipped)
        return found

    def sizes_of(self, paths: list[str]) -> dict:
        sizes = [self.size(p) for p in paths]
        return {"files": len(paths), "bytes": sum(s[0] for s in sizes), "gzip_bytes": sum(s[1] for s in sizes)}


def _references(data: bytes) -> tuple[list, list]:
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    return ([tag.get("href") for tag in soup.find_all("link", rel="stylesheet")],
            [tag.get("src") for tag in soup.find_all("script") if tag.get("src")])


def referenced_files(site: Path, page: str, measures: _Measures) -> list[str]:
    """The page, the local stylesheets and scripts it loads, and the search index (nothing third-party exists)."""
    stylesheets, scripts = measures.measure("references", page, _references)
    rel = _relative(site, page)
    urls = list(stylesheets) + list(scripts)
    files = [page]
    # Material's search (a worker fetching the lunr index on every page) is no longer built; should its index come
    # back, the worker and the index are counted again.
    lunr = site / "search" / "search_index.json"
    if measures.is_file(str(lunr)):
        files += [str(p) for p in sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))]
        files.append(str(lunr))
    for url in urls:
        path = str(site / urljoin(rel, url.split("?")[0]))
        if measures.is_file(path):
            files.append(path)
    return files


def _relative(site: Path, path: str) -> str:
    """`path` (a file under `site`, as the walk or `site / …` names it) relative to `site`, as a URL path."""
    prefix = os.path.join(str(site), "")
    if path.startswith(prefix) and os.sep == "/":
        return path[len(prefix):]
    return Path(path).relative_to(site).as_posix()


def page_weight(site: Path, doc_id: str, measures: _Measures) -> dict:
    page = str(site / "documents" / f"{doc_id}.html")
    on_open = referenced_files(site, page, measures)
    on_open_sizes = measures.sizes_of(on_open)  # while the page just read is kept (_Measures._content)
    data = site / "assets" / "duizhao" / "data"
    on_demand = {name.format(doc=doc_id): measures.sizes_of([str(data / name.format(doc=doc_id))])
                 for name in ON_DEMAND}
    return {"page": _relative(site, page), "on_open": on_open_sizes,
            "on_open_files": [_relative(site, p) for p in on_open], "on_demand": on_demand}


def _files(folder: str) -> Iterator[os.DirEntry]:
    """Every file under `folder` (os.scandir: a third of pathlib's rglob time over the site's thousands)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path)
            elif entry.is_file():
                yield entry


def site_report(site: Path, docs, seconds: float) -> dict:
    site = Path(site)
    files = list(_files(str(site)))
    measures = _Measures(files)
    pages = sorted(_relative(site, f.path) for f in files if f.name.endswith(".html"))
    weights = {d.id: page_weight(site, d.id, measures) for d in docs}
    measures.last.save()  # what this report measured, and only that: what the site no longer has is dropped
    return {
        "html_pages": len(pages),
        "html_pages_en_interface": sum(1 for p in pages if p.startswith("en/")),
        "documents": len(docs),
        "paragraphs": sum(len(d.paragraphs()) for d in docs),
        "terms_marked": sum(len(b.occurrences) for d in docs for b in d.blocks),
        "reading_pages": weights,
        "site_bytes": sum(stat.st_size for stat in measures.stats.values()),
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
