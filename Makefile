# youai — the two set-up commands are `make run` and `make test` (see README.md).
# Every tool this needs is installed here when missing, so a fresh machine needs nothing by hand.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' frontend/Cargo.toml)
SCHEMATHESIS_VERSION := 4.32.5
# The SPA's budgets (issue 13), in bytes as served (brotli), checked by frontend/finish.mjs: what
# `/` downloads before it is interactive (the main wasm and the scripts), and any one chunk.
FIRST_LOAD_LIMIT := 250000
CHUNK_LIMIT := 120000
WASM_SPLIT_VERSION := 0.2.4
SPEC_VALIDATOR_VERSION := 0.9.0
CARGO_DENY_VERSION := 0.20.2
# The RustSec advisory database: an offline snapshot (a git bundle) beside the repository, as
# these machines and CI cannot reach its home. cargo-deny reads a clone of it under
# target/advisory-db (deny.toml's db-path), in a folder named after the database URL's hash.
ADVISORY_BUNDLE := ../shared/advisory-db/advisory-db.bundle
ADVISORY_DB := target/advisory-db/advisory-db-3157b0e258782691
TOOLS := $(CURDIR)/tools
# wasm-opt twice over: binaryen from npm (a recent release, run by node: seconds for the main module
# but minutes over ~370 chunks) for the main module, which Debian's older binaryen breaks (its
# externref table comes out as a function table); Debian's, native, for the chunks.
BINARYEN_VERSION := 132
WASM_OPT := $(TOOLS)/npm/node_modules/.bin/wasm-opt
WASM_OPT_NATIVE := /usr/bin/wasm-opt
WASM_OPT_FLAGS := -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
VENV := $(CURDIR)/.venv
DIST := frontend/dist
# Cargo's output directory: CARGO_TARGET_DIR when set (a target directory shared between
# worktrees), else ./target.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_OUT := $(TARGET_DIR)/wasm32-unknown-unknown/wasm-release/youai_frontend.wasm
SPLIT_DIR := $(TARGET_DIR)/wasm-split
# How `make contract` and `make fuzz` get target/debug/youai: the binary the workspace's tests
# build (a plain `cargo build` would unify features differently and compile much of the tree
# again). Override (e.g. YOUAI_BUILD=true) when that binary is already built.
YOUAI_BUILD ?= $(LINTED) $(CARGO) test --workspace --no-run -q
# Under `make test`, clippy runs inside the builds the tests need anyway rather than as builds of
# its own: clippy-driver is the compiler of the workspace's own crates (cargo's
# RUSTC_WORKSPACE_WRAPPER; CLIPPY_ARGS is how `cargo clippy -- -D warnings` passes its flags), so
# they are linted, warnings denied, as they are compiled, and the dependencies are compiled once
# instead of also being checked. The same lints as `make lint`, on the same targets (the host
# test build covers what --all-targets does: there are no benches); about five minutes less.
# The tests' PostgreSQL is local: plain connections (a developer may set PGSSLMODE). Over TLS,
# libpq's OpenSSL is torn down at exit while pool threads still hold connections, and a test
# binary that passed every test can die of SIGSEGV in libcrypto (seen once, on CI's path).
TEST_PG_ENV := PGSSLMODE=$${PGSSLMODE:-disable}
LINT_IN_BUILD := RUSTC_WORKSPACE_WRAPPER=clippy-driver CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
LINTED :=
test test-build unit-tests contract fuzz: LINTED = $(LINT_IN_BUILD)

.PHONY: run build spa spa-report test test-build deny lint fmt unit-tests spec-check contract fuzz openapi bench tools wasm-tools deny-tools python-tools browser fonts clean

## make run: build everything, migrate and seed a local SQLite database, serve on :8080.
run: build fonts
	$(TARGET_DIR)/release/youai serve --demo

## make build: the release binary and the SPA it serves.
build: spa
	$(CARGO) build --release -p youai-server

