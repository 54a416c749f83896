"""Readers → one document model → transforms. The single entry point every command uses."""
from __future__ import annotations

from pathlib import Path

from build_scripts.ocr.metadata import check_continuation, load_metadata
from build_scripts.model import Document
from build_scripts.ocr.reader import read_page
from build_scripts.ocr.formats import parse_page

SOURCE_DIR = Path("source_texts")


def parse_file(path: str | Path) -> Document:
    """Read one page (raw OCR or one paragraph per line) into the document model."""
    raw = read_page(path)
    metadata, located = load_metadata(path)
    doc = parse_page(raw, metadata["id"], metadata)
    check_continuation(located, metadata, doc.continues_from_page, doc.continues_to_page)
    doc.collection = Path(path).parent.name
    return doc


def page_files(root: str | Path = SOURCE_DIR) -> list[Path]:
    """Every page of the archive: source_texts/<collection>/<page>.txt, in a stable order."""
    return sorted(p for p in Path(root).glob("*/*.txt") if p.parent.name not in {"glossary", "translations"})
