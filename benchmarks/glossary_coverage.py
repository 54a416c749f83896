"""The glossary's coverage of the national reports, before and after a change to it.

    .venv/bin/python benchmarks/glossary_coverage.py [--before GIT-REV] [--corpus JSONL] > benchmarks/GLOSSARY_COVERAGE.md

Quoted expressions are the strings of 2–16 characters between “ ” (or 「 」) in the 52 reports of the corpus
(the 1954 report converted to simplified characters with OpenCC t2s). An expression is covered when it is a
printed form of a glossary term (the term or a variant, quotation marks ignored, as the annotator matches).
Shares are given over every occurrence and over distinct expressions. The glossary "before" is the one at
GIT-REV (default: the commit this branch started from), read from git into a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.chinese_script import converter  # noqa: E402
from build_scripts.terms.glossary import match_key, read_glossary  # noqa: E402

CORPUS = Path("/work/shared/corpora/national-gwr/government_work_reports.jsonl")
QUOTED = re.compile(r"[“「]([^“”「」\n]{2,16})[”」]")
BASE = "a4801f7"  # the commit issue 13 started from


def quoted_expressions(corpus: Path) -> Counter:
    t2s = converter("t2s")
    found: Counter = Counter()
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record.get("year"):
            continue  # the NPC resolutions on the reports
        for m in QUOTED.finditer(t2s.convert(record["content"])):
            found[match_key(m.group(1))] += 1
    return found


def glossary_at(rev: str, folder: Path) -> Path:
    files = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:source_texts/glossary"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    for name in files:
        if name.endswith(".yml"):
            text = subprocess.run(["git", "show", f"{rev}:source_texts/glossary/{name}"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def form_keys(glossary) -> set[str]:
    return {match_key(converter("t2s").convert(form)) for t in glossary for form in t.forms}


def coverage(glossary, expressions: Counter) -> dict:
    keys = form_keys(glossary)
    covered = {e: n for e, n in expressions.items() if e in keys}
    return {"terms": len(glossary), "verified": sum(1 for t in glossary if t.status == "verified"),
            "occurrences": sum(covered.values()), "distinct": len(covered)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BASE, help=f"git revision of the glossary before (default {BASE})")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    expressions = quoted_expressions(args.corpus)
    total, distinct = sum(expressions.values()), len(expressions)
    with tempfile.TemporaryDirectory() as tmp:
        before = coverage(read_glossary(glossary_at(args.before, Path(tmp))), expressions)
    current = read_glossary(ROOT / "source_texts" / "glossary")
    after = coverage(current, expressions)
    print("# Glossary coverage of the national reports\n")
    print(f"Command: `.venv/bin/python benchmarks/glossary_coverage.py --before {args.before}`\n")
    print(f"Corpus: {args.corpus.name}, 52 reports 1954–2025: {total} quoted expressions "
          f"(“…” of 2–16 characters), {distinct} distinct.\n")
    print("| glossary | entries | verified | quoted occurrences that are terms | distinct quoted expressions that are terms |")
    print("|---|---:|---:|---:|---:|")
    for name, row in ((f"before ({args.before})", before), ("after (this tree)", after)):
        print(f"| {name} | {row['terms']} | {row['verified']} | {row['occurrences']} / {total} = "
              f"{row['occurrences'] / total:.1%} | {row['distinct']} / {distinct} = {row['distinct'] / distinct:.1%} |")
    keys = form_keys(current)
    missing = Counter({e: n for e, n in expressions.items() if e not in keys})
    print("\nThe most frequent quoted expressions still not glossary terms (many are ordinary words in scare quotes, "
          "titles, or parts of longer formulas):\n")
    print(", ".join(f"{e} ({n})" for e, n in missing.most_common(40)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
