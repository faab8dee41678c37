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
  # The browser tests need chromium; the server's proxy test runs Debian's nginx binary, and its
  # PostgreSQL pass Debian's PostgreSQL 15 (the tests start their own instances; the packages'
  # services are not started).
  missing=()
  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # The server's tests run a second time on a throwaway PostgreSQL 15 cluster.
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian's ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    # A policy-rc.d answering 101 keeps the packages' services from starting on this machine.
    placed_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
      $sudo_cmd chmod +x /usr/sbin/policy-rc.d
      placed_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
    [ -z "$placed_policy" ] || $sudo_cmd rm -f /usr/sbin/policy-rc.d
  fi
fi
log "ready"
