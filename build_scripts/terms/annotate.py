"""The annotation transform: every glossary term printed in a block, as Occurrences in block.occurrences.

Matching works on the block text with quotation marks and spaces left out (so “1234”发展思路 and 1234发展思路
are one form, and an OCR leftover space does not hide a term), then maps each match back to the characters of
the text. The longest match anywhere is taken first; a shorter one that overlaps a taken match is dropped, so a
term inside a longer tagged term (脱贫攻坚 in 脱贫攻坚战, 三校 in “三校”“四馆”“五中心”“两总部”) is not tagged
again. A form that begins or ends with a Latin letter or digit does not match inside a longer run of them
(1+N is not found in 21+N, nor 1916 in 19160). Likewise a form written only in Chinese numerals (the plans 九五,
十一五) does not match inside a longer printed number, a decimal or an ordinal: 九五 is not found in 一九九五年, nor
六五 in 八十六点六五 (the neighbours are read in the text itself, so “十三五”“十四五” are still two matches).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

from build_scripts.terms.glossary import CLOSING_QUOTES, OPENING_QUOTES, QUOTES, Glossary
from build_scripts.model import Block, Document, Occurrence


class Matcher:
    """Forms by first character: at each position only the forms starting with its character are tried, and
    only at the positions where some form starts (found at C speed by `starts`, the forms as one trie-shaped
    regular expression: a paragraph has a few such positions among hundreds of characters)."""

    def __init__(self, glossary: Glossary):
        by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, term_id in glossary.form_keys.items():
            by_first[key[0]].append((key, term_id))
        self.by_first = {ch: sorted(forms, key=lambda f: -len(f[0])) for ch, forms in by_first.items()}
        self.starts = re.compile(f"(?=(?:{_trie_pattern(glossary.form_keys)}))") if glossary.form_keys \
            else re.compile("(?!)")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term_id) in `text`, chosen longest first, sorted by start."""
        key, positions = squeeze(text)
        candidates = []
        for found in self.starts.finditer(key):
            i = found.start()
            for form, term_id in self.by_first[key[i]]:
                if key.startswith(form, i) and _bounded(key, i, i + len(form)) \
                        and _outside_numbers(text, positions[i], positions[i + len(form) - 1] + 1):
                    # Shorter forms here too: one may still fit where the longest loses to an overlap.
                    candidates.append((i, i + len(form), term_id))
        taken: list[tuple[int, int, str]] = []
        used = [False] * len(key)
        for start, end, term_id in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if not any(used[start:end]):
                used[start:end] = [True] * (end - start)
                taken.append((start, end, term_id))
        spans = [(*_span(text, positions[s], positions[e - 1] + 1), term_id) for s, e, term_id in taken]
        return sorted(spans)


def _trie_pattern(forms: Iterable[str]) -> str:
    """A regular expression matching any of the forms, shaped as their trie (一(?:带一路|国两制)|...), so that
    re tries one branch per character instead of every form."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


SQUEEZED = re.compile(f"[{re.escape(QUOTES)}\\s]")


def squeeze(text: str) -> tuple[str, list[int]]:
    """The text without quotation marks and spaces, and where each remaining character is in the text."""
    if not SQUEEZED.search(text):  # most paragraphs: nothing to leave out
        return text, range(len(text))
    keep = [i for i, ch in enumerate(text) if ch not in QUOTES and not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _bounded(key: str, start: int, end: int) -> bool:
    if _is_latin(key[start]) and start > 0 and _is_latin(key[start - 1]):
        return False
    return not (_is_latin(key[end - 1]) and end < len(key) and _is_latin(key[end]))


HAN_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")


def _outside_numbers(text: str, start: int, end: int) -> bool:
    """A match written only in numerals must not continue a number, a decimal (点) or an ordinal (第), nor be
    continued by a numeral, in the text as printed."""
    if not all(ch in HAN_NUMERALS or ch in QUOTES for ch in text[start:end]):
        return True
    if start > 0 and (text[start - 1] in HAN_NUMERALS or text[start - 1] in "第点"):
        return False
    return not (end < len(text) and text[end] in HAN_NUMERALS)


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to take in a quotation mark it leaves unpaired: “1234”发展思路, not 1234”发展思路."""
    depth, low = 0, 0
    for ch in text[start:end]:
        if ch in OPENING_QUOTES:
            depth += 1
        elif ch in CLOSING_QUOTES:
            depth -= 1
            low = min(low, depth)
    if low < 0 and start > 0 and text[start - 1] in OPENING_QUOTES:
        start -= 1
        depth += 1
    if depth > 0 and end < len(text) and text[end] in CLOSING_QUOTES:
        end += 1
    return start, end


def annotate_block(block: Block, matcher: Matcher) -> None:
    block.occurrences = [Occurrence(term_id, block.anchor, start, end)
                         for start, end, term_id in matcher.find(block.text or "")]


def annotate(doc: Document, glossary: Glossary, matcher: Matcher | None = None) -> None:
    """Fill block.occurrences of every block (headings too), replacing what was there."""
    matcher = matcher or matcher_for(glossary)
    for block in doc.blocks:
        annotate_block(block, matcher)


def term_pieces(block: Block) -> list[str]:
    """The block's text cut at every term boundary: a term is read as one word (its pinyin, its popup), and the
    search reads each character as the reading aids show it."""
    text = block.text or ""
    cuts = sorted({0, len(text)} | {o.start for o in block.occurrences} | {o.end for o in block.occurrences})
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def matcher_for(glossary: Glossary) -> Matcher:
    """The matcher over the glossary's forms, built once per glossary (kept on it)."""
    matcher = glossary.__dict__.get("_matcher")
    if matcher is None:
        matcher = glossary.__dict__["_matcher"] = Matcher(glossary)
    return matcher


def occurrence_index(docs: Iterable[Document], glossary: Glossary) -> dict[str, list[Occurrence]]:
    """Term id → its occurrences in all docs (annotated afresh), in document and reading order. Every term of
    the glossary is a key, with an empty list if it occurs nowhere."""
    index: dict[str, list[Occurrence]] = {t.id: [] for t in glossary}
    for doc, occurrence in _occurrences(docs, glossary):
        index[occurrence.term_id].append(occurrence)
    return index


def glossary_report(docs: Iterable[Document], glossary: Glossary) -> list[dict[str, Any]]:
    """For `duizhao glossary --json`: every entry (schema fields, source file and line, forms) with
    "occurrences" (how many) and "anchors" (doc_id#anchor of each, in reading order, repeats kept)."""
    anchors: dict[str, list[str]] = {t.id: [] for t in glossary}
    for doc, occurrence in _occurrences(docs, glossary):
        anchors[occurrence.term_id].append(f"{doc.id}#{occurrence.anchor}")
    report = []
    for t in glossary:
        entry = t.to_dict()
        entry["occurrences"] = len(anchors[t.id])
        entry["anchors"] = anchors[t.id]
        report.append(entry)
    return report


def _occurrences(docs: Iterable[Document], glossary: Glossary):
    matcher = matcher_for(glossary)
    for doc in docs:
        annotate(doc, glossary, matcher)
        for block in doc.blocks:
            for occurrence in block.occurrences:
                yield doc, occurrence
