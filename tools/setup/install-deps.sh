#!/usr/bin/env bash
# Installs what smppd needs on Debian 12, from Debian's own packages (docs/dependencies.md).
#   install-deps.sh          build dependencies
#   install-deps.sh --test   build and test dependencies (test oracles, sanitizers, fuzzing)
# Idempotent: when everything is installed it touches nothing and needs no network.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-filesystem1.81-dev
  libtomlplusplus-dev libspdlog-dev libfmt-dev libssl-dev libsodium-dev
  libre2-dev librocksdb-dev libsystemd-dev libhiredis-dev
  libhyperscan-dev libhowardhinnant-date-dev tzdata libjemalloc-dev
)
test_packages=(
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev libicu-dev
  tshark openssl curl prometheus systemd redis-server redis-sentinel
)

packages=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
# tshark asks whether non-root users may capture; the tests only read files, so the answer is no.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
