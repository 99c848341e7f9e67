#!/usr/bin/env bash
# The domain (server/src/pool, server/src/tokens) imports no door and no storage engine:
# no crate::store, app::, axum, leptos, http or sqlx outside comments. `make lint` runs this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
found=$(grep -rnE 'crate::store|app::|axum|leptos|sqlx|\bhttp::' server/src/pool server/src/tokens \
  | grep -vE '^[^:]+:[0-9]+:\s*//' || true)
if [[ -n "$found" ]]; then
  echo "check-layers: the domain reaches outside itself:" >&2
  echo "$found" >&2
  exit 1
fi
echo "check-layers: the domain imports no door and no storage engine"
