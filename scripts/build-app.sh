#!/usr/bin/env bash
# Builds the browser app in release mode into dist/ (wasm-opt from npm's binaryen), then writes
# pre-compressed copies for the server. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
node scripts/precompress.mjs dist
