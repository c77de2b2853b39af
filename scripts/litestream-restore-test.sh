#!/usr/bin/env bash
# Disaster-recovery drill with Litestream: replicate a running Coffer's
# database to a local file replica while it takes writes, restore the replica
# into a fresh data dir, and prove the copy: `coffer verify` passes and a
# server started on it (with the same master key) serves the same books.
#
# usage: scripts/litestream-restore-test.sh [path/to/coffer]
#   (default target/debug/coffer; `litestream` from $LITESTREAM or the PATH)
set -euo pipefail
cd "$(dirname "$0")/.."

coffer="$(realpath "${1:-target/debug/coffer}")"
litestream="${LITESTREAM:-litestream}"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "litestream drill: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Starts `coffer serve` on a data dir; sets $serve_pid and $COFFER_URL.
serve() {
    local data="$1" log="$work/serve-$(basename "$1").out"
    "$coffer" serve --data-dir "$data" --listen 127.0.0.1:0 >"$log" 2>&1 &
    serve_pid=$!
    pids+=("$serve_pid")
    for _ in $(seq 100); do
        if grep -q '^coffer listening on ' "$log"; then
            COFFER_URL="$(sed -n 's/^coffer listening on //p' "$log")"
            export COFFER_URL
            return
        fi
        sleep 0.1
    done
    cat "$log" >&2
    fail "coffer did not start on $data"
}
stop() {
    kill -TERM "$1"
    local status=0
    wait "$1" || status=$?
    [ "$status" -eq 0 ] || fail "coffer exited $status on SIGTERM"
}
call() { "$coffer" call "$@" 2>/dev/null; }

# 1. A live server with Litestream replicating its database.
"$coffer" init --json --data-dir "$work/live" >"$work/creds.json"
COFFER_KEY_ID="$(json "['apiKey']['keyId']" <"$work/creds.json")"
COFFER_KEY_SECRET="$(json "['apiKey']['secret']" <"$work/creds.json")"
export COFFER_KEY_ID COFFER_KEY_SECRET
serve "$work/live"
live_pid=$serve_pid
cat >"$work/litestream.yml" <<YAML
dbs:
  - path: $work/live/coffer.db
    replica:
      url: file://$work/replica
YAML
"$litestream" replicate -config "$work/litestream.yml" >"$work/litestream.log" 2>&1 &
litestream_pid=$!
pids+=("$litestream_pid")

# 2. Books worth restoring: vaults, a credited deposit, a transfer.
a_vault="$(call POST /v1/vaults '{"name":"drill-a"}' | json "['id']")"
b_vault="$(call POST /v1/vaults '{"name":"drill-b"}' | json "['id']")"
a="$(call POST "/v1/vaults/$a_vault/wallets" '{"assetId":"BTC"}' | json "['id']")"
b="$(call POST "/v1/vaults/$b_vault/wallets" '{"assetId":"BTC"}' | json "['id']")"
call POST /v1/sandbox/deposits "{\"walletId\":\"$a\",\"amount\":\"1.5\"}" >/dev/null
call POST /v1/sandbox/blocks '{"count":2}' >/dev/null
for _ in $(seq 100); do
    [ "$(call GET "/v1/wallets/$a" | json "['balance']['available']")" = "1.5" ] && break
    sleep 0.1
done
call POST /v1/transactions/transfer \
    "{\"sourceWalletId\":\"$a\",\"destinationWalletId\":\"$b\",\"amount\":\"0.25\"}" \
    --idempotency-key drill-1 >/dev/null
marker="$(call POST /v1/vaults '{"name":"drill-last-write"}' | json "['id']")"

# 3. Stop the server cleanly, let Litestream ship the rest, stop it.
stop "$live_pid"
restored_has_marker() {
    rm -f "$work/probe.db"*
    "$litestream" restore -o "$work/probe.db" "file://$work/replica" >/dev/null 2>&1 || return 1
    python3 - "$work/probe.db" "$marker" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
found = db.execute("SELECT 1 FROM vaults WHERE id = ?", (sys.argv[2],)).fetchone()
sys.exit(0 if found else 1)
PY
}
for _ in $(seq 60); do
    restored_has_marker && break
    sleep 0.5
done
restored_has_marker || { cat "$work/litestream.log" >&2; fail "the replica never caught up"; }
kill -TERM "$litestream_pid"
wait "$litestream_pid" || true

# 4. Restore into a fresh data dir, with the master key kept apart.
mkdir -m 0700 "$work/fresh"
"$litestream" restore -o "$work/fresh/coffer.db" "file://$work/replica"
cp "$work/live/master.key" "$work/fresh/master.key"
"$coffer" verify --data-dir "$work/fresh"
serve "$work/fresh"
[ "$(call GET "/v1/wallets/$b" | json "['balance']['available']")" = "0.25" ] \
    || fail "the restored wallet does not hold the transfer"
[ "$(call GET "/v1/wallets/$a" | json "['balance']['available']")" = "1.25" ] \
    || fail "the restored source wallet is wrong"
call GET "/v1/vaults/$marker" >/dev/null || fail "the last write is missing"
call POST /v1/vaults '{"name":"after-restore"}' >/dev/null || fail "the restored server takes no writes"
stop "$serve_pid"
echo "litestream drill: replicated, restored, verified and served: ok"
