#!/usr/bin/env bash
# A Lambda-compatible host on loopback for the trigger tests (end2end/triggers/lambda_host.py):
# AWS Lambda's Invoke API in front, the Lambda Runtime API behind, and the handlers of
# end2end/triggers/functions.json run by AWS's own runtime interface clients (PyPI's
# awslambdaric in target/aws-clients, npm's aws-lambda-ric in end2end/triggers/node; both
# from scripts/setup.sh aws-clients lambda-runtimes).
#
#   scripts/lambda-host.sh start DIR PORT [PID]  # prints the port once it answers (PORT 0:
#                                                # a free one); with PID, stops it and
#                                                # removes DIR once PID is gone
#   scripts/lambda-host.sh stop DIR
#
# Callers sign with LAMBDA_HOST_ACCESS_KEY_ID / LAMBDA_HOST_SECRET_ACCESS_KEY (default: the
# tests' fixed pair below).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${LAMBDA_HOST_PYTHON:-$root/target/aws-clients/bin/python}

start() {
  local dir=$1 port=$2 watched=${3:-}
  if [ ! -x "$python" ] || ! "$python" -c 'import awslambdaric, botocore' 2>/dev/null; then
    echo "lambda-host: no awslambdaric: run scripts/setup.sh aws-clients" >&2
    exit 1
  fi
  if [ ! -f "$root/end2end/triggers/node/node_modules/aws-lambda-ric/dist/rapid-client.node" ]; then
    echo "lambda-host: no aws-lambda-ric: run scripts/setup.sh lambda-runtimes" >&2
    exit 1
  fi
  mkdir -p "$dir"
  AWS_ACCESS_KEY_ID=${LAMBDA_HOST_ACCESS_KEY_ID:-AKIDCOGNATETRIGGERTESTS} \
    AWS_SECRET_ACCESS_KEY=${LAMBDA_HOST_SECRET_ACCESS_KEY:-cognate-trigger-tests-secret} \
    AWS_REGION=us-east-1 \
    setsid "$python" "$root/end2end/triggers/lambda_host.py" "$port" \
    "$root/end2end/triggers/functions.json" "$dir" </dev/null >"$dir/host.log" 2>&1 &
  echo $! >"$dir/host.pid"
  for _ in $(seq 1 200); do
    if ! kill -0 "$(cat "$dir/host.pid")" 2>/dev/null; then
      echo "lambda-host: the host exited; its log:" >&2
      tail -n 40 "$dir/host.log" >&2
      return 1
    fi
    if grep -q 'listening on' "$dir/host.log"; then
      if [ -n "$watched" ]; then
        # A watcher of its own session, with no inherited output, so the caller's reading
        # of this script's output ends now.
        setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"; rm -rf "$3"' \
          watch "$watched" "$0" "$dir" </dev/null >/dev/null 2>&1 &
      fi
      sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$dir/host.log" | head -n 1
      return
    fi
    sleep 0.1
  done
  echo "lambda-host: the host did not answer within 20 s; its log:" >&2
  tail -n 40 "$dir/host.log" >&2
  stop "$dir"
  return 1
}

stop() {
  local dir=$1 pid
  if [ -f "$dir/host.pid" ]; then
    kill "$(cat "$dir/host.pid")" 2>/dev/null || true
  fi
  sleep 0.5
  # The runtime processes, whatever became of the host.
  if [ -f "$dir/runtime.pids" ]; then
    while read -r pid; do
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done <"$dir/runtime.pids"
  fi
  if [ -f "$dir/host.pid" ]; then
    kill -KILL "$(cat "$dir/host.pid")" 2>/dev/null || true
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
