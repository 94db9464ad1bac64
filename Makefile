# Front door for dyad. `make demo` and `make test` work on a fresh Debian 12 machine.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SHARED ?= ../shared
SHOWCASE := $(SHARED)/seed/000_6070be0b087e21bb.txt

FUZZ_SECONDS ?= 60
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

.PHONY: all deps web build demo test test-release test-sanitize fuzz bench data models clean

all: build

deps:
	@bash scripts/install-deps.sh

# The web workbench (web/dist, served by `dyad serve`): npm ci + vite build when its inputs changed.
web: deps
	@if [ ! -f web/dist/index.html ] || [ -n "$$(find web/index.html web/src web/package-lock.json web/vite.config.js -newer web/dist/index.html 2>/dev/null)" ]; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; fi

build: deps web
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)/dyad "$(SHOWCASE)"

# All tests: the Release build, the same tests under ASan+UBSan, and a short fuzzing run.
test: test-release test-sanitize
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CI_FUZZ_SECONDS)

CI_FUZZ_SECONDS ?= 20

test-release: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DDYAD_SANITIZE=ON -DDYAD_BUILD_BENCH=OFF >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS)

# Builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS on its seed corpus.
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DDYAD_BUILD_FUZZERS=ON \
	  -DDYAD_BUILD_TESTS=OFF -DDYAD_BUILD_BENCH=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@bash scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@bash scripts/bench.sh $(BUILD_DIR) "$(SHARED)"

# Rebuilds the compiled dictionaries under data/ from ../shared (committed output).
data: build
	@bash scripts/build-data.sh $(BUILD_DIR)/dyad "$(SHARED)"

# Retrains the statistical models under data/models/ from ../shared (committed output).
models: build
	@bash scripts/build-models.sh $(BUILD_DIR)/dyad "$(SHARED)"

clean:
	rm -rf $(BUILD_DIR)
