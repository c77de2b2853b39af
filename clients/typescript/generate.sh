#!/usr/bin/env bash
# Regenerates src/schema.ts (the types of every path, operation and schema)
# from Coffer's OpenAPI document with the openapi-typescript pinned in
# package.json (`npm ci` here first). src/index.ts is written by hand.
#
#   clients/typescript/generate.sh                         # a throwaway server of target/debug/coffer
#   COFFER=target/release/coffer clients/typescript/generate.sh
#   clients/typescript/generate.sh http://127.0.0.1:8080   # a running server
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -x "$here/node_modules/.bin/openapi-typescript" ] || npm ci --silent --prefix "$here"
tmp=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid"; rm -rf "$tmp"' EXIT

url=${1:-}
if [ -z "$url" ]; then
    "${COFFER:-$root/target/debug/coffer}" serve --listen 127.0.0.1:0 --data-dir "$tmp/data" \
        > "$tmp/serve.out" 2> "$tmp/serve.err" &
    pid=$!
    for _ in $(seq 100); do
        url=$(sed -n 's/^coffer listening on //p' "$tmp/serve.out")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$tmp/serve.err" >&2; exit 1; }
fi
curl -sf "$url/openapi.json" > "$tmp/openapi.json"

"$here/node_modules/.bin/openapi-typescript" "$tmp/openapi.json" --output "$here/src/schema.ts"
echo "generated $here/src/schema.ts from $url/openapi.json"
