#!/usr/bin/env bash
# Wallboard fan-out benchmark (spec section 11): for N = 100, 1,000 and 5,000 live feed
# clients, creates tickets at a steady rate and reports the delay from each creation's 201 to
# its event at every client (median, p99, max) and the server's memory.
#
# Usage: bench/fanout.sh [RATE] [SECONDS] [N...]   (defaults: 20 tickets/s for 20 s; 100 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-20}
seconds=${2:-20}
shift $(($# < 2 ? $# : 2))
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 1000 5000)
ulimit -n "$(ulimit -Hn)"  # a descriptor per client on each side
scripts/setup.sh >/dev/null
cmake --build build -j2 --target fanout_bench >/dev/null
bin=build/server/aduan
work=$(mktemp -d "${TMPDIR:-/tmp}/aduan-fanout-XXXXXX")
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/aduan.json" <<JSON
{ "limits": { "max_connections": 20000, "feed_max_clients": 20000 } }
JSON

echo "machine: $(nproc) cores, $(uname -r); $rate tickets/s for ${seconds}s"
for n in "${counts[@]}"; do
  rm -f "$work"/bench.db*
  viewer=$("$bin" token create --role display --name tv --db "$work/bench.db" | tail -n 1)
  agent=$("$bin" token create --role agent --name bench --db "$work/bench.db" | tail -n 1)
  "$bin" serve --listen 127.0.0.1:0 --db "$work/bench.db" --config "$work/aduan.json" \
    >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.05; done
  port=$(sed -n 's/^listening on http:\/\/127.0.0.1://p' "$work/out")
  build/bench/fanout_bench --port "$port" --token "$viewer" --agent "$agent" --clients "$n" \
    --rate "$rate" --seconds "$seconds" --pid "$pid"
  kill -TERM "$pid"; wait "$pid" || true
done
