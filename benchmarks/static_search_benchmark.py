"""Static search benchmark: what a browser query downloads and how long it takes, on a 1,000-document archive
made from the national reports (search_benchmark.py's archive maker: sampled, shuffled paragraphs, fixed seed).

    PYTHONPATH=. python benchmarks/static_search_benchmark.py               # 1,000 documents
    PYTHONPATH=. python benchmarks/static_search_benchmark.py --docs 50     # a quick run

It writes the site's search data both ways into a temporary folder served over HTTP:
- shards (build_scripts/search/shards.py) read by the page's engine (docs/assets/duizhao/search.js);
- the baseline: the whole archive in one script (the format before shards), read by the engine of that time
  (docs/assets/duizhao/search.js at BASELINE_COMMIT, from git).
Each query runs in a fresh page of Debian's chromium (Playwright) — nothing cached — asking for the first 20 hits
with exact totals, over HTTP (`duizhao serve`'s server, build_scripts/site/serve.py, in a process of its own as a
reader runs it) and again from file://; --repeat times each (the median is reported). Bytes are the files the page loaded (the shard names the engine asked for, sized on disk, and
checked against the page's performance entries); time is from the call to the answer. For shards the manifest
is loaded first (as the header box does when it gets focus) and counted in the bytes, not in the time; its own
load time is printed apart. A query is "equal" when its first 20 hits (document, anchor, field, offsets, reading,
context) and its totals (hits, blocks, paragraphs, headings, documents; by year and by document for shards) are
those of `SearchIndex.search` over the same archive (the brute-force scan backend, which every backend equals).
"""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_benchmark import QUERIES, archive_docs, load_reports  # noqa: E402

BASELINE_COMMIT = "2b0a7b4"  # the last engine reading the whole archive from one script
DATA = "assets/duizhao/data"
BYTE_TARGET, MS_TARGET = 1_000_000, 300
PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>bench</title>
<script src="assets/duizhao/{engine}"></script></head><body></body></html>"""


def write_site(folder: Path, data: dict) -> dict:
    """The shards and the baseline's one file; returns {shard name: bytes}."""
    from build_scripts.search.shards import shard_files, shard_scripts
    from build_scripts.site.reading_data import script

    t0 = time.perf_counter()
    files = shard_scripts(shard_files(data), f"{DATA}/search")
    seconds = time.perf_counter() - t0
    sizes = {}
    for path, source in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
        sizes[path[len(DATA) + len("/search/"):-3]] = target.stat().st_size
    (folder / DATA / "search.js").write_text(script("search", "archive", data), encoding="utf-8")
    shutil.copy(ROOT / "docs/assets/duizhao/search.js", folder / "assets/duizhao/search.js")
    old = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:docs/assets/duizhao/search.js"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    (folder / "assets/duizhao/old-search.js").write_text(old, encoding="utf-8")
    (folder / "index.html").write_text(PAGE.format(engine="search.js"), encoding="utf-8")
    (folder / "whole.html").write_text(PAGE.format(engine="old-search.js"), encoding="utf-8")
    return {"sizes": sizes, "seconds": seconds}


HIT = "h => [h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.left, h.match, h.right]"

SHARDED = """async q => {
  const resources = () => performance.getEntriesByType('resource').filter(e => e.name.includes('/data/search/'));
  let t0 = performance.now();
  const engine = await DZ.searchReady();
  const manifestMs = performance.now() - t0;
  const before = engine.shards().length;
  t0 = performance.now();
  const r = await engine.search(q, {limit: 20, suggest: false});
  const ms = performance.now() - t0;
  return {ms, manifestMs, names: ['manifest'].concat(engine.shards().slice(before)),
          entryBytes: resources().reduce((n, e) => n + e.encodedBodySize, 0),
          hits: r.hits.map(HIT), totals: r.totals, by_year: r.by_year, by_document: r.by_document, timing: r.timing};
}""".replace("HIT", HIT)

WHOLE = """async q => {
  const t0 = performance.now();
  await new Promise((resolve, reject) => { const s = document.createElement('script');
    s.src = 'assets/duizhao/data/search.js'; s.onload = resolve; s.onerror = reject; document.head.append(s); });
  const engine = DZ.searchEngine.createEngine(DZ.search.archive);
  const r = engine.search(q, {suggest: false});
  const ms = performance.now() - t0;
  const bytes = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/data/search.js'))
    .reduce((n, e) => n + e.encodedBodySize, 0);
  return {ms, bytes, hits: r.hits.slice(0, 20).map(HIT), totals: r.totals};
}""".replace("HIT", HIT)


