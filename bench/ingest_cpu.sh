#!/usr/bin/env bash
# Where an ingest run's CPU goes: one round of bench/ingest.lua (64 keep-alive connections,
# wrk on one thread) against a fresh server, then, per ticket, the CPU of the server's
# threads (user and system, read from /proc by thread name), of wrk, the machine's idle time,
# and the writer's group commits. CPU per request is far steadier from run to run on this
# VM than the rate, which is why changes to the ingest path are judged by it.
#
# Usage: bench/ingest_cpu.sh [SECONDS] [-- SERVE ARGS...]     (default 10 s)
#        bench/ingest_cpu.sh 8 -- --baseline                    (the fixed-201 server)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
[ "${1:-}" = "--" ] && shift
. bench/ingest_server.sh
start "$@"

threads() {  # name user-ticks system-ticks, one line per thread
  for t in /proc/"$pid"/task/*; do echo "$(cat "$t/comm") $(awk '{print $14, $15}' "$t/stat")"; done
}
threads >"$work/before"
cpu_before=$(head -1 /proc/stat)
result=$(/usr/bin/time -f "%U %S" -o "$work/wrk_time" env ADUAN_TOKEN="$token" ADUAN_RATE=0 \
  ADUAN_CONNECTIONS=64 wrk -t1 -c64 -d"${seconds}s" --timeout 10s -s bench/ingest.lua "$url" |
  sed -n 's/^RESULT //p')
cpu_after=$(head -1 /proc/stat)
threads >"$work/after"
requests=$(echo "$result" | sed 's/.*requests=\([0-9]*\).*/\1/')
ticks=$(getconf CLK_TCK)

echo "$result"
# Per thread name (the network threads summed), microseconds of CPU per request.
paste "$work/before" "$work/after" | awk -v r="$requests" -v hz="$ticks" '
  { u[$1] += $5 - $2; s[$1] += $6 - $3 }
  END { for (n in u) if (u[n] + s[n] > 0) {
          printf "thread %-10s user %5.1f us  system %5.1f us  per request\n", n, u[n]*1e6/hz/r, s[n]*1e6/hz/r
          tu += u[n]; ts += s[n] }
        printf "server     total %5.1f us per request\n", (tu + ts)*1e6/hz/r }'
awk -v r="$requests" '{printf "wrk        total %5.1f us per request\n", ($1 + $2)*1e6/r}' "$work/wrk_time"
echo "$cpu_before $cpu_after" | awk '{ idle = ($16 - $5) + ($17 - $6); t = 0
  for (i = 13; i <= 20; ++i) t += $i - $(i - 11)
  printf "machine    idle or waiting for I/O: %.0f%%\n", 100 * idle / t }'
curl -s -H "Authorization: Bearer $admin" "$url/metrics" | awk '
  /^aduan_commit_batch_size_sum/ {n = $2} /^aduan_commit_batch_size_count/ {c = $2}
  /^aduan_commit_duration_seconds_sum/ {d = $2}
  END { if (c > 0) printf "writer     %d commits, mean batch %.1f, busy %.2f s (apply + commit)\n", c, n / c, d }'
stop
