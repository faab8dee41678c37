#!/usr/bin/env bash
# Schema-based API fuzzing (issue 5): schemathesis, generating requests from server/openapi.json
# (served at /api/openapi.json), against the release server on a free loopback port with a fresh
# SQLite file (or the empty database ROADSHOW_FUZZ_DATABASE names, such as a PostgreSQL one). Fails on any 5xx, and on any response whose status, content type or body the
# document does not describe. Self-contained and idempotent: the virtualenv lives under target/
# and is only installed once. Bounded: a fixed number of examples per operation, and a timeout.
#
#   scripts/api-fuzz.sh            (SCHEMATHESIS_EXAMPLES=30 SCHEMATHESIS_SEED=1 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${SCHEMATHESIS_EXAMPLES:-30}"
seed="${SCHEMATHESIS_SEED:-1}"
venv=target/api-fuzz-venv

# schemathesis 4 changed the command line; pin the major version this script is written for.
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "version 4\."; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis>=4.0,<5"
fi

cargo build -q --profile server -p roadshow-server --bin roadshow-server

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/dist"
: >"$work/server.log"  # exists before the first read below
RUST_LOG=roadshow_server=warn target/server/roadshow-server --bind 127.0.0.1:0 \
  --database "${ROADSHOW_FUZZ_DATABASE:-sqlite://$work/fuzz.db}" --dist "$work/dist" --no-demo >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^Roadshow listening on //p' "$work/server.log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start" >&2; exit 1; }

# An event with one investor (A) and one published startup (S1), so that generated requests reach
# the handlers' real work instead of stopping at "no such event".
api() { # METHOD PATH [BODY] — with the organizer's secret once known
  local auth=()
  [ -n "${organizer:-}" ] && auth=(-H "Authorization: Bearer $organizer")
  curl -sS --fail-with-body -X "$1" "$url/api$2" -H 'Content-Type: application/json' "${auth[@]}" ${3:+--data "$3"}
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
created="$(api POST /events '{"name":"Fuzz","venue":"Loopback","starts_at":"2026-12-10T10:00","ends_at":"2026-12-10T15:00"}')"
event="$(printf '%s' "$created" | json_field id)"
organizer="$(printf '%s' "$created" | json_field organizer_link | sed 's/.*#k=//')"
investor="$(api POST "/events/$event/investors" '{"id":"A","firm":"Firm A"}' | json_field link | sed 's/.*#k=//')"
api POST "/events/$event/startups" '{"id":"S1","name":"Startup S1","status":"published","field":"hydrogen","stage":"seed","ask_krw":1000000000,"pitch_ko":"수소 발표","contact":"ceo@example.com"}' >/dev/null
api PATCH "/events/$event" '{"phase":"scoring"}' >/dev/null

# Requests without the bearer secret would only exhaust the failed-authentication budget of
# 127.0.0.1 and turn every later answer into 429; authorization is tested by server/tests/access.rs.
cat >"$work/schemathesis.toml" <<TOML
[generation]
with-security-parameters = false

# Schema-valid requests must be understood: refused only for what the document cannot express
# (unknown ids, the event's phase, quotas), never answered 400 as unreadable.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]

[parameters]
"path.event_id" = "$event"
"path.investor_id" = "A"
"path.startup_id" = "S1"
TOML

run_schemathesis() { # LOG SECRET [FILTER OPTIONS…] — run in the temp dir: hypothesis and schemathesis keep caches in the working directory
  local log="$1" secret="$2" root="$PWD"
  shift 2
  (cd "$work" && timeout 140 "$root/$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$url/api/openapi.json" \
    --header "Authorization: Bearer $secret" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,positive_data_acceptance \
    --phases examples,coverage,fuzzing \
    --exclude-path '/events/{event_id}/stream' \
    --max-examples "$examples" --seed "$seed" --workers 2 --request-timeout 10 \
    --suppress-health-check all --no-color "$@") 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}
# schemathesis has crashed inside itself now and then ("SystemError: AST constructor recursion
# depth mismatch" in its coverage phase): the run then ends with errors but no failed check.
# Such a run is tried once more; a failed check (a finding against the API) never is.
fuzz() { # SECRET [FILTER OPTIONS…]
  local attempt rc log
  for attempt in 1 2; do
    log="$work/schemathesis-$RANDOM.log"
    rc=0
    run_schemathesis "$log" "$@" || rc=$?
    [ "$rc" -eq 0 ] && return 0
    if grep -qE '[0-9]+ failed' "$log" || ! grep -qE 'Traceback|SystemError|Internal Error|[0-9]+ errors?' "$log"; then
      return "$rc"
    fi
    [ "$attempt" -eq 1 ] && echo "schemathesis stopped on an error of its own, with no failed check: running it once more" >&2
  done
  return "$rc"
}
status=0
# The sync writer first, as investor A: the organizer's run below revokes and removes people,
# A included. Only an investor's link reaches the writer; the SSE stream never ends, so it is
# left to the Rust tests.
echo "== sync as investor A"
fuzz "$investor" --include-path '/events/{event_id}/mutations' --include-path '/events/{event_id}/changes' \
  --include-path '/events/{event_id}' || status=$?
# The writer was reached, not just refused at the door: the document's example batch (a score, a
# comment and an interest on S1) and whatever valid batches were generated are stored as A's.
written="$(api GET "/events/$event/changes?since=0" | python3 -c '
import json, sys
changes = json.load(sys.stdin)
scores = [row for row in changes["scores"] if row["investor"] == "A" and row.get("value") is not None]
verdicts = [row for row in changes["verdicts"] if row["investor"] == "A"]
print(len(scores), len(verdicts))')"
echo "stored from the fuzzed sync: $written (scores, verdicts of A)"
case "$written" in
  "0 "* | *" 0") echo "the fuzzed sync writes were not applied" >&2; status=1 ;;
esac
echo "== every operation as the organizer: $url/api/openapi.json (event $event, $examples examples per operation, seed $seed)"
fuzz "$organizer" || status=$?
if grep -q "ERROR" "$work/server.log"; then
  echo "server errors during fuzzing:" >&2
  grep "ERROR" "$work/server.log" | head -n 10 >&2
  status=1
fi
exit "$status"
