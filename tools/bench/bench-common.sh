# What the benchmark scripts share (sourced, not run): the optimized build, a work dir, the
# processes to end on exit, and loopback ports.
#   build_release [target ...]   builds build/release (every target when none is named); sets bin, bench
#   make_work_dir <name>         sets work to a fresh /tmp/smppd-<name>.XXXXXX
#   pids+=($!)                   a background process to end when the script exits
#   free_port, wait_port <port>
#   cpu_ticks <pid>              CPU clock ticks a running process has used (user + system)
#   with_cpu <file> <command...> runs the command and writes the CPU seconds it used to <file>

build_release() {
  export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
  umask 022
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMPPD_TESTS=OFF >/dev/null
  local targets=()
  [[ $# -gt 0 ]] && targets=(--target "$@")
  cmake --build build/release -j "${SMPPD_JOBS:-$(nproc)}" "${targets[@]}"
  # The plugin loader refuses group- or world-writable plugin files.
  chmod -R go-w build/release/plugins
  bin=build/release
  bench="$bin/tools/smpp-bench/smpp-bench"
}

make_work_dir() { work="$(mktemp -d "/tmp/smppd-$1.XXXXXX")"; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# Up to 30 s: a config with 10,000 firewall rules takes a while to load.
wait_port() { for _ in $(seq 1 600); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The ticks of a process that has exited are gone: the parent's rusage of its children keeps them.
with_cpu() {
  python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
used = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{used.ru_utime + used.ru_stime}\n")
sys.exit(code)' "$@"
}
