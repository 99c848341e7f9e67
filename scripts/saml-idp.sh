#!/usr/bin/env bash
# A SAML 2.0 identity provider on loopback for the SAML tests (end2end/saml/idp.py): PyPI's
# pysaml2 with Debian's xmlsec1, in target/saml-idp (scripts/setup.sh saml-idp).
#
#   scripts/saml-idp.sh start DIR PORT [PID]  # prints the port once it answers (PORT 0: a
#                                             # free one); with PID, stops it and removes
#                                             # DIR once PID is gone
#   scripts/saml-idp.sh stop DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${SAML_IDP_PYTHON:-$root/target/saml-idp/bin/python}

start() {
  local dir=$1 port=$2 watched=${3:-}
  if [ ! -x "$python" ] || ! "$python" -c 'import saml2, lxml' 2>/dev/null \
    || ! command -v xmlsec1 >/dev/null 2>&1; then
    echo "saml-idp: no pysaml2 or xmlsec1: run scripts/setup.sh saml-idp" >&2
    exit 1
  fi
  mkdir -p "$dir"
  setsid "$python" -W ignore "$root/end2end/saml/idp.py" "$port" "$dir" \
    </dev/null >"$dir/idp.log" 2>&1 &
  echo $! >"$dir/idp.pid"
  for _ in $(seq 1 200); do
    if ! kill -0 "$(cat "$dir/idp.pid")" 2>/dev/null; then
      echo "saml-idp: the IdP exited; its log:" >&2
      tail -n 40 "$dir/idp.log" >&2
      return 1
    fi
    if grep -q 'listening on' "$dir/idp.log"; then
      if [ -n "$watched" ]; then
        # A watcher of its own session, with no inherited output, so the caller's reading
        # of this script's output ends now.
        setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"; rm -rf "$3"' \
          watch "$watched" "$0" "$dir" </dev/null >/dev/null 2>&1 &
      fi
      sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$dir/idp.log" | head -n 1
      return
    fi
    sleep 0.1
  done
  echo "saml-idp: the IdP did not answer within 20 s; its log:" >&2
  tail -n 40 "$dir/idp.log" >&2
  stop "$dir"
  return 1
}

stop() {
  local dir=$1
  if [ -f "$dir/idp.pid" ]; then
    kill "$(cat "$dir/idp.pid")" 2>/dev/null || true
    sleep 0.3
    kill -KILL "$(cat "$dir/idp.pid")" 2>/dev/null || true
  fi
}

case "${1:-}" in
  start) start "$2" "$3" "${4:-}" ;;
  stop) stop "$2" ;;
  *)
    echo "usage: $0 start DIR PORT [PID] | stop DIR" >&2
    exit 2
    ;;
esac
