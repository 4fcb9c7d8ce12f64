# The front door. On a fresh Debian 12 machine, as root:
#
#   make run    install what is missing, build, create a demo database, serve
#   make test   install what is missing, build, run every test suite
#
# Other targets: deps, build, bench, sanitize, fuzz, format, format-check, clean, help.

SHELL := /bin/bash
.DEFAULT_GOAL := help

BUILD_DIR := build
ASAN_DIR := build-asan
DATA_DIR := data

# Debian packages the build, the server, the tests and the benchmarks need
# (postgresql-client: pg_dump and pg_restore for p2ham backup and restore;
# haproxy: the two-server test).
DEB_PACKAGES := \
	build-essential meson ninja-build pkg-config \
	libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev \
	libcmocka-dev libcairo2-dev libpango1.0-dev libqrencode-dev \
	libxlsxwriter-dev libmagic-dev zlib1g-dev libcurl4-openssl-dev libmimalloc-dev \
	postgresql-15 postgresql-client nodejs npm chromium fonts-dejavu-core \
	poppler-utils zbar-tools sqlite3 ca-certificates wrk nginx-light haproxy

# Files the build embeds; the list is globbed when meson configures.
RESOURCE_DIRS := templates static locales migrations rulebooks surveys

.PHONY: help deps deps-system deps-node build run test bench sanitize clean \
	fuzz fuzz-build fuzz-merge format format-check format-tool

help:
	@echo 'make run       install missing packages, build, create demo data, serve'
	@echo 'make test      install missing packages, build, run all test suites'
	@echo 'make deps      install only the missing Debian packages and node modules'
	@echo 'make build     configure (when needed) and compile into $(BUILD_DIR)/'
	@echo 'make bench     pages and the survey post under wrk beside nginx, both databases,'
	@echo '               into bench/RESULTS.md (BENCH_DB, BENCH_TARGETS, BENCH_ROUNDS,'
	@echo '               BENCH_SECONDS, BENCH_CONNS, BENCH_SCALE: see bench/run.sh)'
	@echo 'make sanitize  ASan+UBSan build in $(ASAN_DIR)/, unit and HTTP tests on it'
	@echo 'make fuzz      libFuzzer targets in $(FUZZ_DIR)/, each run FUZZ_SECONDS,'
	@echo '               new inputs merged into tests/fuzz/corpus/ (tests/fuzz/README.md)'
	@echo 'make format    lay out src/ and tests/unit/ with clang-format (.clang-format)'
	@echo 'make format-check  fail, listing the files, when make format would change any'
	@echo 'make clean     remove build directories and test output'

deps: deps-system deps-node

