"""The sqlite index's grams table holds, for every gram, exactly what a brute-force reading of the block keys says:

    "t" + character        the blocks holding it (ascending) and how often (nothing where once each)
    "t" + pair             a pair (two characters of one block, not both whitespace) in POSITIONS_MIN_BLOCKS blocks
                           or more and without whitespace: its positions in the joined text (block n starts at
                           block_start[n], one past the gap after the block before); any other pair: its blocks
                           and counts
    "c" + pair             beside the positions of a pair with TALLY_MIN_POSITIONS positions or more: its blocks
                           and counts (backends.tally_value)
    "s" + syllable         the positions of each syllable of the readings
    "e" + stem             the blocks whose English has the stem
    "#block-…"             each block's document, kind (1: heading) and start (then the end)

Each value is stored as backends.encode_ints makes it (of the deltas, for ascending lists), and one of 1 KB or more
in postings.bin. The writer (backends.Postings, postings.py) computes all grams at once with numpy; the reference
here counts them one block and one character at a time, on real reports, on edge cases, and on generated archives.
The blocks' texts, packed with the index's dictionary, come from the build cache where an earlier build packed them
with the same dictionary.
"""
from __future__ import annotations

import shutil
import sqlite3
import struct
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.search import backends
from build_scripts.search.backends import (CODE_BASE, HEAP_FILE, NO_READING, SPILLED, SQLITE_FILE, BlockParts,
                                          _tally, decode_ints, delta, encode_ints, syllable_names, tally_value,
                                          undelta)

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ["gwr-1960", "gwr-1975", "npc-11-5-resolution"]  # two government work reports, a resolution


# ---- the reference --------------------------------------------------------------------------------------

def reference_grams(parts: list[BlockParts], min_blocks: int, min_tally: int) -> dict[str, tuple]:
    """gram → (blocks, counts, positions), each a list or None, counted block by block."""
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part.key) + 1
    chars: dict[str, dict[int, int]] = defaultdict(dict)
    pairs: dict[str, list[int]] = defaultdict(list)
    syllables: dict[str, list[int]] = defaultdict(list)
    stems: dict[str, list[int]] = defaultdict(list)
    names = syllable_names()
    for n, part in enumerate(parts):
        key = part.key
        for i, ch in enumerate(key):
            if not ch.isspace():
                chars[ch][n] = chars[ch].get(n, 0) + 1
            if i + 1 < len(key) and not (ch.isspace() and key[i + 1].isspace()):
                pairs[key[i:i + 2]].append(starts[n] + i)
        for i, code in enumerate(part.readings[:len(key)]):
            if code != NO_READING:
                syllables[names[ord(code) - CODE_BASE]].append(starts[n] + i)
        for stem in part.stems:
            stems[stem].append(n)

    def counted(per_block: dict[int, int]) -> tuple:
        blocks = sorted(per_block)
        counts = [per_block[n] for n in blocks]
        return blocks, None if set(counts) <= {1} else counts

    grams = {}
    for ch, per_block in chars.items():
        grams["t" + ch] = (*counted(per_block), None)
    for pair, positions in pairs.items():
        per_block: dict[int, int] = {}
        for p in positions:
            n = bisect_right(starts, p) - 1
            per_block[n] = per_block.get(n, 0) + 1
        if len(per_block) >= min_blocks and not any(ch.isspace() for ch in pair):
            grams["t" + pair] = (None, None, positions)
            if len(positions) >= min_tally:
                grams["c" + pair] = (*counted(per_block), None)
        else:
            grams["t" + pair] = (*counted(per_block), None)
    for name, positions in syllables.items():
        grams["s" + name] = (None, None, positions)
    for stem, blocks in stems.items():
        grams["e" + stem] = (blocks, None, None)
    return grams


# ---- what the index holds --------------------------------------------------------------------------------

