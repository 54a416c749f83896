"""Exactness: for a Chinese string, the blocks hit are exactly the blocks that contain it, checked against a
brute-force scan of every block of the seed page.

The scan here is written independently of build_scripts/search/text.py: plain `in` for a string of Chinese
characters and punctuation; for a string that begins or ends with an ASCII letter or digit, the same but not
inside a longer run of letters and digits (the glossary matcher's rule: 1916 is not found in 19160), and ASCII
letters without case.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from build_scripts.errors import UserError
from tests.test_search import built_seed_index, seed_archive

SAMPLE = 1500  # 3- and 4-character substrings checked (all 1- and 2-character ones are)


@pytest.fixture(scope="session")
def index(tmp_path_factory):
    from pathlib import Path

    from build_scripts.search.query import SearchIndex

    folder = built_seed_index(tmp_path_factory)
    with SearchIndex(folder, config=Path(folder).parent / "mkdocs.yml") as opened:
        yield opened


@lru_cache(maxsize=None)
def blocks() -> tuple[tuple[str, str], ...]:
    """(anchor, text) of every paragraph and printed heading."""
    docs, _ = seed_archive()
    return tuple((b.anchor, b.text) for b in docs[0].blocks if b.text)


def latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def scan(query: str) -> list[str]:
    """Brute force: the anchors of the blocks containing `query`."""
    if not (latin(query[0]) or latin(query[-1])):
        return [anchor for anchor, text in blocks() if query in text]
    pattern = ("(?<![a-z0-9])" if latin(query[0]) else "") + re.escape(query.lower()) + \
              ("(?![a-z0-9])" if latin(query[-1]) else "")
    return [anchor for anchor, text in blocks() if re.search(pattern, text.lower())]


def searched(index, query: str) -> list[str]:
    result = index.search(f'"{query}"', mode="chinese", context=0, suggest=False)
    return list(dict.fromkeys(h.anchor for h in result.hits))


def substrings(size: int) -> list[str]:
    found = {text[i:i + size] for _, text in blocks() for i in range(len(text) - size + 1)}
    return sorted(s for s in found if '"' not in s and s == s.strip())


def punctuation_only(s: str) -> bool:
    import unicodedata

    return all(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in s)


def check(index, queries: list[str]) -> None:
    wrong = []
    for query in queries:
        if punctuation_only(query):
            with pytest.raises(UserError, match="punctuation alone is not indexed"):
                searched(index, query)
            continue
        got, want = searched(index, query), scan(query)
        if got != want:
            wrong.append((query, got, want))
    assert wrong == [], f"{len(wrong)} of {len(queries)} differ from the scan, e.g. {wrong[:3]}"


@pytest.mark.parametrize("size", [1, 2])
def test_every_1_and_2_character_substring_hits_exactly_the_blocks_containing_it(index, size):
    check(index, substrings(size))


@pytest.mark.parametrize("size", [3, 4])
def test_a_large_sample_of_3_and_4_character_substrings_hits_exactly_the_blocks_containing_them(index, size):
    found = substrings(size)
    check(index, random.Random(size).sample(found, min(SAMPLE, len(found))))


def test_every_glossary_form_hits_exactly_the_blocks_containing_it(index):
    from build_scripts.chinese_script import converter

    _, glossary = seed_archive()
    forms = sorted({f for t in glossary for f in t.forms if '"' not in f})
    simplified = [f for f in forms if converter("t2s").convert(f) == f]
    assert len(simplified) > 250
    check(index, simplified)


def test_every_traditional_glossary_form_hits_the_blocks_of_its_simplified_form(index):
    """A traditional query (OpenCC t2s) finds the simplified text, and the traditional text (s2t) as typed."""
    from build_scripts.chinese_script import converter
    from build_scripts.terms.glossary import traditional

    _, glossary = seed_archive()
    forms = sorted({f for t in glossary for f in t.forms if '"' not in f and converter("t2s").convert(f) != f})
    assert len(forms) > 100
    for form in forms:
        simple = converter("t2s").convert(form)
        want = [a for a, text in blocks() if a in scan(simple) or form in traditional(text)]
        assert searched(index, form) == want, form


def test_strings_that_are_not_in_the_page_hit_nothing(index):
    for query in ("三大攻坚战役", "脱贫攻坚战略", "攻坚坚", "吕梁吕梁", "２０２１年"):
        assert scan(query) == searched(index, query) == []


def test_han_only_exactness_is_plain_substring(index):
    """For Chinese characters the rule is nothing but `in`: every 2-character Han substring."""
    han = [s for s in substrings(2) if all("\u4e00" <= ch <= "\u9fff" for ch in s)]
    assert len(han) > 3000
    for query in han:
        assert searched(index, query) == [a for a, text in blocks() if query in text], query


def test_each_occurrence_is_one_hit_at_its_offset(index):
    for query in ("发展", "的", "攻坚", "“", "、“"):
        if punctuation_only(query):
            continue
        result = index.search(f'"{query}"', mode="chinese", context=0, suggest=False)
        expected = [(a, m.start()) for a, text in blocks() for m in re.finditer(re.escape(query), text)]
        assert [(h.anchor, h.start) for h in result.hits] == expected
        assert {h.match for h in result.hits} == {query}


def test_traditional_queries_hit_the_blocks_of_their_simplified_form(index):
    from build_scripts.terms.glossary import traditional

    rng = random.Random(7)
    for query in rng.sample([s for s in substrings(3) if not punctuation_only(s)], 300):
        trad = traditional(query)
        got = list(dict.fromkeys(h.anchor for h in index.search(f'"{trad}"', mode="chinese", suggest=False).hits))
        assert got == scan(query), (query, trad)


def test_pinyin_hits_exactly_the_blocks_whose_characters_read_so(index):
    """Every glossary term's syllables (as the index reads its characters) against a scan of the readings."""
    from build_scripts.search.syllables import char_syllables

    readings = {anchor: char_syllables(text)[1] for anchor, text in blocks()}
    _, glossary = seed_archive()
    checked = 0
    for term in glossary:
        if not all("\u4e00" <= ch <= "\u9fff" for ch in term.term):
            continue
        for anchor, text in blocks():
            at = text.find(term.term)
            if at != -1:
                syllables = [r[0] for r in readings[anchor][at:at + len(term.term)]]
                break
        else:
            continue
        wanted = [a for a, _ in blocks() if any([r[0] if r else None for r in readings[a][i:i + len(syllables)]]
                                                 == syllables for i in range(len(readings[a])))]
        result = index.search(" ".join(syllables), mode="pinyin", suggest=False)
        assert list(dict.fromkeys(h.anchor for h in result.hits)) == wanted, term.term
        checked += 1
    assert checked > 60
