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
# Prints the median rates over the rounds, the share of throughput the three filters cost (from
# the median rates, and the median of each round's ratio), and smppd's CPU per message. Not part
# of CI.
#   tools/bench/run-policy-bench.sh [seconds per run, default 10] [rounds, default 3]
# PERF_RUN="none policy" (any of none, policy, exact) records a perf profile of smppd during those
# runs' first round, sampling PERF_FREQ times a second (default 499: dwarf stacks are heavy).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
rounds="${2:-3}"

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

start() {  # $1 none|policy|exact: an smppd for that configuration, left running for every round
  local port admin_port
  port=$(free_port)
  admin_port=$(free_port)
  smppd_config "$port" "$1" "$admin_port" >"$work/$1.toml"
  "$bin/host/smppd" -c "$work/$1.toml" --plugin-dir "$bin/plugins" --concurrency 2 -l warn --base-id "$port" \
    >"$work/smppd-$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!; port_$1=$port"
  wait_port "$port"
  if [[ "$1" != "none" ]]; then
    # A balance that outlasts the run, set as an operator would (and audited).
    curl -sf -X POST "http://127.0.0.1:$admin_port/plugins/credit/set?account=bench&amount=1000000000000" >/dev/null
  fi
}

load() {  # $1 none|policy|exact, $2 round: one load run, and the smppd CPU it took
  local pid port before perf_pid=""
  eval "pid=\$pid_$1; port=\$port_$1"
  before=$(cpu_ticks "$pid")
  if [[ " ${PERF_RUN:-} " == *" $1 "* && "$2" == 1 ]]; then
    # A profile of smppd in the middle of this run: perf report -i $work/perf-$1.data
    (sleep 4 && perf record -F "${PERF_FREQ:-499}" --call-graph dwarf,16384 -p "$pid" -o "$work/perf-$1.data" -- sleep 3 \
      >/dev/null 2>&1) &
    perf_pid=$!
  fi
  "$bench" load --port "$port" --system-id bench --password bench --connections 8 --window 64 --max \
    --duration "$seconds" --warmup 2 --threads 1 --json >"$work/$1-$2.json" || true
  if [[ -n "$perf_pid" ]]; then wait "$perf_pid"; fi
  echo $(( $(cpu_ticks "$pid") - before )) >"$work/$1-$2.cpu"
}

# All three run side by side, idle but for the one under load; the rounds alternate the three so
# that a slow spell of the machine falls on all of them, and the medians are compared.
start none
start policy
start exact
for round in $(seq 1 "$rounds"); do
  load none "$round"
  load policy "$round"
  load exact "$round"
done

python3 - "$work" "$rounds" "$seconds" "$(getconf CLK_TCK)" <<'PY'
import json, statistics, sys
work, rounds, seconds, hz = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
names = ("none", "policy", "exact")
rate = {n: [] for n in names}
cpu = {n: [] for n in names}
for n in names:
    for r in range(1, rounds + 1):
        result = json.load(open(f"{work}/{n}-{r}.json"))
        rate[n].append(result["acknowledged_per_s"])
        ticks = int(open(f"{work}/{n}-{r}.cpu").read())
        # The CPU of the whole run (warmup too) over the messages it carried at the measured rate.
        messages = result["acknowledged_per_s"] * (seconds + 2)
        cpu[n].append(1e6 * ticks / hz / messages if messages else 0)
        if result["errors"]:
            print(f"{n} round {r}: errors {result['errors']}")
print(f"work dir: {work}")
print(f"{'run':<8}{'median msg/s':>14}{'smppd CPU us/msg':>18}  rounds msg/s")
for n in names:
    print(f"{n:<8}{statistics.median(rate[n]):>14,.0f}{statistics.median(cpu[n]):>18.2f}  "
          + ", ".join(f"{x:,}" for x in rate[n]))
base = statistics.median(rate["none"])
for n in ("policy", "exact"):
    ratios = [p / b for p, b in zip(rate[n], rate["none"])]
    median = statistics.median(rate[n]) / base
    # Each round's ratio compares runs a few seconds apart; the medians of the rates, runs up to
    # a minute apart. On a machine whose speed drifts within the run, the first is the steadier.
    print(f"{n} / none: {median:.2f} (cost {100 * (1 - median):.1f}% of throughput); per round "
          + ", ".join(f"{x:.2f}" for x in ratios) + f"; median of the rounds' ratios {statistics.median(ratios):.2f}")
PY