def stored_grams(folder: Path) -> tuple[dict[str, tuple], int]:
    """gram → its stored values (those in postings.bin read back), and how many were in postings.bin. The "#" rows
    (the blocks' documents, kinds and starts; the packers' dictionaries) are never in postings.bin."""
    heap = (folder / HEAP_FILE).read_bytes()
    spilled = 0

    def value(blob):
        nonlocal spilled
        if blob is None or blob[:1] != SPILLED:
            return blob
        offset, size = struct.unpack("<QI", blob[1:])
        spilled += 1
        return heap[offset:offset + size]

    with sqlite3.connect(folder / SQLITE_FILE) as con:
        rows = {gram: tuple(blobs if gram[0] == "#" else map(value, blobs))
                for gram, *blobs in con.execute("SELECT * FROM grams")}
    return rows, spilled


def decoded(gram: str, blobs: tuple) -> tuple:
    """A stored row as the reference's (blocks, counts, positions); each value is checked to be encode_ints' own."""
    listed, counts, positions = blobs
    if gram[0] == "c":
        blocks, counts = _tally(listed)
        assert listed == tally_value(blocks, counts or [1] * len(blocks))
        return blocks, counts, None
    out = []
    for blob, ascending in ((listed, True), (counts, False), (positions, True)):
        if not blob:
            out.append(None)
            continue
        items = decode_ints(blob)
        assert blob == encode_ints(delta(undelta(items)) if ascending else items), gram
        out.append(undelta(items) if ascending else list(items))
    return tuple(out)


def assert_index_matches(folder: Path, parts: list[BlockParts], kinds: list[int], docs: list[int]) -> int:
    """Every row of the grams table equals the reference's; returns how many values were in postings.bin."""
    rows, spilled = stored_grams(folder)
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part.key) + 1)
    assert decode_ints(rows.pop("#block-doc")[0]).tolist() == docs
    assert decode_ints(rows.pop("#block-kind")[0]).tolist() == kinds
    assert undelta(decode_ints(rows.pop("#block-start")[0])) == starts
    assert rows.pop("#dictionary-text")[0] == backends.Packer.sampled([p.key for p in parts]).zdict
    assert rows.pop("#dictionary-readings")[0] == backends.Packer.sampled([p.readings for p in parts]).zdict
    expected = reference_grams(parts, backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS)
    assert sorted(rows) == sorted(expected)
    for gram, blobs in rows.items():
        assert decoded(gram, blobs) == expected[gram], gram
    return spilled


# ---- archives --------------------------------------------------------------------------------------------

def write_parts(folder: Path, parts: list[BlockParts], docs: list[int] | None = None) -> Path:
    """An index of blocks given by their parts (records made to match: the key as the text, no terms)."""
    from build_scripts.search.index import write_index
    from build_scripts.search.records import BlockRecord, DocInfo

    docs = docs or [0] * len(parts)
    infos = [DocInfo(f"doc-{i}", i, None, None, None, None, None, None, None, None) for i in range(max(docs) + 1)]
    records = [BlockRecord(f"doc-{doc}", f"p{n}", "heading" if n % 7 == 0 else "paragraph", n, part.key, part.key,
                           [], [], [], {}, None) for n, (doc, part) in enumerate(zip(docs, parts))]
    folder.mkdir()
    write_index(folder, infos, records, None, "sqlite", parts)
    return folder


def kinds_of(parts) -> list[int]:
    return [int(n % 7 == 0) for n in range(len(parts))]


def coded(text: str, every: int = 5) -> str:
    """Readings for `text`: a syllable per character from the character itself, no reading at every `every`th."""
    names = len(syllable_names())
    return "".join(NO_READING if i % every == every - 1 else chr(CODE_BASE + 1 + ord(ch) % (names - 1))
                   for i, ch in enumerate(text))


@pytest.fixture
def thresholds(monkeypatch):
    def set_to(min_blocks: int, min_tally: int):
        monkeypatch.setattr(backends, "POSITIONS_MIN_BLOCKS", min_blocks)
        monkeypatch.setattr(backends, "TALLY_MIN_POSITIONS", min_tally)
    return set_to