## make spa: the Leptos app, built to WASM and split at its routes (each route's code is a chunk
## fetched on its first visit), size-optimised, content-hashed and pre-compressed in frontend/dist.
spa: wasm-tools
	@# `erase_components` keeps the component types from multiplying the code; the relocations
	@# are what wasm-split needs to move functions and data into chunks.
	RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs" \
		$(LINTED) $(CARGO) build -p youai-frontend --target wasm32-unknown-unknown --profile wasm-release
	rm -rf $(DIST) $(SPLIT_DIR) && mkdir -p $(DIST) $(SPLIT_DIR)
	wasm-split-cli $(WASM_OUT) $(SPLIT_DIR) --target web --out-name youai_frontend
	wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
		--out-dir $(DIST) $(SPLIT_DIR)/youai_frontend.wasm
	cp $(SPLIT_DIR)/__wasm_split.js $$(ls $(SPLIT_DIR)/*.wasm | grep -v '/youai_frontend.wasm$$') $(DIST)/
	@# (Both print a warning per chunk about its name section, which they keep as it is.)
	$(WASM_OPT) $(WASM_OPT_FLAGS) -o $(DIST)/youai_frontend_bg.wasm $(DIST)/youai_frontend_bg.wasm 2>/dev/null
	ls $(DIST)/*.wasm | grep -v '/youai_frontend_bg.wasm$$' | \
		xargs -P 2 -I{} sh -c '$(WASM_OPT_NATIVE) $(WASM_OPT_FLAGS) -o {} {} 2>/dev/null'
	cp frontend/index.html $(DIST)/
	cp -r frontend/static/. $(DIST)/
	node frontend/finish.mjs $(DIST) $(FIRST_LOAD_LIMIT) $(CHUNK_LIMIT)

## make test: formatting, clippy (warnings denied), known vulnerabilities, licences and sources
## of every dependency (cargo-deny), every test on SQLite — and on PostgreSQL when
## TEST_DATABASE_URL is set — and the spec through an OpenAPI validator.
test: fmt deny wasm-tools browser fonts python-tools
	@# The SPA's wasm build and the host build of every test do not depend on each other: side
	@# by side, each keeps busy the core the other leaves idle (its single-threaded steps: the
	@# largest crates, LTO, linking).
	$(MAKE) --no-print-directory -j2 LINTED='$(LINT_IN_BUILD)' spa test-build
	$(MAKE) --no-print-directory LINTED='$(LINT_IN_BUILD)' unit-tests spec-check contract

## make test-build: every test binary, built but not run.
test-build:
	$(LINTED) $(CARGO) test --workspace --no-run

## make deny: every dependency, for every platform, against deny.toml: RustSec advisories
## (the offline snapshot), licences, sources (crates.io only), duplicate versions (warnings).
deny: deny-tools $(ADVISORY_DB)/.git/HEAD
	@# cargo-deny itself stays offline (no database fetch, no crates); the registry gives
	@# every package of the lock file, for every platform, beforehand.
	$(CARGO) fetch --locked -q
	@# Without the dependency trees, forty duplicate-version warnings would print thousands of
	@# lines: `cargo tree --target all -i CRATE` shows who brings a crate in.
	$(CARGO) deny --offline --locked check --hide-inclusion-graph --show-stats

# A clone of the snapshot, made again whenever the bundle is newer than it. (cargo-deny counts
# the database's age from this clone and refuses one over 90 days old: if the bundle has not
# changed for that long, `rm -rf target/advisory-db` makes a new one.)
$(ADVISORY_DB)/.git/HEAD: $(ADVISORY_BUNDLE)
	rm -rf $(ADVISORY_DB) && mkdir -p $(dir $(ADVISORY_DB))
	git -c init.defaultBranch=main clone --quiet $(ADVISORY_BUNDLE) $(ADVISORY_DB)
$(ADVISORY_BUNDLE):
	@echo "error: no advisory database snapshot at $(ADVISORY_BUNDLE) (beside the repository)" >&2; exit 1

fmt:
	$(CARGO) fmt --all --check

## make lint: formatting and clippy (warnings denied) on their own, host and wasm, without
## building (`make test` lints while it builds, see LINT_IN_BUILD).
lint: fmt wasm-tools
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p youai-frontend --target wasm32-unknown-unknown -- -D warnings

unit-tests:
	@if [ -z "$${TEST_DATABASE_URL:-}" ]; then echo "note: TEST_DATABASE_URL is not set: PostgreSQL tests will be skipped"; fi
	$(TEST_PG_ENV) YOUAI_SPA_DIR=$(CURDIR)/$(DIST) $(LINTED) $(CARGO) test --workspace --no-fail-fast

spec-check: python-tools
	$(VENV)/bin/openapi-spec-validator openapi/openapi.json

## make contract: schemathesis against the real server (demo city), as an admin and as a
## volunteer, every operation, fixed seed, 25 examples per operation: no 5xx and every
## response as the spec declares. On SQLite, and on PostgreSQL too when TEST_DATABASE_URL is
## set (a fresh database, dropped after).
contract: python-tools
	$(YOUAI_BUILD)
	$(TEST_PG_ENV) $(VENV)/bin/python tests/contract/fuzz.py $(TARGET_DIR)/debug/youai 25 20261129

## make fuzz: the same, deeper: 100 examples per operation and a fresh random seed each run,
## printed at the start and the end (replay: tests/contract/fuzz.py BINARY 100 SEED).
fuzz: python-tools
	$(YOUAI_BUILD)
	$(TEST_PG_ENV) $(VENV)/bin/python tests/contract/fuzz.py $(TARGET_DIR)/debug/youai 100 random

## make bench: timed runs of the heavy paths in a release build (figures printed, not asserted).
bench:
	$(CARGO) test --release -p youai-tests --test api ten_thousand -- --nocapture

## make spa-report: the first visit to / under a throttled phone-like profile (Chromium's network
## and CPU emulation): bytes transferred and time to the live figures. SPA_REPORT_BEFORE=DIR
## measures an older build (its frontend/dist) in the same run, for a ratio.
spa-report: spa browser
	$(CARGO) test -p youai-tests --test browser first_load_report -- --ignored --nocapture

## make openapi: regenerate the committed spec from the code.
openapi:
	$(CARGO) run -q -p youai-server --bin youai -- openapi > openapi/openapi.json

# --- tools, installed when missing ---------------------------------------------------------

wasm-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@# (wasm-split-cli has no --version: cargo's list of installed tools tells.)
	@if ! $(CARGO) install --list | grep -q "^wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
		echo "installing wasm-split-cli $(WASM_SPLIT_VERSION) (a minute or two, once)"; \
		$(CARGO) install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary; fi
	@if [ ! -x $(WASM_OPT) ]; then \
		echo "installing wasm-opt (binaryen $(BINARYEN_VERSION) from npm)"; \
		mkdir -p $(TOOLS)/npm && npm install --silent --no-audit --no-fund --prefix $(TOOLS)/npm binaryen@$(BINARYEN_VERSION); fi
	@if [ ! -x $(WASM_OPT_NATIVE) ]; then \
		echo "installing binaryen (Debian package)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null; fi

deny-tools:
	@if ! cargo-deny --version 2>/dev/null | grep -q "$(CARGO_DENY_VERSION)"; then \
		echo "installing cargo-deny $(CARGO_DENY_VERSION) (a few minutes, once)"; \
		$(CARGO) install --locked cargo-deny --version $(CARGO_DENY_VERSION); fi

python-tools:
	@if [ ! -x $(VENV)/bin/openapi-spec-validator ] || [ ! -x $(VENV)/bin/schemathesis ]; then \
		python3 -m venv $(VENV) && $(VENV)/bin/pip install --quiet --disable-pip-version-check \
			openapi-spec-validator==$(SPEC_VALIDATOR_VERSION) schemathesis==$(SCHEMATHESIS_VERSION); fi

AXE_CORE_VERSION := 4.14.1
# Chromium and its driver for the browser tests, and axe-core, which they inject into pages.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing chromium and chromium-driver (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; fi
	@if [ ! -f $(TOOLS)/npm/node_modules/axe-core/axe.min.js ]; then \
		echo "installing axe-core $(AXE_CORE_VERSION) (npm)"; \
		mkdir -p $(TOOLS)/npm && npm install --silent --no-audit --no-fund --prefix $(TOOLS)/npm axe-core@$(AXE_CORE_VERSION); fi

# The Chinese font PDF certificates embed, and poppler's pdftotext that tests read them with.
fonts:
	@if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || ! command -v pdftotext >/dev/null; then \
		echo "installing fonts-wqy-microhei and poppler-utils (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei poppler-utils >/dev/null; fi

clean:
	$(CARGO) clean
	rm -rf $(DIST) $(VENV) $(TOOLS) data
