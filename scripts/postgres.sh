#!/usr/bin/env bash
# A PostgreSQL cluster of its own for a test, in a temporary folder, reached on a unix socket
# in that folder (no port to collide with): Debian's binaries (scripts/setup.sh postgres),
# run as an unprivileged user when the caller is root, as initdb and the server refuse root.
#
#   scripts/postgres.sh start DIR [PID]  # prints the database URL once the server answers;
#                                        # with PID, stops it and removes DIR once PID is gone
#   scripts/postgres.sh stop DIR         # stops it by its PID file (immediate mode)
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "postgres: PostgreSQL is not installed: run scripts/setup.sh postgres" >&2
  exit 1
fi

# as_owner CMD...: CMD as the folder's unprivileged owner when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

start() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$dir"
    # The owner must reach its folder: a private temporary parent becomes traversable
    # (not listable).
    chmod o+x "$(dirname "$dir")"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U cognate -E UTF8 --no-sync >"$dir/initdb.log"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200" \
    start >/dev/null
  if [ -n "${2:-}" ]; then
    # A watcher of its own session, with no inherited output, so the caller's reading of
    # this script's output ends now: the cluster outlives nothing that started it.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"; rm -rf "$3"' \
      watch "$2" "$0" "$dir" </dev/null >/dev/null 2>&1 &
  fi
  printf 'postgres://cognate@localhost/postgres?host=%s\n' "$dir"
}

stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start "$2" "${3:-}" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start DIR [PID] | stop DIR" >&2; exit 2 ;;
esac
