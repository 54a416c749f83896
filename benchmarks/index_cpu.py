"""The search index process's CPU time after a one-page change: `duizhao build` with a paragraph of
source_texts/national-gwr/gwr-2024.txt edited (a marker given by the caller is added to it, so each run changes the
page anew), the page put back afterwards. Prints the index process's user + system CPU time, from its fork to its
end: on a shared machine, a better measure than its line's wall time.

Run from the repository root (a first build fills build/cache); to compare two trees, alternate them by PYTHONPATH,
and keep the cache from pruning the other tree's entries:

    DUIZHAO_CACHE_LIMIT_MB=100000 PYTHONPATH=. .venv/bin/python -P benchmarks/index_cpu.py run-1
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PAGE = Path("source_texts/national-gwr/gwr-2024.txt")
PARAGRAPH = "过去一年，是全面贯彻党的二十大精神的开局之年"


def main(mark: str) -> int:
    from build_scripts import build
    from build_scripts.cli import main as duizhao

    text = PAGE.read_text(encoding="utf-8")
    if PARAGRAPH not in text:
        raise SystemExit(f"{PAGE}: the paragraph to edit is not there")
    write_index = build._write_index

    def timed(*args):  # runs in the index process: its CPU time since the fork, at its end
        try:
            write_index(*args)
        finally:
            spent = os.times()
            print(f"index process: {spent.user + spent.system:.2f} s CPU ({mark})", file=sys.stderr, flush=True)

    build._write_index = timed
    PAGE.write_text(text.replace(PARAGRAPH, f"{PARAGRAPH}（{mark}）", 1), encoding="utf-8")
    try:
        return duizhao(["build"])
    finally:
        subprocess.run(["git", "checkout", "-q", "--", str(PAGE)], check=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "index-cpu"))
