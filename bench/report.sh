#!/usr/bin/env bash
# Reports benchmark (spec section 11): N generated historical tickets (default 1,000,000, all
# created in November 2026) are imported once; then, over HTTP against `aduan serve` on that
# database, five runs each of
#   - the SLA report of the whole month, grouped by category, by day and by team (JSON);
#   - the breach list of the whole month as CSV and as XLSX, and of one day as CSV;
# with the time to the first byte and to the last, the size, and the server's resident memory
# (VmRSS sampled every 20 ms during the download; its peak, and its value before).
# Usage: bench/report.sh [N] [DB]   (an existing DB is reused as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
scripts/setup.sh >/dev/null
bin=$PWD/build/server/aduan
work=$(mktemp -d "${TMPDIR:-/tmp}/aduan-report-XXXXXX")
pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
db=${2:-$work/r.db}
if [ ! -s "$db" ]; then
  python3 bench/gen_history.py "$n" > "$work/history.ndjson"
  "$bin" import --db "$db" "$work/history.ndjson"
  rm "$work/history.ndjson"
fi
token=$("$bin" token create --role manager --name "bench-$$" --db "$db" | tail -n 1)
"$bin" serve --listen 127.0.0.1:0 --db "$db" >"$work/out" 2>"$work/err" &
pid=$!
until grep -q "listening on" "$work/out" 2>/dev/null; do sleep 0.01; done
url=$(sed -n 's/^listening on //p' "$work/out")
echo "machine: $(nproc) cores; $(sqlite3 "$db" 'select count(*) from tickets' 2>/dev/null || echo "$n") tickets, database $(du -h "$db" | cut -f1)"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

# run NAME PATH: five downloads; prints each, then the medians.
run() {
  local name=$1 path=$2 firsts=() totals=() peak=0 before size
  for r in 1 2 3 4 5; do
    before=$(rss)
    curl -s -o "$work/body" -w '%{time_starttransfer} %{time_total} %{size_download}\n' \
      -H "Authorization: Bearer $token" "$url$path" >"$work/curl" &
    local cpid=$! max=$before
    while kill -0 "$cpid" 2>/dev/null; do
      local now; now=$(rss); [ "$now" -gt "$max" ] && max=$now
      sleep 0.02
    done
    wait "$cpid"
    read -r first total size <"$work/curl"
    firsts+=("$first"); totals+=("$total")
    [ "$max" -gt "$peak" ] && peak=$max
    printf '  %-28s run %d: first byte %6.3f s, last %6.3f s, %9d bytes, RSS %d -> peak %d MB\n' \
      "$name" "$r" "$first" "$total" "$size" $((before / 1024)) $((max / 1024))
  done
  printf '%-30s median first byte %.3f s, median total %.3f s, peak RSS %d MB\n' "$name" \
    "$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 3p)" \
    "$(printf '%s\n' "${totals[@]}" | sort -n | sed -n 3p)" $((peak / 1024))
}

month="from=2026-11-01&to=2026-11-30"
run "sla by category (json)" "/api/v1/reports/sla?$month&group_by=category"
run "sla by day (json)" "/api/v1/reports/sla?$month&group_by=day"
run "sla by team (csv)" "/api/v1/reports/sla?$month&group_by=team&format=csv"
run "breaches, one day (csv)" "/api/v1/reports/breaches?from=2026-11-10&to=2026-11-10&format=csv"
run "breaches, month (csv)" "/api/v1/reports/breaches?$month&format=csv"
run "breaches, month (xlsx)" "/api/v1/reports/breaches?$month&format=xlsx"
echo "rows of the month's breach CSV: $(($(curl -s -H "Authorization: Bearer $token" \
  "$url/api/v1/reports/breaches?$month&format=csv" | wc -l) - 1))"

# Streaming: when the first 64 KiB of the body (rows, not just the header) arrive.
for r in 1 2 3; do
  start=$(date +%s.%N)
  { curl -s -N -H "Authorization: Bearer $token" "$url/api/v1/reports/breaches?$month&format=csv" ||
    true; } | head -c 65536 >/dev/null
  echo "breaches, month (csv): first 64 KiB of rows after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}') s"
done

# Offline, the whole process: time and peak resident memory of aduan report.
kill -TERM "$pid"; wait "$pid" || true; pid=
for what in "sla --group-by category --format json" "breaches --format csv" "breaches --format xlsx"; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "aduan report $what (month): %e s, peak RSS %M KB" \
    "$bin" report $what --db "$db" --from 2026-11-01 --to 2026-11-30 --output "$work/out" 2>&1
done
