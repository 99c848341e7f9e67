#!/usr/bin/env bash
# Starts the release server for the end-to-end tests on a fresh data directory, with
# the default settings but for the STS and Lambda endpoints and one limit (below): no other COGNATE_*
# variable from the caller's shell and no cognate.toml (it runs from the data directory,
# not the repository root).
# Playwright runs this (end2end/playwright.config.ts), waits for /health, and stops it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="$root/target/e2e-data"
rm -rf "$data"
mkdir -p "$data"
cd "$data"
while read -r name; do unset "$name"; done < <(compgen -e | grep '^COGNATE_' || true)
export LEPTOS_SITE_ROOT="$root/target/site"
export COGNATE_DATA_DIR="$data"
export COGNATE_SERVER__BIND="127.0.0.1:${E2E_PORT:-3400}"
# Identity pools' STS: the SeaweedFS the identity pool journeys start on E2E_PORT + 10.
export COGNATE_IDENTITY__STS_ENDPOINT="http://127.0.0.1:$((${E2E_PORT:-3400} + 10))"
# Triggers: the Lambda host the trigger journeys start on E2E_PORT + 20 (scripts/lambda-host.sh,
# which checks calls against this fixed test pair).
export COGNATE_TRIGGERS__LAMBDA_ENDPOINT="http://127.0.0.1:$((${E2E_PORT:-3400} + 20))"
export COGNATE_TRIGGERS__ACCESS_KEY_ID=AKIDCOGNATETRIGGERTESTS
export COGNATE_TRIGGERS__SECRET_ACCESS_KEY=cognate-trigger-tests-secret
# Every journey's app comes from 127.0.0.1: the identity pool checks make ~30 identity
# calls within seconds, more than one address's default burst (the limit's own tests are
# in server/tests/api/identity_pools.rs).
export COGNATE_LIMITS__IDENTITY_CALLS_PER_ADDRESS_PER_MINUTE=600
exec "$root/target/release/cognate"
