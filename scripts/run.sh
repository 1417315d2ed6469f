#!/usr/bin/env bash
# Builds aduan if needed and starts it on its embedded defaults (the built-in configuration, a
# SQLite file in the current directory). With no arguments it runs the live demo
# (`aduan serve --demo --db demo.db`): demo accounts printed once, simulated complaints
# arriving, SLA targets of minutes, so that the wallboard, the console and the reports move at
# once. With arguments, they go to `aduan serve` as they are (e.g. `scripts/run.sh --db
# aduan.db` for the service without the demo, or `--listen 0.0.0.0:8080 --config aduan.json`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
if [ "$#" -eq 0 ]; then
  exec "$here/build/server/aduan" serve --demo --db demo.db
fi
exec "$here/build/server/aduan" serve "$@"
