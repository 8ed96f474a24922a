# The two commands a newcomer needs (see README.md):
#   make run    install what is missing, build, make demo data, serve
#   make test   install what is missing, build, run every test
# and a few more for developers: build, test-asan, fuzz, bench,
# security-scan (sqlmap and wapiti against the demo; not part of test), clean.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DATA       ?= data
LISTEN     ?= 127.0.0.1:8080
MAKEFLAGS += --no-print-directory
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_RUNS  ?= 200000
FUZZ_SMOKE_RUNS ?= 20000
FUZZ_TARGETS = form multipart mustache image sniff cookie json route
CMAKE_FLAGS ?=

.PHONY: all bootstrap build run test test-unit test-asan test-fuzz-smoke fuzz bench bench-search bench-reports bench-match security-scan clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/run-demo $(BUILD)/tandem $(DATA) $(LISTEN)

# Every test: unit, HTTP and browser tests on the normal build, unit and
# HTTP tests again under ASan+UBSan, and a short fuzz smoke run.
test: build test-asan test-fuzz-smoke
	@cd $(BUILD) && ctest --output-on-failure --timeout 900

test-asan: bootstrap
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTANDEM_SANITIZE=ON \
		-DTANDEM_BROWSER_TESTS=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure --timeout 900

fuzz-build: bootstrap
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTANDEM_FUZZ=ON \
		-DTANDEM_BROWSER_TESTS=OFF \
		-DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

# Each libFuzzer target for a fixed number of runs from its seed corpus,
# with a fixed seed, so a run is the same work everywhere (see
# scripts/fuzz).  The smoke run (FUZZ_SMOKE_RUNS, a few seconds a target)
# catches regressions without making `make test` slow; `make fuzz`
# (FUZZ_RUNS per target) is the real run.
test-fuzz-smoke: fuzz-build
	@FUZZ_SMOKE_RUNS=$(FUZZ_SMOKE_RUNS) scripts/fuzz $(FUZZ_BUILD) smoke $(FUZZ_TARGETS)

fuzz: fuzz-build
	@FUZZ_RUNS=$(FUZZ_RUNS) scripts/fuzz $(FUZZ_BUILD) full $(FUZZ_TARGETS)

bench: build
	@scripts/bootstrap --bench
	@bench/run $(BUILD)/tandem

# "Find a mentor" with 100,000 synthetic mentors, on an optimised build.
bench-search: bootstrap
	@scripts/bootstrap --bench
	@cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTANDEM_BROWSER_TESTS=OFF >/dev/null
	@cmake --build build-rel -j $(JOBS) --target tandem tandem_lib
	@bench/search build-rel

# The reports dashboard for a year of the synthetic scheme (100,000
# mentors, 50,000 relationships, 500,000 sessions), on an optimised build.
bench-reports: bootstrap
	@cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTANDEM_BROWSER_TESTS=OFF >/dev/null
	@cmake --build build-rel -j $(JOBS) --target tandem
	@bench/reports build-rel

# Cohort matching (REQ-11): our solver against LEMON's NetworkSimplex on
# the issue's synthetic instances, at -O2; the table goes in
# docs/performance.md.
bench-match: bootstrap
	@scripts/bootstrap --bench
	@bench/match/run build-match

# sqlmap on every route that takes parameters and wapiti (XSS, headers,
# cookie flags, CSP, redirects) against the demo data behind a TLS proxy;
# fails on any finding (scripts/security-scan, docs/reliability.md).
security-scan: build
	@scripts/bootstrap --scan
	@scripts/security-scan $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
