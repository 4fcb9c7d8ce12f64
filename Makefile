# The front door. On a fresh Debian 12 machine, as root:
#
#   make run    install what is missing, build, create a demo database, serve
#   make test   install what is missing, build, run every test suite
#
# Other targets: deps, build, sanitize, clean, help.

SHELL := /bin/bash
.DEFAULT_GOAL := help

BUILD_DIR := build
ASAN_DIR := build-asan
DATA_DIR := data

# Debian packages the build, the server and the tests need.
DEB_PACKAGES := \
	build-essential meson ninja-build pkg-config \
	libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev \
	libcmocka-dev libcairo2-dev libpango1.0-dev libqrencode-dev \
	libxlsxwriter-dev libmagic-dev \
	postgresql-15 nodejs npm chromium fonts-dejavu-core poppler-utils \
	zbar-tools sqlite3 ca-certificates

# Files the build embeds; the list is globbed when meson configures.
RESOURCE_DIRS := templates static locales migrations rulebooks

.PHONY: help deps deps-system deps-node build run test sanitize clean

help:
	@echo 'make run       install missing packages, build, create demo data, serve'
	@echo 'make test      install missing packages, build, run all test suites'
	@echo 'make deps      install only the missing Debian packages and node modules'
	@echo 'make build     configure (when needed) and compile into $(BUILD_DIR)/'
	@echo 'make sanitize  ASan+UBSan build in $(ASAN_DIR)/, unit and HTTP tests on it'
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

sanitize: deps
	@if [ ! -f $(ASAN_DIR)/build.ninja ]; then \
		rm -rf $(ASAN_DIR) && meson setup $(ASAN_DIR) -Dsanitize=true; \
	elif [ -n "$$(find $(RESOURCE_DIRS) -newer $(ASAN_DIR)/build.ninja 2>/dev/null | head -n 1)" ]; then \
		meson setup --reconfigure $(ASAN_DIR); \
	fi
	ninja -C $(ASAN_DIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	tests/run-all --build-dir $(ASAN_DIR) --only unit,spec,http-sqlite

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) tests/out
