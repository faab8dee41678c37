#!/usr/bin/env bash
# Issue 5's load benchmark: the release server on a free loopback port with a fresh SQLite file,
# then server/examples/loadgen.rs: 200 investors writing single-score batches for 20 s while the
# organizer holds the SSE stream. Two runs, each on a fresh server: closed loop (every investor
# sends its next score as soon as the last is acknowledged: the saturation throughput), then an
# offered load of RATE mutations/s (latency at that rate, measured from the scheduled send time).
# Prints the figures; exits non-zero if anything acknowledged is missing afterwards.
#
#   scripts/bench-load.sh [SECONDS] [INVESTORS] [STARTUPS] [RATE]
# ROADSHOW_SERVER_BIN=FILE runs another build of the server (e.g. the tree before a change).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
investors="${2:-200}"
startups="${3:-50}"
rate="${4:-2000}"

cargo build -q --profile server -p roadshow-server --bin roadshow-server --example loadgen

server_bin="${ROADSHOW_SERVER_BIN:-target/server/roadshow-server}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap 'cleanup; rm -rf "$work"' EXIT

run() { # NAME OFFERED-RATE (0 = closed loop)
  rm -rf "$work/dist" "$work"/load.db*
  mkdir -p "$work/dist"
  : >"$work/server.log"  # exists before the first read below
  RUST_LOG=roadshow_server=warn "$server_bin" --bind 127.0.0.1:0 \
    --database "sqlite://$work/load.db" --dist "$work/dist" --no-demo >"$work/server.log" 2>&1 &
  server_pid=$!
  local url=""
  for _ in $(seq 1 100); do
    url="$(sed -n 's/^Roadshow listening on //p' "$work/server.log" | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "the server exited" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the server did not start" >&2; return 1; }
  echo "== $1: server $url (SQLite WAL, synchronous=FULL; $(nproc) cores shared with the load generator)"
  local status=0
  target/server/examples/loadgen --url "$url" --investors "$investors" --startups "$startups" \
    --seconds "$seconds" --rate "$2" --database "$work/load.db" --json "target/bench-load-$1.json" || status=$?
  if grep -q "ERROR" "$work/server.log"; then
    echo "server errors during the run:" >&2
    grep "ERROR" "$work/server.log" | head -n 5 >&2
    status=1
  fi
  cleanup
  return "$status"
}

status=0
run closed-loop 0 || status=$?
run "offered-$rate" "$rate" || status=$?
exit "$status"
