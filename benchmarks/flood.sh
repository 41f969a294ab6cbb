#!/usr/bin/env bash
# One client flooding at 20 times its rate limit beside a second client keeping to its own rate
# (issue 24): starts a standalone node whose tokens file gives clients A and B the same rate limit,
# then, per run, measures B's open-loop call latency alone, and again while A calls at FLOOD_FACTOR
# times the limit over the same window (loadgen flood). Prints each run and the medians: B's p50 and
# p99 alone and flooded, the p99 ratio (target: at most 2), and how many of A's requests were
# refused with 429. See benchmarks/README.md, "Flood".
#
#   benchmarks/flood.sh
#   FLOOD_LIMIT=100 FLOOD_RUNS=1 FLOOD_DURATION=5 FLOOD_WARMUP=3 benchmarks/flood.sh   # a smoke run
#
# Environment (defaults in brackets): FLOOD_LIMIT [500] requests/s per token, FLOOD_FACTOR [20]
# (A's rate = factor x limit), FLOOD_RATE_B [80% of the limit], FLOOD_DURATION [20] measured seconds,
# FLOOD_WARMUP [10], FLOOD_KEYS [1000], FLOOD_CONNECTIONS [64] per client, FLOOD_RUNS [3],
# NODE_HEAP, NODE_GC, NODE_JIT, NODE_JAVA_OPTS, LOADGEN_JAVA_OPTS [-Xmx1g -XX:+UseSerialGC],
# KEEP_LOGS [0].
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"

limit="${FLOOD_LIMIT:-500}"
factor="${FLOOD_FACTOR:-20}"
rate_a=$((limit * factor))
rate_b="${FLOOD_RATE_B:-$((limit * 4 / 5))}"
runs="${FLOOD_RUNS:-3}"
summaries=()
status=0
work=""

log() { echo "flood.sh: $*" >&2; }

cleanup() {
  terminate_node
  if [ -n "$work" ]; then
    if [ "${KEEP_LOGS:-0}" = 1 ]; then log "node log kept: $work/node.log"; else rm -rf "$work"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A random token: the tokens file and the generator's command line are the only places it is in.
secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

# The median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The value of KEY=... on a flood-result line.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

build_if_missing
machine_line="$(machine)"
echo "$machine_line"
work="$(mktemp -d -t eventide-flood.XXXXXX)"
admin="$(secret)" token_a="$(secret)" token_b="$(secret)"
cat >"$work/tokens.json" <<JSON
{"tokens": [
  {"name": "bench-admin", "token": "$admin", "role": "admin", "rateLimit": "off"},
  {"name": "client-a", "token": "$token_a", "role": "ingress", "rateLimit": "$limit/s"},
  {"name": "client-b", "token": "$token_b", "role": "ingress", "rateLimit": "$limit/s"}
]}
JSON
node_args=(--tokens "$work/tokens.json")
node_admin_token="$admin"
launch_node "$work/node" "$work/node.log" || exit 1
log "node pid $node_pid on port $port; limit $limit/s per token, B at $rate_b/s, A at $rate_a/s"

results=()
for run in $(seq 1 "$runs"); do
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  output="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" flood --port "$port" \
    --token-a "$token_a" --token-b "$token_b" --rate-a "$rate_a" --rate-b "$rate_b" \
    --duration "${FLOOD_DURATION:-20}" --warmup "${FLOOD_WARMUP:-10}" --keys "${FLOOD_KEYS:-1000}" \
    --connections "${FLOOD_CONNECTIONS:-64}")"
  rc=$?
  echo "run $run:"
  sed 's/^/  /' <<<"$output"
  line="$(grep '^flood-result: ' <<<"$output" | head -1)"
  if [ $rc -ne 0 ] || [ -z "$line" ]; then
    status=1; log "run $run failed (exit $rc); node log tail:"; tail -20 "$work/node.log" >&2
    continue
  fi
  results+=("$line")
done
terminate_node

if [ ${#results[@]} -gt 0 ]; then
  med() { for r in "${results[@]}"; do field "$r" "$1"; done | median; }
  alone99="$(med b_alone_p99_us)" flooded99="$(med b_flooded_p99_us)"
  ratio="$(awk -v a="$alone99" -v f="$flooded99" 'BEGIN { if (a > 0) printf "%.2f", f / a; else print "?" }')"
  summaries+=(
    "flood: limit $limit/s per token, B at $rate_b/s, A at $rate_a/s ($factor x), medians of ${#results[@]} runs of ${FLOOD_DURATION:-20} s"
    "  B alone:   p50 $(ms "$(med b_alone_p50_us)"), p99 $(ms "$alone99")"
    "  B flooded: p50 $(ms "$(med b_flooded_p50_us)"), p99 $(ms "$flooded99"); errors alone $(med b_alone_errors), flooded $(med b_flooded_errors)"
    "  p99 flooded / alone: $ratio (target <= 2)"
    "  A: $(med a_429) of $(med a_total) requests refused 429, $(med a_ok) ok"
  )
fi
print_summary
exit $status
