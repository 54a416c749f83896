"""Finding a glossary term's English rendering in a translation, the way a reader would recognise it.

The comparison ignores case, treats straight and curly quotation marks (and apostrophes) as one, treats the
hyphens and dashes -‐‑‒– as one, and normalises whitespace. A rendering's leading "the" is optional, and so is
an explanatory parenthesis: `routine (COVID-19) prevention and control` is also found as
`routine prevention and control` and as `routine COVID-19 prevention and control`. A rendering must start at a
word boundary and end at one, or before a plural -s/-es.
"""
from __future__ import annotations

import re
from functools import lru_cache

QUOTE_MARKS = "\"'“”‘’„‟‚‛«»`´"
DASHES = "‐‑‒–"
PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)")


def fold(text: str) -> tuple[str, list[int]]:
    """The text as compared, and for each of its characters the index of the character it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        elif ch in QUOTE_MARKS:
            ch = '"'
        elif ch in DASHES:
            ch = "-"
        for c in ch.lower():
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


@lru_cache(maxsize=4096)
def rendering_forms(rendering: str) -> tuple[str, ...]:
    """The folded forms under which a rendering is accepted, longest first."""
    forms = {rendering, PARENTHESIS_RE.sub("", rendering), rendering.replace("(", "").replace(")", "")}
    folded = set()
    for form in forms:
        key = fold(form)[0]
        key = key[4:] if key.startswith("the ") else key
        if key:
            folded.add(key)
    return tuple(sorted(folded, key=lambda k: (-len(k), k)))


def renderings_of(term) -> list[str]:
    """A glossary Term's preferred rendering, then its alternates."""
    return [term.en["text"], *(alt["text"] for alt in term.en_alternates)]


def find_renderings(renderings: list[str], english: str) -> list[tuple[int, int]]:
    """Spans [start, end) of `english` where any of the renderings is found (possibly overlapping)."""
    folded, where = fold(english)
    spans = []
    for rendering in renderings:
        for form in rendering_forms(rendering):
            for m in re.finditer(re.escape(form), folded):
                end = _word_end(folded, m.end())
                if end is not None and _word_start(folded, m.start()):
                    spans.append((where[m.start()], where[end - 1] + 1))
    return sorted(set(spans))


def _word_start(folded: str, start: int) -> bool:
    return start == 0 or not folded[start - 1].isalnum() or not folded[start].isalnum()


def _word_end(folded: str, end: int) -> int | None:
    """Where the match ends, taking in a plural ending; None if it ends inside a word."""
    if end == len(folded) or not folded[end].isalnum() or not folded[end - 1].isalnum():
        return end
    for suffix in ("s", "es"):
        after = end + len(suffix)
        if folded.startswith(suffix, end) and (after == len(folded) or not folded[after].isalnum()):
            return after
    return None
