#!/usr/bin/env bash
# Retrains data/models/tagger.bin (POS tagger + lemmatizer) from UD English-EWT:
# train split for training, dev split for picking the epoch. The test split is never used here.
# Usage: scripts/models/tagger.sh DYAD_BINARY SHARED_DIR   (deterministic: fixed seed)
set -euo pipefail
dyad=${1:?usage: tagger.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: tagger.sh DYAD_BINARY SHARED_DIR}
ewt="$shared/data/ud-english-ewt"
for split in train dev; do
  [ -f "$ewt/en_ewt-ud-$split.conllu" ] || { echo "tagger.sh: $ewt/en_ewt-ud-$split.conllu not found" >&2; exit 1; }
done
mkdir -p data/models
nice "$dyad" train tagger \
  --train "$ewt/en_ewt-ud-train.conllu" \
  --dev "$ewt/en_ewt-ud-dev.conllu" \
  --seed 1 --epochs 20 \
  -o data/models/tagger.bin
