"""Readers → one document model → transforms. The single entry point every command uses."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from build_scripts.assemble import assemble
from build_scripts.cache import cached, files_key, has
from build_scripts.errors import UserError
from build_scripts.model import Document, Page
from build_scripts.ocr.corrections import load_corrections
from build_scripts.ocr.metadata import check_continuation, load_metadata, sidecar_path
from build_scripts.ocr.reader import read_page
from build_scripts.ocr.formats import parse_page
from build_scripts.progress import Progress

SOURCE_DIR = Path("source_texts")
NOT_PAGES = {"glossary", "translations"}


def parse_file(path: str | Path) -> Document:
    """Read one page (raw OCR, web text or one paragraph per line) into the model: a one-page document."""
    raw = read_page(path)
    metadata, located = load_metadata(path)
    doc = parse_page(raw, metadata["id"], metadata, load_corrections(path))
    check_continuation(located, metadata, doc.continues_from_page, doc.continues_to_page)
    doc.collection = Path(path).parent.name
    page = Page(id=metadata["id"], number=(metadata.get("publication") or {}).get("page"), source_path=raw.path,
                input_format=doc.input_format, raw_lines=doc.raw_lines, edits=doc.edits, notes=doc.notes,
                continues_from_page=doc.continues_from_page, continues_to_page=doc.continues_to_page)
    for edit in doc.edits:
        edit.page = page.id
    for block in doc.blocks:
        if not block.implied:
            block.page, block.pages = page.id, [page.id]
    doc.pages = [page]
    doc.id = metadata.get("document_id") or metadata["id"]
    return doc


def page_files(root: str | Path = SOURCE_DIR) -> list[Path]:
    """Every page of the archive: source_texts/<collection>/<page>.txt, in a stable order."""
    return sorted(p for p in Path(root).glob("*/*.txt") if p.parent.name not in NOT_PAGES)


def page_inputs(path: Path) -> list[Path]:
    """Everything a page's parse depends on besides the code: the page, its sidecar, its corrections."""
    return [path, sidecar_path(path), path.with_suffix(".corrections.yml")]


def page_key(path: Path) -> str:
    return files_key("page", page_inputs(path))


def parse_cached(path: Path) -> Document:
    return cached(page_key(path), lambda: parse_file(path))


def _parse_into_cache(path: Path) -> None:
    parse_cached(path)


def parse_pages(paths: list[Path], progress: Progress | None = None) -> list[Document]:
    """Every page, from the cache where its inputs have not changed; the others parsed on every core."""
    return _parse_pages(paths, [page_key(p) for p in paths], progress)


def _parse_pages(paths: list[Path], keys: list[str], progress: Progress | None) -> list[Document]:
    """parse_pages, with each page's page_key (a read of its files: taken once per build, not at each use)."""
    progress = progress or Progress(None)
    missing = [p for p, key in zip(paths, keys) if not has(key)]
    started = time.perf_counter()
    workers = min(len(missing), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for _ in progress.each("parse", pool.map(_parse_into_cache, missing), len(missing), "page",
                                   line=False):
                pass
    docs = [cached(key, lambda p=p: parse_file(p)) for p, key in zip(paths, keys)]
    progress.done("parse", f"{len(paths)} page(s), {len(paths) - len(missing)} unchanged", started)
    return docs


def load_documents(root: str | Path = SOURCE_DIR, progress: Progress | None = None) -> list[Document]:
    """Every document of the archive: its pages parsed, then stitched in page order."""
    return assemble(parse_pages(page_files(root), progress))


def load_documents_with_inputs(root: str | Path = SOURCE_DIR,
                               progress: Progress | None = None) -> list[tuple[Document, str]]:
    """Every document of the archive, with a digest of everything it was made from: the keys of its pages' parses
    (their files and the code). Cheaper than hashing the document itself, and as exact: a document is made only
    from its pages."""
    paths = page_files(root)
    keys = [page_key(p) for p in paths]
    parsed = _parse_pages(paths, keys, progress)
    made_from: dict[str, hashlib._Hash] = {}
    for key, page_doc in zip(keys, parsed):
        made_from.setdefault(page_doc.id, hashlib.sha256(b"document")).update(key.encode())
    return [(doc, made_from[doc.id].hexdigest()) for doc in assemble(parsed)]


def load_documents_reporting(root: str | Path = SOURCE_DIR) -> tuple[list[Document], list[str]]:
    """For `duizhao check`: the documents that can be read, and one problem line for each page or document that
    cannot."""
    problems: list[str] = []
    parsed = []
    for page in page_files(root):
        try:
            parsed.append(parse_cached(page))
        except UserError as err:
            problems.append(str(err))
    seen: dict[tuple[str, str], str] = {}
    for doc in parsed:
        key = (doc.id, doc.pages[0].id)
        if key in seen:
            problems.append(f"{doc.source_path}: page id '{doc.pages[0].id}' is also used by {seen[key]}")
        seen[key] = doc.source_path
    try:
        docs = assemble(parsed)
    except UserError as err:
        problems.append(str(err))
        docs = [d for d in parsed]
    return docs, problems
