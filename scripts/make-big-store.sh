#!/usr/bin/env bash
# Builds an event store of at least TARGET events (default 1,000,000) for load and API latency
# tests, by coding the evaluation corpus again and again under distinct document-id prefixes
# (r1-, r2-, ...). Re-running it on an existing store continues where it stopped.
#
#   scripts/make-big-store.sh [STORE_URL] [TARGET]     e.g. scripts/make-big-store.sh big.db
#
# Environment: DYAD (binary, default build/dyad), CORPUS (directory of .jsonl files, default
# ../shared/corpus), THREADS (coding threads, default all cores). The store is a test artefact:
# never commit it (it holds the corpus text).
set -euo pipefail

STORE=${1:-big.db}
TARGET=${2:-1000000}
DYAD=${DYAD:-build/dyad}
CORPUS=${CORPUS:-../shared/corpus}
THREADS=${THREADS:-0}
LOG=${LOG:-make-big-store.log}

shopt -s nullglob
inputs=("$CORPUS"/*.jsonl)
if [ ${#inputs[@]} -eq 0 ]; then
  echo "make-big-store: no .jsonl files in $CORPUS" >&2
  exit 1
fi
corpus_documents=$(cat "${inputs[@]}" | grep -c .)

count() {  # prints "documents events" of the store, "0 0" when it does not exist yet
  local stats
  if stats=$("$DYAD" stats --db "$STORE" 2>/dev/null); then
    echo "$stats" | sed -E 's/.*"documents": *([0-9]+).*"events": *([0-9]+).*/\1 \2/'
  else
    echo "0 0"
  fi
}

read -r documents events < <(count)
pass=$((documents / corpus_documents))
while [ "$events" -lt "$TARGET" ]; do
  pass=$((pass + 1))
  start=$(date +%s.%N)
  # Per-record warnings (overlong sentences) go to the log, not the terminal.
  if [ "$THREADS" -gt 0 ]; then threads=(-j "$THREADS"); else threads=(); fi
  "$DYAD" code -q --db "$STORE" --db-only --id-prefix "r$pass-" "${threads[@]}" "${inputs[@]}" 2>>"$LOG"
  read -r documents events < <(count)
  printf 'pass %d: %d documents, %d events (%.1f s)\n' "$pass" "$documents" "$events" \
    "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
done
echo "store $STORE: $documents documents, $events events"
