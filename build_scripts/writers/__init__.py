"""Writers: one signature (document, options) → text, registered in one table, as in pandoc."""
from __future__ import annotations

from typing import Callable

from build_scripts.model import Document
from build_scripts.writers.json_writer import write_json
from build_scripts.writers.outline_writer import write_outline

Writer = Callable[[Document, dict], str]

WRITERS: dict[str, Writer] = {
    "json": write_json,
    "outline": write_outline,
}


def write(name: str, doc: Document, options: dict | None = None) -> str:
    return WRITERS[name](doc, options or {})
