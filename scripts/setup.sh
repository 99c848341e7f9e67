#!/usr/bin/env bash
# Installs what building and testing Cognate needs, and only what is missing.
#
# Shared by `make run`, `make test`, `make dev` and `make bench`. Every step checks
# first and says "ok" when there is nothing to do, so a second run installs nothing.
# Only crates.io, npm and Debian apt are used: see ../shared/TOOLCHAIN.md for why each
# step is shaped the way it is (cargo-leptos and wasm-bindgen-cli need one dependency
# pinned back to build on rustc 1.95; Debian's binaryen breaks hydration).
#
# Usage: scripts/setup.sh [step ...]   steps: xml-security wasm-target cargo-leptos
#                                             wasm-bindgen chromium npm   (default: these)
#                                             aws-clients oidc-example postgres
#                                             lambda-runtimes saml-idp (for `make test` only)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CARGO_LEPTOS_VERSION=0.3.11
# Where crate sources are unpacked to be built with a pinned-back lockfile.
TOOLS_SRC=${COGNATE_TOOLS_SRC:-${XDG_CACHE_HOME:-$HOME/.cache}/cognate-tools}
CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}

say() { printf 'setup: %s\n' "$*"; }

# step NAME FUNCTION: run FUNCTION and report how long it took.
step() {
  local name=$1 fn=$2 start end
  start=$(date +%s)
  "$fn"
  end=$(date +%s)
  say "$name: done in $((end - start)) s"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# unpack_crate NAME VERSION: the crate's source from cargo's registry cache (fetched by
# `cargo info`, which downloads it from crates.io) into $TOOLS_SRC; prints the directory.
unpack_crate() {
  local name=$1 version=$2 crate dir
  dir="$TOOLS_SRC/$name-$version"
  if [ ! -f "$dir/Cargo.toml" ]; then
    cargo info "$name@$version" >/dev/null 2>&1 || true
    crate=$(ls "$CARGO_HOME"/registry/cache/*/"$name-$version.crate" 2>/dev/null | head -n 1)
    if [ -z "$crate" ]; then
      echo "setup: could not fetch $name $version from crates.io" >&2
      return 1
    fi
    mkdir -p "$TOOLS_SRC"
    tar -xzf "$crate" -C "$TOOLS_SRC"
  fi
  printf '%s\n' "$dir"
}

# installed_with FEATURE CRATE VERSION: whether cargo's install record shows CRATE at
# VERSION installed with FEATURE.
installed_with() {
  python3 - "$CARGO_HOME/.crates2.json" "$1" "$2" "$3" <<'PY'
import json, sys
path, feature, name, version = sys.argv[1:]
try:
    installs = json.load(open(path))["installs"]
except (OSError, ValueError, KeyError):
    sys.exit(1)
ok = any(key.split(" ")[:2] == [name, version] and feature in info.get("features", [])
         for key, info in installs.items())
sys.exit(0 if ok else 1)
PY
}

wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown: ok"
  else
    say "wasm32-unknown-unknown: installing"
    rustup target add wasm32-unknown-unknown
  fi
}

cargo_leptos() {
  if command -v cargo-leptos >/dev/null 2>&1 \
    && [ "$(cargo-leptos --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ] \
    && installed_with no_downloads cargo-leptos "$CARGO_LEPTOS_VERSION"; then
    say "cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads): ok"
    return
  fi
  say "cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads): building (about 8 minutes)"
  local dir
  dir=$(unpack_crate cargo-leptos "$CARGO_LEPTOS_VERSION")
  # Its lockfile pins cargo-util-schemas 0.14.2, which needs rustc 1.96.
  (cd "$dir" && cargo update -p cargo-util-schemas --precise 0.14.1 \
    && cargo install --path . --locked --debug --features no_downloads --force)
}

# The wasm-bindgen version in Cargo.lock; the CLI must match it exactly.
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock"
}

wasm_bindgen() {
  local version dir
  version=$(locked_wasm_bindgen)
  if [ -z "$version" ]; then
    echo "setup: no wasm-bindgen in Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ]; then
    say "wasm-bindgen-cli $version: ok"
    return
  fi
  say "wasm-bindgen-cli $version: building (about 3 minutes)"
  dir=$(unpack_crate wasm-bindgen-cli "$version")
  # Its lockfile may pin a webpki-roots that crates.io no longer serves (0.2.130 pins
  # 1.0.11); step back to one that resolves.
  (cd "$dir" && { cargo fetch --locked >/dev/null 2>&1 \
    || cargo update -p webpki-roots --precise 1.0.10; } \
    && cargo install --path . --locked --force)
}

chromium() {
  if [ -x /usr/bin/chromium ]; then
    say "chromium: ok ($(/usr/bin/chromium --version 2>/dev/null || echo present))"
    return
  fi
  say "chromium: installing Debian's package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
}

npm_packages() {
  local e2e="$ROOT/end2end" stamp want
  stamp="$e2e/node_modules/.cognate-lock.sha256"
  want=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
    && [ -x "$e2e/node_modules/.bin/playwright" ] && [ -x "$e2e/node_modules/.bin/wasm-opt" ]; then
    say "npm packages (Playwright, binaryen's wasm-opt): ok"
    return
  fi
  say "npm packages (Playwright, binaryen's wasm-opt): installing"
  # Playwright must never download browsers: Debian's chromium is used.
  (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  printf '%s\n' "$want" >"$stamp"
}

# The README's OpenID Connect example app (examples/oidc): openid-client from npm.
oidc_example() {
  local dir="$ROOT/examples/oidc" stamp want
  stamp="$dir/node_modules/.cognate-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "OIDC example app (openid-client): ok"
    return
  fi
  say "OIDC example app (openid-client): installing"
  (cd "$dir" && npm ci --no-audit --no-fund)
  printf '%s\n' "$want" >"$stamp"
}

# The AWS CLI and boto3 the README's examples use (examples/aws), in a virtualenv of
# their own under target/, from PyPI.
aws_clients() {
  local venv="$ROOT/target/aws-clients" stamp want
  stamp="$venv/.cognate-requirements.sha256"
  want=$(sha256sum "$ROOT/examples/aws/requirements.txt" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/aws" ]; then
    say "AWS clients (boto3, AWS CLI): ok"
    return
  fi
  say "AWS clients (boto3, AWS CLI): installing into target/aws-clients"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -m ensurepip --version >/dev/null 2>&1; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/examples/aws/requirements.txt"
  printf '%s\n' "$want" >"$stamp"
}

# PostgreSQL from Debian, for the tests that start their own cluster (scripts/postgres.sh).
postgres() {
  if ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "PostgreSQL: ok"
    return
  fi
  say "PostgreSQL: installing Debian's postgresql"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
}

# npm's aws-lambda-ric, AWS's Node.js runtime interface client, which runs the trigger
# tests' Node.js handlers (scripts/lambda-host.sh). Its install builds a native client with
# cmake and autotools from Debian. (PyPI's awslambdaric, for the Python handlers, is in
# examples/aws/requirements.txt.)
lambda_runtimes() {
  local dir="$ROOT/end2end/triggers/node" stamp want tool missing=()
  stamp="$dir/node_modules/.cognate-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
    && [ -f "$dir/node_modules/aws-lambda-ric/dist/rapid-client.node" ]; then
    say "Lambda runtime clients (aws-lambda-ric): ok"
    return
  fi
  for tool in cmake autoconf automake libtoolize g++ make; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Lambda runtime clients: installing Debian's build tools (${missing[*]})"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      cmake autoconf automake libtool g++ make
  fi
  say "Lambda runtime clients (aws-lambda-ric): building (about 2 minutes)"
  (cd "$dir" && npm ci --no-audit --no-fund)
  printf '%s\n' "$want" >"$stamp"
}

# What building Cognate needs for SAML: libxmlsec1 and libxml2 to link against, and libclang
# for the binding samael generates at build time (all Debian's).
xml_security() {
  local missing=()
  pkg-config --exists xmlsec1-openssl 2>/dev/null || missing+=(libxmlsec1-dev)
  pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || missing+=(libclang-dev)
  if [ ${#missing[@]} -eq 0 ]; then
    say "XML security libraries (libxmlsec1, libxml2, libclang): ok"
    return
  fi
  say "XML security libraries: installing Debian's ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# The SAML tests' identity provider (end2end/saml/idp.py): PyPI's pysaml2 in a virtualenv
# under target/, signing with Debian's xmlsec1.
saml_idp() {
  local venv="$ROOT/target/saml-idp" stamp want
  stamp="$venv/.cognate-requirements.sha256"
  want=$(sha256sum "$ROOT/end2end/saml/requirements.txt" | cut -d' ' -f1)
  if ! command -v xmlsec1 >/dev/null 2>&1; then
    say "SAML test IdP: installing Debian's xmlsec1"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1
  fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
    say "SAML test IdP (pysaml2): ok"
    return
  fi
  say "SAML test IdP (pysaml2): installing into target/saml-idp"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -m ensurepip --version >/dev/null 2>&1; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/end2end/saml/requirements.txt"
  printf '%s\n' "$want" >"$stamp"
}

main() {
  local steps=("$@") s total_start
  [ ${#steps[@]} -gt 0 ] || steps=(xml-security wasm-target cargo-leptos wasm-bindgen chromium npm)
  total_start=$(date +%s)
  for s in "${steps[@]}"; do
    case "$s" in
      wasm-target) step "wasm32 target" wasm_target ;;
      cargo-leptos) step "cargo-leptos" cargo_leptos ;;
      wasm-bindgen) step "wasm-bindgen-cli" wasm_bindgen ;;
      chromium) step "chromium" chromium ;;
      npm) step "npm packages" npm_packages ;;
      aws-clients) step "AWS clients" aws_clients ;;
      oidc-example) step "OIDC example app" oidc_example ;;
      postgres) step "PostgreSQL" postgres ;;
      lambda-runtimes) step "Lambda runtime clients" lambda_runtimes ;;
      xml-security) step "XML security libraries" xml_security ;;
      saml-idp) step "SAML test IdP" saml_idp ;;
      *) echo "setup: unknown step '$s'" >&2; exit 2 ;;
    esac
  done
  say "all done in $(($(date +%s) - total_start)) s"
}

main "$@"
