#!/usr/bin/env bash
# Rebuilds data/geo/gazetteer.bin from GeoNames (cities15000, admin1 codes, country info;
# CC BY 4.0) and the country-name table in SHARED_DIR/data/countries.
set -euo pipefail
dyad=${1:?usage: gazetteer.sh DYAD_BINARY SHARED_DIR}
shared=${2:?usage: gazetteer.sh DYAD_BINARY SHARED_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
"$dyad" dict gazetteer --geonames "$shared/data/geonames" --countries "$shared/data/countries" \
  --output "$repo/data/geo/gazetteer.bin"
