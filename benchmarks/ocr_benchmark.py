"""OCR parser on pages it has never seen: boundary F1 and heading recall per layout feature, crashes, and
batch speed.

Pages come from tests/columngen.py, an independent generator that typesets the national government work
reports (/work/shared/corpora/national-gwr/) in newspaper columns of 16–28 characters with a random mix of
layout features, and keeps the ground truth. Offsets are counted in letters, digits and □ only, so the
parser's punctuation and spacing repairs do not move them.

Baseline in the same run: "every line that ends a sentence ends a paragraph" (the brute rule a reader
would try first), scored the same way.

    .venv/bin/python benchmarks/ocr_benchmark.py --pages 600
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_scripts.chars import ends_sentence  # noqa: E402
from build_scripts.errors import UserError  # noqa: E402
from build_scripts.ocr import lexicon  # noqa: E402
from build_scripts.ocr.reader import decode_page  # noqa: E402
from build_scripts.ocr.split import parse_page  # noqa: E402
from tests.columngen import FEATURES, boundaries, content_key, headings, load_reports, make_page  # noqa: E402


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = self.h_found = self.h_total = self.pages = self.flagged = 0

    def add(self, want: set, have: set, want_h: set, have_h: set, flagged: set = frozenset()):
        self.pages += 1
        self.tp += len(want & have)
        self.fp += len(have - want)
        self.fn += len(want - have)
        self.flagged += len((want ^ have) & flagged)
        self.h_total += len(want_h)
        self.h_found += len(want_h & have_h)

    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0

    def recall_h(self) -> str:
        return f"{self.h_found / self.h_total:.3f}" if self.h_total else "–"


def flagged_positions(doc) -> set[int]:
    """Content offsets of the boundaries decided on weak evidence (edits with a certainty: joins and breaks),
    which `duizhao parse --review` lists for a person to check."""
    starts, position = {}, 0
    for b in doc.blocks:
        if b.text is not None:
            starts[b.anchor] = position
            position += content_key(b.text)
    found = set()
    for e in doc.edits:
        if e.certainty is not None and e.kind in ("unwrap", "break") and e.anchor in starts:
            text = doc.block(e.anchor).text
            found.add(starts[e.anchor] + content_key(text[:e.offset]))
    return found


def baseline_blocks(text: str) -> list[tuple[str, str]]:
    blocks, current = [], ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        current += line
        if ends_sentence(line):
            blocks.append(("paragraph", current))
            current = ""
    if current:
        blocks.append(("paragraph", current))
    return blocks


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--show-worst", type=int, default=0, help="print the N pages with the lowest F1")
    args = ap.parse_args()

    reports = load_reports()
    pages = [make_page(reports, seed) for seed in range(args.pages)]
    t0 = time.perf_counter()
    lexicon.word_list_text()  # dictionaries load once per process, as in a batch
    load_s = time.perf_counter() - t0

    per_feature: dict[str, Score] = defaultdict(Score)
    overall, base = Score(), Score()
    crashes, refused, worst = [], [], []
    lines = 0
    t0 = time.perf_counter()
    parsed = []
    for seed, page in enumerate(pages):
        lines += sum(1 for line in page.text.split("\n") if line.strip())
        try:
            doc = parse_page(decode_page(page.text.encode("utf-8"), f"gen-{seed}.txt"), f"gen-{seed}", {})
        except UserError as err:
            refused.append((seed, str(err)))
            doc = None
        except Exception:  # noqa: BLE001 - a crash is what this benchmark counts
            crashes.append((seed, traceback.format_exc(limit=3)))
            doc = None
        parsed.append(doc)
    parse_s = time.perf_counter() - t0

    for seed, (page, doc) in enumerate(zip(pages, parsed)):
        truth = [(b.kind, b.text) for b in page.blocks]
        got = [(b.kind, b.text) for b in doc.blocks if b.text is not None] if doc else []
        want, have = boundaries(truth), boundaries(got)
        want_h, have_h = headings(truth), headings(got)
        flagged = flagged_positions(doc) if doc else set()
        overall.add(want, have, want_h, have_h, flagged)
        for feature in page.features:
            per_feature[feature].add(want, have, want_h, have_h, flagged)
        b = baseline_blocks(page.text)
        base.add(want, boundaries(b), want_h, set())
        page_f1 = Score()
        page_f1.add(want, have, want_h, have_h)
        worst.append((page_f1.f1(), seed))

    print(f"pages: {len(pages)} generated (seeds 0–{len(pages) - 1}), {lines} print lines; "
          f"crashes: {len(crashes)}; refused: {len(refused)}")
    print(f"dictionaries loaded once: {load_s:.2f} s")
    print(f"batch parse: {parse_s:.2f} s = {len(pages) / parse_s:.1f} pages/s, {lines / parse_s:.0f} lines/s (one core)")
    seed_page = Path(__file__).resolve().parent.parent / "source_texts/lvliang-2020-gwr/lvliang-2020-gwr-page2.ocr.txt"
    if seed_page.exists():
        from build_scripts.pipeline import parse_file

        t0 = time.perf_counter()
        parse_file(seed_page)
        print(f"seed page ({len(seed_page.read_text(encoding='utf-8').splitlines())} lines, dictionaries loaded): "
              f"{time.perf_counter() - t0:.2f} s")
    print()
    print("| feature | pages | boundaries | F1 | missed | invented | of the errors, flagged for review | heading recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for feature in FEATURES:
        s = per_feature.get(feature)
        if s:
            print(f"| {feature} | {s.pages} | {s.tp + s.fn} | {s.f1():.3f} | {s.fn} | {s.fp} | {s.flagged} | {s.recall_h()} |")
        else:
            print(f"| {feature} | 0 | 0 | – | – | – | – | – |")
    o = overall
    print(f"| **all pages** | {o.pages} | {o.tp + o.fn} | {o.f1():.3f} | {o.fn} | {o.fp} | {o.flagged} | {o.recall_h()} |")
    print(f"| baseline: sentence end = paragraph end | {base.pages} | {base.tp + base.fn} | {base.f1():.3f} | "
          f"{base.fn} | {base.fp} | – | – |")
    for seed, tb in crashes[:5]:
        print(f"\ncrash on seed {seed}:\n{tb}")
    for seed, err in refused[:5]:
        print(f"refused seed {seed}: {err}")
    for f1, seed in sorted(worst)[:args.show_worst]:
        print(f"worst: seed {seed} F1 {f1:.3f} features {sorted(pages[seed].features)}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
