"""Term discovery: strings in the pages that look like slogans or numbered formulas but are not in the glossary.

Candidates are
- every quoted string “…” of at most 20 characters (how these texts mark a slogan or a coined name), labelled
  by its shape: a code of digits (“13710”), a numbered formula (“六稳”, “五包一”, “三个不减”), or plain;
- numbered formulas in running text (inside quotes the quote itself is the candidate):
  - N个X: a count of named items, 三个全覆盖, 四个意识, 三个100万亩生态工程 (not 第一个, not 一个);
  - N X N X: paired numbers, 一户一方案, 两下两进两拆, 五纵九横, 三区三线, 两不愁三保障;
  - N+X: plus formulas, 1+N, 3+1, 5+2, 合作社+, 光伏+.
Matching ignores quotation marks and spaces, as annotation does.

A candidate is known, and not listed, if the glossary covers it: the candidate is a form or part of a form
(string check), or the characters it was found at are tagged by annotation (for a quote: all its characters,
so “个转企、小升规、规改股、股上市” is known through its four terms; for a running-text formula: its head, the
number with 个 and the next character, the first number and character, or the +).

Not terms, by rule: two quotes in 从“原料”到“材料”(转变) are one candidate, the whole phrase, never two words; an
unquoted formula that jieba's dictionary or CC-CEDICT lists is an ordinary word, mostly an idiom (一心一意,
四面八方; quoted strings are always candidates, so a quoted “一带一路” still is). Anything else that is not a
term goes, with the reason, in build_scripts/data/discover_ignore.txt.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from build_scripts.terms.annotate import annotate, squeeze
from build_scripts.chars import HAN_CLASS
from build_scripts.errors import UserError
from build_scripts.terms.glossary import QUOTES, Glossary, match_key
from build_scripts.model import Document

IGNORE_FILE = Path(__file__).parent.parent / "data" / "discover_ignore.txt"
MAX_QUOTED = 20

NUMERALS = "一二三四五六七八九十两双"
H = f"[{HAN_CLASS}]"
HX = f"(?:(?![{NUMERALS}百千万亿]){H})"  # a Han character that is not a numeral
N = f"[{NUMERALS}]"

# 从“原料”到“材料”转变: the two quoted words are halves of one phrase, not two terms.
QUOTED_PAIR_RE = re.compile("从“[^“”\\n]{1,10}”到“[^“”\\n]{1,10}”(?:转变|转型|转化|跨越|升级)?")
QUOTED_RE = re.compile(f"“([^“”\\n]{{1,{MAX_QUOTED}}})”")
# Shapes of a quoted string (for the report's "kind").
DIGIT_CODE_RE = re.compile(r"^\d{3,}$")
NUMBERED_RE = re.compile(f"^(?:{N}|\\d+)(?:个|大|项|条|支|篇)?\\S{{1,8}}$")

# Running-text formulas: (kind, pattern, head group). The head is what annotation must have tagged.
TEXT_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("N个X", re.compile(f"(?<![第{NUMERALS}百千万])(?P<head>[二三四五六七八九十两]个(?:\\d+|{HX}))(?:{H}|\\d){{0,2}}"),
     "head"),
    ("N X N X", re.compile(f"(?<![{NUMERALS}百千万])(?P<head>{N}{HX}){HX}?{N}{HX}{HX}?(?:{N}{HX}{HX}?)*"), "head"),
    ("N+X", re.compile(f"(?P<left>\\d+|[A-Z]+|{H}{{1,6}})(?P<head>\\+)(?P<right>\\d+|[A-Z]+)?(?![\\dA-Za-z])"),
     "head"),
]


def ignored(path: str | Path = IGNORE_FILE) -> frozenset[str]:
    """The stoplist: one string per line, `# reason` after it (a line without a reason is refused)."""
    words = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        text, _, reason = line.partition("#")
        if not text.strip():
            continue
        if not reason.strip():
            raise UserError(f"'{text.strip()}' needs a reason: write it after a #", str(path), number)
        words.add(match_key(text))
    return frozenset(words)


def discover(docs: Iterable[Document], glossary: Glossary,
             ignore: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Candidates not covered by the glossary, in order of first appearance: candidate, kind, count,
    first_anchor (doc_id#anchor), context (the characters around the first appearance). The docs are annotated
    (block.occurrences replaced) on the way."""
    ignore = _shipped_stoplist() if ignore is None else ignore
    keys = list(glossary.form_keys)
    found: dict[str, dict[str, Any]] = {}
    for doc in docs:
        annotate(doc, glossary)
        for block in doc.blocks:
            if not block.text:
                continue
            tagged = [False] * len(block.text)
            for occ in block.occurrences:
                tagged[occ.start:occ.end] = [True] * (occ.end - occ.start)
            for kind, start, end, head in _candidates(block.text):
                text = block.text[start:end]
                key = match_key(text)
                if not key or key in ignore or (not kind.startswith("quoted") and _is_dictionary_word(key)):
                    continue
                if all(tagged[i] for i in range(*head) if _counts(block.text[i])):
                    continue
                if any(key in form for form in keys):
                    continue
                entry = found.get(key)
                if entry is None:
                    context = block.text[max(0, start - 12):end + 12]
                    found[key] = {"candidate": text, "kind": kind, "count": 1,
                                  "first_anchor": f"{doc.id}#{block.anchor}", "context": context}
                else:
                    entry["count"] += 1
    return list(found.values())


