#!/usr/bin/env bash
# Builds aduan if needed and starts the service on its embedded defaults: the built-in
# configuration and a SQLite file, aduan.db, in the current directory. Extra arguments go to
# `aduan serve` (e.g. --listen 0.0.0.0:8080 --config aduan.json).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
"$here/scripts/setup.sh"
exec "$here/build/server/aduan" serve "$@"
