#!/usr/bin/env bash
# Issue 12's slow-connection figures: the release server, started with the usual soft limit of
# 1,024 open files (it raises its own to the hard limit), against server/examples/slowclients.rs:
# 1,100 half-sent requests (headers begun, never finished) while a well-behaved client asks the
# health check every 100 ms. Loopback only; bounded in time.
#
#   scripts/bench-slow-clients.sh [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-1100}"
seconds="${2:-30}"

cargo build -q --profile server -p roadshow-server --bin roadshow-server --example slowclients

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/dist"
: >"$work/server.log"
(ulimit -Sn 1024 && exec env RUST_LOG=roadshow_server=warn target/server/roadshow-server --bind 127.0.0.1:0 \
  --database "sqlite://$work/slow.db" --dist "$work/dist" --no-demo) >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Roadshow listening on //p' "$work/server.log" | head -n 1)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log"; echo "the server did not start" >&2; exit 1; }
echo "server $url: open files soft limit at start 1024, after start $(awk '/Max open files/ {print $4}' /proc/$server_pid/limits)"
# The client needs room for its own connections too.
ulimit -Sn "$(ulimit -Hn)"
target/server/examples/slowclients --url "$url" --connections "$connections" --seconds "$seconds"
