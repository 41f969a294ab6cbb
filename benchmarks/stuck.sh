#!/usr/bin/env bash
# Keyed counting beside handlers that never return, against the same run without them, on one
# standalone node: does a stuck function cost anything beyond its own invocations?
#
# Each round starts a fresh node, warms it up, then measures STUCK_EVENTS of fire-and-forget keyed
# counting (NDJSON to bench/count, every key checked after) twice: first alone, then after sending
# STUCK_SLEEPERS messages to bench/stuck, whose handler sleeps forever and swallows interrupts,
# waiting until the worker has that many threads blocked in it (eventide_worker_blocked_threads).
# The sleepers stay stuck for the whole measured run (their handler timeout is 30 s by default), and
# are then retried and dead-lettered. Medians over STUCK_ROUNDS rounds and their ratio are printed.
#
#   benchmarks/stuck.sh
#   STUCK_ROUNDS=5 STUCK_EVENTS=2000000 benchmarks/stuck.sh
#
# Environment (defaults in brackets): STUCK_ROUNDS [3] STUCK_EVENTS [1000000] STUCK_WARMUP [1000000]
#   STUCK_SLEEPERS [100] STUCK_KEYS [10000] STUCK_BATCH [10000], and node.sh's NODE_HEAP, NODE_GC, ...
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
rounds="${STUCK_ROUNDS:-3}"
events="${STUCK_EVENTS:-1000000}"
sleepers="${STUCK_SLEEPERS:-100}"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
summaries=()
status=0
log() { echo "stuck.sh: $*" >&2; }

build_if_missing
work="$(mktemp -d -t eventide-stuck-bench.XXXXXX)"
trap 'terminate_node; rm -rf "$work"' EXIT

ingest() {
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" ingest --events "$1" \
    --keys "${STUCK_KEYS:-10000}" --batch "${STUCK_BATCH:-10000}" --function bench/count --port "$port" "${@:2}" |
    grep -E '^ingest: '
}
rate() { sed -n 's|.*processed end-to-end \([0-9,.k]*\)/s.*|\1|p' <<<"$1" | head -1 | tr -d ,; }
blocked() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^eventide_worker_blocked_threads / { print int($2) }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

machine_line="$(machine)"
echo "$machine_line"
alone=()
beside=()
for round in $(seq 1 "$rounds"); do
  launch_node "$work/node-$round" "$work/node-$round.log" || { status=1; continue; }
  ingest "${STUCK_WARMUP:-1000000}" --check-sample 100 >/dev/null || log "the warm-up run failed"
  line="$(ingest "$events")" || status=1
  echo "round $round, alone: $line"
  alone+=("$(rate "$line")")
  for i in $(seq 1 "$sleepers"); do
    curl -s -o /dev/null -H 'Content-Type: application/json' --data 1 "http://127.0.0.1:$port/v1/send/bench/stuck/s$round-$i"
  done
  deadline=$((SECONDS + 120))
  until [ "$(blocked)" -ge "$sleepers" ] 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "only $(blocked) of $sleepers sleepers blocked after 120 s"; status=1; break; fi
    sleep 0.5
  done
  line="$(ingest "$events")" || status=1
  echo "round $round, beside $(blocked) blocked handler threads: $line"
  beside+=("$(rate "$line")")
  terminate_node
done

a="$(printf '%s\n' "${alone[@]}" | median)"
b="$(printf '%s\n' "${beside[@]}" | median)"
summaries+=("keyed counting alone: ${alone[*]} events/s, median $a")
summaries+=("beside $sleepers handlers that never return: ${beside[*]} events/s, median $b")
summaries+=("ratio of the medians: $(awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "?" }')")
print_summary
exit $status
