#!/usr/bin/env bash
# Issue 17's benchmark: the same load generator as scripts/bench-load.sh (server/examples/
# loadgen.rs: INVESTORS phones writing single-score batches for SECONDS while the organizer
# holds the live stream) against three set-ups, alternated in one run on this machine:
#   sqlite   one process on a SQLite file (today's default)
#   pg1      one process on PostgreSQL 15
#   pg2      two processes on one PostgreSQL database: phones spread over both, the organizer's
#            stream on the second, so half of the versions it hears cross between processes
# each as a closed loop (saturation) and at an offered RATE writes/s; then pgbench's own write
# ceiling on the same cluster (the simple-update script). The cluster is throwaway
# (scripts/pg-cluster.sh). Prints one table; the runs' JSON goes to target/bench-postgres-*.json.
# ROADSHOW_BASELINE_BIN=FILE adds two set-ups, `sqlite-base` and `pg1-base`: that build of the
# server (e.g. the tree before a change, built into another target directory) on SQLite and on
# PostgreSQL with one process, in the same loop.
#
#   scripts/bench-postgres.sh [SECONDS] [INVESTORS] [STARTUPS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
investors="${2:-200}"
startups="${3:-50}"
rate="${4:-2000}"
bin=/usr/lib/postgresql/15/bin

cargo build -q --profile server -p roadshow-server --bin roadshow-server --example loadgen

work="$(mktemp -d)"
cluster_dir="$(mktemp -d)"
pids=()
stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_servers; scripts/pg-cluster.sh stop "$cluster_dir"; rm -rf "$work"' EXIT
cluster="$(scripts/pg-cluster.sh start "$cluster_dir")"
rm -f target/bench-postgres-*.json target/bench-postgres-pgbench.txt
mkdir -p "$work/dist"

started=""
start_server() { # DATABASE LOG [BINARY] → its URL in $started (not a subshell: the pid is kept)
  : >"$2"
  RUST_LOG=roadshow_server=warn "${3:-target/server/roadshow-server}" --bind 127.0.0.1:0 \
    --database "$1" --dist "$work/dist" --no-demo >"$2" 2>&1 &
  pids+=($!)
  local url=""
  for _ in $(seq 1 100); do
    url="$(sed -n 's/^Roadshow listening on //p' "$2" | head -n 1)"
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$2" >&2; echo "a server did not start" >&2; return 1; }
  started="$url"
}

database=0
run() { # SETUP OFFERED-RATE
  local setup=$1 offered=$2 db a b
  database=$((database + 1))
  case "$setup" in
    sqlite | sqlite-base) db="sqlite://$work/load-$database.db" ;;
    *) "$bin/createdb" --maintenance-db="$cluster" "load$database"; db="${cluster%/*}/load$database" ;;
  esac
  if [ "$setup" = sqlite-base ] || [ "$setup" = pg1-base ]; then
    start_server "$db" "$work/a.log" "$ROADSHOW_BASELINE_BIN"
  else
    start_server "$db" "$work/a.log"
  fi
  a="$started"
  local writes=(--write-url "$a") stream="$a"
  if [ "$setup" = pg2 ]; then
    start_server "$db" "$work/b.log"
    b="$started"
    writes=(--write-url "$a" --write-url "$b")
    stream="$b"
  fi
  local name="$setup-$([ "$offered" = 0 ] && echo closed || echo "offered-$offered")"
  echo "== $name"
  local status=0
  target/server/examples/loadgen --url "$a" "${writes[@]}" --stream-url "$stream" \
    --investors "$investors" --startups "$startups" --seconds "$seconds" --rate "$offered" \
    --database "$db" --json "target/bench-postgres-$name.json" || status=$?
  if grep -h "ERROR" "$work"/a.log "$work"/b.log 2>/dev/null | head -n 5 | grep -q .; then
    echo "server errors during $name" >&2
    status=1
  fi
  stop_servers
  rm -f "$work"/b.log
  return "$status"
}

setups=(sqlite pg1 pg2)
[ -z "${ROADSHOW_BASELINE_BIN:-}" ] || setups=(sqlite-base sqlite pg1-base pg1 pg2)
status=0
for offered in 0 "$rate"; do
  for setup in "${setups[@]}"; do
    run "$setup" "$offered" || status=$?
  done
done

echo "== pgbench: the cluster's own ceiling for small write transactions (simple-update, 8 clients, 2 threads, ${seconds} s)"
"$bin/createdb" --maintenance-db="$cluster" pgbench
"$bin/pgbench" -q -i -s 10 "${cluster%/*}/pgbench" >/dev/null 2>&1
"$bin/pgbench" -N -c 8 -j 2 -T "$seconds" "${cluster%/*}/pgbench" 2>/dev/null \
  | grep -E "^(tps|latency average)" | tee target/bench-postgres-pgbench.txt

python3 - "$seconds" <<'PY'
import json, glob, os
print(f"\n{'run':<24}{'acked/s':>10}{'write p50':>11}{'write p99':>11}{'sse p50':>9}{'sse p99':>9}{'failed':>8}{'in db = acked':>15}")
for setup in ("sqlite-base", "sqlite", "pg1-base", "pg1", "pg2"):
    for kind in sorted(glob.glob(f"target/bench-postgres-{setup}-[co]*.json")):
        r = json.load(open(kind))
        name = os.path.basename(kind)[len("bench-postgres-"):-5]
        same = "yes" if r.get("applied_in_db") == r["acknowledged"] else f'{r.get("applied_in_db")} vs {r["acknowledged"]}'
        print(f"{name:<24}{r['per_second']:>10.0f}{r['write_p50_ms']:>9.1f}ms{r['write_p99_ms']:>9.1f}ms{r['sse_p50_ms']:>7.1f}ms{r['sse_p99_ms']:>7.1f}ms{r['failed_requests']:>8}{same:>15}")
PY
exit "$status"
