#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, starting from its committed seed
# corpus (fuzz/corpus/<target>/), as many targets at once as there are cores. New inputs go to
# fuzz/work/ (not committed). Fails when any target finds a crash, leak or timeout; the
# reproducer is left as crash-*/leak-*/timeout-* in fuzz/work/<target>.
set -euo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR SECONDS}
seconds=${2:?usage: fuzz.sh BUILD_DIR SECONDS}
parallel=$(nproc)

# Fuzzes one target; its report goes to fuzz/work/<target>/report, its exit status is the result.
fuzz_one() {
  local target=$1 name work
  name=$(basename "$target")
  work=fuzz/work/$name
  if ( cd "$work" && ASAN_OPTIONS=detect_leaks=1 "$target" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 . "$OLDPWD/fuzz/corpus/$name" 2>"fuzz.log" ); then
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/fuzz.log" | sed 's/^/   /' >"$work/report"
  else
    { echo "FUZZ FAILURE in $name: see $work/fuzz.log"; tail -40 "$work/fuzz.log"; } >"$work/report"
    return 1
  fi
}

targets=()
for target in "$build"/*_fuzz; do
  [ -x "$target" ] || continue
  targets+=("$(realpath "$target")")
  mkdir -p "fuzz/work/$(basename "$target")" "fuzz/corpus/$(basename "$target")"
done
echo "== fuzzing ${#targets[@]} targets for ${seconds}s each, $parallel at a time"
declare -A pid_of
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  fuzz_one "$target" &
  pid_of[$target]=$!
done
status=0
for target in "${targets[@]}"; do
  wait "${pid_of[$target]}" || status=1
  echo "== $(basename "$target")"
  cat "fuzz/work/$(basename "$target")/report"
done
exit $status
