"""`duizhao timeline` against a brute-force scan, on the whole national archive: every glossary term and a few
common words, year by year, with the time each side takes.

    .venv/bin/python benchmarks/timeline_exactness.py [--work DIR] > benchmarks/TIMELINE_EXACTNESS.md

The archive is the seed page and the 52 reports of the shared corpus (tests/national_archive.py), indexed with
build_search_index. The brute force folds every block's text to simplified characters (OpenCC t2s) and counts
the query with the search's own occurrence rules (text.py), overlapping occurrences as one hit.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ["社会主义", "人民", "为人民服务", "發展", "改革开放 AND 小康", "xiaokang"]


def main() -> int:
    from build_scripts.archive import load_archive
    from build_scripts.chinese_script import converter
    from build_scripts.search.index import build_search_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.text import normalise_query_text, occurrences
    from build_scripts.search.timeline import archive_years, timeline
    from tests.national_archive import write_national_archive

    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=None, help="folder for the archive and its index")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="timeline-"))
    root = write_national_archive(work / "source_texts")
    archive = load_archive(root)
    started = time.perf_counter()
    build_search_index(archive.docs, archive.glossary, translations={}, target=work / "index", root=str(root))
    index_seconds = time.perf_counter() - started
    t2s = converter("t2s")
    blocks = [(doc.year, doc.id, b.anchor, t2s.convert(b.text)) for doc in archive.docs for b in doc.blocks if b.text]

    def brute(query):
        needle = normalise_query_text(t2s.convert(query))
        rows = {}
        for year, doc_id, anchor, text in blocks:
            end = -1
            for i in occurrences(text, needle):
                if i >= end:
                    rows.setdefault(year, []).append((doc_id, anchor))
                    end = i + len(needle)
        return {y: (len(v), len(set(v)), len({d for d, _ in v})) for y, v in rows.items()}

    years = archive_years(root)
    mismatches, timed, brute_timed = [], 0.0, 0.0
    with SearchIndex(work / "index") as index:
        for term in archive.glossary:
            t0 = time.perf_counter()
            tl = timeline(index, term.term, years)
            t1 = time.perf_counter()
            expected = brute(term.term)
            brute_timed += time.perf_counter() - t1
            timed += t1 - t0
            got = {r["year"]: (r["hits"], r["blocks"], r["documents"]) for r in tl.by_year if r["hits"]}
            if got != expected:
                mismatches.append(term.id)
        words = []
        for q in WORDS:
            tl = timeline(index, q, years)
            words.append((q, tl.totals, tl.first, tl.last))
    chars = sum(len(t) for *_, t in blocks)
    print("# `duizhao timeline` against a brute-force scan (whole national archive)\n")
    print("Command: `.venv/bin/python benchmarks/timeline_exactness.py`\n")
    print(f"Archive: {len(archive.docs)} documents, {len(blocks)} blocks, {chars} characters; index built in "
          f"{index_seconds:.0f} s.\n")
    print(f"- glossary terms checked year by year (hits, blocks, documents): {len(archive.glossary)}; "
          f"mismatches: {len(mismatches)} {mismatches if mismatches else ''}")
    print(f"- time: timeline {timed:.1f} s for all terms ({timed / len(archive.glossary) * 1000:.0f} ms each); "
          f"brute-force scan {brute_timed:.1f} s ({brute_timed / len(archive.glossary) * 1000:.0f} ms each)\n")
    print("| query | hits | blocks | documents | first use | last use |")
    print("|---|---:|---:|---:|---|---|")
    for q, totals, first, last in words:
        show = lambda u: f"{u['year']} {u['doc_id']}#{u['anchor']}" if u else "—"  # noqa: E731
        print(f"| {q} | {totals['hits']} | {totals['blocks']} | {totals['documents']} | {show(first)} | {show(last)} |")
    return 0 if not mismatches else 1


if __name__ == "__main__":
    raise SystemExit(main())
