"""`duizhao parse --review`: where a proofreader should look. Every decision the parser took on weak
evidence, every glyph it could not restore and every span it could not read, in page order."""
from __future__ import annotations

from build_scripts.model import Document

NEEDS_A_PERSON = {"gap", "unparsed"}


def review_lines(doc: Document, below: float) -> list[str]:
    """One line per decision: file:line:column: kind (certainty) anchor: note."""
    out = []
    for e in sorted(doc.edits, key=lambda e: (e.line, e.column)):
        weak = e.certainty is not None and e.certainty < below
        if not (weak or e.kind in NEEDS_A_PERSON):
            continue
        certainty = f" ({e.certainty:g})" if e.certainty is not None else ""
        change = f"{e.before!r} → {e.after!r}"
        out.append(f"{doc.source_path}:{e.line}:{e.column}: {e.kind}{certainty} in {e.anchor}: {change}: {e.note or ''}".rstrip(": "))
    out.extend(f"{doc.source_path}: {note}" for note in doc.notes if note.startswith("correction not applied"))
    return out
