import csv
import io
import json

import pytest

from build_scripts.cli import main
from build_scripts.search.timeline import Use, make_timeline

YEARS = {1954, 1997, 2025}  # a traditional printing, and two later reports


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    """Three national reports and the seed page, indexed (the full archive's index takes minutes: see
    benchmarks/timeline_exactness.py for the same check on all 52 reports)."""
    from tests.national_archive import CORPUS, write_national_archive

    if not CORPUS.exists():
        pytest.skip(f"the national corpus is not on this machine ({CORPUS})")
    from build_scripts.archive import load_archive
    from build_scripts.search.index import build_search_index

    base = tmp_path_factory.mktemp("timeline")
    root = write_national_archive(base / "source_texts", years=YEARS)
    archive = load_archive(root)
    build_search_index(archive.docs, archive.glossary, translations={}, target=base / "index", root=str(root))
    return root, base / "index", archive


def brute_force(archive, query):
    """Every hit of the query, scanning each block's text folded to simplified characters (OpenCC t2s): the
    reference `duizhao timeline` must equal. Overlapping occurrences are one hit, as in search."""
    from build_scripts.chinese_script import converter
    from build_scripts.search.text import normalise_query_text, occurrences

    t2s = converter("t2s")
    needle = normalise_query_text(t2s.convert(query))
    hits = []
    for doc in archive.docs:
        for place, block in enumerate(doc.blocks):
            if not block.text:
                continue
            text = t2s.convert(block.text)
            assert len(text) == len(block.text)  # t2s keeps offsets: a hit is at the same place in the print
            end = -1
            for i in occurrences(text, needle):
                if i >= end:
                    hits.append((doc.year, doc.id, block.anchor, i, place))
                    end = i + len(needle)
    return hits


def by_year(hits):
    rows = {}
    for year, doc_id, anchor, *_ in hits:
        row = rows.setdefault(year, [0, set(), set()])
        row[0] += 1
        row[1].add((doc_id, anchor))
        row[2].add(doc_id)
    return {y: (n, len(b), len(d)) for y, (n, b, d) in rows.items()}


def run(capsys, *args):
    code = main(["timeline", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_glossary_term_is_counted_exactly_year_by_year(small_archive):
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.timeline import archive_years, timeline

    root, index_dir, archive = small_archive
    years = archive_years(root)
    checked_with_hits = 0
    with SearchIndex(index_dir) as index:
        for term in archive.glossary:
            tl = timeline(index, term.term, years)
            expected = by_year(brute_force(archive, term.term))
            got = {row["year"]: (row["hits"], row["blocks"], row["documents"]) for row in tl.by_year if row["hits"]}
            assert got == expected, term.id
            assert tl.term_id == term.id
            checked_with_hits += bool(expected)
    assert checked_with_hits > 100  # most terms are printed in these four documents: the check has teeth


def test_a_simplified_query_counts_the_traditional_printing(small_archive, capsys):
    root, index_dir, archive = small_archive
    code, out, _ = run(capsys, "社会主义", "--json", "--index", str(index_dir), "--root", str(root))
    assert code == 0
    data = json.loads(out)
    row1954 = next(r for r in data["by_year"] if r["year"] == 1954)
    expected = by_year(brute_force(archive, "社会主义"))[1954]
    assert (row1954["hits"], row1954["blocks"], row1954["documents"]) == expected
    doc1954 = next(d for d in archive.docs if d.id == "national-gwr-1954")
    printed = sum(b.text.count("社會主義") for b in doc1954.blocks if b.text)
    assert row1954["hits"] == printed > 0  # every hit of 1954 is the traditional printing 社會主義
    first = min((h for h in brute_force(archive, "社会主义") if h[0] == 1954), key=lambda h: (h[4], h[3]))
    assert data["first"] == {"year": 1954, "doc_id": "national-gwr-1954", "anchor": first[2]}
    assert data["term_id"] is None or isinstance(data["term_id"], str)


def test_the_json_contract_lists_every_archive_year_with_zeros_and_first_and_last_use(small_archive, capsys):
    root, index_dir, archive = small_archive
    code, out, _ = run(capsys, "共同富裕", "--json", "--index", str(index_dir), "--root", str(root))
    data = json.loads(out)
    assert {"query", "term_id", "by_year", "first", "last"} <= set(data)
    assert data["query"] == "共同富裕" and data["term_id"] == "gongtong-fuyu"
    assert [r["year"] for r in data["by_year"]] == sorted(YEARS | {2020})  # 2020: the seed page
    assert all(set(r) >= {"year", "hits", "blocks", "documents"} for r in data["by_year"])
    hits = brute_force(archive, "共同富裕")
    assert data["years_with_none"] == sorted((YEARS | {2020}) - {h[0] for h in hits})
    reading_order = sorted(hits, key=lambda h: (h[0], h[1], h[4], h[3]))  # one document per year here
    first, last = reading_order[0], reading_order[-1]
    assert data["first"] == {"year": first[0], "doc_id": first[1], "anchor": first[2]}
    assert data["last"] == {"year": last[0], "doc_id": last[1], "anchor": last[2]}


def test_csv_has_one_row_per_year(small_archive, capsys):
    root, index_dir, _ = small_archive
    code, out, _ = run(capsys, "小康社会", "--csv", "--index", str(index_dir), "--root", str(root))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [int(r["year"]) for r in rows] == sorted(YEARS | {2020})
    assert sum(int(r["hits"]) for r in rows) > 0


def test_a_query_with_no_hits_has_every_year_empty_and_no_first_use(small_archive, capsys):
    root, index_dir, _ = small_archive
    code, out, _ = run(capsys, "量子纠缠态", "--json", "--index", str(index_dir), "--root", str(root))
    data = json.loads(out)
    assert code == 0 and data["first"] is None and data["last"] is None
    assert all(r["hits"] == 0 for r in data["by_year"]) and len(data["years_with_none"]) == len(data["by_year"])


def test_a_bad_query_is_one_line_and_exit_2(capsys, tmp_path):
    code, out, err = run(capsys, "(三大攻坚战", "--index", str(tmp_path))
    assert code == 2 and out == "" and err.startswith("duizhao: ") and len(err.strip().splitlines()) == 1


def test_documents_of_unknown_year_are_counted_apart():
    tl = make_timeline("x", [Use("a", "p1", 0), Use("b", "p1", 3), Use("b", "p2", 0)], {"a": 2001, "b": None},
                       {("a", "p1"): 0, ("b", "p1"): 0, ("b", "p2"): 1})
    assert tl.by_year == [{"year": 2001, "hits": 1, "blocks": 1, "documents": 1, "archive_documents": 1}]
    assert tl.unknown_year == {"hits": 2, "blocks": 2, "documents": 1}
    assert tl.first == tl.last == {"year": 2001, "doc_id": "a", "anchor": "p1"}
