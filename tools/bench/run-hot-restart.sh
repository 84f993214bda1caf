#!/usr/bin/env bash
# Hot restart under load (docs/operations.md, "Hot restart"), on the optimized build: smpp-bench
# sends at a fixed rate through smppd to a sink; a second smppd (same --base-id, --restart-epoch 1,
# same config and state store) takes the sockets over mid-run; the first one drains and exits.
# Prints what the bench and the sink counted. Not part of CI.
#   tools/bench/run-hot-restart.sh [rate per second, default 5000] [seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-5000}"
seconds="${2:-10}"

tools/setup/install-deps.sh
source tools/bench/bench-common.sh
build_release smppd smpp-bench smppd-passwd smppd_plugin_auth_static smppd_plugin_lb_builtin \
  smppd_plugin_enquire_link smppd_plugin_mock
make_work_dir hot-restart


sink_port=$(free_port)
"$bench" sink --port "$sink_port" >"$work/sink.log" 2>&1 &
sink_pid=$!
pids+=("$sink_pid")
wait_port "$sink_port"

port=$(free_port)
admin_port=$(free_port)
password_hash=$(echo bench | "$bin/tools/smppd-passwd/smppd-passwd" --cost 1,8)
cat >"$work/smppd.toml" <<EOF
[admin]
address = "127.0.0.1"
port = $admin_port
[state]
path = "$work/state"
[[listeners]]
name = "smpp"
address = "127.0.0.1"
port = $port
[listeners.session]
window = 256
[[listeners.filters]]
name = "auth_static"
[[listeners.filters.config.accounts]]
system_id = "bench"
password_hash = "$password_hash"
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

start_epoch() {  # $1 epoch; sets epoch_pid (a child of this shell, so that wait sees its exit)
  "$bin/host/smppd" -c "$work/smppd.toml" --plugin-dir "$bin/plugins" --concurrency 2 -l info --drain-time-s 5 \
    --base-id "$port" --restart-epoch "$1" >"$work/smppd-$1.log" 2>&1 &
  epoch_pid=$!
  pids+=("$epoch_pid")
}
start_epoch 0
epoch0=$epoch_pid
wait_port "$port"
sleep 0.5

"$bench" load --port "$port" --system-id bench --password bench --connections 8 --window 64 --rate "$rate" \
  --duration "$seconds" --threads 1 --rebind --response-timeout-ms 10000 --json >"$work/load.json" &
bench_pid=$!
pids+=("$bench_pid")
sleep $((seconds / 3))
start_epoch 1
wait "$epoch0" && old_exit=0 || old_exit=$?
wait "$bench_pid" || true
sleep 0.5
kill -TERM "$sink_pid"
wait "$sink_pid" || true
sink_submits=$(grep -Eo 'submits[^0-9]*[0-9]+' "$work/sink.log" | grep -Eo '[0-9]+$' | head -1)

python3 - "$work/load.json" "$old_exit" "${sink_submits:-0}" "$rate" "$seconds" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
old_exit, sink, rate, seconds = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"hot restart at {rate}/s for {seconds} s, epoch 1 started at {int(seconds)//3} s; epoch 0 exited {old_exit}")
for key in ("sent", "acknowledged", "ok", "unanswered", "rebinds", "connections_refused", "sessions_lost",
            "acknowledged_per_s"):
    print(f"  {key:20} {report.get(key)}")
print(f"  {'sink received':20} {sink}")
PY
echo "logs: $work"
