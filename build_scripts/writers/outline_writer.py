"""A readable outline of a document for the terminal: anchors, headings, paragraphs, edit summary."""
from __future__ import annotations

from collections import Counter

from build_scripts.model import Document


def write_outline(doc: Document, options: dict) -> str:
    out = [f"{doc.id}: {doc.title or '(untitled)'}  [{doc.input_format}, {doc.source_path}]"]
    if doc.continues_from_page is not None or doc.continues_to_page is not None:
        out.append(f"continued from page {_page(doc.continues_from_page)}, continues on page {_page(doc.continues_to_page)}")
    for note in doc.notes:
        out.append(f"note: {note}")
    for block in doc.blocks:
        lines = f"lines {block.source_lines[0]}-{block.source_lines[1]}" if block.source_lines else "not on this page"
        if block.kind == "heading":
            text = block.text if not block.implied else f"{block.label} (title on another page: unknown)"
            out.append(f"\n[{block.anchor}] {'#' * block.level} {text}  ({lines})")
        else:
            flags = " (continued from the previous page)" if block.continued_from_previous_page else ""
            out.append(f"[{block.anchor}]{flags} ({lines})")
            if block.topic:
                out.append(f"  topic: {block.topic}")
            out.append(f"  {block.text}")
    counts = Counter(e.kind for e in doc.edits)
    out.append("\nedits: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())))
    for edit in doc.edits:
        if edit.kind in ("conjecture", "gap") or edit.certainty is not None:
            out.append(f"  {edit.kind} at line {edit.line}:{edit.column} [{edit.anchor}]: "
                       f"{edit.before!r} → {edit.after!r}" + (f" (certainty {edit.certainty})" if edit.certainty else "")
                       + (f": {edit.note}" if edit.note else ""))
    return "\n".join(out) + "\n"


def _page(page: int | None) -> str:
    return "unknown" if page is None else str(page)
