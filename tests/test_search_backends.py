"""Every search backend gives the hits of a brute-force scan, for one shared table of queries; script-insensitive
search on the 1954 report (printed in traditional characters) beside the seed page (simplified); paging, filters,
counts by year and by document, `--queries` and `--csv`.

The archive: the seed page and tests/fixtures/national-gwr/gwr-1954.txt (the opening of the 1954 report, one
paragraph per line), copied into a temporary source folder, parsed and annotated as `duizhao build` does.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from build_scripts.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "national-gwr"
SEED = "lvliang-2020-gwr"
Y1954 = "gwr-1954"

# The shared table: every backend must answer each of these exactly as the scan does.
QUERIES = [
    "三大攻坚战", "脱贫攻坚", "攻坚", "社会主义", "人民", "的", "国", "吕", "会", "发展", "“六保”", "工作报告",
    "社會主義", "三大攻堅戰", "脫貧攻堅", "國家", "經濟", "會議", "為", "幹部",
    "sandagongjianzhan", "tuopin", "tuo1pin2", "tuōpín", "san da gong jian zhan", "shehui zhuyi", "lv3liang",
    "three critical battles", "poverty", "six priorities",
    "脱贫 AND 攻坚", "脱贫 OR 六保", "攻坚 NOT 脱贫", "(脱贫 OR 六保) 攻坚", "社会主义 NOT 建设", "人民 OR 國家",
    "三大攻坚战 OR 攻坚", "脱贫攻 OR 攻坚", "人民 人民政府",
    "LNG", "5G", "2020", "1+N", "一九五四",
    "人民政府工作", "中华人民共和国", "社会主义工业化", "gongzuo baogao", "zheng1fu3", "renmin renmin", "guo guo",
]
# sqlite with the positions of every character pair (the index keeps them only for pairs in 16 blocks or more, so
# that on this small archive most keys of 3 characters or more would be counted from their text instead), and every
# pair's blocks and counts beside its positions (kept only for pairs with 1,000 positions or more: none here)
BACKENDS = ["sqlite", "sqlite-every-position", "whoosh"]


@lru_cache(maxsize=None)
def archive(tmp: str):
    from build_scripts.archive import load_archive

    root = Path(tmp) / "source_texts"
    shutil.copytree(ROOT / "source_texts" / "glossary", root / "glossary")
    shutil.copytree(ROOT / "source_texts" / "lvliang-2020-gwr", root / "lvliang-2020-gwr")
    shutil.copytree(FIXTURE, root / "national-gwr")
    return load_archive(root)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{backend name: open SearchIndex}: sqlite and whoosh on disk, scan in memory."""
    from build_scripts.search.backends import ScanBackend
    from build_scripts.search.index import build_search_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.records import build_records

    tmp = tmp_path_factory.mktemp("backends")
    arch = archive(str(tmp))
    from build_scripts.search import backends

    opened = {}
    for name in ("sqlite", "whoosh"):
        build_search_index(arch.docs, arch.glossary, {}, target=tmp / name, backend=name)
        opened[name] = SearchIndex(tmp / name, config=tmp / "absent.yml")
    kept = backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS
    backends.POSITIONS_MIN_BLOCKS = backends.TALLY_MIN_POSITIONS = 1  # and every pair's blocks beside its positions
    try:
        build_search_index(arch.docs, arch.glossary, {}, target=tmp / "every", backend="sqlite")
    finally:
        backends.POSITIONS_MIN_BLOCKS, backends.TALLY_MIN_POSITIONS = kept
    opened["sqlite-every-position"] = SearchIndex(tmp / "every", config=tmp / "absent.yml")
    infos, records = build_records(arch.docs, arch.glossary, {})
    opened["scan"] = SearchIndex(tmp, glossary=arch.glossary, config=tmp / "absent.yml",
                                 backend=ScanBackend(infos, records),
                                 meta={"documents": [i.to_dict() for i in infos]})
    opened["_archive"] = arch
    opened["_dir"] = tmp
    yield opened
    for name in (*BACKENDS, "scan"):
        opened[name].close()


def hits(result) -> list[tuple]:
    return [(h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.match, h.reading) for h in result.hits]


