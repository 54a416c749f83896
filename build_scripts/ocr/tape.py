"""A tape of tokens that remembers where every character came from.

Each token holds the text the cleaned page shows and the raw characters (`src`) it came from, with their
line and column. Every replacement records an Edit, so the raw page is always `concat(src)` and every
difference between raw and clean is an Edit. That is the invariant scholars rely on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from build_scripts.model import Edit


@dataclass
class Token:
    text: str
    src: str
    line: int
    col: int
    edit: Edit | None = None


class Tape:
    def __init__(self) -> None:
        self.edits: list[Edit] = []

    def replace(self, tokens: list[Token], start: int, end: int, text: str, kind: str,
                certainty: float | None = None, note: str | None = None) -> Token:
        """Replace tokens[start:end] by one token showing `text`, and record the Edit."""
        span = tokens[start:end]
        if not span:
            raise ValueError("empty replacement span")
        if any(t.edit is not None for t in span):
            raise ValueError(f"overlapping edits at line {span[0].line}")
        src = "".join(t.src for t in span)
        edit = Edit(kind=kind, before=src, after=text, line=span[0].line, column=span[0].col,
                    certainty=certainty, note=note)
        self.edits.append(edit)
        token = Token(text=text, src=src, line=span[0].line, col=span[0].col, edit=edit)
        tokens[start:end] = [token]
        return token

    def isolate(self, tokens: list[Token], i: int, at: int) -> bool:
        """Make character `at` of tokens[i]'s text a token of its own, so a later step can act on it. tokens[i]
        must be an edit that only removed characters (a letter-spaced run closed up, say): its two other parts
        keep an Edit of the same kind each, so replaying the edits still gives the text. False where the
        token is no such edit (its text is not its source with characters taken out)."""
        t = tokens[i]
        if t.edit is None or "\n" in t.src:
            return False
        where, j = [], 0
        for ch in t.text:
            j = t.src.find(ch, j)
            if j < 0:
                return False
            where.append(j)
            j += 1
        cut = where[at]
        parts = [(t.src[:cut], t.text[:at], 0), (t.src[cut], t.text[at], cut), (t.src[cut + 1:], t.text[at + 1:], cut + 1)]
        new_tokens, new_edits = [], []
        for src, text, offset in parts:
            if not src:
                continue
            edit = None
            if src != text:
                edit = replace(t.edit, before=src, after=text, column=t.col + offset)
                new_edits.append(edit)
            new_tokens.append(Token(text, src, t.line, t.col + offset, edit))
        k = next(n for n, e in enumerate(self.edits) if e is t.edit)
        self.edits[k:k + 1] = new_edits
        tokens[i:i + 1] = new_tokens
        return True


def tokens_for_line(line_number: int, line: str) -> list[Token]:
    return [Token(ch, ch, line_number, col) for col, ch in enumerate(line, start=1)]


def text_of(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


def char_owners(tokens: list[Token]) -> list[int]:
    """For each character of text_of(tokens), the index of the token that shows it."""
    owners: list[int] = []
    for i, t in enumerate(tokens):
        owners.extend([i] * len(t.text))
    return owners


def token_span(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    """Token indices covering text characters [start, end). The span must fall on token boundaries."""
    owners = char_owners(tokens)
    first = owners[start]
    last = owners[end - 1]
    covered_start = sum(len(t.text) for t in tokens[:first])
    covered_end = covered_start + sum(len(t.text) for t in tokens[first:last + 1])
    if covered_start != start or covered_end != end:
        raise ValueError("span cuts through an edited token")
    return first, last + 1
