#!/usr/bin/env bash
# Checks the systemd units: `systemd-analyze verify` (syntax, directives, the
# binary exists) and `systemd-analyze security --offline` (exposure at most
# 2.0 for coffer.service). The units name /usr/local/bin/coffer; the check
# points copies of them at the binary built here. Skips when systemd-analyze is
# not installed.
# usage: scripts/check-systemd.sh [path/to/coffer]   (default target/debug/coffer)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze not installed: skipping the systemd unit checks"
    exit 0
fi
bin="$(realpath "${1:-target/debug/coffer}")"
[ -x "$bin" ] || { echo "no coffer binary at $bin (build first)" >&2; exit 1; }

units="$(mktemp -d)"
trap 'rm -rf "$units"' EXIT
for unit in systemd/*; do
    sed "s#/usr/local/bin/coffer#$bin#g" "$unit" >"$units/$(basename "$unit")"
done
systemd-analyze verify "$units"/*
echo "systemd-analyze verify: ok"
# --threshold makes the command fail above the given exposure (x10).
for unit in coffer.service coffer-backup.service; do
    systemd-analyze security --offline=yes --threshold=20 "$units/$unit" | tail -n 1
done
