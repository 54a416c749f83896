"""Search benchmark: a 1,000-document archive made from the national government work reports, indexed by every
backend (build_scripts/search/backends.py), and a fixed query set run through each and through the brute-force
scan (ScanBackend: every block in memory, every block checked), in one run.

    PYTHONPATH=. python benchmarks/search_benchmark.py                    # 1,000 documents, sqlite + whoosh + scan
    PYTHONPATH=. python benchmarks/search_benchmark.py --docs 50 --backends sqlite   # a quick run
    PYTHONPATH=. python benchmarks/search_benchmark.py --reuse DIR --backends sqlite # latency of indexes kept (--keep)

The archive: each document takes one report of the corpus (at random) and its paragraphs, sampled and shuffled
with random.Random(seed, document), up to about --chars characters; it keeps that report's year, and the 1954
report (printed in traditional characters) is in the pool like any other. The same command gives the same archive.

Measured per backend: build time (annotation with the glossary, per-block records — jieba words, pinyin,
traditional text — and the backend's files), size on disk, and the latency of each query asking for the first
20 hits with exact totals (--repeat runs each; p50 and p95 over all runs). Every backend's hits (document, anchor,
offsets, for every hit) must equal the scan's: any mismatch is printed and the exit code is 1.

Prints a Markdown report (command, machine, date, figures) for benchmarks/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = Path("/work/shared/corpora/national-gwr/government_work_reports.jsonl")

QUERIES = [
    ("chinese", "三大攻坚战"), ("chinese", "脱贫攻坚"), ("chinese", "攻坚"), ("chinese", "改革开放"),
    ("chinese", "社会主义"), ("chinese", "的"), ("chinese", "国"), ("chinese", "发展"), ("chinese", "高质量发展"),
    ("chinese", "共同富裕"), ("chinese", "“一带一路”"), ("chinese", "人民公社"), ("chinese", "国内生产总值"),
    ("traditional", "社會主義"), ("traditional", "脫貧攻堅"), ("traditional", "經濟建設"), ("traditional", "幹部"),
    ("pinyin", "tuopin"), ("pinyin", "gaige kaifang"), ("pinyin", "gong1tong2fu4yu4"), ("pinyin", "jīngjì"),
    ("english", "poverty"), ("english", "three critical battles"), ("english", "reform and opening up"),
    ("boolean", "脱贫 AND 攻坚"), ("boolean", "改革 NOT 开放"), ("boolean", "(脱贫 OR 扶贫) 农村"),
    ("latin", "GDP"), ("latin", "5G"), ("latin", "2020"),
]


# ---- the archive ---------------------------------------------------------------------------------------

def load_reports(path: Path = CORPUS) -> list[dict]:
    reports = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        paragraphs = [p.strip() for p in row["content"].split("\n") if p.strip()]
        if paragraphs and row.get("year"):  # the reports (the resolutions on them have no year of their own)
            reports.append({"year": int(row["year"]), "title": row["title"], "paragraphs": paragraphs})
    reports.sort(key=lambda r: r["year"])
    return reports


def archive_docs(count: int, seed: int, chars: int, reports: list[dict]):
    """`count` documents of paragraphs sampled from one report each, shuffled (see the module note)."""
    from build_scripts.model import Block, Document

    for number in range(1, count + 1):
        rng = random.Random(seed * 1_000_003 + number)
        report = rng.choice(reports)
        pool = report["paragraphs"][:]
        rng.shuffle(pool)
        picked, size = [], 0
        for paragraph in pool:
            if size >= chars:
                break
            picked.append(paragraph)
            size += len(paragraph)
        doc_id = f"bench-{number:04d}"
        metadata = {"id": doc_id, "title": {"zh": "政府工作报告", "en": None},
                    "document": {"issuer": {"zh": "国务院", "en": None}, "year": report["year"]},
                    "publication": {"page": None}}
        blocks = [Block("paragraph", f"p{i}", text, None) for i, text in enumerate(picked, 1)]
        yield Document(doc_id, f"{doc_id}.txt", metadata, blocks, collection="national-gwr-sample")


# ---- running -------------------------------------------------------------------------------------------

def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


_GLOSSARY: list = []  # the pool's workers' glossary, set once per worker


def _share(glossary) -> None:
    _GLOSSARY[:] = [glossary]


def _make_records(doc) -> None:
    from build_scripts.search.backends import document_records_and_parts

    document_records_and_parts(doc, _GLOSSARY[0], {})


def records_of(docs, glossary, workers: int):
    """(infos, records, parts, seconds, phases): annotation, then each document's records and the sqlite index's
    parts made into an empty cache on `workers` processes, then read back in archive order, as `duizhao build`
    does (site/data_files.prepare, then index.build_search_index). `phases`: the seconds of each of the three."""
    from concurrent.futures import ProcessPoolExecutor

    from build_scripts.search.backends import document_records_and_parts
    from build_scripts.search.records import doc_info
    from build_scripts.terms.annotate import annotate, matcher_for

    started = time.perf_counter()
    matcher = matcher_for(glossary)
    for doc in docs:
        annotate(doc, glossary, matcher)
    annotated = time.perf_counter()
    if workers > 1:
        from build_scripts.search.backends import preload

        preload()  # as data_files.prepare does: once here, not in each worker
        with ProcessPoolExecutor(workers, initializer=_share, initargs=(glossary,)) as pool:
            list(pool.map(_make_records, docs, chunksize=8))
    made = time.perf_counter()
    infos, records, parts = [], [], []
    for order, doc in enumerate(docs):
        info = doc_info(doc, order)
        infos.append(info)
        doc_records, doc_parts = document_records_and_parts(doc, glossary, {}, info)
        records += doc_records
        parts += doc_parts
    done = time.perf_counter()
    phases = {"annotation": annotated - started, "records": made - annotated, "read back": done - made}
    return infos, records, parts, done - started, phases


def timed(index, query: str, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = index.search(query, limit=20, suggest=False)
        times.append(time.perf_counter() - t0)
    return times, result


def reuse(args, backends: list[str], glossary, argv) -> int:
    """Latency only, over indexes built by an earlier run (their build figures are in that run's output)."""
    from build_scripts.search.backends import ScanBackend
    from build_scripts.search.index import folder_size, open_index
    from build_scripts.search.query import SearchIndex

    base = Path(args.reuse)
    rows = {}
    for name in backends:
        meta = open_index(base / name)
        rows[name] = {"index": SearchIndex(base / name, glossary=glossary), "bytes": folder_size(base / name),
                      "times": []}
    first = rows[backends[0]]["index"]
    scan = SearchIndex(base, glossary=glossary, meta=first.meta, backend=ScanBackend.copy_of(first.backend))
    rows["scan"] = {"index": scan, "bytes": None, "times": []}
    text_bytes = sum(len(r["text"].encode("utf-8")) for r in scan.backend._records)
    blocks = scan.backend.size
    per_query, mismatches = run_queries(rows, scan, args.repeat)
    out = report_lines(args, argv, rows, per_query, mismatches, text_bytes, blocks, len(scan.docs), build=None)
    print("\n".join(out))
    return 1 if mismatches else 0


def run_queries(rows: dict, scan, repeat: int):
    for row in rows.values():  # warm up: jieba, OpenCC, the glossary's English map
        row["index"].search("三大攻坚战", limit=20, suggest=False)
        row["times"] = []
    per_query, mismatches = [], []
    for kind, query in QUERIES:
        expected = scan.search(query, suggest=False)
        want = [(h.doc_id, h.anchor, h.field, h.start, h.end) for h in expected.hits]
        line = {"kind": kind, "query": query, "hits": expected.totals["hits"], "blocks": expected.totals["blocks"],
                "documents": expected.totals["documents"]}
        for name, row in rows.items():
            times, result = timed(row["index"], query, repeat if name != "scan" else max(1, repeat // 2))
            row["times"] += times
            line[name] = statistics.median(times)
            if name != "scan":
                full = row["index"].search(query, suggest=False)
                got = [(h.doc_id, h.anchor, h.field, h.start, h.end) for h in full.hits]
                page = [(h.doc_id, h.anchor, h.field, h.start, h.end) for h in result.hits]
                if got != want or page != want[:20] or full.totals != expected.totals or \
                        result.totals != expected.totals:
                    mismatches.append((name, query, len(got), len(want)))
        per_query.append(line)
    return per_query, mismatches


LOAD_AT_START = os.getloadavg()


def cpu_seconds() -> float:
    """Processor time of this process and of its children that have ended (the pool's workers): on a shared
    machine, what the build itself cost, whatever the others' load did to its wall-clock time."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _load(figures) -> str:
    return " / ".join(f"{x:.1f}" for x in figures)


def report_lines(args, argv, rows, per_query, mismatches, text_bytes, blocks, documents, build) -> list[str]:
    command = "PYTHONPATH=. python benchmarks/search_benchmark.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    s50, s95 = percentile(rows["scan"]["times"], 0.5), percentile(rows["scan"]["times"], 0.95)
    out = [
        f"- command: `{command}`",
        f"- machine: nproc {os.cpu_count()}, Python {platform.python_version()} ({platform.platform()}); "
        "2 cores shared with other jobs",
        f"- date: {date}; load average (1, 5, 15 min) {_load(LOAD_AT_START)} at the start, "
        f"{_load(os.getloadavg())} at the end", "",
        f"{documents:,} documents, {blocks:,} blocks, {text_bytes / 1e6:.1f} MB of text as UTF-8.", "",
        f"Latency: `SearchIndex.search(query, limit=20)` — the first 20 hits with exact totals (hits, blocks, "
        f"documents, by year, by document), parse to KWIC; {len(QUERIES)} queries × {args.repeat} runs "
        f"(scan: {max(1, args.repeat // 2)}).", "",
        "| backend | build | size on disk | size / text | p50 | p95 | scan p50 / p50 | scan p95 / p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in rows.items():
        p50, p95 = percentile(row["times"], 0.5), percentile(row["times"], 0.95)
        size = f"{row['bytes'] / 1e6:.1f} MB" if row["bytes"] is not None else "— (in memory)"
        ratio = f"{row['bytes'] / text_bytes:.2f}×" if row["bytes"] is not None else "—"
        built = (build or {}).get(name, "see the build run")
        out.append(f"| {name} | {built} | {size} | {ratio} | {p50 * 1000:.2f} ms | {p95 * 1000:.2f} ms | "
                   f"{s50 / p50:.1f}× | {s95 / p95:.1f}× |")
    names = list(rows)
    out += ["", "| kind | query | hits | blocks | documents | " + " | ".join(f"{n} (median)" for n in names) + " |",
            "|---|---|---|---|---|" + "---|" * len(names)]
    for line in per_query:
        out.append(f"| {line['kind']} | {line['query']} | {line['hits']:,} | {line['blocks']:,} | {line['documents']:,} | "
                   + " | ".join(f"{line[n] * 1000:.2f} ms" for n in names) + " |")
    out += ["", f"Exactness: {len(per_query) * (len(rows) - 1) - len(mismatches)} of {len(per_query) * (len(rows) - 1)} "
                f"(backend, query) pairs give the scan's hits (document, anchor, field, offsets: every hit, and the "
                f"first 20 with limit=20) and totals."]
    for name, query, n_got, n_want in mismatches:
        out.append(f"- MISMATCH {name} {query}: {n_got} hits, scan {n_want}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the archive (default 1000)")
    parser.add_argument("--chars", type=int, default=3000, help="characters per document, about (default 3000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the archive (default 0)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--backends", default="sqlite,whoosh", help="indexed backends (default sqlite,whoosh)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes making the records, as `duizhao build` (default: every core)")
    parser.add_argument("--keep", metavar="DIR", help="keep the indexes in DIR/<backend> (default: a temp dir)")
    parser.add_argument("--reuse", metavar="DIR", help="time the indexes kept in DIR/<backend> by an earlier run "
                        "(--keep) instead of building: build figures are not measured; the scan holds the blocks "
                        "of DIR's first backend")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be 1 or more")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    os.chdir(ROOT)
    from build_scripts.search.backends import ScanBackend, open_backend
    from build_scripts.search.index import folder_size, write_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.terms.glossary import load_glossary

    glossary = load_glossary()
    if args.reuse:
        return reuse(args, backends, glossary, argv)
    reports = load_reports()
    docs = list(archive_docs(args.docs, args.seed, args.chars, reports))
    from build_scripts import cache

    cache.CACHE_DIR = Path(tempfile.mkdtemp(prefix="duizhao-bench-cache-"))  # cold: every record made in this run
    cpu_started = cpu_seconds()
    try:
        infos, records, parts, records_seconds, phases = records_of(docs, glossary, args.workers)
    finally:
        shutil.rmtree(cache.CACHE_DIR, ignore_errors=True)
    records_cpu = cpu_seconds() - cpu_started
    text_bytes = sum(len(r.text.encode("utf-8")) for r in records)
    text_chars = sum(len(r.text) for r in records)
    years = sorted({d.year for d in docs})
    print(f"archive: {len(docs)} documents, {len(records)} blocks, {text_chars:,} characters; records "
          f"{records_seconds:.1f} s on {args.workers} process(es) ("
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items()) + ")", file=sys.stderr)

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    rows = {}
    for name in backends:
        folder = base / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        t0, cpu0 = time.perf_counter(), cpu_seconds()
        meta = write_index(folder, infos, iter(records), glossary, backend=name,
                           parts=parts if name == "sqlite" else None)
        seconds = time.perf_counter() - t0
        rows[name] = {"write": seconds, "build": records_seconds + seconds, "bytes": folder_size(folder),
                      "cpu": cpu_seconds() - cpu0,
                      "index": SearchIndex(folder, glossary=glossary, meta=meta, backend=open_backend(folder, meta))}
        print(f"{name}: built in {seconds:.1f} s + records", file=sys.stderr)
    t0 = time.perf_counter()
    scan_meta = {"documents": [i.to_dict() for i in infos]}
    scan = SearchIndex(base, glossary=glossary, meta=scan_meta, backend=ScanBackend(infos, records))
    rows["scan"] = {"write": time.perf_counter() - t0, "build": records_seconds + time.perf_counter() - t0,
                    "bytes": None, "index": scan}

    per_query, mismatches = run_queries(rows, scan, args.repeat)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    build = {name: f"{row['build']:.1f} s ({records_seconds:.1f} + {row['write']:.1f})" for name, row in rows.items()}
    out = [f"## {args.docs:,} documents from the national reports (seed {args.seed})", "",
           f"Years {years[0]}–{years[-1]} ({len(set(years))} distinct), {text_chars:,} characters. Build = records "
           f"(annotation, jieba words, pinyin, traditional text, and the sqlite index's per-block parts, made from "
           f"an empty cache on {args.workers} process(es) as `duizhao build` makes them: shared by every backend) + "
           f"the backend's files (wall-clock time).", "",
           "Records: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items())
           + f" (wall clock); processor time {records_cpu:.1f} s (every process). Backend files, processor time: "
           + ", ".join(f"{name} {row['cpu']:.1f} s" for name, row in rows.items() if "cpu" in row) + ".", ""]
    out += report_lines(args, argv, rows, per_query, mismatches, text_bytes, len(records), len(docs), build)
    print("\n".join(out))
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
