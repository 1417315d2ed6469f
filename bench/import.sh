#!/usr/bin/env bash
# Import benchmark: N generated historical tickets (default 100,000) into an empty database,
# three times; prints aduan import's own rate line for each run.
# Usage: bench/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
scripts/setup.sh >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/aduan-import-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 bench/gen_history.py "$n" > "$work/history.ndjson"
echo "machine: $(nproc) cores; $n tickets, $(wc -c < "$work/history.ndjson") bytes"
for r in 1 2 3; do
  rm -f "$work"/import.db*
  build/server/aduan import --db "$work/import.db" "$work/history.ndjson"
done
