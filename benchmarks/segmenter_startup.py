"""CPU time from a process's start to its first segmented, pinyin-annotated paragraph: what a one-page rebuild pays
to start jieba and pypinyin. Each run is a fresh process; the trees given are run in turn, alternating.

    python benchmarks/segmenter_startup.py [--runs 5] TREE [TREE ...]

Each TREE is a checkout of this repository (run with `python -P`, PYTHONPATH=TREE, from TREE, so with its own
build/cache). A first, unmeasured run per tree makes what its cache keeps.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

PARAGRAPH = ("加快发展现代绿色煤化工产业。推动孝义、交城、汾阳等煤化工产业园区淘汰落后产能，向现代绿色高端化煤化工方向发展，"
             "向山上有环境容量和发展空间的离柳集中区等转移集聚。加快孝义鹏飞集团与美国 GCES公司合作的氢能综合利用产业园项目"
             "前期工作，推动交城宏特、孝义金州等煤焦油精深加工向炭材料方向延伸，大力发展高端精细化工产品，实现从“原料”到“材料”转变。")

# The child: the pinyin of the paragraph and its search readings, as a build's records ask for them.
CHILD = f"""
import hashlib, json, resource, time
from build_scripts.terms import pinyin
from build_scripts.search.syllables import char_syllables
written = pinyin.to_pinyin({PARAGRAPH!r})
words, readings = char_syllables({PARAGRAPH!r})
cpu = time.process_time()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"cpu": cpu, "rss_mb": rss / 1024,
                  "output": hashlib.sha256(repr((written, words, readings)).encode()).hexdigest()[:16]}}))
"""


def run(tree: str) -> dict:
    env = {**os.environ, "PYTHONPATH": tree}
    done = subprocess.run([sys.executable, "-P", "-c", CHILD], cwd=tree, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for tree in args.trees:
        run(tree)  # its cache made
    found: dict[str, list[dict]] = {tree: [] for tree in args.trees}
    for _ in range(args.runs):
        for tree in args.trees:
            found[tree].append(run(tree))
    for tree, runs in found.items():
        cpus = [r["cpu"] for r in runs]
        print(f"{tree}: CPU {' '.join(f'{c:.2f}' for c in cpus)} s; median {statistics.median(cpus):.2f} s; "
              f"max RSS {max(r['rss_mb'] for r in runs):.0f} MB; output {sorted({r['output'] for r in runs})}")


if __name__ == "__main__":
    main()
