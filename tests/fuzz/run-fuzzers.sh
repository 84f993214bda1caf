#!/usr/bin/env bash
# Runs every libFuzzer target for a while, seeded from the test data. A crash fails the run and
# leaves its input as crash-* in the target's work dir; add it to the regression tests.
#   run-fuzzers.sh <clang build dir configured with -DSMPPD_FUZZ=ON> [seconds per target] [target...]
# Without targets, every target the build lists in tests/fuzz/targets.txt runs. A target with a dictionary (dicts/<target>.dict) gets it.
set -euo pipefail
build="$(cd "$1" && pwd)"
seconds="${2:-20}"
shift $(($# < 2 ? $# : 2))
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets <"$build/tests/fuzz/targets.txt"
fi
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/../data/smpp"
work="$build/fuzz-work"
mkdir -p "$work"

# PDU seeds: every vector of the test tables (its last column is the hex).
pdu_seeds="$work/pdu_decode_fuzz-seeds"
mkdir -p "$pdu_seeds"
for table in "$data/vectors.tsv" "$data/external-vectors.tsv"; do
  tail -n +2 "$table" | while IFS=$'\t' read -r -a cells; do
    id="${cells[0]}"
    hex="${cells[${#cells[@]}-1]}"
    printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")" >"$pdu_seeds/$id.bin"
  done
done

status=0
for target in "${targets[@]}"; do
  corpus="$work/$target-corpus"
  mkdir -p "$corpus"
  seeds="$here/seeds/$target"
  [[ "$target" == pdu_decode_fuzz ]] && seeds="$pdu_seeds"
  options=(-max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048)
  [[ -f "$here/dicts/$target.dict" ]] && options+=(-dict="$here/dicts/$target.dict")
  echo "== $target: ${seconds}s"
  if ! (cd "$work" && "$build/tests/fuzz/$target" "${options[@]}" "$corpus" "$seeds" 2>"$work/$target.log"); then
    echo "!! $target failed; see $work/$target.log"
    tail -n 40 "$work/$target.log"
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$target.log" || true
done
exit $status
