"""What "occurs" means: the character rules shared by the index, the query, the exactness checks and the site data.

A query occurs in a block where the block's text contains it as a substring, with two normalisations and one
boundary rule (the same rule the glossary matcher keeps, annotate.py):

- ASCII letters are compared without case, and full-width letters and digits (ＬＮＧ, ５) as their ASCII forms
  (`fold`, which keeps every character at its offset);
- whitespace in a query is collapsed to one space, and dropped next to a Chinese character or full-width
  punctuation (the cleaned text never has a space there: README, "Spacing policy");
- a query that begins or ends with an ASCII letter or digit does not match inside a longer run of them:
  1916 is not found in 19160, nor G网 in 5G网.

The index tokenizes text with `char_tokens`: each character is one token (a Han character, a symbol such as +
or ×, a letter of another script) except that a run of ASCII letters and digits is one token; whitespace and
punctuation are no token but still take a position, so tokens that are adjacent in the index are adjacent in
the text. A phrase query over these tokens therefore finds exactly the blocks where the query occurs, and the
stored text is checked afterwards for what tokens cannot say (punctuation inside the query).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from build_scripts.chars import is_han


def fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        ch = chr(code - 0xFEE0)  # full-width letter or digit → ASCII
    if "A" <= ch <= "Z":
        return ch.lower()
    return ch


FOLD_TABLE = {code: fold_char(chr(code)) for code in [*range(0x41, 0x5B), *range(0xFF10, 0xFF1A),
                                                       *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def fold(text: str) -> str:
    """ASCII letters lowercased, full-width letters and digits made ASCII; same length, same offsets."""
    return text.translate(FOLD_TABLE)


def is_latin(ch: str) -> bool:
    """An ASCII letter or digit, after folding."""
    return ch.isascii() and ch.isalnum()


def is_gap(ch: str) -> bool:
    """Whitespace and punctuation: no token, but a position (so nothing is adjacent across them)."""
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def char_tokens(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(token, position, start, end) for the text: see the module note. Positions count gaps too."""
    folded = fold(text)
    pos = 0
    i = 0
    n = len(folded)
    while i < n:
        ch = folded[i]
        if is_latin(ch):
            j = i + 1
            while j < n and is_latin(folded[j]):
                j += 1
            yield folded[i:j], pos, i, j
            i = j
        else:
            if not is_gap(ch):
                yield ch, pos, i, i + 1
            i += 1
        pos += 1


def phrase_segments(query: str) -> list[list[str]]:
    """The query's tokens in runs of adjacent positions: one phrase query each (gaps split them)."""
    segments: list[list[str]] = []
    last = None
    for token, pos, _, _ in char_tokens(query):
        if last is None or pos != last + 1:
            segments.append([])
        segments[-1].append(token)
        last = pos
    return segments


def _wide(ch: str) -> bool:
    return is_han(ch) or (not ch.isascii() and unicodedata.east_asian_width(ch) in "WF")


SPACE_RE = re.compile(r"\s+")


def normalise_query_text(text: str) -> str:
    """Whitespace collapsed, and dropped next to Chinese characters and full-width punctuation."""
    text = SPACE_RE.sub(" ", text.strip())
    out = []
    for i, ch in enumerate(text):
        if ch == " " and (_wide(text[i - 1]) or _wide(text[i + 1])):
            continue
        out.append(ch)
    return "".join(out)


def occurrences(text: str, needle: str, folded: str | None = None) -> list[int]:
    """Every start offset (overlapping ones too) where `needle` occurs in `text` under the rules above.
    `needle` must already be normalised (normalise_query_text); `folded` is fold(text), if known."""
    if not needle:
        return []
    hay, pin = folded if folded is not None else fold(text), fold(needle)
    latin_start, latin_end = is_latin(pin[0]), is_latin(pin[-1])
    found = []
    i = hay.find(pin)
    while i != -1:
        end = i + len(pin)
        if not (latin_start and i > 0 and is_latin(hay[i - 1])) and \
                not (latin_end and end < len(hay) and is_latin(hay[end])):
            found.append(i)
        i = hay.find(pin, i + 1)
    return found


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def edit_distance(a: str, b: str, cap: int | None = None) -> int:
    """Levenshtein distance; stops early (returning cap + 1) once it must exceed `cap`."""
    if a == b:
        return 0
    if cap is not None and abs(len(a) - len(b)) > cap:
        return cap + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if cap is not None and min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]
