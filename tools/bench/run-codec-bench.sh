#!/usr/bin/env bash
# Builds the codec benchmark (Release) and runs it. Not part of CI: numbers go to docs/benchmarks.md.
#   tools/bench/run-codec-bench.sh [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMPPD_BENCH=ON -DSMPPD_TESTS=OFF >/dev/null
cmake --build build/bench -j "${SMPPD_JOBS:-$(nproc)}" --target smppd_codec_bench
# One core, as the target is stated per core.
exec taskset -c 0 build/bench/tools/bench/smppd_codec_bench --benchmark_min_time=2 "$@"
