#!/usr/bin/env bash
# Rebuilds the compiled dictionaries and gazetteers under data/ from ../shared. Each data
# file has its own script under scripts/data/ (called with the dyad binary and the shared dir).
set -euo pipefail
dyad=${1:?usage: build-data.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: build-data.sh DYAD_BINARY SHARED_DIR}
[ -d "$shared/data" ] || { echo "build-data: $shared/data not found" >&2; exit 1; }
for script in scripts/data/*.sh; do
  echo "== $script"
  bash "$script" "$dyad" "$shared"
done
