"""The JSON contract of `duizhao parse --json` (documented in the README; fields are added, never renamed)."""
from __future__ import annotations

import json

from build_scripts.model import Document


def write_json(doc: Document, options: dict) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=options.get("indent", 2)) + "\n"