# Checks every package and installs only the missing ones, in one apt-get call.
# npm counts as present when the npm command exists: some Node.js packages
# (for example NodeSource's) ship npm themselves and conflict with Debian's.
deps-system:
	@command -v dpkg-query >/dev/null 2>&1 || { \
		echo 'deps: dpkg-query not found; this Makefile expects Debian 12' >&2; exit 1; }
	@missing=; \
	for p in $(DEB_PACKAGES); do \
		if [ "$$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi; \
		status=$$(dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null); \
		[ "$$status" = 'install ok installed' ] || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "deps: missing Debian packages:$$missing" >&2; \
		echo 'deps: run as root (or: sudo make deps) to install them' >&2; \
		exit 1; \
	fi; \
	echo "deps: installing$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update && \
	apt-get install -y --no-install-recommends $$missing

# npm ci only when node_modules is missing or older than the lock file.
deps-node: deps-system
	@if [ ! -f node_modules/.package-lock.json ] || \
	    [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		echo 'deps: npm ci'; \
		PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; \
	fi

# Configures when build/ is new, reconfigures when a resource file is newer
# than the build files (the resource list is fixed at configure time).
build: deps-system
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
		rm -rf $(BUILD_DIR) && meson setup $(BUILD_DIR); \
	elif [ -n "$$(find $(RESOURCE_DIRS) -newer $(BUILD_DIR)/build.ninja 2>/dev/null | head -n 1)" ]; then \
		meson setup --reconfigure $(BUILD_DIR); \
	fi
	ninja -C $(BUILD_DIR)

run: deps build
	@if [ ! -f $(DATA_DIR)/p2ham.db ]; then \
		./$(BUILD_DIR)/p2ham init && ./$(BUILD_DIR)/p2ham demo || exit 1; \
	fi
	@echo '----------------------------------------'
	@echo ' p2ham: open http://127.0.0.1:8080'
	@echo ' stop with Ctrl-C'
	@echo '----------------------------------------'
	@exec ./$(BUILD_DIR)/p2ham serve

test: deps build
	tests/run-all

# The benchmark: bench/run.sh (its knobs are environment variables).
bench: build
	bench/run.sh

sanitize: deps
	@if [ ! -f $(ASAN_DIR)/build.ninja ]; then \
		rm -rf $(ASAN_DIR) && meson setup $(ASAN_DIR) -Dsanitize=true; \
	elif [ -n "$$(find $(RESOURCE_DIRS) -newer $(ASAN_DIR)/build.ninja 2>/dev/null | head -n 1)" ]; then \
		meson setup --reconfigure $(ASAN_DIR); \
	fi
	ninja -C $(ASAN_DIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	tests/run-all --build-dir $(ASAN_DIR) --only unit,fuzz,spec,http-sqlite

# --- Fuzzing: libFuzzer targets built with clang, apart from the meson builds.
# Each tests/fuzz/fuzz_<name>.c is one target, linked with the src/ files the
# parsers need. `make fuzz` runs each for FUZZ_SECONDS on a scratch copy of
# its corpus and merges what adds coverage into tests/fuzz/corpus/<name>/;
# a crash stops it with the input in $(FUZZ_DIR)/artifacts/<name>/.
#   make fuzz FUZZ_NAMES='csv json' FUZZ_SECONDS=300
# `make fuzz-merge` minimises the kept corpora again (-merge=1).

FUZZ_DIR := build-fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_LIB_SRC := \
	src/base/arena.c src/base/buf.c src/base/csv.c src/base/err.c src/base/log.c \
	src/base/str.c src/base/code.c src/base/sha256.c \
	src/base/validate.c src/http/request.c src/http/multipart.c \
	src/core/stage.c src/core/unit_type.c \
	src/core/rulebook.c src/core/rulebook_describe.c src/core/rulebook_read.c \
	src/core/rulebook_scoring.c src/view/mustache.c src/view/mustache_parse.c
FUZZ_PKGS := jansson libmicrohttpd libsodium
# Recursive (=): pkg-config runs only when a fuzz target is built.
FUZZ_CFLAGS = -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra \
	-Wno-unused-parameter -Isrc -Itests/fuzz \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	$(shell pkg-config --cflags $(FUZZ_PKGS))
FUZZ_LIBS = $(shell pkg-config --libs $(FUZZ_PKGS)) -lm
FUZZ_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_BIN := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))
# Per run: a slower input is a hang; 2 GB of memory is a leak or a bomb.
# FUZZ_FLAGS adds libFuzzer flags, e.g. '-fork=1 -ignore_crashes=1' to go on
# after a crash and collect them all in the artifacts directory.
FUZZ_RUN_FLAGS = -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_FLAGS)
# The kept corpus holds an input per new edge, not per new hit count: a few
# hundred files in all. The scratch corpus in $(FUZZ_DIR)/ keeps the rest.
FUZZ_MERGE_FLAGS := -merge=1 -use_counters=0

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libparsers.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libparsers.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP $< \
		$(FUZZ_DIR)/libparsers.a $(FUZZ_LIBS) -o $@

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d)

