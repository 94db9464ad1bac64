#!/usr/bin/env bash
# Installs the Debian 12 packages dyad needs to build and test. Idempotent: only missing
# packages are installed, and apt-get runs only when something is missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  nlohmann-json3-dev libcli11-dev libutf8proc-dev libpugixml-dev zlib1g-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  wamerican  # word list compiled into the NER model by scripts/models/ner.sh
  libsqlite3-dev libpq-dev postgresql          # event store (SQLite, PostgreSQL and its test server)
  libcpp-httplib-dev                           # dyad serve
  libgumbo-dev                                 # HTML and WARC ingestion
  libnats-dev nats-server                      # dyad submit / worker on NATS JetStream
  nodejs chromium wrk                          # web workbench build, its browser tests, API load test
)
# npm: Debian's package, unless an npm is already installed (e.g. bundled with a newer Node.js).
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing packages: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
