"""The site's search data: compact, JSON-serialisable, and enough for a browser to give the CLI's answers.

`browser_search` below uses nothing but the data (as the site's JavaScript will) and must find the same blocks
as `duizhao search` for each query form.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from tests.test_search import SANDA, TRANSLATIONS, TUOPIN, built_seed_index, seed_archive


@lru_cache(maxsize=None)
def data() -> dict:
    from build_scripts.search.site_data import site_search_data

    docs, glossary = seed_archive()
    return site_search_data(docs, glossary, TRANSLATIONS)


@pytest.fixture(scope="session")
def index(tmp_path_factory):
    from pathlib import Path

    from build_scripts.search.query import SearchIndex

    folder = built_seed_index(tmp_path_factory)
    with SearchIndex(folder, config=Path(folder).parent / "mkdocs.yml") as opened:
        yield opened


def test_the_data_is_json_with_the_documented_keys():
    d = data()
    assert list(d) == ["format", "documents", "sections", "terms", "english", "syllables", "t2s", "script", "blocks"]
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert d["documents"] == [{"id": "lvliang-2020-gwr", "title": "政府工作报告",
                               "citation": "吕梁市人民政府《政府工作报告》 2020, p. 2",
                               "url_path": "documents/lvliang-2020-gwr.html", "year": 2020}]
    assert len(d["blocks"]) == 53
    assert list(d["blocks"][0]) == ["doc", "anchor", "kind", "section", "text", "trad", "pinyin", "terms", "en"]


def test_each_block_has_aligned_traditional_text_and_pinyin():
    for block in data()["blocks"]:
        assert len(block["trad"]) == len(block["text"])
        assert len(block["pinyin"].split(" ")) == len(block["text"])
    heading = next(b for b in data()["blocks"] if b["anchor"] == "s2-1")
    at = heading["text"].index("三大攻坚战")
    assert heading["pinyin"].split(" ")[at:at + 5] == ["san1", "da4", "gong1", "jian1", "zhan4"]
    assert heading["trad"][at:at + 5] == "三大攻堅戰"
    assert heading["kind"] == "h"
    assert data()["sections"][heading["section"]] == "二、2020年工作安排 › （一）全力打好三大攻坚战，加快补齐全面建成小康社会短板"


def test_english_maps_renderings_to_terms():
    d = data()
    entry = next(e for e in d["english"] if e["text"] == "three critical battles")
    assert d["terms"][entry["term"]]["id"] == "sanda-gongjianzhan"
    assert entry["key"] == "three critic battl" and entry["zh"] is None
    component = next(e for e in d["english"] if e["text"] == "stability in employment")
    assert component["zh"] == "稳就业"
    assert {"zhan", "xian", "xi", "an", "lü"} <= set(d["syllables"])
    assert d["t2s"]["堅"] == "坚"


# ---- a browser's search, from the data alone -----------------------------------------------------------

def browser_search(query: str) -> list[str]:
    d = data()
    blocks = d["blocks"]
    if re.search(r"[\u4e00-\u9fff]", query):
        simplified = "".join(d["t2s"].get(ch, ch) for ch in query)
        return [b["anchor"] for b in blocks if query in b["text"] or simplified in b["text"] or query in b["trad"]]
    key = query.lower()
    hits = set()
    for entry in d["english"]:
        if entry["text"].lower() == key:
            forms = [entry["zh"]] if entry["zh"] else d["terms"][entry["term"]]["forms"]
            hits |= {b["anchor"] for b in blocks if any(f in b["text"] for f in forms)}
    syllables = set(d["syllables"])
    letters = query.replace(" ", "").lower()
    splits = _splits(letters, syllables)
    for split in splits:
        for b in blocks:
            items = [item.rstrip("012345") for item in b["pinyin"].split(" ")]
            if any(items[i:i + len(split)] == split for i in range(len(items))):
                hits.add(b["anchor"])
    return [b["anchor"] for b in blocks if b["anchor"] in hits]


def _splits(letters: str, syllables: set[str]) -> list[list[str]]:
    if not letters:
        return [[]]
    found = []
    for end in range(1, min(6, len(letters)) + 1):
        if letters[:end] in syllables:
            found += [[letters[:end], *rest] for rest in _splits(letters[end:], syllables)]
    return found


@pytest.mark.parametrize("query, expected", [
    ("三大攻坚战", SANDA), ("三大攻堅戰", SANDA), ("sandagongjianzhan", SANDA), ("san da gong jian zhan", SANDA),
    ("three critical battles", SANDA), ("tuopin", TUOPIN), ("six priorities", ["s2-p4"]),
])
def test_the_browser_finds_what_the_cli_finds(index, query, expected):
    cli = list(dict.fromkeys(h.anchor for h in index.search(query).hits if h.field == "text"))
    assert browser_search(query) == cli == expected


def test_the_data_is_small():
    size = len(json.dumps(data(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    text = sum(len(b["text"].encode("utf-8")) for b in data()["blocks"])
    assert size < 12 * text  # measured: about 7× the UTF-8 text on the seed (glossary tables included)


def test_each_term_carries_the_glossary_pinyin_that_suggestions_compare_with():
    """The CLI suggests a term whose glossary pinyin is near typed pinyin, printed in the archive or not: the page
    needs the same pinyin (reading it off the archive's text left out the terms it does not print)."""
    from tests.test_search import seed_archive

    _, glossary = seed_archive()
    assert [t["pinyin"] for t in data()["terms"]] == [t.pinyin for t in glossary]
    assert all(t["pinyin"] for t in data()["terms"])
