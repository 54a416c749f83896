"""Script-insensitive matching: a simplified query finds text printed in traditional characters, and the reverse.

Two characters are *variants* when OpenCC, character by character, turns one into the other: s2t (社 → 社,
会 → 會, 干 → 幹) or t2s of a character that simplified print does not use (會 → 会, 於 → 于, 髮 → 发; but not
乾 → 干: 乾 is printed in simplified text too, in 乾隆). Variants are closed into classes (发, 發, 髮), and each
class is written as one character, its simplified member: `fold_script(text)` maps every character to its class,
so the text keeps its length and its offsets.

A query occurs where `fold_script(fold(query))` occurs in `fold_script(fold(text))` (text.py's case and width
rules too). The hit shows the text as printed; where the printed characters differ from the query's the hit
notes the reading (kwic.Hit.reading). Character-level only: OpenCC's phrase tables (s2twp: 运行 → 執行) reword
a quoted text and are never used here.
"""
from __future__ import annotations

from functools import lru_cache

# The CJK Unified Ideographs and Extension A: where a character of either script can come from.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _convert_each(config: str, chars: list[str]) -> list[str]:
    """OpenCC `config` applied to each character alone (one per line: no phrase joins two)."""
    from build_scripts.chinese_script import converter

    return converter(config).convert("\n".join(chars)).split("\n")


def variant_pairs() -> list[tuple[str, str]]:
    """(character, its variant) for every character OpenCC converts to one other character."""
    chars = [chr(c) for low, high in HAN_RANGES for c in range(low, high + 1)]
    s2t = _convert_each("s2t", chars)
    t2s = _convert_each("t2s", chars)
    back = dict(zip(chars, s2t))
    pairs = [(c, t) for c, t in zip(chars, s2t) if t != c and len(t) == 1]
    for c, s in zip(chars, t2s):
        if s == c or len(s) != 1:
            continue
        if _traditional_only(c, s, back):
            pairs.append((c, s))
    return pairs


def _traditional_only(ch: str, simplified: str, s2t: dict[str, str]) -> bool:
    """`ch` is not a character of simplified print: outside GB 2312, or what s2t makes of its simplified form."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return s2t.get(simplified) == ch


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def variant_classes(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Character → the character that writes its class (only characters whose class is written otherwise)."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            parent[c] = parent.get(parent[c], parent[c])
            c = parent[c]
        return c

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    members: dict[str, list[str]] = {}
    for c in list(parent):
        members.setdefault(find(c), []).append(c)
    for root in list(members):
        if root not in members[root]:
            members[root].append(root)
    traditional = {a for a, b in pairs if _in_gb2312(b) and not _in_gb2312(a)}
    table: dict[str, str] = {}
    for group in members.values():
        # the class is written with its simplified member: GB 2312, not reached only by t2s, lowest code point
        writer = min(group, key=lambda c: (not _in_gb2312(c), c in traditional, ord(c)))
        table.update({c: writer for c in group if c != writer})
    return table


@lru_cache(maxsize=1)
def script_table() -> dict[int, str]:
    """A str.translate table: every variant character → its class's writer (computed once, ~0.5 s)."""
    return {ord(c): w for c, w in variant_classes(variant_pairs()).items()}


_TABLE: dict[int, str] | None = None


def use_table(table: dict[str, str]) -> None:
    """Use a table stored with an index (character → writer) instead of computing it from OpenCC."""
    global _TABLE
    _TABLE = {ord(c): w for c, w in table.items()}


def table() -> dict[int, str]:
    return _TABLE if _TABLE is not None else script_table()


def fold_script(text: str) -> str:
    """Every character written as its variant class's character: 社會主義 → 社会主义; same length, same offsets."""
    return text.translate(table())
