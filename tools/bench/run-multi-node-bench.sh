#!/usr/bin/env bash
# Receipts per second correlated through Redis (docs/multi-node.md, docs/benchmarks.md), all in one
# run on this machine, every process on 127.0.0.1, each run with a receipt asked for on every
# message (smpp-bench load --max --registered-delivery) through a sink that sends them:
#   1. embedded: one node, the embedded store (the baseline)
#   2. redis-same: two nodes on one redis-server, a bench client on each; each node's receipts come
#      back on its own binds (the mapping goes through Redis, the match is the node's memory)
#   3. redis-cross: two nodes on one redis-server; node a only sends (tx binds), node b only
#      receives (an rx bind): every receipt is looked up in Redis by node b and handed over to node
#      a through the shared outbox, at a fixed rate
# For each: receipts matched per second, and Redis round trips (script calls) per message from
# INFO commandstats. Not part of CI.
#   tools/bench/run-multi-node-bench.sh [seconds per run, default 10] [hand-off run's rate, default 4000/s]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
cross_rate="${2:-4000}"  # messages per second for the hand-off run

tools/setup/install-deps.sh --test  # redis-server is a test package
source tools/bench/bench-common.sh
build_release smppd smpp-bench smppd-passwd smppd_plugin_auth_static smppd_plugin_lb_builtin \
  smppd_plugin_enquire_link smppd_plugin_mock smppd_plugin_embedded smppd_plugin_redis
make_work_dir multi-node


redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  >"$work/redis.log" 2>&1 &
pids+=($!)
wait_port "$redis_port"
redis() { redis-cli -p "$redis_port" "$@"; }

sink_port=$(free_port)
"$bench" sink --port "$sink_port" --receipts >"$work/sink.log" 2>&1 &
pids+=($!)
wait_port "$sink_port"

password_hash=$(echo bench | "$bin/tools/smppd-passwd/smppd-passwd" --cost 1,8)
node_config() {  # $1 node id, $2 port, $3 state backend, $4 bind type towards the sink
  cat <<EOF
[node]
id = "$1"
[admin]
enabled = false
[[listeners]]
name = "smpp"
address = "127.0.0.1"
port = $2
[listeners.session]
window = 256
[[listeners.filters]]
name = "auth_static"
[[listeners.filters.config.accounts]]
system_id = "bench"
password_hash = "$password_hash"
[[listeners.filters.config.accounts]]
system_id = "bench2"
password_hash = "$password_hash"
[state]
backend = "$3"
path = "$work/state-$1"
EOF
  if [[ "$3" == "redis" ]]; then
    printf '[state.redis]\naddress = "127.0.0.1:%s"\nkey_prefix = "bench:"\n' "$redis_port"
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
bind_type = "$4"
binds = 4
window = 512
[[routes]]
name = "all"
cluster = "sink"
EOF
}
node_pids=()
start_node() {  # $1 id, $2 backend, $3 bind type; sets node_port
  node_port=$(free_port)
  node_config "$1" "$node_port" "$2" "$3" >"$work/$1.toml"
  "$bin/host/smppd" -c "$work/$1.toml" --plugin-dir "$bin/plugins" --concurrency 2 -l warn --base-id "$node_port" \
    >"$work/$1.log" 2>&1 &
  node_pids+=($!)
  pids+=($!)
  wait_port "$node_port"
}
stop_nodes() {
  for pid in "${node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node_pids=()
}
load() {  # name port system_id [rate: default --max]
  local pace=(--max)
  [[ -n "${4:-}" ]] && pace=(--rate "$4")
  "$bench" load --port "$2" --system-id "$3" --password bench --connections 8 --window 64 "${pace[@]}" \
    --registered-delivery --duration "$seconds" --warmup 2 --threads 1 --json >"$work/$1.json" || true
}
script_calls() {
  redis INFO commandstats | awk -F'[:=,]' '/^cmdstat_(evalsha|eval):/ {sum += $3} END {print sum + 0}'
}

# 1. one node, embedded store
start_node solo embedded trx
load embedded "$node_port" bench
stop_nodes

# 2. two nodes on Redis, receipts back at the node that sent
start_node a redis trx
port_a=$node_port
start_node b redis trx
port_b=$node_port
sleep 1
calls_before=$(script_calls)
load redis-same-a "$port_a" bench &
load_a=$!
load redis-same-b "$port_b" bench2 &
load_b=$!
wait "$load_a" "$load_b"
calls_same=$(( $(script_calls) - calls_before ))
stop_nodes

# 3. two nodes on Redis, every receipt handed over: a sends, b receives
start_node a redis tx
port_a=$node_port
start_node b redis rx
sleep 1
calls_before=$(script_calls)
# At a fixed rate: at the maximum, the hand-off's extra scripts saturate Redis (docs/multi-node.md).
load redis-cross "$port_a" bench "$cross_rate"
calls_cross=$(( $(script_calls) - calls_before ))
stop_nodes

python3 - "$work" "$calls_same" "$calls_cross" <<'PY'
import json, sys
work, calls_same, calls_cross = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def run(name):
    with open(f"{work}/{name}.json") as f:
        return json.load(f)
def receipts_per_s(r):
    return r["receipts"]["matched"] * 1000.0 / r["duration_ms"] if r.get("duration_ms") else 0.0
rows = {"embedded": [run("embedded")], "redis-same": [run("redis-same-a"), run("redis-same-b")],
        "redis-cross": [run("redis-cross")]}
base = sum(receipts_per_s(r) for r in rows["embedded"])
print(f"work dir: {work}")
print(f"{'run':<14}{'nodes':>6}{'msg/s':>10}{'receipts/s':>12}{'matched':>10}{'missing':>9}{'ratio':>8}{'rt/msg':>8}")
for name, runs in rows.items():
    msgs = sum(r["acknowledged_per_s"] for r in runs)
    rps = sum(receipts_per_s(r) for r in runs)
    matched = sum(r["receipts"]["matched"] for r in runs)
    missing = sum(r["receipts"]["missing"] for r in runs)
    sent = sum(r["acknowledged"] for r in runs)
    calls = {"redis-same": calls_same, "redis-cross": calls_cross}.get(name)
    per_msg = f"{calls / sent:.2f}" if calls is not None and sent else "-"
    nodes = 1 if name == "embedded" else 2
    print(f"{name:<14}{nodes:>6}{msgs:>10}{rps:>12.0f}{matched:>10}{missing:>9}{rps / base if base else 0:>8.2f}{per_msg:>8}")
print("ratio: receipts/s against the embedded store on one node; rt/msg: Redis script calls (one round trip each, pipelined) per acknowledged message, warmup included")
PY
