#!/usr/bin/env bash
# Requests per second through the Coinbase-compatible API with a valid
# passphrase, against a release build on a fresh data dir. Extra arguments go
# to the benchmark: --seconds N (default 5), --threads T (default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin coffer --example bench_coinbase_auth
exec target/release/examples/bench_coinbase_auth --bin target/release/coffer "$@"
