"""The site's search shards (build_scripts/search/shards.py): the postings alone give the CLI's exact totals.

`shard_totals` reads nothing but the shard files a query needs (the manifest, the character or syllable files) and
counts as the page's engine does; it must equal `SearchIndex.search` for every query of the table.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache

import pytest

from build_scripts.search.shards import (ALPHABET, decode_postings, decode_varints, postings, shard_files,
                                         shard_scripts, syllable_file, varints)
from tests.test_search_site_data import data, index  # noqa: F401  (the seed's data and its CLI index)


@lru_cache(maxsize=None)
def shards() -> dict:
    return shard_files(data())


def char_file(files: dict, ch: str) -> dict:
    chars = files["manifest"]["chars"]
    if ch in chars["solo"]:
        return files[f"c/{ord(ch):x}"]
    return files["c/ascii"] if ch.isascii() else files[f"c/b{ord(ch) % chars['buckets']}"]


def join(columns: list[list[str]], latin: list[bool], starts: list[int]) -> dict[int, list[int]]:
    """block → offsets where position j of the run is in one of columns[j]'s postings (Latin ends checked by the
    flags); positions are in the joined text, `starts` where each block begins."""
    n = len(columns)
    at = []
    for j, column in enumerate(columns):
        here = set()
        for entry in column:
            for v in decode_postings(entry):
                if latin[j]:
                    if (j == 0 and v & 2) or (j == n - 1 and v & 1):
                        continue
                    v >>= 2
                here.add(v)
        at.append(here)
    found = defaultdict(list)
    for p in sorted(at[0]):
        if all(p + j in at[j] for j in range(1, n)):
            block = bisect_right(starts, p) - 1
            found[block].append(p - starts[block])
    return found


def merged(starts: list[int], length: int) -> int:
    """Overlapping occurrences are one hit (query.py merge_spans)."""
    count, end = 0, -1
    for p in starts:
        if p >= end:
            count += 1
        end = max(end, p + length)
    return count


def shard_totals(files: dict, query: str, mode: str) -> dict:
    from build_scripts.search.backends import search_key
    from build_scripts.search.syllables import query_readings
    from build_scripts.search.text import is_latin, normalise_query_text

    manifest = files["manifest"]
    starts, at = [], 0
    for length in decode_varints(manifest["lengths"]):
        starts.append(at)
        at += length + 1
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if mode == "chinese":
        key = search_key(normalise_query_text(query))
        columns = [list(char_file(files, ch).get(ch, {}).values()) for ch in key]
        for block, offsets in join(columns, [is_latin(ch) for ch in key], starts).items():
            found[block] += [(p, len(key)) for p in offsets]
    else:
        for reading in query_readings(query, frozenset(manifest["syllables"])):
            columns = [[v for item, v in files.get(f"p/{syllable_file(base)}", {}).items()
                        if tone is None or int(item[0]) == tone] for base, tone in reading]
            for block, offsets in join(columns, [False] * len(reading), starts).items():
                found[block] += [(p, len(reading)) for p in offsets]
    counts = {}
    for block, spans in found.items():
        spans = sorted(set(spans))
        counts[block] = merged([p for p, _ in spans], spans[0][1])
    docs, block_doc = [dict(zip(("id", "citation", "year", "blocks"), d)) for d in manifest["documents"]], []
    for n, doc in enumerate(docs):
        block_doc += [n] * doc["blocks"]
    headings = set()
    last = -1
    for d in decode_varints(manifest["headings"]):
        last += d + 1
        headings.add(last)
    by_doc, by_year = defaultdict(int), defaultdict(int)
    for block, c in counts.items():
        doc = docs[block_doc[block]]
        by_doc[doc["id"]] += c
        by_year[str(doc["year"]) if doc["year"] is not None else "unknown"] += c
    heads = len(headings & set(counts))
    return {"totals": {"hits": sum(counts.values()), "blocks": len(counts), "paragraphs": len(counts) - heads,
                       "headings": heads, "documents": len(by_doc)},
            "by_year": dict(sorted(by_year.items())), "by_document": dict(by_doc)}


QUERIES = [("三大攻坚战", "chinese"), ("三大攻堅戰", "chinese"), ("脱贫攻坚", "chinese"), ("脫貧攻堅", "chinese"),
           ("社会主义", "chinese"), ("社會主義", "chinese"), ("的", "chinese"), ("发展", "chinese"), ("攻坚", "chinese"),
           ("“六保”", "chinese"), ("哈哈", "chinese"), ("LNG", "chinese"), ("lng", "chinese"), ("1916", "chinese"),
           ("2020", "chinese"), ("20", "chinese"), ("tuopin", "pinyin"), ("gongjian", "pinyin"), ("de", "pinyin"),
           ("jingji", "pinyin"), ("tuo1pin2", "pinyin"), ("tuōpín", "pinyin"), ("san da gong jian zhan", "pinyin"),
           ("xian", "pinyin")]


@lru_cache(maxsize=None)
def small_files() -> dict:
    """The seed is small: with a low threshold its frequent characters get files of their own, as on a large archive."""
    import build_scripts.search.shards as module

    saved = module.SOLO_BYTES
    module.SOLO_BYTES = 40
    try:
        return shard_files(data())
    finally:
        module.SOLO_BYTES = saved


@pytest.mark.parametrize("layout", ["buckets", "solo"])
@pytest.mark.parametrize("query,mode", QUERIES)
def test_totals_from_the_shards_are_the_clis(index, query, mode, layout):  # noqa: F811
    result = index.search(query, mode=mode, limit=0)
    files = shards() if layout == "buckets" else small_files()
    assert layout == "buckets" or len(files["manifest"]["chars"]["solo"]) > 20
    mine = shard_totals(files, query, mode)
    assert mine["totals"] == result.totals
    assert mine["by_year"] == result.by_year
    assert mine["by_document"] == result.by_document


def test_the_table_finds_something_for_most_queries(index):  # noqa: F811
    found = [q for q, mode in QUERIES if index.search(q, mode=mode, limit=0).totals["hits"]]
    assert len(found) >= len(QUERIES) - 3, found


def test_varints_round_trip_and_use_the_alphabet_only():
    values = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 2 ** 30 - 1, 2 ** 30, 10 ** 9, 2 ** 40 + 3, 5]
    text = varints(values)
    assert decode_varints(text) == values and set(text) <= set(ALPHABET)
    assert decode_postings(postings([0, 7, 47, 5000, 10 ** 7])) == [0, 7, 47, 5000, 10 ** 7]


def test_every_block_is_in_one_record_file_and_every_character_in_the_file_the_manifest_names():
    files = shards()
    chunk = files["manifest"]["chunk"]
    records = [r for k in range(-(-len(data()["blocks"]) // chunk)) for r in files[f"r/{k}"]]
    assert [r[0] for r in records] == [b["anchor"] for b in data()["blocks"]]
    located = {ch: name for name, payload in files.items() if name.startswith("c/") for ch in payload}
    assert located and all(located[ch] == name for ch, name in located.items())
    assert all(char_file(files, ch) is files[name] for ch, name in located.items())


def test_each_shard_is_a_script_registering_its_payload():
    scripts = shard_scripts({"manifest": {"a": "的"}}, "assets/duizhao/data/search")
    source = scripts["assets/duizhao/data/search/manifest.js"]
    assert source.startswith('DZ.searchShard("manifest",') and json.loads(source[len('DZ.searchShard("manifest",'):-3]) == {"a": "的"}


@lru_cache(maxsize=None)
def lead_files(lead: int) -> dict:
    import build_scripts.search.shards as module

    saved = module.LEAD
    module.LEAD = lead
    try:
        return shard_files(data())
    finally:
        module.LEAD = saved


@pytest.mark.parametrize("lead", [2, 20])
def test_a_terms_first_hits_file_holds_the_blocks_of_the_clis_first_hits_for_each_form(index, lead):  # noqa: F811
    """f/<t>: a query that is a glossary term shows its first page of hits from this one file, however far apart
    in the archive they are; its records are the r/ files' own."""
    files = lead_files(lead)
    blocks, documents = data()["blocks"], data()["documents"]
    number = {(documents[b["doc"]]["id"], b["anchor"]): n for n, b in enumerate(blocks)}
    chunk = files["manifest"]["chunk"]
    assert files["manifest"]["leads"] == lead
    found = 0
    for t, term in enumerate(files["manifest"]["terms"]):
        held = {int(b) for b in files[f"f/{t}"]}
        for form in term["forms"]:
            hits = index.search(form, mode="chinese", limit=lead, suggest=False).hits
            assert {number[(h.doc_id, h.anchor)] for h in hits} <= held, (term["term"], form)
            found += len(hits)
        assert len(held) <= lead * (len(term["forms"]) + 1)
        for b, record in files[f"f/{t}"].items():
            assert record == files[f"r/{int(b) // chunk}"][int(b) % chunk]
    assert found > 50
