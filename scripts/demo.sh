#!/usr/bin/env bash
# `make demo`: codes the bundled examples and, when available, the showcase article, and
# prints the events in readable form.
set -euo pipefail
dyad=${1:?usage: demo.sh DYAD_BINARY [SHOWCASE_FILE]}
showcase=${2:-}
echo "== dyad $("$dyad" --version | awk '{print $2}'): coding examples/ (readable form; JSONL with --format jsonl)"
for f in examples/*.txt; do
  echo
  echo "## $f"
  "$dyad" code --quiet --format text --date 2024-03-12 "$f"
done
echo
echo "## examples/wire.jsonl"
"$dyad" code --quiet --format text examples/wire.jsonl
if [ -n "$showcase" ] && [ -f "$showcase" ]; then
  echo
  echo "## showcase article: $showcase (published 2021-07-08; reader comments excluded)"
  "$dyad" code --format text --date 2021-07-08 "$showcase"
fi
