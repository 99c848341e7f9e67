# Cognate. A newcomer types two commands: `make run` and `make test`.
# Each does its own set-up first (scripts/setup.sh installs only what is missing).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# binaryen's wasm-opt and Playwright from end2end/node_modules come first on PATH, so
# cargo-leptos never picks up Debian's wasm-opt (it silently breaks hydration).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Playwright uses Debian's Chromium; it must never try to download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help setup build release run dev test test-rust test-e2e bench lint fmt clean demo-s3

help:
	@echo "make run    set up, build (release) and start Cognate on http://127.0.0.1:3000"
	@echo "make test   set up, then the Rust tests and the end-to-end tests in Chromium"
	@echo "make dev    set up, then 'cargo leptos watch' (rebuilds and reloads on edits)"
	@echo "make bench  set up, build (release), then measure throughput, latency and memory"
	@echo "make lint   rustfmt and clippy, as CI runs them"
	@echo "make demo-s3  SeaweedFS for identity pools' credentials, beside a running make run"
	@echo "make setup  install the toolchain only"

setup:
	@scripts/setup.sh

build: setup
	@$(MAKE) --no-print-directory release

# The release site and server, without the set-up (callers have done it).
release:
	cargo leptos build --release --split

run: build
	target/release/cognate

dev: setup
	cargo leptos watch

# Each phase says how long it took, so a slow step is visible in CI's log.
test: setup
	@scripts/setup.sh aws-clients oidc-example postgres lambda-runtimes saml-idp
	@start=$$SECONDS; $(MAKE) --no-print-directory test-rust; \
	  echo "make test: Rust tests took $$((SECONDS - start)) s"
	@start=$$SECONDS; $(MAKE) --no-print-directory release; \
	  echo "make test: release build took $$((SECONDS - start)) s"
	@start=$$SECONDS; $(MAKE) --no-print-directory test-e2e; \
	  echo "make test: end-to-end tests took $$((SECONDS - start)) s"

# The workspace's default members (domain, its password policy, app, server, bench); the WASM crate has no tests.
test-rust:
	cargo test

# Playwright starts the release server on a fresh data directory, waits for /health
# and stops it afterwards (end2end/playwright.config.ts).
test-e2e:
	cd end2end && npx playwright test

# Starts the release server on a fresh data directory and drives it from a separate
# process (bench/, cognate-bench), on SQLite and then on a PostgreSQL of its own; writes
# bench/results/<date>.{md,json,svg} and the README's benchmark section. Every step is
# bounded in requests and time.
bench: setup
	@scripts/setup.sh postgres
	@start=$$SECONDS; $(MAKE) --no-print-directory release; \
	  echo "make bench: release build took $$((SECONDS - start)) s"
	cargo build --release -p bench
	target/release/cognate-bench

# SeaweedFS on 127.0.0.1:8333 as the STS and object store of an identity pool of the
# Cognate `make run` started (with COGNATE_IDENTITY__STS_ENDPOINT set): README,
# "Identity pools".
demo-s3:
	@scripts/demo-s3.sh

lint:
	@scripts/setup.sh xml-security wasm-target
	@scripts/check-layers.sh
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results target/e2e-data examples/oidc/node_modules \
	  end2end/triggers/node/node_modules
