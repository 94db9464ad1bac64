#!/usr/bin/env bash
# Retrains every shipped model under data/models/ from ../shared. Each model has its own
# script under scripts/models/ (called with the dyad binary and the shared directory). The
# order matters: the parser and the NER use the tagger's predictions.
set -euo pipefail
dyad=${1:?usage: build-models.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: build-models.sh DYAD_BINARY SHARED_DIR}
[ -d "$shared/data" ] || { echo "build-models: $shared/data not found" >&2; exit 1; }
for model in tagger parser ner; do
  echo "== scripts/models/$model.sh"
  bash "scripts/models/$model.sh" "$dyad" "$shared"
done
