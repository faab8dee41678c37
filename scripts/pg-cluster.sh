#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster (Debian's binaries) on a free loopback port, for the tests
# and benchmarks: nothing outside DIR is touched, and `stop` removes DIR.
#
#   scripts/pg-cluster.sh start DIR   initdb + start; prints the cluster's URL
#                                     (postgres://roadshow@127.0.0.1:PORT/postgres)
#   scripts/pg-cluster.sh stop DIR    stops it and removes DIR
#   scripts/pg-cluster.sh restart DIR [SECONDS]
#                                     stops it (fast: sessions are cut), waits SECONDS (default
#                                     0), starts it again on the same port
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
command=${1:?start or stop}
dir=${2:?the cluster directory}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Trust on loopback only: a throwaway cluster for one run, bound to 127.0.0.1.
    as_owner "$bin/initdb" -D "$dir/data" -U roadshow --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
    echo "$port" >"$dir/port"
    echo "postgres://roadshow@127.0.0.1:$port/postgres"
    ;;
  restart)
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    sleep "${3:-0}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|restart DIR" >&2
    exit 2
    ;;
esac
