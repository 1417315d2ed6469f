#!/usr/bin/env bash
# Ingest benchmark (spec section 11): durable ticket creation over HTTP with 64 keep-alive
# connections, against the same server in baseline mode (a fixed 201, no store), in
# alternating rounds; then the latency at a steady 5,000 tickets/s.
#
# Usage: bench/ingest.sh [ROUNDS] [SECONDS]       (defaults: 3 rounds of 10 s)
# Needs wrk (apt-get install wrk). Prints one line per run and a summary with medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-10}
threads=${WRK_THREADS:-1}
. bench/ingest_server.sh
run_wrk() {  # run_wrk CONNECTIONS SECONDS [RATE]
  ADUAN_TOKEN=$token ADUAN_RATE=${3:-0} ADUAN_CONNECTIONS=$1 wrk -t"$threads" -c"$1" -d"$2s" --timeout 10s \
    -s bench/ingest.lua "$url" | sed -n 's/^RESULT //p'
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(uname -r), wrk threads $threads, $rounds rounds of ${seconds}s"
base_rates=(); durable_rates=(); ratios=()
for r in $(seq 1 "$rounds"); do
  start --baseline; b=$(run_wrk 64 "$seconds"); stop
  start; d=$(run_wrk 64 "$seconds")
  stored=$(curl -s -H "Authorization: Bearer $admin" "$url/metrics" | sed -n 's/^aduan_tickets{status="new"} //p')
  stop
  echo "round $r baseline: $b"
  echo "round $r durable:  $d stored=$stored"
  br=$(echo "$b" | field rate); dr=$(echo "$d" | field rate)
  base_rates+=("$br"); durable_rates+=("$dr")
  ratios+=("$(awk -v d="$dr" -v b="$br" 'BEGIN {printf "%.3f", d / b}')")
done

start
paced=$(run_wrk 64 "$seconds" 5000)
stop
echo "paced 5000/s durable: $paced"

echo "SUMMARY median baseline rate: $(printf '%s\n' "${base_rates[@]}" | median) req/s"
echo "SUMMARY median durable rate:  $(printf '%s\n' "${durable_rates[@]}" | median) tickets/s"
echo "SUMMARY median ratio durable/baseline: $(printf '%s\n' "${ratios[@]}" | median)"
echo "SUMMARY at ~5000/s: p50 $(echo "$paced" | field p50_ms) ms, p99 $(echo "$paced" | field p99_ms) ms, rate $(echo "$paced" | field rate)/s"
