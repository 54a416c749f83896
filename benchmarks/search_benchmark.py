"""Search benchmark: a synthetic archive of N pages made from the seed page, indexed with Whoosh, and a fixed
query set run through the index and through a brute-force scan of every block in the same run.

    PYTHONPATH=. python benchmarks/search_benchmark.py              # 1,000 pages (about 15 minutes on 2 cores)
    PYTHONPATH=. python benchmarks/search_benchmark.py --pages 20   # a quick run

Each synthetic page has the seed page's structure (headings, anchors, metadata with its own id and page
number); each paragraph has as many sentences as the seed paragraph it replaces, drawn from all the seed's
sentences with random.Random(seed, page): the same command gives the same archive. The brute-force scan is
written here, apart from the index and its checks (build_scripts/search/query.py): plain substring search of
the text (and of its OpenCC s2t form), a regular expression over the per-character syllables, the glossary's
English map. Every query's hits (document, anchor, offsets) from the index must equal the scan's: any mismatch
is printed and the exit code is 1.

Prints a Markdown report (command, machine, date, figures) for benchmarks/RESULTS.md.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_PAGE = ROOT / "source_texts" / "lvliang-2020-gwr" / "lvliang-2020-gwr-page2.ocr.txt"

QUERIES = [
    ("chinese", "三大攻坚战"), ("chinese", "脱贫攻坚"), ("chinese", "攻坚"), ("chinese", "转型发展"),
    ("chinese", "吕梁"), ("chinese", "的"), ("chinese", "高质量发展"), ("chinese", "“六保”"),
    ("chinese", "5G"), ("chinese", "绿色煤化工产业"),
    ("traditional", "三大攻堅戰"), ("traditional", "轉型發展"), ("traditional", "脫貧攻堅"),
    ("pinyin", "sandagongjianzhan"), ("pinyin", "tuo pin"), ("pinyin", "tuo1pin2"), ("pinyin", "lvliang"),
    ("pinyin", "gāo zhìliàng"),
    ("english", "three critical battles"), ("english", "six priorities"), ("english", "fight against poverty"),
    ("english", "poverty"),
    ("boolean", "脱贫 AND 攻坚"), ("boolean", "攻坚 NOT 脱贫"), ("boolean", "三大攻坚战 OR 六保"),
    ("boolean", "(脱贫 OR 六保) 攻坚"), ("boolean", "吕梁 转型 NOT 煤"),
]


# ---- the synthetic archive -----------------------------------------------------------------------------

def synthetic_docs(pages: int, seed: int):
    """Yield `pages` documents in the seed's model, paragraphs made of permuted seed sentences."""
    import random

    from build_scripts.chars import split_sentences
    from build_scripts.pipeline import parse_file

    template = parse_file(SEED_PAGE)
    pool = [s for b in template.paragraphs() for s in (b.sentences or split_sentences(b.text))]
    for page in range(1, pages + 1):
        rng = random.Random(seed * 1_000_003 + page)
        doc = copy.deepcopy(template)
        doc.id = f"bench-{page:04d}"
        doc.metadata = copy.deepcopy(template.metadata)
        doc.metadata["id"] = doc.id
        doc.metadata.setdefault("publication", {})["page"] = page
        doc.edits, doc.raw_lines = [], []
        for block in doc.paragraphs():
            sentences = rng.sample(pool, max(1, len(block.sentences)))
            block.sentences, block.text, block.topic = sentences, "".join(sentences), None
            block.occurrences = []
        yield doc


# ---- the brute-force scan ------------------------------------------------------------------------------

