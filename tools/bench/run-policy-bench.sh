#!/usr/bin/env bash
# The cost of the policy filters (docs/benchmarks.md), in one run on this machine, every process
# on 127.0.0.1, the embedded state store: smpp-bench at its maximum through smppd (auth_static, 2
# workers) to a sink,
#   1. none:   auth_static only (the baseline)
#   2. policy: auth_static + ratelimit (a per-client local limit and a global one, both far above
#              the traffic; the embedded store is this node's own, so the global one counts in
#              process) + credit in grant mode (grant = 100000: the node takes the balance from the
#              store 100,000 units at a time; a balance that never runs out) + firewall (10,000
#              keyword rules, none of which matches the traffic, and a URL rule)
#   3. exact:  the same with credit's default exact mode (two store batches per message)
# Prints the rates and the share of throughput the three filters cost. Not part of CI.
#   tools/bench/run-policy-bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"

tools/setup/install-deps.sh
source tools/bench/bench-common.sh
build_release smppd smpp-bench smppd-passwd smppd_plugin_auth_static smppd_plugin_lb_builtin \
  smppd_plugin_enquire_link smppd_plugin_mock smppd_plugin_embedded smppd_plugin_ratelimit \
  smppd_plugin_credit smppd_plugin_firewall
make_work_dir policy

sink_port=$(free_port)
"$bench" sink --port "$sink_port" >"$work/sink.log" 2>&1 &
pids+=($!)
wait_port "$sink_port"

password_hash=$(echo bench | "$bin/tools/smppd-passwd/smppd-passwd" --cost 1,8)
# 10,000 keyword rules: words the bench's text never holds.
python3 - "$work/rules.toml" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for i in range(10000):
        out.write(f'[[listeners.filters.config.rules]]\nname = "kw{i}"\naction = "deny"\n'
                  f'match = {{ keywords = ["blockedword{i}"] }}\n')
    out.write('[[listeners.filters.config.rules]]\nname = "links"\naction = "deny"\n'
              'match = { urls = "any" }\n')
PY

smppd_config() {  # $1 port, $2 "none", "policy" or "exact", $3 admin port
  cat <<EOF
[admin]
address = "127.0.0.1"
port = $3
[state]
path = "$work/state-$2"
[[listeners]]
name = "smpp"
address = "127.0.0.1"
port = $1
[listeners.session]
window = 256
[[listeners.filters]]
name = "auth_static"
[[listeners.filters.config.accounts]]
system_id = "bench"
password_hash = "$password_hash"
EOF
  if [[ "$2" != "none" ]]; then
    cat <<EOF
[[listeners.filters]]
name = "ratelimit"
[[listeners.filters.config.limits]]
name = "per_client"
keys = ["client"]
rate = 1000000
burst = 1000000
[[listeners.filters.config.limits]]
name = "per_client_global"
keys = ["client"]
rate = 1000000
burst = 1000000
scope = "global"
[[listeners.filters]]
name = "credit"
[listeners.filters.config]
default_price = 1
$([[ "$2" == "policy" ]] && echo "grant = 100000")
[[listeners.filters]]
name = "firewall"
[listeners.filters.config]
rule_metrics = false
EOF
    cat "$work/rules.toml"
  fi
  cat <<EOF
[[clusters]]
name = "sink"
[[clusters.endpoints]]
name = "sink"
address = "127.0.0.1"
port = $sink_port
system_id = "smppd"
password = "x"
binds = 4
window = 512
[[routes]]
name = "all"
cluster = "sink"
EOF
}

run() {  # $1 none|policy|exact
  local port admin_port
  port=$(free_port)
  admin_port=$(free_port)
  smppd_config "$port" "$1" "$admin_port" >"$work/$1.toml"
  "$bin/host/smppd" -c "$work/$1.toml" --plugin-dir "$bin/plugins" --concurrency 2 -l warn --base-id "$port" \
    >"$work/smppd-$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_port "$port"
  if [[ "$1" != "none" ]]; then
    # A balance that outlasts the run, set as an operator would (and audited).
    curl -sf -X POST "http://127.0.0.1:$admin_port/plugins/credit/set?account=bench&amount=1000000000000" >/dev/null
  fi
  "$bench" load --port "$port" --system-id bench --password bench --connections 8 --window 64 --max \
    --duration "$seconds" --warmup 2 --threads 1 --json >"$work/$1.json" || true
  kill -TERM "$pid"
  wait "$pid" || true
}
run none
run policy
run exact

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
runs = {name: json.load(open(f"{work}/{name}.json")) for name in ("none", "policy", "exact")}
print(f"work dir: {work}")
for name, r in runs.items():
    print(f"{name:<8}{r['acknowledged_per_s']:>10} msg/s  ok {r['ok']}  errors {r['errors']}  p99 {r['latency_us']['p99']/1000:.2f} ms")
base = runs["none"]["acknowledged_per_s"]
for name in ("policy", "exact"):
    rate = runs[name]["acknowledged_per_s"]
    print(f"{name} / none: {rate / base:.2f}  (cost {100 * (1 - rate / base):.1f}% of throughput)")
PY
