#!/usr/bin/env bash
# Checks packaging/systemd/smppd.service: the keys the service relies on, the one hardening key
# it must not have, and, where systemd-analyze exists, `systemd-analyze verify` without a word
# of complaint (it needs no running systemd).
#   systemd_unit_test.sh path/to/smppd.service
set -euo pipefail

unit="$1"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The unit's settings without comments, one "Key=value" per line, surrounding blanks removed.
settings=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$unit" | grep -v -e '^#' -e '^;' -e '^$')

expect_line() {
  grep -qxF -- "$1" <<<"$settings" || fail "missing: $1"
}

expect_line '[Service]'
expect_line 'Type=notify'
expect_line 'ExecStartPre=/usr/sbin/smppd --mode validate -c /etc/smppd/smppd.toml --plugin-dir /usr/lib/smppd/plugins'
expect_line 'ExecStart=/usr/sbin/smppd -c /etc/smppd/smppd.toml --plugin-dir /usr/lib/smppd/plugins'
expect_line 'KillSignal=SIGTERM'
expect_line 'Restart=on-failure'
expect_line 'User=smppd'
expect_line 'Group=smppd'
expect_line 'StateDirectory=smppd'
expect_line 'RuntimeDirectory=smppd'
for key in ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes ProtectKernelModules=yes \
    ProtectKernelTunables=yes ProtectControlGroups=yes NoNewPrivileges=yes RestrictSUIDSGID=yes \
    RestrictNamespaces=yes LockPersonality=yes RestrictRealtime=yes SystemCallArchitectures=native \
    CapabilityBoundingSet=CAP_NET_BIND_SERVICE AmbientCapabilities=CAP_NET_BIND_SERVICE; do
  expect_line "$key"
done
grep -q '^LimitNOFILE=[0-9]' <<<"$settings" || fail "missing: LimitNOFILE="

# LuaJIT needs memory that is written and then executed.
if grep -q '^MemoryDenyWriteExecute=' <<<"$settings"; then
  fail "MemoryDenyWriteExecute= breaks LuaJIT"
fi

# Reload validates the config before it signals: the first ExecReload= is the validation.
mapfile -t reloads < <(grep '^ExecReload=' <<<"$settings")
if [[ ${#reloads[@]} -ne 2 || "${reloads[0]}" != *"--mode validate"* || "${reloads[1]}" != *'kill -HUP $MAINPID'* ]]; then
  fail "ExecReload= must validate, then kill -HUP \$MAINPID; found: ${reloads[*]:-none}"
fi

# Stopping must outlast the drain (30 s by default, --drain-time-s).
stop_seconds=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' <<<"$settings")
if [[ -z "$stop_seconds" || "$stop_seconds" -le 30 ]]; then
  fail "TimeoutStopSec= must be a number of seconds above the 30 s drain time, found '${stop_seconds}'"
fi

if command -v systemd-analyze >/dev/null; then
  # verify insists the binaries exist: point the unit at a stand-in for smppd.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  printf '#!/bin/sh\nexit 0\n' >"$work/smppd"
  chmod +x "$work/smppd"
  sed "s#/usr/sbin/smppd#$work/smppd#g" "$unit" >"$work/smppd.service"
  if ! output=$(systemd-analyze verify --man=no "$work/smppd.service" 2>&1) || [[ -n "$output" ]]; then
    fail "systemd-analyze verify: ${output:-exit status not 0}"
  fi
else
  echo "systemd-analyze not found: verify skipped"
fi

if [[ $failures -gt 0 ]]; then
  exit 1
fi
echo "smppd.service: ok"
