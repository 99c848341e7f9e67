#!/usr/bin/env bash
# The domain crate (domain/) depends on no web framework, HTTP stack or storage engine: the
# compiler keeps its code from naming what its Cargo.toml lacks, and this keeps the
# Cargo.toml (and everything it pulls in, tests included) free of them. `make lint` runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
banned='axum|leptos|leptos_axum|leptos_meta|leptos_router|sqlx|sqlx-core|hyper|hyper-util|reqwest|tower|tower-http'
found=$(cargo tree -p domain --prefix none --edges normal,build,dev 2>/dev/null \
  | awk '{print $1}' | sort -u | grep -E "^($banned)$" || true)
if [[ -n "$found" ]]; then
  echo "check-layers: the domain crate depends on:" $found >&2
  cargo tree -p domain --invert "$(echo "$found" | head -1)" >&2 || true
  exit 1
fi
echo "check-layers: the domain crate depends on none of axum, leptos, sqlx, hyper, reqwest, tower"
