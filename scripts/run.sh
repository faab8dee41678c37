#!/usr/bin/env bash
# Sets up, builds the app (release) and the server, then serves both on http://127.0.0.1:8080
# with an embedded SQLite file (roadshow.db) and a fictional demo event whose link is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
cargo build --profile server -p roadshow-server
exec target/server/roadshow-server --bind "${ROADSHOW_BIND:-127.0.0.1:8080}" \
  --database "${DATABASE_URL:-sqlite://roadshow.db}" --dist "${ROADSHOW_DIST:-dist}"
