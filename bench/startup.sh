#!/usr/bin/env bash
# Start-up benchmark (spec section 11): imports N generated historical tickets (default
# 1,000,000) once, then starts `aduan serve` on that database three times and reports the
# time from exec to "listening on" — by then the schema is checked, the wallboard's counts
# are restored and the SLA timers of open tickets are loaded — and what the board shows.
# Usage: bench/startup.sh [N]
#   ADUAN_BIN=PATH   start that binary instead of building (to compare two builds)
#   STARTUP_DIR=DIR  keep the generated database in DIR and reuse it on the next run
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
if [ -n "${ADUAN_BIN:-}" ]; then bin=$ADUAN_BIN; else
  scripts/setup.sh >/dev/null
  bin=build/server/aduan
fi
pid=""
if [ -n "${STARTUP_DIR:-}" ]; then
  work=$STARTUP_DIR
  mkdir -p "$work"
  trap 'kill $pid 2>/dev/null || true' EXIT
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/aduan-startup-XXXXXX")
  trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
fi
if [ ! -f "$work/s.db" ]; then
  python3 bench/gen_history.py "$n" > "$work/history.ndjson"
  "$bin" import --db "$work/s.db" "$work/history.ndjson"
  rm -f "$work/history.ndjson"
fi
token=$("$bin" token create --role supervisor --name bench --db "$work/s.db" | tail -n 1)
echo "machine: $(nproc) cores; $n tickets, database $(du -h "$work/s.db" | cut -f1)"
for r in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" serve --listen 127.0.0.1:0 --db "$work/s.db" >"$work/out" 2>"$work/err" &
  pid=$!
  until grep -q "listening on" "$work/out" 2>/dev/null; do sleep 0.005; done
  ready=$(date +%s.%N)
  url=$(sed -n 's/^listening on //p' "$work/out")
  open=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/wallboard" | python3 -c \
    'import json,sys; s=json.load(sys.stdin); print(s["open"]["total"], s["sla"]["breached_open"])')
  kill -TERM "$pid"; wait "$pid" || true
  phases=$(grep -o '"startup_ms":[0-9]*,"open_ms":[0-9]*,"summaries_ms":[0-9]*,"read_ms":[0-9]*,"restore_ms":[0-9]*' "$work/err" || true)
  echo "run $r: listening after $(awk -v a="$start" -v b="$ready" 'BEGIN {printf "%.3f", b - a}') s; open, breached open: $open; $phases"
done
