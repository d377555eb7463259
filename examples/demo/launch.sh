#!/usr/bin/env bash
# Uploads the demo app to Pacer's artifact store and submits app.json pointing at it, as Marathon's demo did.
#   examples/demo/launch.sh [PACER_URL]      (default http://localhost:8080)
set -euo pipefail
pacer=${1:-http://localhost:8080}
here=$(cd "$(dirname "$0")" && pwd)
curl -fsS -X PUT --data-binary @"$here/app.py" "$pacer/v2/artifacts/demo/app.py" >/dev/null
sed "s|ARTIFACT_URL|$pacer|" "$here/app.json" \
  | curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @- "$pacer/v2/apps/demo/web" >/dev/null
echo "submitted /demo/web to $pacer (app at $pacer/v2/artifacts/demo/app.py)"
