#!/usr/bin/env bash
# Trains the dependency parser (data/models/parser.bin) from UD English EWT (CC BY-SA 4.0):
# the train split with its gold tags for training, the dev split (gold tags) to pick the
# epoch. The test split is never used here. Deterministic (fixed seed).
# Usage: scripts/models/parser.sh DYAD_BINARY SHARED_DIR
set -euo pipefail
dyad=${1:?usage: parser.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: parser.sh DYAD_BINARY SHARED_DIR}
ewt="$shared/data/ud-english-ewt"
for split in train dev; do
  [ -f "$ewt/en_ewt-ud-$split.conllu" ] || { echo "parser.sh: $ewt/en_ewt-ud-$split.conllu not found" >&2; exit 1; }
done
mkdir -p data/models
nice "$dyad" train parser --train "$ewt/en_ewt-ud-train.conllu" --dev "$ewt/en_ewt-ud-dev.conllu" \
  -o data/models/parser.bin --seed 1 --epochs 20
