#!/usr/bin/env bash
# Builds aduan and its tests (installing what is missing) and runs every test through ctest;
# then builds the unit and integration tests (and the binary they start) again with
# AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/ and runs them there. Any
# sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths below this folder are hashed relative to it, so a fresh clone elsewhere (as CI
# makes) reuses what an earlier build compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
scripts/setup.sh --tests
(cd build && ctest --output-on-failure -j2 --timeout 300)

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DADUAN_SANITIZE=ON \
  -DBUILD_TESTING=ON >/dev/null
cmake --build build-asan -j2 --target aduan aduan_unit_tests aduan_integration_tests
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-asan
ctest --output-on-failure -j2 --timeout 600 -L sanitized
