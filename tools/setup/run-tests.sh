#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds smppd and runs every test. Idempotent; CI runs exactly this.
#   1. g++ Debug build with AddressSanitizer and UndefinedBehaviorSanitizer: unit tests, plugin
#      tests, ABI and SDK tests, and integration tests against the real smppd binary.
#   2. clang build of the libFuzzer targets (every parser, full UBSan): a short fuzzing run of each.
# Environment: SMPPD_FUZZ_SECONDS (default 5) per fuzz target; SMPPD_JOBS (default: cores).
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/setup/install-deps.sh --test

jobs="${SMPPD_JOBS:-$(nproc)}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
# Files made by the build must not be group- or world-writable, or the plugin loader refuses them.
umask 022

# -g1 keeps line tables for sanitizer reports and drops the rest of the debug info; UBSan's
# per-pointer checks are left to ASan and the fuzz build (cmake/Sanitizers.cmake). Together they
# take a third off the compile time.
cmake -S . -B build/test-gcc -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSMPPD_SANITIZE=ON \
  -DSMPPD_UBSAN_POINTER_CHECKS=OFF -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
cmake --build build/test-gcc -j "$jobs"
ctest --test-dir build/test-gcc -j "$jobs" --output-on-failure --timeout 600

# Only the fuzz targets, unoptimized and without debug info, for the short fuzzing smoke test; the
# long runs of docs/fuzzing.md use an optimized build. A clang build of everything (warnings as
# errors) is docs/development.md's, not CI's: it would add a quarter to CI's time on 2 cores.
cmake -S . -B build/test-clang -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSMPPD_FUZZ=ON \
  -DCMAKE_C_FLAGS_DEBUG=-O0 -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
cmake --build build/test-clang -j "$jobs" --target smppd_fuzzers
tests/fuzz/run-fuzzers.sh build/test-clang "${SMPPD_FUZZ_SECONDS:-5}"

echo "all tests passed"
