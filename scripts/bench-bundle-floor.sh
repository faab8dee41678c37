#!/usr/bin/env bash
# Issue 18's floor for the bundles: builds scripts/bundle-floor (the smallest Leptos page, built the
# way scripts/build-app.sh builds the app's bundles) and prints its wasm and JS, gzip -9, in bytes.
# It takes the app's lockfile (copied in, not kept), so both link the same Leptos.
# Usage: scripts/bench-bundle-floor.sh   (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/bundle-floor"
export PATH="$PWD/../../node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$PWD/../../target/bundle-floor"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components"
cp ../../Cargo.lock Cargo.lock
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
trunk build index.html --dist "$dist" --release --offline >&2
wasm=$(gzip -9c "$dist"/bundle-floor-*_bg.wasm | wc -c)
js=$(gzip -9c "$dist"/bundle-floor-*.js | wc -c)
echo "{\"wasm_gzip9\": $wasm, \"js_gzip9\": $js, \"total_gzip9\": $((wasm + js))}"
