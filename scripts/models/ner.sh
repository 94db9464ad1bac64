#!/usr/bin/env bash
# Trains the named-entity recogniser data/models/ner.bin from ../shared:
# UNER English-EWT train (+ wikigold, MISC read as O; plus lower-cased copies and copies with
# names swapped for gazetteer names) with the UNER dev split for epoch selection, a gazetteer
# compiled from the Phoenix actor dictionaries, GeoNames and the Debian wamerican spelling
# list (common words vs. proper nouns), and POS-tag features. The development data is tagged
# with data/models/tagger.bin (build it first: scripts/models/tagger.sh); the training data
# with 5 jackknife taggers, each trained on UD English-EWT train without one fold of its
# sentences (fold = (words + bytes of the words) mod 5, as dyad::NerTaggerFold computes it),
# so that the training tags are as noisy as at run time.
# Usage: scripts/models/ner.sh DYAD_BINARY SHARED_DIR
set -euo pipefail
dyad=${1:?usage: ner.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: ner.sh DYAD_BINARY SHARED_DIR}
data=$shared/data
uner=$data/uner-english-ewt
ewt=$data/ud-english-ewt
dicts=$data/event-dictionaries
geo=$data/geonames
wordlist=/usr/share/dict/american-english
folds=5
[ -f "$wordlist" ] || { echo "ner.sh: $wordlist not found (apt-get install wamerican)" >&2; exit 1; }
[ -f data/models/tagger.bin ] || { echo "ner.sh: data/models/tagger.bin not found (run scripts/models/tagger.sh)" >&2; exit 1; }
mkdir -p data/models
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Jackknife taggers: tagger k is trained without the sentences of fold k.
LC_ALL=C awk -v K=$folds -v out="$work" '
  function flush(   k, f) {
    if (sentence == "") return
    f = total % K
    for (k = 0; k < K; k++) if (k != f) printf "%s\n", sentence > (out "/train-without-" k ".conllu")
    sentence = ""; total = 0
  }
  /^$/ { flush(); next }
  {
    sentence = sentence $0 "\n"
    if ($0 !~ /^#/) { split($0, column, "\t"); if (column[1] ~ /^[0-9]+$/) total += 1 + length(column[2]) }
  }
  END { flush() }' "$ewt/en_ewt-ud-train.conllu"
fold_taggers=()
for ((k = 0; k < folds; k++)); do
  nice "$dyad" train tagger --train "$work/train-without-$k.conllu" --dev "$ewt/en_ewt-ud-dev.conllu" \
    --seed 1 --epochs 8 -o "$work/tagger-$k.bin" 2> "$work/tagger-$k.log"
  fold_taggers+=(--fold-tagger "$work/tagger-$k.bin")
done

nice "$dyad" train ner \
  --train "$uner/en_ewt-ud-train.iob2" \
  --train "$data/ner-extra/wikigold/wikigold.conll.txt" \
  --drop-type MISC \
  --dev "$uner/en_ewt-ud-dev.iob2" \
  --tagger data/models/tagger.bin "${fold_taggers[@]}" \
  --gazetteer "phoenix:$dicts/Phoenix.Countries.actors.txt" \
  --gazetteer "phoenix:$dicts/Phoenix.International.actors.txt" \
  --gazetteer "phoenix-orgs:$dicts/Phoenix.MilNonState.actors.txt" \
  --gazetteer "geonames-cities:$geo/cities15000.txt" \
  --gazetteer "geonames-countries:$geo/countryInfo.tsv" \
  --gazetteer "geonames-admin1:$geo/admin1CodesASCII.txt" \
  --gazetteer "wordlist:$wordlist" \
  --lowercase-percent 20 --replace-percent 40 \
  --seed 1 --epochs 12 \
  -o data/models/ner.bin
