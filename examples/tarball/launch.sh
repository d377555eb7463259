#!/usr/bin/env bash
# Packs site/ into a .tar.gz, uploads it to Pacer's artifact store and submits app.json with the archive's URL
# and sha256: the executor refuses the archive if its bytes do not match.
#   examples/tarball/launch.sh [PACER_URL] [SHA256]   (default http://localhost:8080; SHA256 overrides the real one)
set -euo pipefail
pacer=${1:-http://localhost:8080}
here=$(cd "$(dirname "$0")" && pwd)
archive=$(mktemp --suffix=.tar.gz)
trap 'rm -f "$archive"' EXIT
tar czf "$archive" -C "$here" site
sha=${2:-$(sha256sum "$archive" | cut -d' ' -f1)}
curl -fsS -X PUT --data-binary @"$archive" "$pacer/v2/artifacts/examples/site.tar.gz" >/dev/null
sed -e "s|ARTIFACT_URL|$pacer|" -e "s|SHA256|$sha|" "$here/app.json" \
  | curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @- "$pacer/v2/apps/examples/site" >/dev/null
echo "submitted /examples/site to $pacer (archive sha256 $sha)"
