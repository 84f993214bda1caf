#!/usr/bin/env bash
# The proxy benchmark of docs/benchmarks.md, all in one run on this machine, every process on
# 127.0.0.1:
#   1. smpp-bench -> sink                       (the baseline: no proxy)
#   2. smpp-bench -> HAProxy (mode tcp) -> sink  (a proxy that does not read SMPP)
#   3. smpp-bench -> smppd (auth + route, 2 workers) -> sink, and with 1 worker
#   4. the same three at half of HAProxy's rate, and direct and smppd at half of smppd's own
#      maximum, for the latency smppd adds
#   5. with a receipt requested on every message, through smppd
#   6. 10,000 bound idle sessions on smppd: its RSS
# Every run also records the CPU each process spent (proxy, sink, smpp-bench), and the report
# derives from it what the 2 shared cores allow the throughput ratios to be.
# Not part of CI. Prints a table; the raw JSON of each run stays in the work dir it names.
#   tools/bench/run-proxy-bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"

tools/setup/install-deps.sh
missing=()
for package in haproxy python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

source tools/bench/bench-common.sh
build_release
make_work_dir bench
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 10,000 sessions below need as many descriptors


sink_port=$(free_port)
"$bench" sink --port "$sink_port" --receipts >"$work/sink.log" 2>&1 &
sink_pid=$!
pids+=("$sink_pid")
wait_port "$sink_port"

haproxy_port=$(free_port)
cat >"$work/haproxy.cfg" <<EOF
global
  maxconn 4000
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen smpp
  bind 127.0.0.1:$haproxy_port
  server sink 127.0.0.1:$sink_port
EOF
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=("$haproxy_pid")
wait_port "$haproxy_port"

