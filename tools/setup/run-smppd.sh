#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds smppd and its plugins (Release) and runs smppd on
# etc/smppd.toml: SMPP on 127.0.0.1:2775, account demo/demo. Idempotent; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/setup/install-deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
umask 022
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMPPD_TESTS=OFF
cmake --build build/release -j "${SMPPD_JOBS:-$(nproc)}"
# The loader refuses plugin files and dirs that others may write (a umask of 002 makes them so).
chmod -R go-w build/release/plugins

exec build/release/host/smppd -c etc/smppd.toml --plugin-dir build/release/plugins "$@"
