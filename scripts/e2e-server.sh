#!/usr/bin/env bash
# Starts the release server for the end-to-end tests on a fresh data directory.
# Playwright runs this (end2end/playwright.config.ts), waits for /health, and stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
data=target/e2e-data
rm -rf "$data"
export COGNATE_DATA_DIR="$data"
export COGNATE_SERVER__BIND="127.0.0.1:${E2E_PORT:-3400}"
exec target/release/cognate