@lru_cache(maxsize=1)
def _shipped_stoplist() -> frozenset[str]:
    return ignored(IGNORE_FILE)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from build_scripts.ocr.lexicon import word_list_text

    return frozenset(word_list_text().split("\n"))


def _is_dictionary_word(text: str) -> bool:
    """Unquoted formulas that the dictionaries list are ordinary words, mostly idioms (一心一意, 四面八方): the
    candidate, or a word of four or more characters it starts with."""
    words = _dictionary()
    return any(text[:n] in words for n in range(4, len(text) + 1))


def _counts(ch: str) -> bool:
    """Characters that must be tagged for a quote to be known: not punctuation, quotes or spaces."""
    return ch.isalnum() or ch == "+"


def _candidates(text: str):
    """(kind, start, end, head span) of every candidate in a block's text, each place reported once: a quoted
    pair 从“原料”到“材料”转变 is one candidate (its parts are not terms), a quote once, and a running-text
    formula only outside quotes."""
    quoted: list[tuple[int, int]] = []
    for m in QUOTED_PAIR_RE.finditer(text):
        quoted.append((m.start(), m.end()))
        yield "quoted pair", m.start(), m.end(), (m.start(), m.end())
    for m in QUOTED_RE.finditer(text):
        if _inside(quoted, m.start(1)):
            continue
        quoted.append((m.start(), m.end()))
        yield _quoted_kind(m.group(1)), m.start(1), m.end(1), (m.start(1), m.end(1))
    squeezed, positions = squeeze(text)
    for kind, pattern, head in TEXT_PATTERNS:
        for m in pattern.finditer(squeezed):
            start, end = _unsqueeze(positions, *_trim(kind, m))
            h_start, h_end = _unsqueeze(positions, m.start(head), m.end(head))
            if _inside(quoted, h_start):
                continue
            end = next((i for i in range(h_end, end) if text[i] in QUOTES), end)  # 五包一”工作 → 五包一
            yield kind, start, end, (h_start, h_end)


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(start <= i < end for start, end in spans)


def _quoted_kind(inner: str) -> str:
    if DIGIT_CODE_RE.match(inner):
        return "quoted code"
    if NUMBERED_RE.match(inner) or "+" in inner:
        return "quoted formula"
    return "quoted"


def _trim(kind: str, m: re.Match) -> tuple[int, int]:
    """Cut a match at word boundaries (jieba): a plus formula's left part is one word (深化合作社+ → 合作社+),
    and a numbered formula ends where a word of two or more characters ends (五纵九横交通路网 → 五纵九横, not
    五纵九横交; 四面八方来 → 四面八方), falling back to word ends inside the match (三个坚持原则 → 三个坚持)."""
    if kind == "N+X":
        if m.group("left").isascii():
            return m.start(), m.end()
        left = _words(m.group("left"))[-1]
        return m.end("left") - len(left), m.end()
    for window in (m.string[m.start():m.end() + 6], m.group()):
        ends, at = [], m.start()
        for word in _words(window):
            at += len(word)
            if m.end("head") <= at <= m.end():
                ends.append((len(word) > 1, at))
        if window is m.group():
            ends = [e for e in ends if e[1] < m.end()] or ends
        if ends:
            return m.start(), max(ends)[1]
    return m.start(), m.end()


def _words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return list(jieba.cut(text, HMM=False)) or [text]


def _unsqueeze(positions: list[int], start: int, end: int) -> tuple[int, int]:
    return positions[start], positions[end - 1] + 1
