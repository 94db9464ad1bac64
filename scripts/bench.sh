#!/usr/bin/env bash
# `make bench`: codes the real-news corpus single-threaded and prints throughput and peak RSS,
# times `dyad code` with 1 thread and with all cores, then runs the Google Benchmark micro-benchmarks.
set -euo pipefail
build=${1:?usage: bench.sh BUILD_DIR SHARED_DIR}
shared=${2:?usage: bench.sh BUILD_DIR SHARED_DIR}
corpus=("$shared"/corpus/*.jsonl)
[ -f "${corpus[0]}" ] || { echo "bench: no corpus under $shared/corpus" >&2; exit 1; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
"$build/dyad" bench "${corpus[@]}"
# Thread scaling of `dyad code` (reading, coding and writing the corpus), 1 thread vs all cores.
cores=$(nproc)
if [ "$cores" -gt 1 ]; then
  echo "== dyad code --threads 1 vs --threads $cores (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  declare -A wall
  for threads in 1 "$cores"; do
    start=$(date +%s.%N)
    "$build/dyad" code --quiet --threads "$threads" "${corpus[@]}" -o /dev/null 2>/dev/null || [ $? -eq 3 ]  # 3: some records rejected
    wall[$threads]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    printf 'threads %d: %.2f s\n' "$threads" "${wall[$threads]}"
  done
  awk -v one="${wall[1]}" -v all="${wall[$cores]}" -v n="$cores" 'BEGIN { printf "scaling 1 -> %d threads: %.2fx\n", n, one / all }'
fi
if [ -x "$build/dyad_bench" ]; then
  echo "== micro-benchmarks"
  "$build/dyad_bench" --benchmark_min_time=0.2
fi
