# Two commands on a fresh Debian machine: `make demo` and `make test`.
BUILD ?= build
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo
FUZZ_SECONDS ?= 60

.PHONY: all deps build demo test test-sanitize fuzz bench isaf clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/crosscheck analyze examples/border-clash

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCROSSCHECK_SANITIZE=ON -DCROSSCHECK_BENCH=OFF
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS)

fuzz: deps
	bash fuzz/run.sh $(FUZZ_SECONDS)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
	cmake --build build-bench -j$(JOBS) --target crosscheck_bench
	./build-bench/bench/crosscheck_bench

# ISAF kill/capture figures against their gold (needs ../shared/data).
isaf: build
	python3 tools/isaf_eval.py --binary $(BUILD)/crosscheck

clean:
	rm -rf $(BUILD) build-asan build-bench build-fuzz