fuzz-build: deps-system
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
		echo 'fuzz: $(FUZZ_CC) not found; libFuzzer needs clang (apt-get install clang)' >&2; \
		exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@for n in $(FUZZ_NAMES); do \
		work=$(FUZZ_DIR)/corpus/$$n; art=$(FUZZ_DIR)/artifacts/$$n; \
		rm -rf "$$art"; \
		mkdir -p "$$work" "$$art" tests/fuzz/corpus/$$n || exit 1; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		nice ./$(FUZZ_DIR)/fuzz_$$n $(FUZZ_RUN_FLAGS) \
			-max_total_time=$(FUZZ_SECONDS) -artifact_prefix="$$art/" \
			"$$work" tests/fuzz/corpus/$$n 2>"$(FUZZ_DIR)/$$n.log" || { \
			tail -n 60 "$(FUZZ_DIR)/$$n.log"; \
			echo "fuzz: $$n failed; input in $$art/, log in $(FUZZ_DIR)/$$n.log"; \
			exit 1; }; \
		grep -E '^(stat::|Done )' "$(FUZZ_DIR)/$$n.log"; \
		nice ./$(FUZZ_DIR)/fuzz_$$n $(FUZZ_MERGE_FLAGS) tests/fuzz/corpus/$$n "$$work" \
			2>>"$(FUZZ_DIR)/$$n.log" || exit 1; \
		echo "fuzz: $$n corpus: $$(ls tests/fuzz/corpus/$$n | wc -l) inputs"; \
		if [ -n "$$(ls -A "$$art")" ]; then \
			echo "fuzz: $$n found crashes, leaks or hangs (FUZZ_FLAGS kept it going):"; \
			ls "$$art"; exit 1; \
		fi; \
	done

# Inputs not named by their SHA-1 (hand-written seeds, inputs of fixed bugs)
# are always kept; libFuzzer's own finds are kept only for new coverage.
fuzz-merge: fuzz-build
	@for n in $(FUZZ_NAMES); do \
		min=$(FUZZ_DIR)/min/$$n; rm -rf "$$min"; mkdir -p "$$min" || exit 1; \
		for f in tests/fuzz/corpus/$$n/*; do \
			[[ "$${f##*/}" =~ ^[0-9a-f]{40}$$ ]] || cp "$$f" "$$min"/ || exit 1; \
		done; \
		nice ./$(FUZZ_DIR)/fuzz_$$n $(FUZZ_MERGE_FLAGS) "$$min" tests/fuzz/corpus/$$n \
			2>"$(FUZZ_DIR)/$$n-merge.log" || { \
			tail -n 30 "$(FUZZ_DIR)/$$n-merge.log"; exit 1; }; \
		rm -f tests/fuzz/corpus/$$n/* && cp "$$min"/* tests/fuzz/corpus/$$n/ || exit 1; \
		echo "fuzz-merge: $$n corpus: $$(ls tests/fuzz/corpus/$$n | wc -l) inputs"; \
	done

# --- Layout: .clang-format says how; tables it cannot lay out stand between
# /* clang-format off */ and /* clang-format on */. The files are those git
# tracks, so scratch files are left alone.
CLANG_FORMAT ?= clang-format
FORMAT_FILES = $(shell git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'tests/unit/*.h')

format-tool:
	@command -v $(CLANG_FORMAT) >/dev/null 2>&1 || { \
		echo 'format: $(CLANG_FORMAT) not found (apt-get install clang-format)' >&2; \
		exit 1; }

format: format-tool
	@$(CLANG_FORMAT) -i $(FORMAT_FILES)

# One line per file that make format would change, at its first change.
format-check: format-tool
	@$(CLANG_FORMAT) --dry-run --Werror --ferror-limit=1 $(FORMAT_FILES) 2>&1 | \
		grep -E '^[^ ]+:[0-9]+:[0-9]+: error' | sed 's/: error: .*/: make format would change this/'; \
		exit $${PIPESTATUS[0]}

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR) tests/out
