#!/usr/bin/env bash
# Installs what aduan needs on Debian 12 (only what is missing) and builds it into build/.
# Usage: scripts/setup.sh [--tests]   (without --tests only the aduan binary is built)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build ccache pkg-config tzdata
          libboost1.81-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev catch2
          libhowardhinnant-date-dev libsodium-dev libxlsxwriter-dev libjemalloc-dev)

# The tests also drive the pages in Debian's Chromium (playwright-core, from npm) and read
# XLSX reports back with Debian's openpyxl.
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium python3-openpyxl)
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
if [ "${1:-}" = "--tests" ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
  cmake --build build -j2
else
  cmake --build build -j2 --target aduan
fi
