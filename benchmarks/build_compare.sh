#!/usr/bin/env bash
# The build benchmark's three runs (cold: empty cache; warm: nothing changed; one page changed) for the tree at $1,
# built from that tree with this checkout's .venv, in that tree's own build/cache, site/ and search_index/: run it on
# two trees in turn (e.g. a `git worktree add --detach /tmp/old <commit>` and this checkout) to compare them under
# the same load. The one-page change is build_benchmark.sh's.
#   bash benchmarks/build_compare.sh /tmp/old; bash benchmarks/build_compare.sh "$PWD"   (and again, alternating)
set -euo pipefail
python="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python"
cd "$1"
page=source_texts/national-gwr/gwr-2024.txt
trap 'git checkout -q -- "$page"' EXIT
name=$(git rev-parse --short HEAD)
"$python" -m compileall -q build_scripts  # as ./setup does: the tree's bytecode, not compiled on each run
run() {
  local TIMEFORMAT="== $name $1: %R s wall, %U s user + %S s sys CPU (load average $(cut -d' ' -f1-3 /proc/loadavg) at the start)"
  time { PYTHONPATH="$PWD" "$python" -P -m build_scripts build > /dev/null 2>&1; }
}
rm -rf build/cache search_index
run "cold (empty cache)"
run "warm (nothing changed)"
awk 'done == 0 && /。$/ && ++n == 40 { $0 = $0 "新增一句用于测量增量构建。"; done = 1 } { print }' "$page" > "$page.new"
mv "$page.new" "$page"
run "one page changed"
