#!/usr/bin/env bash
# Rebuilds data/dict/actors.bin and data/dict/events.bin from the Phoenix/PETRARCH dictionaries
# in SHARED_DIR plus dyad's own supplementary tables under data/dictionaries/.
# Usage: scripts/data/dictionaries.sh DYAD_BINARY SHARED_DIR   (run from the repository root)
set -euo pipefail
dyad=${1:?usage: dictionaries.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: dictionaries.sh DYAD_BINARY SHARED_DIR}
dicts="$shared/data/event-dictionaries"
own=data/dictionaries
"$dyad" dict compile \
  --actors "$dicts/Phoenix.Countries.actors.txt" \
  --actors "$dicts/Phoenix.International.actors.txt" \
  --actors "$dicts/Phoenix.MilNonState.actors.txt" \
  --actors "$own/dyad.supplement.actors.txt" \
  --nationalities "$shared/data/countries/countries.csv" \
  --agents "$dicts/Phoenix.agents.txt" \
  --agents "$own/dyad.supplement.agents.txt" \
  --verbs "$dicts/CAMEO.2.0.txt" \
  --verbs "$own/dyad.supplement.verbs.txt" \
  --discards "$dicts/Phoenix.discards.txt" \
  --plover "$shared/data/plover/CAMEO2PLOVER-2021.txt" \
  --goldstein "$own/cameo.goldstein.txt" \
  --iso-countries "$shared/data/countries/iso_3166-1.json" \
  --iso-historic "$shared/data/countries/iso_3166-3.json" \
  --legacy-countries "$own/cameo.legacy-countries.txt" \
  --out-dir data/dict