class Scan:
    """Every block in memory; each query answered by looking at every block."""

    def __init__(self, glossary):
        from whoosh.analysis import StemmingAnalyzer

        from build_scripts.search.records import english_map

        self.blocks: list[tuple] = []  # (doc order, order, doc, anchor, text, lowered, trad, items, terms, en)
        self.english = english_map(glossary)
        self.analyzer = StemmingAnalyzer(stoplist=None, minsize=1)
        self._words: dict[str, list[str]] = {}

    def add(self, doc_order: int, record) -> None:
        items = " ".join(f"{r[0]}{r[1]}" if r else "_" for r in record.readings)
        self.blocks.append((doc_order, record.order, record.doc_id, record.anchor, record.text, record.text.lower(),
                            record.traditional, items, record.occurrences, record.english_terms))

    # a leaf: {(block number, start, end)}
    @staticmethod
    def _latin(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    def substring(self, needle: str, traditional: bool = False) -> set:
        found = set()
        lowered = needle.lower()
        guard = self._latin(needle[0]) or self._latin(needle[-1])
        pattern = re.compile(("(?<![a-z0-9])" if self._latin(needle[0]) else "") + re.escape(lowered)
                             + ("(?![a-z0-9])" if self._latin(needle[-1]) else "")) if guard else None
        for n, b in enumerate(self.blocks):
            hay = b[6] if traditional else b[5]
            if lowered not in hay:
                continue
            if pattern is None:
                start = hay.find(lowered)
                while start != -1:
                    found.add((n, start, start + len(needle)))
                    start = hay.find(lowered, start + 1)
            else:
                for start in range(len(hay)):  # overlapping matches too
                    m = pattern.match(hay, start)
                    if m:
                        found.add((n, m.start(), m.end()))
        return found

    def pinyin(self, reading) -> set:
        parts = [re.escape(base) + (str(tone) if tone else "[1-5]") for base, tone in reading]
        pattern = re.compile(r"(?:(?<= )|^)(?=(" + " ".join(parts) + r")(?: |$))")
        found = set()
        first = reading[0][0]
        for n, b in enumerate(self.blocks):
            items = b[7]
            if first not in items:
                continue
            for m in pattern.finditer(items):
                start = items.count(" ", 0, m.start())
                found.add((n, start, start + len(reading)))
        return found

    def english_words(self, text: str) -> list[str]:
        words = self._words.get(text)
        if words is None:
            words = self._words[text] = [t.text for t in self.analyzer(text)]
        return words

    def free_english(self, text: str) -> set:
        stems = self.english_words(text)
        found = set()
        for n, b in enumerate(self.blocks):
            terms = {tid for tid, texts in b[9].items() for t in texts
                     if _contains_run(self.english_words(t), stems)}
            for start, end, tid in b[8]:
                if tid in terms:
                    found.add((n, start, end))
        return found

    def leaf(self, text: str) -> set:
        from build_scripts.terms.glossary import _converter
        from build_scripts.search.records import english_key
        from build_scripts.search.syllables import query_readings
        from build_scripts.search.text import has_han

        if has_han(text):
            simplified = _converter("t2s").convert(text)
            found = self.substring(text) | self.substring(simplified)
            if simplified != text:
                found |= self.substring(text, traditional=True)
            return found
        found = self.substring(text)
        for reading in query_readings(text):
            found |= self.pinyin(reading)
        for entry in self.english.get(english_key(text), []):
            for form in dict.fromkeys(entry.forms):
                found |= self.substring(form)
        return found | self.free_english(text)

    def search(self, query: str) -> list[tuple]:
        from build_scripts.search.parse import Leaf, iter_leaves, parse

        tree = parse(query)
        leaves = list(iter_leaves(tree))
        spans = {id(leaf): self.leaf(leaf.text) for leaf in leaves}

        def blocks_of(node) -> set:
            if isinstance(node, Leaf):
                return {n for n, _, _ in spans[id(node)]}
            if node.op == "NOT":
                return set(range(len(self.blocks))) - blocks_of(node.children[0])
            sets = [blocks_of(c) for c in node.children]
            return set.intersection(*sets) if node.op == "AND" else set.union(*sets)

        hit_blocks = blocks_of(tree)
        by_block: dict[int, set] = {}
        for leaf in leaves:
            if not leaf.negated:
                for b, s, e in spans[id(leaf)]:
                    if b in hit_blocks:
                        by_block.setdefault(b, set()).add((s, e))
        hits = []
        for n in hit_blocks:
            ranges = sorted(by_block.get(n, ()), key=lambda r: (r[0], -r[1]))
            merged: list[list[int]] = []
            for s, e in ranges:
                if merged and s < merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([s, e])
            b = self.blocks[n]
            hits += [(b[0], b[1], b[2], b[3], s, e) for s, e in merged]
        return [h[2:] for h in sorted(hits)]


def _contains_run(words: list[str], stems: list[str]) -> bool:
    return any(words[i:i + len(stems)] == stems for i in range(len(words) - len(stems) + 1))


# ---- running -------------------------------------------------------------------------------------------

def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="synthetic pages (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the archive (default 0)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query through Whoosh (default 5)")
    parser.add_argument("--scan-repeat", type=int, default=1, help="timed runs of each query by scan (default 1)")
    parser.add_argument("--keep", metavar="DIR", help="build the index in DIR and keep it (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("--pages must be 1 or more")

    os.chdir(ROOT)
    from build_scripts.terms.annotate import annotate, matcher_for
    from build_scripts.terms.glossary import load_glossary
    from build_scripts.search.index import folder_size, write_index
    from build_scripts.search.query import SearchIndex
    from build_scripts.search.records import block_records, doc_info

    glossary = load_glossary()
    matcher = matcher_for(glossary)
    scan = Scan(glossary)
    infos = []
    counts = {"blocks": 0, "chars": 0}
    timing = {"annotate": 0.0, "records": 0.0}

    def records():
        for order, doc in enumerate(synthetic_docs(args.pages, args.seed)):
            t0 = time.perf_counter()
            annotate(doc, glossary, matcher)
            t1 = time.perf_counter()
            info = doc_info(doc, order)
            infos.append(info)
            made = block_records(doc, info, glossary, {})
            timing["annotate"] += t1 - t0
            timing["records"] += time.perf_counter() - t1
            for record in made:
                scan.add(order, record)
                counts["blocks"] += 1
                counts["chars"] += len(record.text)
                yield record

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    write_index(folder, infos, records(), glossary)
    build_seconds = time.perf_counter() - started
    size = folder_size(folder)
    print(f"built {counts['blocks']} blocks in {build_seconds:.1f} s", file=sys.stderr)

    # Cold start, as a one-shot `duizhao search` pays it: open the index and answer one query, against loading
    # the scan's corpus (text, traditional text, readings) from a JSON file and answering the same query.
    corpus = folder.parent / (folder.name + "-scan.json")
    corpus.write_text(json.dumps([[b[2], b[3], b[4], b[6], b[7]] for b in scan.blocks], ensure_ascii=False),
                      encoding="utf-8")
    t0 = time.perf_counter()
    with SearchIndex(folder, glossary=glossary) as cold:
        cold.search("三大攻坚战", suggest=False)
    cold_whoosh = time.perf_counter() - t0
    t0 = time.perf_counter()
    loaded = json.loads(corpus.read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    sum(1 for b in loaded if "三大攻坚战" in b[2])
    cold_scan, cold_load = time.perf_counter() - t0, t1 - t0
    corpus_size = corpus.stat().st_size
    corpus.unlink()
    del loaded

    rows, whoosh_all, scan_all, mismatches = [], [], [], []
    with SearchIndex(folder, glossary=glossary) as index:
        index.search("三大攻坚战", suggest=False)  # warm up: jieba, OpenCC, the glossary's English map
        scan.search("三大攻坚战")
        for kind, query in QUERIES:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = index.search(query, suggest=False)
                times.append(time.perf_counter() - t0)
            scan_times = []
            for _ in range(args.scan_repeat):
                t0 = time.perf_counter()
                expected = scan.search(query)
                scan_times.append(time.perf_counter() - t0)
            got = [(h.doc_id, h.anchor, h.start, h.end) for h in result.hits if h.field == "text"]
            if got != expected:
                mismatches.append((query, len(got), len(expected), sorted(set(got) ^ set(expected))[:3]))
            whoosh_all += times
            scan_all += scan_times
            rows.append((kind, query, len(got), len({(d, a) for d, a, _, _ in got}), statistics.median(times),
                         statistics.median(scan_times)))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)

    command = "PYTHONPATH=. python benchmarks/search_benchmark.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    date = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    p50, p95 = percentile(whoosh_all, 0.5), percentile(whoosh_all, 0.95)
    s50, s95 = percentile(scan_all, 0.5), percentile(scan_all, 0.95)
    out = [
        f"## {args.pages} pages (seed {args.seed})", "",
        f"- command: `{command}`",
        f"- machine: nproc {os.cpu_count()}, Python {platform.python_version()} ({platform.platform()})",
        f"- date: {date}", "",
        f"| archive | |", "|---|---|",
        f"| pages (documents) | {args.pages:,} |",
        f"| blocks (paragraphs and headings) | {counts['blocks']:,} |",
        f"| characters | {counts['chars']:,} |",
        f"| index build time | {build_seconds:.1f} s (annotate {timing['annotate']:.1f} s, records: jieba, pinyin, "
        f"OpenCC {timing['records']:.1f} s, Whoosh {build_seconds - timing['annotate'] - timing['records']:.1f} s) |",
        f"| index size on disk | {size / 1e6:.1f} MB ({size / max(1, counts['chars']):.1f} bytes per character) |",
        "",
        f"| latency over {len(QUERIES)} queries | p50 | p95 |", "|---|---|---|",
        f"| Whoosh (`SearchIndex.search`: parse, index, checks, KWIC; {args.repeat} runs each) | "
        f"{p50 * 1000:.1f} ms | {p95 * 1000:.1f} ms |",
        f"| brute-force scan ({args.scan_repeat} run{'s' if args.scan_repeat != 1 else ''} each) | "
        f"{s50 * 1000:.1f} ms | {s95 * 1000:.1f} ms |",
        f"| ratio scan / Whoosh | {s50 / p50:.1f}× | {s95 / p95:.1f}× |", "",
        f"Cold start (one query in a fresh process's view: open, load, answer 三大攻坚战): Whoosh "
        f"{cold_whoosh * 1000:.0f} ms; scan {cold_scan * 1000:.0f} ms, of which {cold_load * 1000:.0f} ms loading "
        f"its {corpus_size / 1e6:.1f} MB corpus (text, traditional text, readings as JSON).", "",
        "| kind | query | hits | blocks | Whoosh (median) | scan (median) |", "|---|---|---|---|---|---|",
    ]
    out += [f"| {k} | {q} | {h:,} | {b:,} | {w * 1000:.1f} ms | {s * 1000:.1f} ms |" for k, q, h, b, w, s in rows]
    out += ["", f"Exactness: {len(QUERIES) - len(mismatches)} of {len(QUERIES)} queries give the same hits "
                f"(document, anchor, offsets) through Whoosh as by scan."]
    for query, n_got, n_expected, sample in mismatches:
        out.append(f"- MISMATCH {query}: Whoosh {n_got} hits, scan {n_expected}; e.g. {sample}")
    print("\n".join(out))
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
