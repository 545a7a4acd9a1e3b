# Two commands on a fresh Debian machine: `make demo` and `make test`.
BUILD ?= build
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
FUZZ_SECONDS ?= 60

.PHONY: all deps build demo test test-sanitize fuzz bench isaf train train-claims clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/crosscheck analyze examples/border-clash

# The browser tests (tests/browser) need Chromium, Node and npm: installed here.
test: build
	@scripts/install-deps.sh browser
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in
# build-asan/ (Debug asserts at -O1, no benchmarks; fuzz replays included).
# Every finding is fatal (-fno-sanitize-recover=all, leaks too), so it fails
# the test that hit it. CI runs it after `make test` (.ci/run).
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCROSSCHECK_SANITIZE=ON -DCROSSCHECK_BENCH=OFF
	cmake --build build-asan -j$(JOBS)
	cd build-asan && $(SANITIZER_ENV) ctest --output-on-failure -j$(JOBS)

fuzz: deps
	bash fuzz/run.sh $(FUZZ_SECONDS)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
	cmake --build build-bench -j$(JOBS) --target crosscheck_bench
	./build-bench/bench/crosscheck_bench

# ISAF kill/capture figures against their gold (needs ../shared/data).
isaf: build
	python3 tools/isaf_eval.py --binary $(BUILD)/crosscheck

# Retrains data/models/tagger.model from CoNLL-2003 (../shared/data, never
# committed) with the iso-codes and WordNet gazetteers, rebuilds crosscheck
# with it compiled in and scores it on eng.testa (README, "Tagger model").
CONLL ?= ../shared/data/conll2003-en
train:
	@scripts/install-deps.sh train
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD) -j$(JOBS) --target crosscheck_tag_train_tool
	./$(BUILD)/tag_train --train $(CONLL)/eng.train --dev $(CONLL)/eng.testa -o data/models/tagger.model
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j$(JOBS) --target crosscheck_cli crosscheck_tag_train_tool
	bash tools/tag_eval.sh $(BUILD)/crosscheck $(BUILD)/tag_train 0.88 0.95 $(CONLL)

# Retrains data/models/counts.model (the counts model, README "Counts model")
# from gva-dev and the ISAF releases (../shared/data, never committed), prints
# its 5-fold cross-validated figures and rebuilds crosscheck with it.
GVA ?= ../shared/data/gva-dev
ISAF ?= ../shared/data/isaf-press-releases-killcapture/test.jsonl
train-claims: build
	./$(BUILD)/count_train --gva $(GVA) --isaf $(ISAF) -o data/models/counts.model
	./$(BUILD)/count_train --gva $(GVA) --isaf $(ISAF) --folds 5
	cmake --build $(BUILD) -j$(JOBS) --target crosscheck_cli

clean:
	rm -rf $(BUILD) build-asan build-bench build-fuzz
