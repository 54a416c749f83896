"""The scholar's guarantee, checked: applying the recorded edits to the raw page gives the cleaned text."""
from __future__ import annotations

from build_scripts.model import Document


def apply_edits(raw_lines: list[str], edits) -> str:
    """Replay every Edit on the raw page, in order of position."""
    raw = "\n".join(raw_lines)
    starts = _line_starts(raw_lines)
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.line, e.column)):
        start = starts[edit.line - 1] + edit.column - 1
        if start < position:
            raise AssertionError(f"edits overlap at line {edit.line}:{edit.column}")
        if raw[start:start + len(edit.before)] != edit.before:
            raise AssertionError(f"edit at {edit.line}:{edit.column} does not match the raw text: {edit.before!r}")
        out.append(raw[position:start])
        out.append(edit.after)
        position = start + len(edit.before)
    out.append(raw[position:])
    return "".join(out)


def cleaned_stream(doc: Document) -> str:
    """The cleaned text of every block on the page, in reading order, without separators."""
    return "".join(b.text for b in doc.blocks if b.text is not None)


def unaccounted_changes(doc: Document) -> str | None:
    """None if the edits account for every difference between raw page and cleaned text."""
    pages = doc.pages or [doc]  # a document's pages, each replayed on its own raw text
    replayed = "".join(apply_edits(page.raw_lines, page.edits) for page in pages).replace("\n", "")
    cleaned = cleaned_stream(doc)
    if replayed == cleaned:
        return None
    i = next((k for k, (a, b) in enumerate(zip(replayed, cleaned)) if a != b), min(len(replayed), len(cleaned)))
    return f"differs at character {i}: replayed {replayed[i:i + 20]!r}, cleaned {cleaned[i:i + 20]!r}"


def _line_starts(lines: list[str]) -> list[int]:
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return starts
