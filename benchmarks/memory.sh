#!/usr/bin/env bash
# Memory of a standalone node against the number of keys it holds: for each count, a fresh node
# gets one event per key (example/counter, NDJSON ingestion), then sits idle; after a full GC the
# script prints the heap in use and the process's RSS. See benchmarks/README.md.
#
#   benchmarks/memory.sh                 # 1,000, 100,000 and 1,000,000 keys
#   MEMORY_KEYS="1000 10000" benchmarks/memory.sh
#
# Environment: MEMORY_KEYS ["1000 100000 1000000"], NODE_HEAP [1g], plus node.sh's NODE_* variables.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
log() { echo "memory.sh: $*" >&2; }
if [ ! -f "$node_jar" ] || [ ! -f "$examples_jar" ] || [ ! -f "$loadgen_jar" ]; then
  log "building (mvn -q -B install -DskipTests in $root)..."
  (cd "$root" && mvn -q -B install -DskipTests) || { log "build failed"; exit 1; }
fi
data_dir=""
trap 'terminate_node; [ -z "$data_dir" ] || rm -rf "$data_dir" "$data_dir.log"' EXIT

# heap_after_gc: MB of heap in use right after a full GC of the node.
heap_after_gc() {
  jcmd "$node_pid" GC.run >/dev/null 2>&1
  jcmd "$node_pid" GC.heap_info 2>/dev/null | awk '
    /used/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } }
    END { printf "%d", s / 1024 }'
}

summaries=()
status=0
machine_line="$(machine)"
echo "$machine_line"
for keys in ${MEMORY_KEYS:-1000 100000 1000000}; do
  data_dir="$(mktemp -d -t eventide-memory.XXXXXX)"
  launch_node "$data_dir" "$data_dir.log" || { status=1; continue; }
  idle_heap="$(heap_after_gc)"
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
  line="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" ingest --events "$keys" --keys "$keys" \
    --batch 10000 --port "$port" | grep -E '^ingest: ')" || status=1
  echo "$line"
  heap="$(heap_after_gc)"
  rss="$(ps -o rss= -p "$node_pid" | awk '{printf "%d", $1 / 1024}')"
  summary="$keys keys: heap after full GC ${heap} MB (empty node ${idle_heap} MB), RSS ${rss} MB, -Xmx${NODE_HEAP:-1g}"
  echo "$summary"
  summaries+=("$summary")
  terminate_node
  rm -rf "$data_dir" "$data_dir.log"
  data_dir=""
done
print_summary
exit $status
