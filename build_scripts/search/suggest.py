"""Near matches for a query that found nothing: each suggestion is itself a query, with its number of hits.

- Chinese: glossary terms within a small edit distance (三大功坚战 → 三大攻坚战), and the longest parts of the
  query that do occur;
- pinyin: the same syllables without the tones, and glossary terms whose pinyin is within a small edit distance;
- English: glossary renderings within a small edit distance (three critcal battles), and words of the
  renderings for misspelt words.
Only suggestions that have hits are given, at most MAX_SUGGESTIONS.
"""
from __future__ import annotations

import re
import unicodedata

from build_scripts.search.parse import Leaf
from build_scripts.search.records import english_renderings
from build_scripts.search.syllables import query_readings
from build_scripts.search.text import edit_distance, has_han, is_gap

MAX_SUGGESTIONS = 5
MAX_PART = 12  # longest part of a Chinese query tried
MAX_PART_CHECKS = 200


def suggestions(index, leaves: list[Leaf], doc: str | None, mode: str) -> list[dict]:
    found: list[dict] = []
    seen: set[str] = set()

    def offer(query: str, why: str) -> None:
        if query in seen or len(found) >= MAX_SUGGESTIONS:
            return
        seen.add(query)
        hits = index.count(query, doc=doc, mode=mode)
        if hits:
            found.append({"query": query, "hits": hits, "why": why})

    for leaf in leaves:
        if index.count(_quoted(leaf.text), doc=doc, mode=mode):
            continue  # this term occurs: the combination is what finds nothing
        if has_han(leaf.text):
            _chinese(index, leaf.text, offer, doc)
        else:
            _latin(index, leaf.text, offer)
    return found


def _quoted(text: str) -> str:
    return f'"{text}"' if '"' not in text else text


def _limit(text: str) -> int:
    return 1 if len(text) <= 4 else 2


def _chinese(index, text: str, offer, doc: str | None = None) -> None:
    from build_scripts.terms.glossary import strip_quotes

    forms = {strip_quotes(f) for t in index.glossary for f in [t.term, *t.variants]}
    near = sorted((edit_distance(text, f, _limit(text)), f) for f in forms)
    for distance, form in near:
        if 0 < distance <= _limit(text):
            offer(form, f"glossary term, {distance} character{'s' if distance > 1 else ''} different")
    core = "".join(ch for ch in text if not is_gap(ch))
    budget = MAX_PART_CHECKS
    for size in range(min(len(core) - 1, MAX_PART), 1, -1):
        hits = []
        for part in dict.fromkeys(core[i:i + size] for i in range(len(core) - size + 1)):
            budget -= 1
            if budget < 0:
                return
            if index.count(_quoted(part), doc=doc):
                hits.append(part)
        for part in hits[:3]:
            offer(part, "the longest part of the query that occurs")
        if hits:
            return


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return re.sub(r"[\u0300\u0301\u0304\u030c0-5]", "", decomposed)


def _latin(index, text: str, offer) -> None:
    readings = query_readings(text, index.syllables)
    if readings and any(tone is not None for r in readings for _, tone in r):
        offer(" ".join(base for base, _ in readings[0]), "the same syllables, any tone")
    lowered = text.lower()
    letters = re.sub(r"[^a-zü]", "", _toneless(text))
    glossary = index.glossary
    candidates = []
    for term in glossary:
        for rendering in english_renderings(glossary, term.id):
            distance = edit_distance(lowered, rendering.lower(), 3)
            if distance <= max(1, min(3, len(lowered) // 6)):
                candidates.append((distance, rendering, "glossary English"))
        pinyin = re.sub(r"[^a-zü]", "", _toneless(term.pinyin))
        if readings or len(letters) >= 4:
            distance = edit_distance(letters, pinyin, 2)
            if 0 < distance <= (1 if len(letters) < 8 else 2):
                candidates.append((distance, term.term, f"glossary term read {term.pinyin}"))
    for distance, query, why in sorted(candidates):
        if distance or why != "glossary English":
            offer(query, why)
    vocabulary = {w for term in glossary for r in english_renderings(glossary, term.id)
                  for w in re.findall(r"[a-z]+", r.lower())}
    words = re.findall(r"[a-z]+", lowered)
    if words and not readings:
        fixed = []
        for word in words:
            if word in vocabulary or len(word) < 4:
                fixed.append(word)
                continue
            near = sorted((edit_distance(word, v, 2), v) for v in vocabulary)
            fixed.append(near[0][1] if near and near[0][0] <= 2 else word)
        if fixed != words:
            offer(" ".join(fixed), "spelling, from the glossary's English")