def run_query(browser, url: str, query: str) -> dict:
    page = browser.new_page()
    page.goto(url)
    got = page.evaluate(SHARDED, query)
    page.close()
    return got


def median_run(runs: list[dict]) -> dict:
    """The run of median time (its phases with it)."""
    return sorted(runs, key=lambda r: r["ms"])[len(runs) // 2]


class ServeProcess(subprocess.Popen):
    """`duizhao serve`'s server (build_scripts/site/serve.py) on a free port, in a process of its own: as a reader
    runs it, not sharing a Python interpreter (and its lock) with the browser driver."""

    def __init__(self, folder: Path):
        code = ("import sys; from pathlib import Path; from build_scripts.site.serve import serve; "
                "serve(Path(sys.argv[1]), '127.0.0.1', 0)")
        super().__init__([sys.executable, "-c", code, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
        line = self.stdout.readline()  # "serving <site>/ at http://127.0.0.1:<port>/ …"
        self.port = int(line.split("http://127.0.0.1:")[1].split("/")[0])


def expected(index, query: str) -> dict:
    result = index.search(query, limit=20, suggest=False)
    return {"hits": [[h.doc_id, h.anchor, h.field, h.start, h.end, h.matched_as, h.left, h.match, h.right]
                     for h in result.hits],
            "totals": result.totals, "by_year": result.by_year, "by_document": result.by_document}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the archive (default 1000)")
    parser.add_argument("--chars", type=int, default=3000, help="characters per document, about (default 3000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the archive (default 0)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the whole-file baseline")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query and way; the median is reported "
                        "(default 3: the machine is shared)")
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    from playwright.sync_api import sync_playwright

    from build_scripts.search.backends import ScanBackend
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.records import build_records
    from build_scripts.search.site_data import site_search_data
    from build_scripts.terms.glossary import load_glossary
    from tests.site_support import CHROMIUM, CHROMIUM_ARGS

    glossary = load_glossary()
    docs = list(archive_docs(args.docs, args.seed, args.chars, load_reports()))
    t0 = time.perf_counter()
    data = site_search_data(docs, glossary, {})
    data_seconds = time.perf_counter() - t0
    infos, records = build_records(docs, glossary, {})
    index = SearchIndex(ROOT, glossary=glossary, meta={"documents": [i.to_dict() for i in infos]},
                        backend=ScanBackend(infos, records))
    chars = sum(len(r.text) for r in records)

    folder = Path(tempfile.mkdtemp(prefix="duizhao-static-"))
    written = write_site(folder, data)
    sizes = written["sizes"]
    whole_bytes = (folder / DATA / "search.js").stat().st_size
    manifest_bytes, total_shards = sizes["manifest"], sum(sizes.values())
    server = ServeProcess(folder)
    base = f"http://127.0.0.1:{server.port}/"
    rows, failures = [], 0
    load_before = os.getloadavg()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for kind, query in QUERIES:
                want = expected(index, query)
                runs, disk_runs = [], []
                for _ in range(args.repeat):
                    runs.append(run_query(browser, base + "index.html", query))
                    # the same from disk: no server between the page and the files
                    disk_runs.append(run_query(browser, (folder / "index.html").as_uri(), query))
                got, from_disk = median_run(runs), median_run(disk_runs)
                shard_bytes = sum(sizes[n] for n in got["names"])
                equal = all(r[k] == want[k] for r in runs + disk_runs for k in ("hits", "totals", "by_year", "by_document"))
                row = {"kind": kind, "query": query, "hits": want["totals"]["hits"], "files": len(got["names"]),
                       "bytes": shard_bytes, "entry_bytes": got["entryBytes"], "ms": got["ms"],
                       "manifest_ms": got["manifestMs"], "equal": equal, "disk_ms": from_disk["ms"],
                       "timing": got["timing"]}
                if not args.no_baseline:
                    page = browser.new_page()
                    page.goto(base + "whole.html")
                    old = page.evaluate(WHOLE, query)
                    page.close()
                    row.update(old_bytes=old["bytes"], old_ms=old["ms"],
                               old_equal=old["hits"] == want["hits"] and old["totals"] == want["totals"])
                failures += not equal
                rows.append(row)
                print(f"{query}: {shard_bytes:,} B {got['ms']:.0f} ms equal={equal} {got['timing']}", file=sys.stderr)
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)

    load_after = os.getloadavg()
    command = "PYTHONPATH=. python benchmarks/static_search_benchmark.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    out = [f"## {args.docs:,} documents from the national reports (seed {args.seed})", "",
           f"- command: `{command}`",
           f"- machine: nproc {os.cpu_count()}, Python {platform.python_version()} ({platform.platform()}), "
           f"{chromium} headless via Playwright; 2 cores shared with other jobs",
           f"- date: {date}",
           "- load average (1, 5, 15 min) before the queries: {:.2f}, {:.2f}, {:.2f}; after: {:.2f}, {:.2f}, {:.2f}"
           .format(*load_before, *load_after), "",
           f"{len(docs):,} documents, {len(records):,} blocks, {chars:,} characters. Search data (site_search_data, "
           f"records cached per document) {data_seconds:.1f} s; shards written in {written['seconds']:.1f} s: "
           f"{len(sizes):,} files, {total_shards / 1e6:.1f} MB in all, manifest {manifest_bytes / 1e3:.0f} KB. "
           f"The baseline's one file: {whole_bytes / 1e6:.1f} MB.", "",
           f"Per query, a fresh page, {args.repeat} run(s) each way, the median run shown: bytes = the manifest + the shards the query loaded (raw, as on disk; no "
           "compression assumed); ms = the query's answer (first 20 hits, exact totals), the manifest already in "
           "(its load: median {:.0f} ms). Baseline: the whole file loaded and parsed, the engine made, the query "
           "run — what a first query cost before.".format(statistics.median(r["manifest_ms"] for r in rows)), "",
           "| kind | query | hits | files | bytes | ms (HTTP) | of which postings / matching / records | ms (file://) "
           "| equal to CLI | baseline bytes | baseline ms | baseline equal |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        phases = " / ".join(f"{r['timing'][k]:.0f}" for k in ("postings", "matching", "records"))
        out.append(f"| {r['kind']} | {r['query']} | {r['hits']:,} | {r['files']} | {r['bytes']:,} | {r['ms']:.0f} | "
                   f"{phases} | {r['disk_ms']:.0f} | {'yes' if r['equal'] else 'NO'} | {r.get('old_bytes', 0):,} | {r.get('old_ms', 0):.0f} | "
                   f"{'yes' if r.get('old_equal') else 'no' if 'old_equal' in r else '—'} |")
    over_bytes = [r["query"] for r in rows if r["bytes"] > BYTE_TARGET]
    over_ms = [r["query"] for r in rows if r["ms"] > MS_TARGET]
    over_disk = [r["query"] for r in rows if r["disk_ms"] > MS_TARGET]
    mismatch_entries = [r["query"] for r in rows if r["entry_bytes"] != r["bytes"]]
    out += ["", f"Bytes: max {max(r['bytes'] for r in rows):,}, median {statistics.median(r['bytes'] for r in rows):,.0f}; "
            f"target ≤ {BYTE_TARGET:,}: " + (f"NOT met by {', '.join(over_bytes)}" if over_bytes else "met by every query"),
            f"Time: max {max(r['ms'] for r in rows):.0f} ms, median {statistics.median(r['ms'] for r in rows):.0f} ms; "
            f"target ≤ {MS_TARGET} ms: " + (f"NOT met by {', '.join(over_ms)}" if over_ms else "met by every query"),
            f"Time from disk (file://): max {max(r['disk_ms'] for r in rows):.0f} ms, median "
            f"{statistics.median(r['disk_ms'] for r in rows):.0f} ms; target ≤ {MS_TARGET} ms: "
            + (f"NOT met by {', '.join(over_disk)}" if over_disk else "met by every query"),
            f"Equal to the CLI: {sum(r['equal'] for r in rows)} of {len(rows)}.",
            "Performance entries (encodedBodySize) agree with the on-disk sizes for "
            f"{len(rows) - len(mismatch_entries)} of {len(rows)} queries" +
            (f" (not: {', '.join(mismatch_entries)})" if mismatch_entries else ".")]
    print("\n".join(out))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
