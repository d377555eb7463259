#!/usr/bin/env bash
# Builds the example's image on the local Docker engine if it is not there yet (from Debian's busybox-static, with
# scripts/test-image: there is no registry to pull from), then submits app.json: two busybox httpd containers with
# BRIDGE networking, each published on a host port Pacer picks, health-checked by their executor.
#   examples/docker/launch.sh [PACER_URL]   (default http://localhost:8080; the engine is DOCKER_HOST's, as for Pacer)
set -euo pipefail
pacer=${1:-http://localhost:8080}
here=$(cd "$(dirname "$0")" && pwd)
"$here/../../scripts/test-image" pacer-examples/busybox:latest
curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @"$here/app.json" "$pacer/v2/apps/examples/web" >/dev/null
echo "submitted /examples/web to $pacer"
