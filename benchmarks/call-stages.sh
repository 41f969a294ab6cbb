#!/usr/bin/env bash
# Where a /v1/call's time goes, call by call: run.sh's call scenario against a standalone node that
# traces every request (--otlp-endpoint) to a local receiver (call-stages.py sink), then the split of
# the measured calls' POST spans into stages, with what the slowest 1% spent in each. Tracing adds
# its own cost (about a span per stage per call): read the stages' shares, and take the latency
# figures themselves from run.sh call.
#
#   benchmarks/call-stages.sh
#   CALL_RATE=5000 benchmarks/call-stages.sh
#
# Environment: CALL_RATE [1000], CALL_DURATION [20], CALL_WARMUP [30], CALL_KEYS [1000], KEEP_SPANS
# [unset: a file to keep the spans in], plus node.sh's NODE_* variables and LOADGEN_JAVA_OPTS.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
log() { echo "call-stages.sh: $*" >&2; }
build_if_missing
rate="${CALL_RATE:-1000}" duration="${CALL_DURATION:-20}"
data_dir="$(mktemp -d -t eventide-call-stages.XXXXXX)"
spans="${KEEP_SPANS:-$data_dir.spans}"
sink_pid=""
trap 'terminate_node; [ -z "$sink_pid" ] || kill "$sink_pid" 2>/dev/null; rm -rf "$data_dir" "$data_dir.log" "$data_dir.spans"' EXIT

sink_port="$(free_port)"
python3 "$root/benchmarks/call-stages.py" sink --port "$sink_port" --out "$spans" &
sink_pid=$!
machine_line="$(machine)"
echo "$machine_line"
node_args=(--otlp-endpoint "http://127.0.0.1:$sink_port")
launch_node "$data_dir" "$data_dir.log" || exit 1
# shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" call --port "$port" --rate "$rate" \
  --duration "$duration" --warmup "${CALL_WARMUP:-30}" --keys "${CALL_KEYS:-1000}" | grep -E '^call: ' || exit 1
# SIGTERM flushes the node's last spans to the receiver.
terminate_node
python3 "$root/benchmarks/call-stages.py" report "$spans" --last $((rate * duration))
