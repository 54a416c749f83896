"""Which reader a page needs: web text (its sidecar says so, or it ends in a website's licence notice), else
the print reader (raw OCR lines or one paragraph per line, told apart by line width in split.py)."""
from __future__ import annotations

from build_scripts.model import Document
from build_scripts.ocr.corrections import Corrections
from build_scripts.ocr.reader import RawPage
from build_scripts.ocr.split import parse_page as parse_print_page
from build_scripts.ocr.webtext import FORMAT as WEB_TEXT, looks_like_web_text, parse_web_text


def parse_page(raw: RawPage, doc_id: str, metadata: dict, corrections: Corrections | None = None) -> Document:
    if metadata.get("format") == WEB_TEXT or looks_like_web_text(raw.text):
        doc = parse_web_text(raw, doc_id, metadata)
        if corrections is not None and corrections.items:
            doc.notes.append(f"{corrections.path}: corrections apply to OCR pages only; not applied to web text")
        return doc
    return parse_print_page(raw, doc_id, metadata, corrections)
