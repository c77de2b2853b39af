#!/usr/bin/env bash
# Regenerates coffer_client/ (all but the hand-written signing.py) from
# Coffer's OpenAPI document with a pinned openapi-python-client.
#
#   clients/python/generate.sh                         # a throwaway server of target/debug/coffer
#   COFFER=target/release/coffer clients/python/generate.sh
#   clients/python/generate.sh http://127.0.0.1:8080   # a running server
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
generator="$root/target/openapi-python-client"
[ -x "$generator/bin/openapi-python-client" ] || {
    python3 -m venv "$generator"
    "$generator/bin/python" -m pip install --quiet openapi-python-client==0.29.1
}
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

mv "$here/coffer_client/signing.py" "$tmp/"
rm -rf "$here/coffer_client"
"$generator/bin/openapi-python-client" generate --path "$tmp/openapi.json" \
    --config "$here/generator.yml" --meta none --output-path "$here/coffer_client"
mv "$tmp/signing.py" "$here/coffer_client/"
echo "generated $here/coffer_client from $url/openapi.json"
