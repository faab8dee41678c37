#!/usr/bin/env bash
# Installs what building and testing Roadshow needs, skipping whatever is already there.
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's chromium + chromedriver)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.22 needs a newer rustc than this machine has.
if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
  log "installing trunk 0.21.14 (about 8 minutes)"
  cargo install trunk --version 0.21.14 --locked
fi

# Trunk would download wasm-bindgen; the network is closed, so install the exact version the
# lockfile pins (without --locked: the CLI's own lockfile names a crate the registry lacks).
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wasm_bindgen_version}\$"; then
  log "installing wasm-bindgen-cli ${wasm_bindgen_version} (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "${wasm_bindgen_version}" --force
fi

# wasm-opt from npm (binaryen 132): Debian's binaryen 108 breaks the module in the browser.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm tools (binaryen, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver
  fi
fi
log "ready"
