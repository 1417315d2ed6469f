#!/usr/bin/env bash
# Builds aduan and its tests (installing what is missing) and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
cd build
ctest --output-on-failure -j2 --timeout 300