# ---- conformance -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", QUERIES)
def test_every_backend_gives_the_scans_hits(built, backend, query):
    expected = built["scan"].search(query, suggest=False)
    got = built[backend].search(query, suggest=False)
    assert hits(got) == hits(expected)
    assert got.totals == expected.totals
    assert got.by_year == expected.by_year and got.by_document == expected.by_document


@pytest.mark.parametrize("backend", ["sqlite", "whoosh", "scan"])
def test_the_table_of_queries_is_not_trivial(built, backend):
    """The table hits both documents and both scripts: an empty answer everywhere would conform too."""
    found = {q: built[backend].search(q, suggest=False) for q in QUERIES}
    assert sum(1 for r in found.values() if r.totals["hits"]) >= len(QUERIES) - 3
    assert {h.doc_id for r in found.values() for h in r.hits} == {SEED, Y1954}
    assert {h.matched_as for r in found.values() for h in r.hits} >= {"chinese", "traditional", "pinyin", "text",
                                                                       "english-glossary"}


@pytest.mark.parametrize("backend", [*BACKENDS, "scan"])
@pytest.mark.parametrize("query", ["社会主义", "的", "人民", "攻坚 NOT 脱贫", "tuopin"])
def test_pages_of_hits_join_into_the_whole_list_with_exact_totals(built, backend, query):
    index = built[backend]
    whole = index.search(query, suggest=False)
    pages, offset = [], 0
    while offset < whole.totals["hits"]:
        page = index.search(query, suggest=False, limit=7, offset=offset)
        assert page.totals == whole.totals
        assert len(page.hits) == min(7, whole.totals["hits"] - offset)
        pages += hits(page)
        offset += 7
    assert pages == hits(whole)


def test_han_hits_are_every_occurrence_in_either_script(built):
    """An independent scan: every place where the query, or its other-script form, is printed."""
    from build_scripts.chinese_script import converter

    arch = built["_archive"]
    for query in ["社会主义", "人民", "國家", "會議", "发展", "的"]:
        forms = {query, converter("s2t").convert(query), converter("t2s").convert(query)}
        expected = sorted((doc.id, b.anchor, i) for doc in arch.docs for b in doc.blocks if b.text
                          and (b.kind == "paragraph" or not b.implied)
                          for i in range(len(b.text)) if b.text[i:i + len(query)] in forms)
        got = sorted((h.doc_id, h.anchor, h.start) for h in built["sqlite"].search(query, suggest=False).hits)
        assert got == expected, query
        assert expected, query


# ---- script-insensitive search ---------------------------------------------------------------------------

def test_a_simplified_query_finds_the_1954_reports_traditional_print(built):
    arch = built["_archive"]
    printed = sum(b.text.count("社會主義") for d in arch.docs if d.id == Y1954 for b in d.blocks if b.text)
    result = built["sqlite"].search("社会主义", doc=Y1954)
    assert printed > 0 and result.totals["hits"] == printed
    assert {(h.match, h.matched_as, h.reading) for h in result.hits} == {("社會主義", "traditional", "社会主义")}


def test_a_traditional_query_finds_simplified_print_and_counts_include_both_scripts(built):
    arch = built["_archive"]
    simplified = sum(b.text.count("社会主义") for d in arch.docs for b in d.blocks if b.text)
    traditional = sum(b.text.count("社會主義") for d in arch.docs for b in d.blocks if b.text)
    for query in ("社会主义", "社會主義"):
        result = built["sqlite"].search(query)
        assert result.totals["hits"] == simplified + traditional
        assert result.totals["documents"] == 2
        assert result.by_year == {"1954": traditional, "2020": simplified}
    as_typed = built["sqlite"].search("社會主義").hits
    assert {h.match for h in as_typed if h.reading is None} == {"社會主義"}
    assert {h.match for h in as_typed if h.reading == "社會主義"} == {"社会主义"}


def test_simplified_print_keeps_characters_that_are_not_variants(built):
    """乾 is printed in simplified text too (乾隆): a search for 干 must not find it, nor 乾 find 干."""
    from build_scripts.search.variants import fold_script

    assert fold_script("干") != fold_script("乾")
    assert fold_script("幹") == fold_script("干")


# ---- filters and totals ----------------------------------------------------------------------------------

