#!/usr/bin/env bash
# `make bench`: codes the real-news corpus single-threaded and prints throughput and peak RSS,
# then runs the Google Benchmark micro-benchmarks.
set -euo pipefail
build=${1:?usage: bench.sh BUILD_DIR SHARED_DIR}
shared=${2:?usage: bench.sh BUILD_DIR SHARED_DIR}
corpus=("$shared"/corpus/*.jsonl)
[ -f "${corpus[0]}" ] || { echo "bench: no corpus under $shared/corpus" >&2; exit 1; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
"$build/dyad" bench "${corpus[@]}"
if [ -x "$build/dyad_bench" ]; then
  echo "== micro-benchmarks"
  "$build/dyad_bench" --benchmark_min_time=0.2
fi