# A cheap hash: 10,000 sessions bind below, and the cost of Argon2id is not what is measured.
password_hash=$(echo bench | "$bin/tools/smppd-passwd/smppd-passwd" --cost 1,8)
smppd_config() {  # $1 port
  cat <<EOF
[admin]
enabled = false   # two smppd run side by side: no clash on the admin port
[plugins]
blocking_threads = 2
blocking_queue = 20000   # the 10,000 binds below arrive at once
[[listeners]]
name = "smpp"
address = "127.0.0.1"
port = $1
max_connections = 20000
max_connections_per_ip = 20000
[listeners.session]
window = 256
# Every bench session binds from 127.0.0.1: the per-IP bind throttle would pace the 10,000.
[listeners.bind_throttle]
attempts_per_second = 1000000
burst = 1000000
[[listeners.filters]]
name = "auth_static"
[listeners.filters.config]
max_pending_verifications = 20000
[[listeners.filters.config.accounts]]
system_id = "bench"
password_hash = "$password_hash"
[state]
path = "$work/state-$1"
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
start_smppd() {  # $1 workers; sets smppd_port and smppd_pid
  smppd_port=$(free_port)
  smppd_config "$smppd_port" >"$work/smppd-$smppd_port.toml"
  # Its own --base-id: two smppd run side by side, and each listens for a hot-restart successor.
  "$bin/host/smppd" -c "$work/smppd-$smppd_port.toml" --plugin-dir "$bin/plugins" --concurrency "$1" -l warn \
    --base-id "$smppd_port" \
    >"$work/smppd-$smppd_port.log" 2>&1 &
  smppd_pid=$!
  pids+=("$smppd_pid")
  wait_port "$smppd_port"
}

# One load run, and the CPU each process spent on it: the proxy (none for direct), the sink and
# smpp-bench itself. All three share this machine's cores, which is what bounds the ratios below.
load() {  # name port proxy-pid|- [extra options...]
  local name=$1 port=$2 proxy=$3 proxy_before=0 sink_before
  shift 3
  [[ "$proxy" != - ]] && proxy_before=$(cpu_ticks "$proxy")
  sink_before=$(cpu_ticks "$sink_pid")
  with_cpu "$work/$name.bench-cpu" \
    "$bench" load --port "$port" --system-id bench --password bench --connections 8 --window 64 \
    --duration "$seconds" --warmup 2 --threads 1 --json "$@" >"$work/$name.json"
  [[ "$proxy" != - ]] && echo $(( $(cpu_ticks "$proxy") - proxy_before )) >"$work/$name.proxy-ticks"
  echo $(( $(cpu_ticks "$sink_pid") - sink_before )) >"$work/$name.sink-ticks"
}

start_smppd 2
smppd2_port=$smppd_port
smppd2_pid=$smppd_pid
start_smppd 1
smppd1_port=$smppd_port
smppd1_pid=$smppd_pid

load direct "$sink_port" - --max
load haproxy "$haproxy_port" "$haproxy_pid" --max
load smppd-2w "$smppd2_port" "$smppd2_pid" --max
load smppd-1w "$smppd1_port" "$smppd1_pid" --max
half=$(python3 -c "import json; print(max(1, json.load(open('$work/haproxy.json'))['acknowledged_per_s'] // 2))")
load direct-half "$sink_port" - --rate "$half"
load haproxy-half "$haproxy_port" "$haproxy_pid" --rate "$half"
load smppd-half "$smppd2_port" "$smppd2_pid" --rate "$half"
# Half of smppd's own maximum too: HAProxy's half may be beyond what smppd can take.
own_half=$(python3 -c "import json; print(max(1, json.load(open('$work/smppd-2w.json'))['acknowledged_per_s'] // 2))")
load direct-own-half "$sink_port" - --rate "$own_half"
load smppd-own-half "$smppd2_port" "$smppd2_pid" --rate "$own_half"
load smppd-receipts "$smppd2_port" "$smppd2_pid" --max --registered-delivery

# 10,000 bound sessions that send nothing (one message each, at 1/s in all, keeps them idle).
rss_before=$(awk '/VmRSS/ {print $2}' /proc/"$smppd2_pid"/status)
"$bench" load --port "$smppd2_port" --system-id bench --password bench --connections 10000 --window 1 \
  --rate 1 --duration 20 --threads 2 --json >"$work/idle.json" &
idle_pid=$!
rss_peak=0
for _ in $(seq 1 300); do
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$smppd2_pid"/status)
  (( rss > rss_peak )) && rss_peak=$rss
  kill -0 "$idle_pid" 2>/dev/null || break
  sleep 0.2
done
wait "$idle_pid" || true

python3 - "$work" "$rss_before" "$rss_peak" "$seconds" "$(getconf CLK_TCK)" "$(nproc)" <<'EOF'
import json, os, sys
work, rss_before, rss_peak = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seconds, hz, cores = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
runs = {}
names = ["direct", "haproxy", "smppd-2w", "smppd-1w", "direct-half", "haproxy-half", "smppd-half",
         "direct-own-half", "smppd-own-half", "smppd-receipts"]
for name in names + ["idle"]:
    with open(f"{work}/{name}.json") as f:
        runs[name] = json.load(f)
def rate(n): return runs[n]["acknowledged_per_s"]
def p(n, q): return runs[n]["latency_us"][q] / 1000.0
print(f"work dir: {work}")
print(f"{'run':<16}{'msg/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'p99.9 ms':>10}{'unanswered':>12}")
for name in names:
    r = runs[name]
    print(f"{name:<16}{rate(name):>10}{p(name,'p50'):>9.2f}{p(name,'p99'):>9.2f}{p(name,'p99.9'):>10.2f}{r['unanswered']:>12}")
rc = runs["smppd-receipts"]["receipts"]
print(f"receipts through smppd: {rc['matched']} matched of {rc['expected']} expected, {rc['missing']} missing")
print(f"smppd / haproxy throughput:       {rate('smppd-2w') / rate('haproxy'):.2f}")
print(f"smppd 2 workers / 1 worker:       {rate('smppd-2w') / rate('smppd-1w'):.2f}")
print(f"p99 added at half haproxy's rate: smppd {p('smppd-half','p99') - p('direct-half','p99'):.2f} ms "
      f"(at {rate('smppd-half')}/s of {rate('direct-half')}/s asked), haproxy {p('haproxy-half','p99') - p('direct-half','p99'):.2f} ms")
print(f"p99 added at half smppd's rate:   smppd {p('smppd-own-half','p99') - p('direct-own-half','p99'):.2f} ms")
print(f"idle sessions bound: {runs['idle']['sessions_bound']}; smppd RSS {rss_before/1024:.0f} MiB before, "
      f"{rss_peak/1024:.0f} MiB at peak")

def cpu_us(name, process):  # CPU per message of one process over the whole run, warmup too
    messages = rate(name) * (seconds + 2)
    path = f"{work}/{name}.{process}"
    if not os.path.exists(path) or not messages: return 0.0
    value = float(open(path).read())
    return 1e6 * (value if process == "bench-cpu" else value / hz) / messages
print(f"CPU per message at the maximum, us: {'proxy':>7}{'sink':>7}{'smpp-bench':>12}")
for name in ("direct", "haproxy", "smppd-2w", "smppd-1w"):
    print(f"  {name:<33}{cpu_us(name, 'proxy-ticks'):>7.2f}{cpu_us(name, 'sink-ticks'):>7.2f}"
          f"{cpu_us(name, 'bench-cpu'):>12.2f}")
# smpp-bench and the sink share the cores with smppd. One worker uses at most one core:
# rate1 <= 1/c. Two use what the others leave: rate2 <= cores/(c + g), g being their CPU per message.
c1, c2 = cpu_us("smppd-1w", "proxy-ticks"), cpu_us("smppd-2w", "proxy-ticks")
g = cpu_us("smppd-2w", "sink-ticks") + cpu_us("smppd-2w", "bench-cpu")
if c1 and c2 and cores > 1.7:
    print(f"on {cores} cores shared with smpp-bench and the sink (g = {g:.2f} us per message):")
    print(f"  2 workers / 1 worker is at most cores*c1/(c2+g) = {cores * c1 / (c2 + g):.2f}; "
          f"1.7 needs smppd's c >= 1.7g/(cores-1.7) = {1.7 * g / (cores - 1.7):.2f} us")
    print(f"  smppd / haproxy >= 0.8 needs c + g <= cores/(0.8 * haproxy's rate): "
          f"c <= {1e6 * cores / (0.8 * rate('haproxy')) - g:.2f} us; smppd's c is {c2:.2f} us")
EOF