# ---- real reports ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The REPORTS parsed, annotated and made into what the index stores of their records, and their parts, as
    `duizhao build` does."""
    from build_scripts.archive import load_archive
    from build_scripts.search.backends import document_blocks_and_parts
    from build_scripts.search.index import doc_info

    root = tmp_path_factory.mktemp("reports") / "source_texts"
    shutil.copytree(ROOT / "source_texts" / "glossary", root / "glossary")
    (root / "national-gwr").mkdir()
    for name in ["collection.yml"] + [f"{doc}.{ext}" for doc in REPORTS for ext in ("txt", "yml")]:
        shutil.copy(ROOT / "source_texts" / "national-gwr" / name, root / "national-gwr" / name)
    arch = load_archive(root)
    infos, records, parts = [], [], []
    for order, doc in enumerate(arch.docs):
        infos.append(doc_info(doc, order))
        doc_records, doc_parts = document_blocks_and_parts(doc, arch.glossary, {}, infos[-1])
        records += doc_records
        parts += doc_parts
    return arch, infos, records, parts


@pytest.mark.parametrize("least", [(16, 1000), (1, 1), (3, 40)], ids=["as-built", "every-pair", "low"])
def test_the_index_of_real_reports_holds_what_counting_their_blocks_gives(reports, tmp_path, thresholds, least):
    from build_scripts.search.index import write_index

    arch, infos, records, parts = reports
    assert len(arch.docs) == len(REPORTS) and len(parts) > 70
    thresholds(*least)
    write_index(tmp_path, infos, records, arch.glossary, "sqlite", parts)
    docs = [next(i for i, info in enumerate(infos) if info.id == r.doc_id) for r in records]
    assert_index_matches(tmp_path, parts, [int(r.kind == "heading") for r in records], docs)
    if least == (1, 1):
        rows, _ = stored_grams(tmp_path)
        assert sum(g[0] == "c" for g in rows) > 1000  # every pair positional and tallied


# ---- edge cases ------------------------------------------------------------------------------------------

def test_whitespace_latin_and_characters_beyond_the_basic_plane(tmp_path):
    keys = ["a b  c", " ", "", "x", "\u3000国\u3000", "lng 5g 2020年", "𠀀𠀁𠀀 𠀀", "国 国", "  ", "ab"]
    parts = [BlockParts(key, coded(key, 3), ("lng",) if "lng" in key else ()) for key in keys]
    write_parts(tmp_path / "index", parts)
    assert_index_matches(tmp_path / "index", parts, kinds_of(parts), [0] * len(parts))
    rows, _ = stored_grams(tmp_path / "index")
    assert "t  " not in rows and "t " not in rows and "t\u3000" not in rows  # whitespace alone is not a gram
    assert rows["t 国"][0] and rows["t𠀀𠀁"][0]  # a pair with a space, or in too few blocks: its blocks


def test_a_pair_in_enough_blocks_keeps_its_positions_and_a_common_one_its_tally(tmp_path):
    """发展 in 1,200 blocks at irregular places: positions (≥ 16 blocks), a tally (≥ 1,000 positions) and, its
    positions being hard to compress, a value in postings.bin; 改革 in 15 blocks only: its blocks."""
    parts = []
    for n in range(1200):
        key = "的" * (n * 37 % 101) + "发展" + "中" * (n * 13 % 7) + ("发展" if n % 3 == 0 else "") + \
            ("改革" if n < 15 else "")
        parts.append(BlockParts(key, coded(key), ()))
    write_parts(tmp_path / "index", parts, [n // 100 for n in range(1200)])
    spilled = assert_index_matches(tmp_path / "index", parts, kinds_of(parts), [n // 100 for n in range(1200)])
    rows, _ = stored_grams(tmp_path / "index")
    assert rows["t发展"][2] and rows["c发展"][0] and not rows["t改革"][2]
    assert len(undelta(decode_ints(rows["t发展"][2]))) == 1600 and spilled >= 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="国家发展 a\u3000𠀀", max_size=30), min_size=1, max_size=40),
       st.integers(1, 4), st.integers(1, 6))
def test_generated_archives_hold_what_counting_their_blocks_gives(tmp_path_factory, keys, min_blocks, min_tally):
    kept = backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS
    backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS = min_blocks, min_tally
    try:
        parts = [BlockParts(key, coded(key, 2 + n % 4), ("x",) if n % 2 else ()) for n, key in enumerate(keys)]
        folder = write_parts(tmp_path_factory.mktemp("generated") / "index", parts)
        assert_index_matches(folder, parts, kinds_of(parts), [0] * len(parts))
    finally:
        backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS = kept


@pytest.mark.parametrize("top", [1, 2 ** 20, 2 ** 45], ids=["small", "one-number", "too-large-for-one-number"])
def test_groups_are_a_stable_sort_by_key_of_ascending_values(top):
    """postings.Groups sorts each (key, value) as one number where both fit in an int64, else lexicographically:
    either way, as a stable sort by key of values that ascend."""
    import numpy as np

    from build_scripts.search.postings import Groups

    rng = np.random.default_rng(7)
    keys = rng.choice(rng.integers(0, top, 20), 500)  # 20 keys at most, each many times
    values = np.sort(rng.integers(0, 2 ** 22, 500))
    groups = Groups(keys, values)
    order = np.argsort(keys, kind="stable")
    assert groups.values.tolist() == values[order].tolist()
    assert groups.keys.tolist() == sorted(set(keys.tolist()))
    assert [groups.values[s:e].tolist() for s, e in zip(groups.starts, groups.ends)] == \
        [values[keys == key].tolist() for key in groups.keys]


def test_values_compressed_by_an_earlier_build_are_taken_from_the_cache(tmp_path, monkeypatch):
    """zlib is half of making the postings; after a change only the values it changed are compressed again, and the
    rows are those made without the cache."""
    from build_scripts import cache
    from build_scripts.search import postings
    from build_scripts.search.backends import Postings

    def rows(keys: list[str]) -> dict:
        made = Postings()
        for n, key in enumerate(keys):
            made.add_parts(n, BlockParts(key, coded(key), ()))
        return {gram: tuple(blobs) for gram, *blobs in made.rows()}

    compressed = []
    real_pack = postings.pack_ints
    monkeypatch.setattr(postings, "pack_ints", lambda code, raw: compressed.append(raw) or real_pack(code, raw))
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    keys = [f"国家{'发展' * (n % 5)}改革{n % 10}" for n in range(400)]
    first = rows(keys)
    made_first = len(compressed)
    compressed.clear()
    assert rows(keys) == first and compressed == []
    changed = keys[:-1] + ["国家新词"]
    compressed.clear()
    again = rows(changed)
    assert 0 < len(compressed) < made_first
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "empty")
    assert again == rows(changed)


# ---- packed texts ----------------------------------------------------------------------------------------

def test_texts_packed_by_an_earlier_build_with_the_same_dictionary_are_taken_from_the_cache(tmp_path, monkeypatch):
    """Packing the blocks' texts is a third of writing the index; a one-page change packs only that page's again."""
    from build_scripts import cache
    from build_scripts.search.backends import Packer, packed_all

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    texts = [f"第{n}段：中华人民共和国国务院政府工作报告" * (1 + n % 3) for n in range(50)]
    packer = Packer.sampled(texts)
    packs = []
    real_pack = Packer.pack
    monkeypatch.setattr(Packer, "pack", lambda self, text: packs.append(text) or real_pack(self, text))

    assert packed_all(packer, texts) == [real_pack(packer, t) for t in texts] and len(packs) == 50
    changed = texts[:7] + ["新增一句用于测量增量构建。"] + texts[8:]
    packs.clear()
    assert packed_all(packer, changed) == [real_pack(packer, t) for t in changed]
    assert packs == ["新增一句用于测量增量构建。"]
    packs.clear()
    assert packed_all(packer, changed) == [real_pack(packer, t) for t in changed] and packs == []
    packs.clear()
    assert packed_all(packer, texts) == [real_pack(packer, t) for t in texts] and packs == [texts[7]]  # kept: only
    #                                                                                    the texts of the last build
    other = Packer.sampled(texts[10:])  # another dictionary: nothing packed with the first one is taken
    packs.clear()
    assert packed_all(other, texts) == [real_pack(other, t) for t in texts] and len(packs) == 50


def test_an_unreadable_entry_of_packed_texts_is_only_a_miss(tmp_path, monkeypatch):
    from build_scripts import cache
    from build_scripts.search.backends import Packer, packed_all

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    texts = ["国务院", "政府工作报告"]
    packer = Packer.sampled(texts)
    packed_all(packer, texts)
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert packed_all(packer, texts) == [packer.pack(t) for t in texts]
