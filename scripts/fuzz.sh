#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, starting from its committed seed
# corpus (fuzz/corpus/<target>/). New inputs go to fuzz/work/ (not committed). Fails on the
# first crash, leak or timeout; the reproducer is left as crash-*/leak-*/timeout-* in fuzz/work.
set -euo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR SECONDS}
seconds=${2:?usage: fuzz.sh BUILD_DIR SECONDS}
status=0
for target in "$build"/*_fuzz; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  work=fuzz/work/$name
  mkdir -p "$work" "fuzz/corpus/$name"
  echo "== fuzzing $name for ${seconds}s"
  if ! ( cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$OLDPWD/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 . "$OLDPWD/fuzz/corpus/$name" 2>"fuzz.log" ); then
    echo "FUZZ FAILURE in $name: see $work/fuzz.log"; tail -40 "$work/fuzz.log"; status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/fuzz.log" | sed 's/^/   /'
  fi
done
exit $status
