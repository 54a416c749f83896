"""Pinyin for search: per-character syllables of a text, and the readings of a typed pinyin query.

Index side: `char_syllables` gives each Han character of a block the syllable the archive's word-level pinyin
(build_scripts/terms/pinyin.py: jieba words, the overrides table, pypinyin) gives it, as (toneless, tone) with tone
1-5 (5 = neutral), so a search for tuopin finds 脱贫 as the archive reads it. Both read the one analysis
(`pinyin.analyse`); tests/test_search.py checks that the two agree on every word of the seed page.

Query side: `query_readings` splits what a user typed (sandagongjianzhan, "san da gong jian zhan", tuo1pin2,
tuōpín, Xi'an, lü/lv/lu:) into syllables. Where the letters split more than one way (xian: xian or xi an) every
valid split is returned; a syllable the user gave a tone (mark or number) must have that tone.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, product

from pypinyin.contrib.tone_convert import to_tone3

from build_scripts.chars import is_han
from build_scripts.errors import UserError

Reading = tuple[str, int]  # ("gong", 1); tone 5 is the neutral tone
QuerySyllable = tuple[str, int | None]  # ("gong", None) when the user gave no tone

MAX_READINGS = 256  # splits of one pinyin query; beyond that the user must add spaces or apostrophes
TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


# ---- index side ----------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def split_reading(marked: str) -> Reading | None:
    """gōng → ("gong", 1), lǜ → ("lü", 4), de → ("de", 5); None for what is not a syllable (pypinyin leaves a
    character it cannot read as the character itself)."""
    numbered = to_tone3(marked.lower(), v_to_u=True, neutral_tone_with_five=True)
    base, tone = numbered[:-1], numbered[-1:]
    if not tone.isdigit() or base not in searchable_syllables():
        return None
    return base, int(tone)


def char_syllables(text: str) -> tuple[list[str], list[Reading | None]]:
    """(jieba words of the text, the reading of each character: None for anything but a read Han character),
    as the reading aids' word-level pinyin reads them (terms.pinyin.analyse)."""
    from build_scripts.terms.pinyin import analyse

    words: list[str] = []
    readings: list[Reading | None] = []
    for token, _, pieces in analyse(text).words:
        words.append(token)
        readings.extend(_word_readings(token, pieces))
    return words, readings


@lru_cache(maxsize=200_000)  # per word, not per occurrence: words repeat
def _word_readings(token: str, pieces: tuple[str, ...] | None) -> tuple[Reading | None, ...]:
    if pieces is None:
        return (None,) * len(token)
    return tuple(split_reading(piece) if is_han(ch) else None for ch, piece in zip(token, pieces))


# ---- query side ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def searchable_syllables() -> frozenset[str]:
    """The toneless syllables a query may be split into: pypinyin's table (build_scripts.terms.pinyin.valid_syllables)
    without the interjections m, n, ng, hm, hng, ê and the erhua r, which would split almost any word."""
    from build_scripts.terms.glossary import pinyin_syllables

    return pinyin_syllables()


PINYIN_CHARS_RE = re.compile(r"^[a-zü\u0300\u0301\u0304\u030c0-5' \-]+$")


def _prepare(text: str) -> str | None:
    """Lowercase, ü spelled v or u: made ü, tone marks decomposed; None if it cannot be pinyin."""
    text = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    text = text.replace("u\u0308", "ü").replace("u:", "ü").replace("v", "ü")
    text = unicodedata.normalize("NFD", text).replace("u\u0308", "ü")  # ü stays one character
    return text if PINYIN_CHARS_RE.match(text) and re.search("[a-zü]", text) else None


def query_readings(text: str, syllables: frozenset[str] | None = None) -> list[list[QuerySyllable]]:
    """Every way the typed text splits into syllables ([] if none: it is not pinyin). Spaces, hyphens and
    apostrophes are syllable boundaries; a digit 1-5 (0 also means neutral) after a syllable is its tone.
    `syllables`: the valid ones (default `searchable_syllables()`, which takes a second to compute; the
    index stores them)."""
    prepared = _prepare(text)
    if prepared is None:
        return []
    chunks = [c for c in re.split(r"[ '\-]+", prepared) if c]
    options: list[list[list[QuerySyllable]]] = []
    for chunk in chunks:
        found = _split_chunk(chunk, syllables or searchable_syllables())
        if not found:
            return []
        options.append(found)
    total = 1
    for found in options:
        total *= len(found)
        if total > MAX_READINGS:
            raise UserError(f"'{text}' splits into too many pinyin syllable sequences: separate the syllables "
                            "with spaces or apostrophes (xi'an)")
    readings = [[s for part in combo for s in part] for combo in product(*options)]
    if any(tone is not None for reading in readings for _, tone in reading):
        # The user gave tones: a split that leaves more syllables toneless than another split is a misreading
        # (tuo1pin2 is tuo1 pin2, not tu o1 pin2).
        fewest = min(sum(tone is None for _, tone in r) for r in readings)
        readings = [r for r in readings if sum(tone is None for _, tone in r) == fewest]
    return readings


def _split_chunk(chunk: str, valid: frozenset[str]) -> list[list[QuerySyllable]]:
    """All splits of letters (with combining tone marks and tone digits) into valid syllables."""
    n = len(chunk)

    @lru_cache(maxsize=None)
    def from_(i: int) -> tuple[tuple[QuerySyllable, ...], ...]:
        if i == n:
            return ((),)
        results = []
        for end in range(i + 1, min(n, i + 12) + 1):
            piece = chunk[i:end]
            if piece[0] in "012345":
                break
            syllable = _syllable(piece, valid)
            if syllable is None:
                continue
            stop = end
            if stop < n and chunk[stop] in "012345":  # a tone number
                if syllable[1] is not None:
                    continue  # a mark and a number: not a syllable
                syllable = (syllable[0], 5 if chunk[stop] == "0" else int(chunk[stop]))
                stop += 1
            elif stop < n and chunk[stop] in TONE_MARKS:
                continue  # the mark belongs to this piece's last vowel: take a longer piece
            for rest in from_(stop):
                results.append((syllable, *rest))
                if len(results) > MAX_READINGS:
                    return tuple(results)
        return tuple(results)

    return [list(r) for r in from_(0)]


def _syllable(piece: str, valid: frozenset[str]) -> QuerySyllable | None:
    tones = [TONE_MARKS[c] for c in piece if c in TONE_MARKS]
    base = "".join(c for c in piece if c not in TONE_MARKS)
    if len(tones) > 1 or base not in valid:
        return None
    return base, (tones[0] if tones else None)


def syllable_items(readings: list[Reading | None]) -> str:
    """The pinyin field's input: one item per character, `gong1` or `_` (no reading)."""
    return " ".join(f"{r[0]}{r[1]}" if r else "_" for r in readings)