def test_filters_by_year_collection_and_document(built):
    from build_scripts.errors import UserError
    from build_scripts.search.query import Filters

    index = built["sqlite"]
    everything = index.search("人民")
    assert set(everything.by_document) == {SEED, Y1954}
    old = index.search("人民", filters=Filters(years=(1950, 1960)))
    assert {h.doc_id for h in old.hits} == {Y1954} and old.totals["hits"] == everything.by_document[Y1954]
    seed = index.search("人民", filters=Filters(collection="lvliang-2020-gwr"))
    assert {h.doc_id for h in seed.hits} == {SEED} and seed.totals["hits"] == everything.by_document[SEED]
    assert index.search("人民", filters=Filters(years=(1990, 1999))).totals["hits"] == 0
    with pytest.raises(UserError, match="no collection 'nowhere'"):
        index.search("人民", filters=Filters(collection="nowhere"))


def cli(capsys, monkeypatch, folder, *args):
    monkeypatch.setattr("build_scripts.search.query.site_url", lambda config="mkdocs.yml": None)
    code = main(["search", "--index", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_totals_count_by_year_and_by_document(built, capsys, monkeypatch):
    code, out, _ = cli(capsys, monkeypatch, built["_dir"] / "sqlite", "社会主义", "--json", "--limit", "2",
                       "--offset", "1")
    data = json.loads(out)
    assert code == 0 and data["totals"]["shown"] == 2 and data["totals"]["offset"] == 1
    assert sum(data["totals"]["by_year"].values()) == data["totals"]["hits"]
    assert sum(data["totals"]["by_document"].values()) == data["totals"]["hits"]
    assert list(data["totals"]["by_document"]) == [Y1954, SEED] or list(data["totals"]["by_document"]) == [SEED, Y1954]


def test_year_and_collection_options(built, capsys, monkeypatch):
    folder = built["_dir"] / "sqlite"
    _, out, _ = cli(capsys, monkeypatch, folder, "人民", "--json", "--year", "1954")
    assert set(json.loads(out)["totals"]["by_document"]) == {Y1954}
    _, out, _ = cli(capsys, monkeypatch, folder, "人民", "--json", "--year", "2000-", "--collection", "lvliang-2020-gwr")
    assert set(json.loads(out)["totals"]["by_document"]) == {SEED}
    code, out, err = cli(capsys, monkeypatch, folder, "人民", "--year", "last year")
    assert (code, out) == (2, "")
    assert err == "duizhao: --year takes a year or a span of years (2019, 2015-2020, 2015-, -1990), not 'last year'\n"


def test_queries_file_gives_one_json_object_per_line(built, capsys, monkeypatch, tmp_path):
    queries = tmp_path / "terms.txt"
    queries.write_text("社会主义\n\ntuopin\n(脱贫\n三大攻坚战\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, built["_dir"] / "sqlite", "--queries", str(queries), "--limit", "1")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 2  # one bad line: reported, the others still run
    assert [d["query"] for d in lines] == ["社会主义", "tuopin", "(脱贫", "三大攻坚战"]
    assert lines[2] == {"query": "(脱贫", "line": 4, "error": "unbalanced parenthesis: '(' at position 1 is never closed"}
    assert lines[0]["totals"]["hits"] == built["sqlite"].search("社会主义").totals["hits"]
    assert [len(d["hits"]) for d in (lines[0], lines[1], lines[3])] == [1, 1, 1]
    assert err == f"duizhao: {queries}:4: unbalanced parenthesis: '(' at position 1 is never closed\n"


def test_csv_exports_every_hit(built, capsys, monkeypatch):
    code, out, err = cli(capsys, monkeypatch, built["_dir"] / "sqlite", "的", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    total = built["sqlite"].search("的").totals["hits"]
    assert code == 0 and len(rows) == total > 20
    assert err.startswith(f"{total} hits in ")


def test_a_term_is_counted_without_its_spans_only_where_occurrences_cannot_overlap():
    from build_scripts.search.query import countable

    assert countable("社会主义") and countable("“一带一路”")
    assert not countable("哈哈") and not countable("一一") and not countable("天天向上天天")  # overlap themselves
    assert not countable("5G网") and not countable("LNG")  # Latin ends: the boundary rule needs the text


# ---- positional postings (sqlite) --------------------------------------------------------------------------

def scan_blocks(built) -> list[dict]:
    return built["scan"].backend._records


def block_numbers(index) -> dict[tuple[str, str], int]:
    stored = index.backend.records(range(index.backend.size))
    return {(r["doc"], r["anchor"]): n for n, r in stored.items()}


@pytest.mark.parametrize("query", ["社会主义", "中华人民共和国", "政府工作", "三大攻坚战", "工作报告", "社會主義", "的发展"])
def test_positions_of_character_pairs_count_every_occurrence_of_a_longer_key(built, query):
    from build_scripts.search.backends import search_key

    key = search_key(query)
    index = built["sqlite-every-position"]
    numbers = block_numbers(index)
    expected = {numbers[(r["doc"], r["anchor"])]: r["key"].count(key) for r in scan_blocks(built) if key in r["key"]}
    assert expected, "the archive holds the key"
    assert index.backend.text_runs(key) == expected


def test_a_key_with_a_pair_without_positions_is_not_counted_from_positions(built):
    """The default index keeps positions for pairs in 16 blocks or more: a rare pair's key is left to the text."""
    assert built["sqlite"].backend.text_runs("三大攻坚战") is None
    assert built["sqlite-every-position"].backend.text_runs("三大攻坚战") is not None


@pytest.mark.parametrize("reading", [[("gong", None), ("zuo", None)], [("zheng", 1), ("fu", 3)],
                                     [("ren", None), ("min", None), ("ren", None), ("min", None)],
                                     [("tuo", None), ("pin", 2)], [("she", None), ("hui", None)]])
def test_positions_of_syllables_count_runs_as_the_pinyin_check_does(built, reading):
    """Block → hits from the syllables' positions equal the regular expression over each block's readings, with
    overlapping runs merged (merge_spans), as `duizhao search` counts them."""
    from build_scripts.search.query import _pinyin_spans, merge_spans

    index = built["sqlite"]
    check = _pinyin_spans(reading, index.backend.readings)
    stored = index.backend.records(range(index.backend.size))
    expected = {n: len(merge_spans(check(r))) for n, r in stored.items() if check(r)}
    assert index.backend.pinyin_runs(reading) == expected
    if reading[0][0] == "gong":
        assert expected


def test_terms_whose_occurrences_can_share_characters_are_not_summed():
    """Hits of several terms in a block are their sum only where no two can overlap (query._summable); else their
    spans are merged (三大攻坚战 OR 攻坚: one hit where both occur)."""
    from build_scripts.search.query import overlapping

    assert overlapping("三大攻坚战", "攻坚") and overlapping("攻坚", "三大攻坚战")  # one holds the other
    assert overlapping("脱贫攻", "攻坚") and overlapping("攻坚", "脱贫攻")  # an end of one begins the other
    assert overlapping("人民", "人民")
    assert not overlapping("脱贫", "攻坚") and not overlapping("脱贫", "扶贫")


def test_overlapping_runs_of_syllables_are_one_hit():
    """哈哈哈 read ha ha ha: `ha ha` runs at 0 and 1 overlap, one hit, as the span check merges them."""
    from build_scripts.search.backends import SqliteBackend

    from bisect import bisect_right
    from functools import partial

    backend = SqliteBackend.__new__(SqliteBackend)
    backend._owner = partial(bisect_right, [4, 9])  # blocks start at 0, 4 and 9, as SqliteBackend sets it
    # block 0: runs at 0, 1 (overlap: one hit); block 1: runs at 4 and 6 (apart: two hits); block 2: one run at 9
    assert backend._per_block([0, 1, 4, 6, 9], 2) == {0: 1, 1: 2, 2: 1}
    assert backend._per_block([0, 1, 4, 6, 9], None) == {0: 2, 1: 2, 2: 1}
    assert backend._per_block([0, 2, 4, 6, 9], 2) == {0: 2, 1: 2, 2: 1}  # apart everywhere: counted at once
    assert backend._per_block([], 2) == backend._per_block([], None) == {}


@pytest.mark.parametrize("backend", [*BACKENDS, "scan"])
@pytest.mark.parametrize("query", ["社会主义", "的", "人民 OR 國家", "tuopin", "2020"])
def test_totals_by_document_and_year_add_up_the_hits_themselves(built, backend, query):
    """The totals are summed per document from running sums (query._totals): checked against the hits."""
    from collections import Counter

    result = built[backend].search(query, suggest=False)
    docs = built[backend].docs
    per_doc = Counter(h.doc_id for h in result.hits)
    per_year = Counter(str(docs[h.doc_id].year_number) if docs[h.doc_id].year_number is not None else "unknown"
                       for h in result.hits)
    assert result.by_document == dict(per_doc) and list(result.by_document) == list(dict.fromkeys(
        h.doc_id for h in result.hits))
    assert result.by_year == dict(sorted(per_year.items()))
    assert result.totals["hits"] == len(result.hits)
    assert result.totals["blocks"] == len({(h.doc_id, h.anchor) for h in result.hits})
    assert result.totals["documents"] == len(per_doc)


def test_block_counts_are_a_mapping_of_blocks_to_hits_in_block_order():
    """What the counting methods may answer with (backends.BlockCounts): lists, read as a dict where looked up."""
    from build_scripts.search.backends import BlockCounts
    from build_scripts.search.query import only

    counts = BlockCounts([2, 5, 9], [1, 3, 1])
    assert counts == {2: 1, 5: 3, 9: 1} and list(counts) == [2, 5, 9] and len(counts) == 3
    assert counts[5] == 3 and 5 in counts and 4 not in counts and counts.get(4, 0) == 0
    assert BlockCounts([2, 5], None) == {2: 1, 5: 1}  # no counts: one hit each
    kept = only(counts, {5, 9, 11})
    assert isinstance(kept, BlockCounts) and kept == {5: 3, 9: 1}


def test_an_english_stem_of_two_letters_keeps_its_own_blocks_not_a_text_pairs_positions():
    """"e19" (the English stem 19) and "t19" (the text's pair 19) are different postings: the stem's row holds the
    blocks whose English has it, even where the text pair keeps positions."""
    from build_scripts.search.backends import POSITIONS_MIN_BLOCKS, BlockParts, Postings, decode_ints, undelta

    postings = Postings()
    blocks = 4 * POSITIONS_MIN_BLOCKS  # the stem is in POSITIONS_MIN_BLOCKS of them
    for n in range(blocks):
        postings.add_parts(n, BlockParts("19年", "", ("19",) if n % 4 == 0 else ()))
    rows = {gram: blobs for gram, *blobs in postings.rows()}
    assert rows["t19"][2] is not None  # the text pair: positions
    listed, counts, positions = rows["e19"]
    assert positions is None and undelta(decode_ints(listed)) == list(range(0, blocks, 4))


def test_every_stored_pair_reads_back_as_its_positions_say(built):
    """Each stored value tells a reference to postings.bin from a value kept in the row by its first byte. A pair's
    tally (its blocks and counts beside its positions) once began with its length, and a length whose low byte was
    "@" read as a reference: `duizhao search 促进` on the 73 documents failed. Here every pair keeps a tally, so
    tallies of every length are read, and each must equal the counts of the pair's positions."""
    backend = built["sqlite-every-position"].backend
    pairs = [g for (g,) in backend.con.execute("SELECT gram FROM grams WHERE gram LIKE 'c%'")]
    assert len(pairs) > 1000
    for tally in pairs:
        positions = undelta_positions(backend, "t" + tally[1:])
        counts = backend._per_block(positions, None)
        blocks, hits = backend._posting("t" + tally[1:])
        assert (blocks, hits or [1] * len(blocks)) == (list(counts), list(counts.values())), tally


def undelta_positions(backend, gram: str) -> list[int]:
    from build_scripts.search.backends import decode_ints, undelta

    return undelta(decode_ints(backend._row(gram)[2]))


@pytest.mark.parametrize("size", range(1, 300))
def test_a_tally_of_any_length_is_never_taken_for_a_reference_to_postings_bin(size):
    from build_scripts.search.backends import SPILLED, _tally, tally_value

    blocks, counts = list(range(0, 3 * size, 3)), [2 + n % 2 for n in range(size)]
    value = tally_value(blocks, counts)
    assert value[:1] != SPILLED
    assert _tally(value) == (blocks, counts)
