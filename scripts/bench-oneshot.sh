#!/usr/bin/env bash
# One-shot `./hybrid run` of the intelligent_vad guest (entry `process`) on 1 s of 16 kHz audio,
# as a user runs it: a fresh process per run, launcher included. Alternates with Node running the
# same .wasm, entry and input (bench/guest-v8.mjs: instantiate, call, print), prints the median
# wall time of each, the ratio, the process CPU and RSS, and the issue-12 target (<= 0.5 s).
# Both must print the same verdict. On a shared machine read the CPU column and the load.
# --timeout 30s: the default 2 s call timeout can expire on a cold JVM when other work holds the
# cores; the timeout does not change the work done.
# usage: scripts/bench-oneshot.sh [RUNS]        (default 7)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-oneshot: RUNS must be a positive integer, got '$runs'" >&2
  exit 2
fi
module="$root/wasm-src/modules/intelligent_vad.wasm"
v8="$root/hybrid-examples/src/main/resources/bench/guest-v8.mjs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Builds on first use and warms the page cache; neither is timed.
"$root/hybrid" gen-audio --kind speech --seconds 1 -o "$tmp/in.f32"
"$root/hybrid" run "$module" --function process --input "$tmp/in.f32" --timeout 30s > "$tmp/expected"

node_bin="$(command -v node || true)"
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%U %S %M" -o "$tmp/usage")

# Runs "$@" once; appends "wall_ms cpu_ms rss_kb" to the file named by $1 (cpu/rss "-" without /usr/bin/time).
measure() {
  local into="$1" start end cpu="-" rss="-"
  shift
  start="$(date +%s%N)"
  "${timer[@]}" "$@" > "$tmp/out"
  end="$(date +%s%N)"
  if [[ ${#timer[@]} -gt 0 ]]; then
    read -r user sys rss < "$tmp/usage"
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')"
  fi
  echo "$(( (end - start) / 1000000 )) $cpu $rss" >> "$into"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  measure "$tmp/hybrid.txt" "$root/hybrid" run "$module" --function process --input "$tmp/in.f32" --timeout 30s
  cmp -s "$tmp/out" "$tmp/expected" || { echo "bench-oneshot: hybrid run printed $(cat "$tmp/out")" >&2; exit 1; }
  if [[ -n "$node_bin" ]]; then
    measure "$tmp/node.txt" "$node_bin" "$v8" "$module" process "$tmp/in.f32" 0 1
  fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# median of column $2 in file $1
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
seconds() { awk -v ms="$1" 'BEGIN { if (ms == "-") print "-"; else printf "%.2f s", ms / 1000 }'; }
summary() {
  printf '%-14s median wall %s (min %s, max %s), CPU %s, RSS %s\n' "$1" "$(seconds "$(median "$2" 1)")" \
    "$(seconds "$(cut -d' ' -f1 "$2" | sort -n | head -1)")" "$(seconds "$(cut -d' ' -f1 "$2" | sort -n | tail -1)")" \
    "$(seconds "$(median "$2" 2)")" "$(median "$2" 3 | awk '{ print ($1 == "-") ? "-" : int($1 / 1024) " MiB" }')"
}

echo "one-shot run of intelligent_vad 'process' on 1 s of 16 kHz audio (64000 B), $runs runs each, alternating"
echo "load average before: $load_before, after: $load_after; $(nproc) cores"
summary "hybrid run" "$tmp/hybrid.txt"
hybrid_ms="$(median "$tmp/hybrid.txt" 1)"
if [[ -n "$node_bin" ]]; then
  summary "node (V8)" "$tmp/node.txt"
  expected_hex="$(od -An -tx1 -v "$tmp/expected" | tr -d ' \n')"
  grep -q "\"output_hex\":\"$expected_hex\"" "$tmp/out" || { echo "bench-oneshot: V8 printed a different verdict: $(cat "$tmp/out")" >&2; exit 1; }
  awk -v h="$hybrid_ms" -v n="$(median "$tmp/node.txt" 1)" -v hc="$(median "$tmp/hybrid.txt" 2)" -v nc="$(median "$tmp/node.txt" 2)" \
    'BEGIN { printf "hybrid / node: %.1fx wall", h / n; if (nc != "-" && nc > 0) printf ", %.1fx CPU", hc / nc; print " (same verdict)" }'
else
  echo "node (V8)      skipped: no 'node' on the PATH"
fi
if (( hybrid_ms <= 500 )); then
  echo "target (issue 12): one-shot hybrid run <= 0.50 s: MET ($(seconds "$hybrid_ms"))"
else
  echo "target (issue 12): one-shot hybrid run <= 0.50 s: NOT MET ($(seconds "$hybrid_ms"))"
fi
