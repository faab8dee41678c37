#!/usr/bin/env bash
# Builds the browser app in release mode (wasm-opt from npm's binaryen), then writes
# pre-compressed copies for the server. Run scripts/setup.sh first.
#  - dist/          the main app (index.html): home, investor and startup pages, service worker;
#  - dist/console/  the organizer console (console.html) and its match worker, served under
#                   /console/; the server answers GET /events/{id}/organize with its index.html.
# The main build comes first: Trunk empties its dist directory, which would remove dist/console/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build index.html --dist dist --release --offline
trunk build console.html --dist dist/console --public-url /console/ --release --offline
node scripts/precompress.mjs dist
node scripts/precompress.mjs dist/console
