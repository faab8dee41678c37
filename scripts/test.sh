#!/usr/bin/env bash
# Sets up everything and runs every test: core and server (native), core's test vectors in
# wasm32 (node), then the browser end-to-end tests against the release app and the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "== format and lints (rustfmt, clippy -D warnings: native and the app's wasm32 build) =="
cargo fmt --all --check
cargo clippy --workspace --exclude roadshow-app --all-targets -- -D warnings
cargo clippy -p roadshow-app --lib --bins --target wasm32-unknown-unknown -- -D warnings

echo "== core and server (native; the server on SQLite) =="
cargo test -p roadshow-core -p roadshow-server

echo "== the server again, on PostgreSQL 15 (a throwaway cluster on a free loopback port) =="
# The cluster lives until this script exits; the API fuzzing below runs on it too.
pg_dir=$(mktemp -d)
trap 'scripts/pg-cluster.sh stop "$pg_dir"' EXIT
pg_cluster=$(scripts/pg-cluster.sh start "$pg_dir")
# The restart test stops and starts this cluster: it is alone in its test binary, and cargo runs
# test binaries one after another.
ROADSHOW_TEST_POSTGRES=$pg_cluster ROADSHOW_TEST_POSTGRES_DIR=$pg_dir cargo test -p roadshow-server

echo "== app (native unit tests, incl. the match worker's) =="
cargo test -p roadshow-app --lib --bin match-worker

echo "== core test vectors in wasm32 (node) =="
# Without scripts/build-app.sh's `--cfg erase_components` (a Leptos switch; core does not link
# Leptos): cargo keeps artifacts per wasm32 flag set apart, so neither build rebuilds the other's.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p roadshow-core --no-default-features --target wasm32-unknown-unknown --test wasm_vectors

echo "== browser end-to-end (release app, real server, headless chromium) =="
scripts/build-app.sh
cargo build --profile server -p roadshow-server
# The e2e tests check the console against the `roadshow` CLI on exported snapshots.
cargo build --release -p roadshow-core --bin roadshow
node --test --test-concurrency=1 tests/e2e/*.test.mjs

echo "== API fuzzing against the OpenAPI document (schemathesis), on SQLite =="
scripts/api-fuzz.sh

echo "== API fuzzing again, on PostgreSQL =="
/usr/lib/postgresql/15/bin/createdb --maintenance-db="$pg_cluster" fuzz
ROADSHOW_FUZZ_DATABASE="${pg_cluster%/*}/fuzz" scripts/api-fuzz.sh
