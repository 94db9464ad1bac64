# Front door for dyad. `make demo` and `make test` work on a fresh Debian 12 machine.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SHARED ?= ../shared
SHOWCASE := $(SHARED)/seed/000_6070be0b087e21bb.txt

.PHONY: all deps build demo test bench data models clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)/dyad "$(SHOWCASE)"

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

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
