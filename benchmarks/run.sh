#!/usr/bin/env bash
# Eventide benchmarks: starts a fresh standalone node per scenario on 127.0.0.1, deploys the
# examples, drives it with the load generator and prints one summary line per scenario plus the
# node's memory and CPU. See benchmarks/README.md.
#
#   benchmarks/run.sh                 # send, ingest, call
#   benchmarks/run.sh ingest call     # some of them, in this order
#
# Every parameter has an environment variable (defaults in brackets):
#   SEND_MESSAGES [100000] SEND_KEYS [1000] SEND_CONNECTIONS [64] SEND_IDEMPOTENCY [0]
#   INGEST_EVENTS [1000000] INGEST_KEYS [10000] INGEST_BATCH [10000] INGEST_PARALLEL [2]
#   INGEST_IDEMPOTENCY [0]
#   CALL_RATE [1000] CALL_DURATION [20] CALL_WARMUP [30] CALL_KEYS [1000] CALL_CONNECTIONS [64]
#   NODE_HEAP [1g] NODE_GC [-XX:+UseParallelGC, as the launcher] NODE_JIT [-XX:-TieredCompilation, as the launcher; empty: tiered] NODE_JAVA_OPTS [] LOADGEN_JAVA_OPTS [-Xmx1g -XX:+UseSerialGC]
#   PROFILE [0]: record the node with JFR and print its hottest frames per scenario
#   KEEP_LOGS [0]: keep the node's log (it is printed on failures either way)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
if [ $# -gt 0 ]; then scenarios=("$@"); else scenarios=(send ingest call); fi

data_dir=""
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
summaries=()
status=0

log() { echo "run.sh: $*" >&2; }

start_node() {
  data_dir="$(mktemp -d -t eventide-bench.XXXXXX)"
  launch_node "$data_dir" "$data_dir.log" || return 1
  log "node pid $node_pid on port $port, data in $data_dir"
}

# CPU seconds the node has used so far (user + system).
node_cpu() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$node_pid/stat"
}

node_memory() {
  local rss heap
  rss="$(ps -o rss= -p "$node_pid" | awk '{printf "%d", $1/1024}')"
  heap="$(curl -s "http://127.0.0.1:$port/metrics" |
    awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {if (s) printf "%d", s/1048576; else print "?"}')"
  echo "rss ${rss} MB, heap used ${heap} MB"
}

stop_node() {
  [ -n "$node_pid" ] || return 0
  terminate_node
  if [ "${KEEP_LOGS:-0}" = 1 ]; then log "node log kept: $data_dir.log"; else rm -f "$data_dir.log"; fi
  rm -rf "$data_dir"
}

trap stop_node EXIT
trap 'exit 130' INT TERM

flag() { [ "${1:-0}" = 1 ] && echo "$2"; }

scenario_args() {
  case "$1" in
    send) echo "send --messages ${SEND_MESSAGES:-100000} --keys ${SEND_KEYS:-1000}" \
      "--connections ${SEND_CONNECTIONS:-64} $(flag "${SEND_IDEMPOTENCY:-0}" --idempotency)" ;;
    ingest) echo "ingest --events ${INGEST_EVENTS:-1000000} --keys ${INGEST_KEYS:-10000}" \
      "--batch ${INGEST_BATCH:-10000} --parallel ${INGEST_PARALLEL:-2} $(flag "${INGEST_IDEMPOTENCY:-0}" --idempotency)" ;;
    call) echo "call --rate ${CALL_RATE:-1000} --duration ${CALL_DURATION:-20} --warmup ${CALL_WARMUP:-30}" \
      "--keys ${CALL_KEYS:-1000} --connections ${CALL_CONNECTIONS:-64}" ;;
    *) log "unknown scenario $1 (send, ingest, call)"; return 1 ;;
  esac
}

run_scenario() {
  local name="$1" args cpu_before cpu_after started output
  args="$(scenario_args "$name")" || { status=1; return; }
  start_node || { status=1; stop_node; return; }
  cpu_before="$(node_cpu)"; started=$SECONDS
  # shellcheck disable=SC2086 # word splitting of the flag lists is intended
  output="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" $args --port "$port")"
  local rc=$?
  cpu_after="$(node_cpu)"
  echo "$output"
  [ $rc -eq 0 ] || { status=1; log "$name failed (exit $rc); node log tail:"; tail -20 "$data_dir.log" >&2; }
  local elapsed=$((SECONDS - started)); [ $elapsed -gt 0 ] || elapsed=1
  local node_line
  node_line="node after $name: $(node_memory), cpu $(awk -v a="$cpu_before" -v b="$cpu_after" -v s=$elapsed \
    'BEGIN {printf "%.1f s in %d s (%d%% of one core)", b - a, s, 100 * (b - a) / s}')"
  echo "$node_line"
  summaries+=("$(echo "$output" | grep -E "^$name: " | head -1)" "  $node_line")
  stop_node
}

build_if_missing
machine_line="$(machine)"
echo "$machine_line"
for scenario in "${scenarios[@]}"; do
  run_scenario "$scenario"
done
print_summary
exit $status
