#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds smppd and runs every test. Idempotent; CI runs exactly this.
#   1. g++ Debug build with AddressSanitizer and UndefinedBehaviorSanitizer: unit tests, plugin
#      tests, ABI and SDK tests, and integration tests against the real smppd binary.
#   2. clang build of everything (unoptimized), with the libFuzzer targets: a short fuzzing run of each.
# Environment: SMPPD_FUZZ_SECONDS (default 10) per fuzz target; SMPPD_JOBS (default: cores).
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/setup/install-deps.sh --test

jobs="${SMPPD_JOBS:-$(nproc)}"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
# Files made by the build must not be group- or world-writable, or the plugin loader refuses them.
umask 022

cmake -S . -B build/test-gcc -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSMPPD_SANITIZE=ON \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
cmake --build build/test-gcc -j "$jobs"
ctest --test-dir build/test-gcc -j "$jobs" --output-on-failure --timeout 600

# Unoptimized and without debug info: this build proves that clang compiles everything (warnings
# as errors) and runs the short fuzzing smoke test; the long fuzzing runs of docs/fuzzing.md use an
# optimized build. It halves this step's share of CI's time on 2 cores.
cmake -S . -B build/test-clang -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSMPPD_FUZZ=ON \
  -DCMAKE_C_FLAGS_DEBUG=-O0 -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
cmake --build build/test-clang -j "$jobs"
tests/fuzz/run-fuzzers.sh build/test-clang "${SMPPD_FUZZ_SECONDS:-10}"

echo "all tests passed"
