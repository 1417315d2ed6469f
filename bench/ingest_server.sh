# Sourced by the ingest benchmarks (ingest.sh, ingest_cpu.sh), from the repository's root:
# checks for wrk, builds aduan, makes a scratch folder ($work, removed at exit), and defines
# start [SERVE ARGS...], which runs the server on a fresh database there and sets pid, url,
# token (an agent's) and admin (for /metrics), and stop. `start --baseline` runs the fixed-201
# server instead (bench/baseline_server.cpp: the same service, server and router). ADUAN_BIN=PATH
# (and BASELINE_BIN=PATH) run those binaries instead of building (to compare two builds in
# alternating runs).
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
if [ -n "${ADUAN_BIN:-}" ]; then bin=$ADUAN_BIN; else
  scripts/setup.sh >/dev/null
  bin=build/server/aduan
fi
if [ -n "${BASELINE_BIN:-}" ]; then baseline_bin=$BASELINE_BIN; else
  cmake --build build --target baseline_server >/dev/null
  baseline_bin=build/bench/baseline_server
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/aduan-bench-XXXXXX")
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

start() {
  rm -f "$work"/bench.db*
  token=$("$bin" token create --role agent --name bench --db "$work/bench.db" | tail -n 1)
  admin=$("$bin" token create --role admin --name bench-metrics --db "$work/bench.db" | tail -n 1)
  if [ "${1:-}" = "--baseline" ]; then
    "$baseline_bin" --listen 127.0.0.1:0 --db "$work/bench.db" >"$work/out" 2>"$work/err" &
  else
    "$bin" serve --listen 127.0.0.1:0 --db "$work/bench.db" "$@" >"$work/out" 2>"$work/err" &
  fi
  pid=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^listening on //p' "$work/out")
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }
