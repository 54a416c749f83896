#!/usr/bin/env bash
# The build at archive scale: a cold build (empty cache), a warm one (nothing changed), and one after a single page
# changed (a paragraph of source_texts/national-gwr/gwr-2024.txt edited, put back afterwards).
# Run from the repository root after ./setup:  bash benchmarks/build_benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
page=source_texts/national-gwr/gwr-2024.txt
trap 'git checkout -q -- "$page"' EXIT
# Each run's wall time, and its CPU time (this process and its children: the pool, the index, both MkDocs builds),
# which says more than the wall time when other jobs share the cores; the load average when it starts.
run() {
  local TIMEFORMAT="== $1: %R s wall, %U s user + %S s sys CPU (load average $(cut -d' ' -f1-3 /proc/loadavg) at the start)"
  time { .venv/bin/duizhao build 2>&1 | grep -v '^ '; }
}
rm -rf build/cache search_index
run "cold (empty cache)"
run "warm (nothing changed)"
# one paragraph of the report's body edited in place, as a proofreader's correction would: the 40th line that ends
# a sentence gets one more sentence (a paragraph added or removed would renumber anchors that anchors.lock keeps)
awk 'done == 0 && /。$/ && ++n == 40 { $0 = $0 "新增一句用于测量增量构建。"; done = 1 } { print }' "$page" > "$page.new"
mv "$page.new" "$page"
git diff --stat -- "$page"
run "one page changed"
