#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds smppd (Release) and runs it on etc/smppd.toml. Idempotent.
# Until the SMPP listener lands (issue 3) smppd has nothing to serve, so this prints its version.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/setup/install-deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMPPD_TESTS=OFF
cmake --build build/release -j "${SMPPD_JOBS:-$(nproc)}" --target smppd

exec build/release/host/smppd --version
