#!/usr/bin/env bash
# Retrains every shipped model under data/models/ from ../shared. Each model has its own
# script under scripts/models/ (called with the dyad binary and the shared directory).
set -euo pipefail
dyad=${1:?usage: build-models.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: build-models.sh DYAD_BINARY SHARED_DIR}
[ -d "$shared/data" ] || { echo "build-models: $shared/data not found" >&2; exit 1; }
for script in scripts/models/*.sh; do
  echo "== $script"
  bash "$script" "$dyad" "$shared"
done
