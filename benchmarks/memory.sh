#!/usr/bin/env bash
# Memory of a standalone node against the number of keys it holds: for each count, a fresh node
# gets one event per key (bench/count, a total in state, NDJSON ingestion), then sits idle; after a full GC the
# script prints the heap in use and the process's RSS. See benchmarks/README.md.
#
#   benchmarks/memory.sh                 # 1,000, 100,000 and 1,000,000 keys
#   MEMORY_KEYS="1000 10000" benchmarks/memory.sh
#
# Environment: MEMORY_KEYS ["1000 100000 1000000"], MEMORY_CHECK_SAMPLE [10000] (runs with more keys
# check exactly-once on a seeded sample of that many: reading every key's state over HTTP took
# longer than the run), MEMORY_TIMEOUT [900] (seconds the generator waits for processing: a
# million keys, one event each, take minutes on two busy cores), NODE_HEAP [1g], plus node.sh's
# NODE_* variables, MEMORY_FUNCTION [bench/count].
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
log() { echo "memory.sh: $*" >&2; }
build_if_missing
data_dir=""
trap 'terminate_node; [ -z "$data_dir" ] || rm -rf "$data_dir" "$data_dir.log"' EXIT

# heap_after_gc: "USED COMMITTED", MB of heap in use and committed right after a full GC of the
# node. Committed matters for RSS: Parallel GC keeps what a burst made it commit, touched.
heap_after_gc() {
  jcmd "$node_pid" GC.run >/dev/null 2>&1
  jstat -gc "$node_pid" 2>/dev/null | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%d %d", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024,
                ($col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]) / 1024 }'
}

summaries=()
status=0
machine_line="$(machine)"
echo "$machine_line"
for keys in ${MEMORY_KEYS:-1000 100000 1000000}; do
  data_dir="$(mktemp -d -t eventide-memory.XXXXXX)"
  # A private copy, as node.sh does for the node: a rebuild rewriting loadgen.jar under the
  # running generator makes its class loading fail halfway through.
  cp "$loadgen_jar" "$data_dir/loadgen.jar" || { status=1; continue; }
  launch_node "$data_dir" "$data_dir.log" || { status=1; continue; }
  read -r idle_heap _ <<<"$(heap_after_gc)"
  sample=()
  if [ "$keys" -gt "${MEMORY_CHECK_SAMPLE:-10000}" ]; then sample=(--check-sample "${MEMORY_CHECK_SAMPLE:-10000}"); fi
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
  line="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$data_dir/loadgen.jar" ingest --events "$keys" --keys "$keys" --function "${MEMORY_FUNCTION:-bench/count}" \
    --batch 10000 "${sample[@]}" --timeout "${MEMORY_TIMEOUT:-900}" --port "$port" | grep -E '^ingest: ')" || status=1
  echo "$line"
  read -r heap committed <<<"$(heap_after_gc)"
  rss="$(ps -o rss= -p "$node_pid" | awk '{printf "%d", $1 / 1024}')"
  summary="$keys keys: heap after full GC ${heap} MB (empty node ${idle_heap} MB), heap committed ${committed} MB, RSS ${rss} MB, -Xmx${NODE_HEAP:-1g}"
  # Figures taken with a backlog include the inbox entries held in memory, not idle keys.
  case "$line" in *"check OK"*) ;; *) summary="$summary (ingest incomplete or check failed: see its line)" ;; esac
  echo "$summary"
  summaries+=("$summary")
  terminate_node
  rm -rf "$data_dir" "$data_dir.log"
  data_dir=""
done
print_summary
exit $status
