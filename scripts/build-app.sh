#!/usr/bin/env bash
# Builds the browser app in release mode (wasm-opt from npm's binaryen), then writes
# pre-compressed copies for the server. Run scripts/setup.sh first.
#  - dist/              the main app (index.html): home and the investor's pages, service worker;
#  - dist/console/      the organizer console (console.html) and its match worker, served under
#                       /console/; the server answers GET /events/{id}/organize with its index.html;
#  - dist/startup-app/  the startup's screens (startup.html), served under /startup-app/; the
#                       server answers GET /events/{id}/register and /events/{id}/startup with it.
# The main build comes first: Trunk empties its dist directory, which would remove the others.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Leptos type-erases components under `--cfg erase_components` (smaller wasm: 500 → 455 kB gzip
# for the main bundle when measured). For wasm32 only: a global RUSTFLAGS would also change (and
# rebuild) the native server and core.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:+ $CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS}"
trunk build index.html --dist dist --release --offline
trunk build console.html --dist dist/console --public-url /console/ --release --offline
trunk build startup.html --dist dist/startup-app --public-url /startup-app/ --release --offline
node scripts/precompress.mjs dist
node scripts/precompress.mjs dist/console
node scripts/precompress.mjs dist/startup-app
