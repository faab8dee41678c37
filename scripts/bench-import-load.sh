#!/usr/bin/env bash
# Issue 12's availability figure: does a large anonymous import delay other events' score writes?
# The release server on a free loopback port with a fresh SQLite file, then the load generator
# (server/examples/loadgen.rs: INVESTORS investors of one event sending single-score batches at
# RATE mutations/s for SECONDS) twice: alone (the normal p99), and with imports of other events
# posted while it runs (a 20,000-investor roster, 0.9 MB, and the largest event the route
# accepts: 200 investors × 1,000 startups at 80 %, ≈ 30 MB). Prints both runs' write latencies
# and each import's time. Loopback only; bounded in time.
#
#   scripts/bench-import-load.sh [SECONDS] [RATE] [INVESTORS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
rate="${2:-500}"
investors="${3:-200}"

cargo build -q --profile server -p roadshow-server --bin roadshow-server --example loadgen

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap 'cleanup; rm -rf "$work"' EXIT

node --input-type=module -e "
import { writeFileSync } from 'node:fs';
import { largeEvent } from './scripts/lib/large-event.mjs';
const roster = largeEvent({ investors: 1, startups: 1, coverage: 0 });
roster.event.id = 'roster';
roster.investors = Array.from({ length: 20000 }, (_, j) => ({ id: 'i' + j, firm: 'Firm ' + j }));
writeFileSync('$work/roster.json', JSON.stringify(roster));
writeFileSync('$work/large.json', JSON.stringify(largeEvent({})));
"
echo "snapshots: roster $(stat -c %s "$work/roster.json") B, large $(stat -c %s "$work/large.json") B"

start_server() {
  rm -rf "$work/dist" "$work"/load.db*
  mkdir -p "$work/dist"
  : >"$work/server.log"  # exists before the first read below
  RUST_LOG=roadshow_server=warn target/server/roadshow-server --bind 127.0.0.1:0 \
    --database "sqlite://$work/load.db" --dist "$work/dist" --no-demo >"$work/server.log" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url="$(sed -n 's/^Roadshow listening on //p' "$work/server.log" | head -n 1)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/server.log"; echo "the server did not start" >&2; exit 1; }
}

import_one() { # NAME FILE
  local result
  result=$(curl -sS -o "$work/import.out" -w '%{http_code} %{time_total}' -X POST "$url/api/events/import" \
    -H 'content-type: application/json' --data-binary "@$2")
  echo "import $1: HTTP ${result% *} in ${result#* } s"
  [ "${result% *}" = 201 ] || { head -c 300 "$work/import.out"; echo; return 1; }
}

status=0
echo "== alone: $investors investors, $rate mutations/s, $seconds s"
start_server
target/server/examples/loadgen --url "$url" --investors "$investors" --startups 50 --seconds "$seconds" \
  --rate "$rate" --database "$work/load.db" --json target/bench-import-load-alone.json | grep -E "write latency|applied|acknowledged" || status=1
cleanup

echo "== beside imports: the same load, with the two imports posted 3 s into it"
start_server
target/server/examples/loadgen --url "$url" --investors "$investors" --startups 50 --seconds "$seconds" \
  --rate "$rate" --database "$work/load.db" --json target/bench-import-load-beside.json >"$work/loadgen.out" 2>&1 &
load_pid=$!
sleep 3
import_one "roster (20,000 investors)" "$work/roster.json" || status=1
import_one "large (200 × 1,000, 80 %)" "$work/large.json" || status=1
wait "$load_pid" || status=1
grep -E "write latency|applied|acknowledged" "$work/loadgen.out" || status=1
if grep -q "ERROR" "$work/server.log"; then
  echo "server errors during the run:" >&2
  grep "ERROR" "$work/server.log" | head -n 5 >&2
  status=1
fi
cleanup
exit "$status"
