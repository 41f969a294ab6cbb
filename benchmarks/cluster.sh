#!/usr/bin/env bash
# Cluster figures, each against a reference run in the same command: keyed counting through a
# cluster of role processes (deploy/local-cluster.sh: a state-service, D dispatchers, W workers,
# one gateway) against a standalone node with the embedded store, and failover time after a
# dispatcher is killed with SIGKILL. Everything runs on this machine, on 127.0.0.1.
#
#   benchmarks/cluster.sh                    # throughput, then failover
#   benchmarks/cluster.sh throughput         # standalone, then D = CLUSTER_DISPATCHERS
#   benchmarks/cluster.sh failover           # SIGKILL one of 3 dispatchers, then SIGTERM one of the 2
#                                            # left; time until every probe key answers, 5 runs
#   benchmarks/cluster.sh calls              # keyed calls at a fixed rate through 3 dispatchers: latency,
#                                            # CPU per call by role, idle CPU, store calls served
#
# Keyed counting is fire and forget: NDJSON batches to CLUSTER_FUNCTION (bench/count keeps a total per
# key in state and does nothing else), each event committed exactly once, timed until the node's
# processed counter has them all; then every key's total is checked. Every process first runs an
# unmeasured warm-up of the same workload (its own keys), so the figures are not the JIT's.
#
# Environment (defaults in brackets): CLUSTER_DISPATCHERS ["1 2 3"] CLUSTER_WORKERS [2]
#   STANDALONE_EVENTS [2000000] STANDALONE_WARMUP [1500000] CLUSTER_EVENTS [1000000] CLUSTER_WARMUP [1500000]
#   CLUSTER_KEYS [10000] CLUSTER_BATCH [10000] CLUSTER_FUNCTION [bench/count]
#   CLUSTER_INGEST_ARGS [none: more flags for every ingest run, standalone and cluster alike, e.g.
#     --idempotency for an idempotency key on every event]
#   CLUSTER_LEASE_TTL [throughput: 2s; failover: the launcher's default] FAILOVER_DISPATCHERS [3]
#   FAILOVER_RUNS [5] FAILOVER_PROBES [32] FAILOVER_WARMUP [15: seconds of probe calls before the first round]
#   FAILOVER_PACE [0: each probe key calls back to back, which saturates two cores; N: each key's
#     calls begin every N ms, e.g. 160 for 200 calls/s over 32 keys]
#   FAILOVER_KEYS [0: N gives the cluster N keys of state (one CLUSTER_FUNCTION event each, NDJSON)
#     after the warm-up, so that the shards' state caches are full when groups change hands]
#   CALLS_RATE [200] CALLS_WARMUP [150: seconds at that rate first] CALLS_SECONDS [30] CALLS_KEYS [32]
#   ROLE_HEAP [1g, the launcher's default and the standalone node's] ROLE_JAVA_OPTS [throughput: -XX:-TieredCompilation; failover, calls: the launcher's defaults]
#   PROFILE_ROLES [none: a directory for each role's JFR of the measured run]
#   PROFILE_SETTINGS [profile: JFR's settings, or a .jfc file, e.g. one sampling every 1 ms]
#   KEEP_LOGS [none: a directory for the roles' logs, in a folder per number of dispatchers, or per failover run]
#   THREAD_CPU [0]: 1 prints each process's CPU per event by thread pool over the measured run
#     (which then checks exactly-once on a sample of 100 keys)
#   TLS [0]: 1 runs the cluster with TLS everywhere (local-cluster.sh --tls, the certificates of
#     'eventide certs init'): mutual TLS on every gRPC hop and the load over HTTPS to the gateway;
#     "internal" only the gRPC hops, the gateway on HTTP. The standalone reference stays on HTTP.
#     Failover runs keep the gateway on HTTP (the probe speaks plain HTTP)
#   TRACING [0]: 1 traces every process (OpenTelemetry, --otlp-endpoint through its environment
#     twin) with the share TRACING_RATIO [1] of requests sampled, exported to a collector started
#     here that reads each export whole, answers success and discards it (loadgen otlp-sink; an
#     exporter aimed at a closed port would fail at connect and cost less than tracing does). Its
#     CPU is printed with the others'; run it and the plain run back to back to see what tracing costs
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
if [ $# -gt 0 ]; then modes=("$@"); else modes=(throughput failover); fi
events="${CLUSTER_EVENTS:-1000000}"
keys="${CLUSTER_KEYS:-10000}"
batch="${CLUSTER_BATCH:-10000}"
data_dir=""
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
summaries=()
status=0
log() { echo "cluster.sh: $*" >&2; }

build_if_missing

cluster_dir="$(mktemp -d -t eventide-cluster-bench.XXXXXX)"
export LOCAL_CLUSTER_DIR="$cluster_dir/cluster"
case "${TLS:-0}" in
  1) export LOCAL_CLUSTER_TLS=1 LOCAL_CLUSTER_HTTPS=1 ;;
  internal) export LOCAL_CLUSTER_TLS=1 LOCAL_CLUSTER_HTTPS=0 ;;
  *) export LOCAL_CLUSTER_TLS=0 LOCAL_CLUSTER_HTTPS=0 ;;
esac
# How the current node or gateway is reached: set by up() for a cluster serving HTTPS.
scheme=http
tls_client=()
# Each role gets the heap the launcher gives it by default, as the standalone node does: with 512m
# the dispatcher spent 0.96-0.98 us of GC per keyed event against 0.44-0.49 with 1g
# (benchmarks/README.md, "Role heap").
export EVENTIDE_NO_BUILD=1 EVENTIDE_HEAP="${ROLE_HEAP:-1g}"
cluster() { bash "$root/deploy/local-cluster.sh" "$@"; }
sink_pid=""
stop_sink() {
  if [ -n "$sink_pid" ]; then
    kill -TERM "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
    grep '^otlp-sink: [0-9]' "$cluster_dir/otlp-sink.out" >&2
    sink_pid=""
  fi
}
trap 'cluster down >/dev/null 2>&1; terminate_node; stop_sink; rm -rf "$cluster_dir"' EXIT

if [ "${TRACING:-0}" = 1 ]; then
  java -Xmx256m -XX:+UseSerialGC -jar "$loadgen_jar" otlp-sink >"$cluster_dir/otlp-sink.out" 2>&1 &
  sink_pid=$!
  until grep -q '^otlp-sink: listening on ' "$cluster_dir/otlp-sink.out" 2>/dev/null; do
    kill -0 "$sink_pid" 2>/dev/null || { log "the OTLP sink did not start"; exit 1; }
    sleep 0.1
  done
  EVENTIDE_OTLP_ENDPOINT="$(sed -n 's/^otlp-sink: listening on //p' "$cluster_dir/otlp-sink.out")"
  export EVENTIDE_OTLP_ENDPOINT EVENTIDE_OTLP_SAMPLE_RATIO="${TRACING_RATIO:-1}"
  log "tracing to $EVENTIDE_OTLP_ENDPOINT, sample ratio $EVENTIDE_OTLP_SAMPLE_RATIO"
fi

# up D: a fresh cluster with D dispatchers and the examples deployed; sets port (the gateway's).
up() {
  rm -rf "$LOCAL_CLUSTER_DIR"
  export LOCAL_CLUSTER_STATE_PORT="$(free_port)" LOCAL_CLUSTER_BASE_PORT="$(free_port)"
  cluster up "$1" "${CLUSTER_WORKERS:-2}" 1 || return 1
  port="$LOCAL_CLUSTER_BASE_PORT"
  scheme=http
  tls_client=()
  if [ "$LOCAL_CLUSTER_TLS" = 1 ] && [ "$LOCAL_CLUSTER_HTTPS" = 1 ]; then
    scheme=https
    tls_client=(--ca "$LOCAL_CLUSTER_DIR/certs/ca.pem")
  fi
  local curl_ca=()
  if [ "$scheme" = https ]; then curl_ca=(--cacert "$LOCAL_CLUSTER_DIR/certs/ca.pem"); fi
  local deadline=$((SECONDS + 90))
  until [ "$(curl -s "${curl_ca[@]}" -o /dev/null -w '%{http_code}' "$scheme://127.0.0.1:$port/ready")" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then log "the gateway never became ready"; return 1; fi
    sleep 0.2
  done
  curl -sf "${curl_ca[@]}" -H 'Content-Type: application/java-archive' --data-binary @"$examples_jar" \
    "$scheme://127.0.0.1:$port/v1/deployments" >/dev/null || { log "deploying the examples failed"; return 1; }
}

# ingest N [FLAG...]: N events through the current node or gateway; prints the generator's line.
ingest() {
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" ingest --events "$1" --keys "$keys" \
    --batch "$batch" --function "${CLUSTER_FUNCTION:-bench/count}" --port "$port" "${tls_client[@]}" \
    ${CLUSTER_INGEST_ARGS:-} "${@:2}" | grep -E '^ingest: ' |
    paste -sd ' ' # the cpu line joins the result line: one line per run
}

# measured N WARMUP: a warm-up of WARMUP events (not reported), then N measured. The warm-up
# checks exactly-once on a sample of 100 keys: reading every key's state is ten thousand HTTP
# requests of another kind, and right before the measured run they made the JIT recompile the
# request path for the ingest workload again, a quarter of the node's CPU in the timed part.
# The measured run checks every key, after its clock has stopped.
# The measured run also prints each process's CPU per event (--cpu-of), read when processing is
# done. With PROFILE_ROLES=DIR every process records JFR over the measured run into DIR/NAME.jfr.
measured() {
  if [ "$2" -gt 0 ]; then ingest "$2" --check-sample 100 >/dev/null || log "the warm-up run failed"; fi
  local cpu_of=() name pid
  while read -r name pid; do
    cpu_of+=(--cpu-of "$name=$pid")
    if [ -n "${PROFILE_ROLES:-}" ]; then
      jcmd "$pid" JFR.start name=bench settings="${PROFILE_SETTINGS:-profile}" filename="$PROFILE_ROLES/$name.jfr" >/dev/null
    fi
  done < <(processes)
  if [ "${THREAD_CPU:-0}" = 1 ]; then
    while read -r name pid; do thread_cpu "$pid" >"$cluster_dir/threads-$name"; done < <(processes)
  fi
  local check=()
  # The threads' CPU is read after the run, so its check reads a sample: reading all 10,000 keys
  # through the gateway would add the read path (and its compilation) to every role's figures.
  [ "${THREAD_CPU:-0}" = 1 ] && check=(--check-sample 100)
  ingest "$1" "${cpu_of[@]}" "${check[@]}"
  if [ -n "${PROFILE_ROLES:-}" ]; then
    while read -r name pid; do jcmd "$pid" JFR.stop name=bench >/dev/null; done < <(processes)
  fi
  if [ "${THREAD_CPU:-0}" = 1 ]; then
    while read -r name pid; do
      echo "  $name cpu per event by thread pool:"
      thread_cpu_delta "$(cat "$cluster_dir/threads-$name")" "$(thread_cpu "$pid")" |
        awk -v n="$1" '{ s = $1; $1 = ""; $2 = ""; printf "    %6.2f us%s\n", s * 1e6 / n, $0 }'
    done < <(processes) >&2
  fi
}

# The processes under measurement, one "NAME PID" per line: the standalone node, or the cluster's.
processes() {
  if [ -n "$sink_pid" ]; then echo "otlp-sink $sink_pid"; fi
  if [ -n "$node_pid" ]; then
    echo "node $node_pid"
    return
  fi
  local f
  for f in "$LOCAL_CLUSTER_DIR"/*.pid; do echo "$(basename "$f" .pid) $(cat "$f")"; done
}

# The processed-end-to-end rate of an ingest line, in events/s.
rate() { sed -n 's|.*processed end-to-end \([0-9,.k]*\)/s.*|\1|p' <<<"$1" | head -1; }
# ratio LINE REFERENCE: the first line's rate over the second's.
ratio() { awk -v a="$(rate "$1" | tr -d ,)" -v b="$(rate "$2" | tr -d ,)" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
target_ratio() { awk -v a="$(rate "$1" | tr -d ,)" 'BEGIN { printf "%.2f", a / 500000 }'; }

throughput() {
  local line
  data_dir="$(mktemp -d -t eventide-bench.XXXXXX)"
  scheme=http
  tls_client=()
  launch_node "$data_dir" "$data_dir.log" || { status=1; return; }
  line="$(measured "${STANDALONE_EVENTS:-2000000}" "${STANDALONE_WARMUP:-1500000}")" || status=1
  terminate_node
  rm -rf "$data_dir" "$data_dir.log"
  echo "standalone (embedded RocksDB): $line"
  summaries+=("throughput: standalone $(rate "$line")/s ($(target_ratio "$line") of the 500,000/s target)")
  local reference="$line" d
  # The throughput figures were taken with a 2 s ttl; failover runs what an operator gets.
  export LOCAL_CLUSTER_LEASE_TTL="${CLUSTER_LEASE_TTL:-2s}"
  # As the standalone node runs (the launcher's choice for it): C2 alone, see deploy/bin/eventide.
  local -x EVENTIDE_JAVA_OPTS="${ROLE_JAVA_OPTS:--XX:-TieredCompilation}"
  for d in ${CLUSTER_DISPATCHERS:-1 2 3}; do
    up "$d" || { status=1; cluster down >/dev/null 2>&1; continue; }
    # As many as the node's: the roles run C2 alone (-XX:-TieredCompilation) and each JVM
    # compiles its own path. After 50,000 events the measured run still paid for compiling, at
    # twice the CPU per event (32 against 19 us); with 200,000 measured after 500,000 the compiler
    # threads were still a quarter of the cluster's CPU per event (3.9 of 16.5 us), against a
    # node measured over ten times the events.
    line="$(measured "$events" "${CLUSTER_WARMUP:-1500000}")" || status=1
    cluster down >/dev/null 2>&1
    if [ -n "${KEEP_LOGS:-}" ]; then
      mkdir -p "$KEEP_LOGS/$d" && cp "$LOCAL_CLUSTER_DIR"/*.log "$KEEP_LOGS/$d/"
    fi
    local tls_note=""
    if [ "$LOCAL_CLUSTER_TLS" = 1 ]; then tls_note=", mutual TLS"; fi
    if [ "$scheme" = https ]; then tls_note="$tls_note, HTTPS"; fi
    echo "cluster, $d dispatchers, ${CLUSTER_WORKERS:-2} workers, 1 gateway, remote store$tls_note: $line"
    summaries+=("throughput: $d dispatchers$tls_note $(rate "$line")/s (standalone $(rate "$reference")/s, ratio $(ratio "$line" "$reference"))")
  done
}

# FAILOVER_RUNS times: a fresh cluster of FAILOVER_DISPATCHERS dispatchers, FAILOVER_PROBES keys
# spread over the key groups warmed up (FAILOVER_WARMUP seconds of the probe's calls, so the figures
# are a warm cluster's, not the interpreter's: at a few hundred calls a second, C2 alone would still
# be interpreting the call path when the kill comes); then dispatcher-1 is killed with SIGKILL and the probe
# (benchmarks/failover-probe.py, every key called at once and retried with its idempotency key)
# times how long until every key answered again; then, once no lease names dispatcher-1,
# dispatcher-2 is stopped with SIGTERM and timed the same way, its failed calls counted, and the
# longest call across the stop (what a caller waited) set against the longest before it. A probe
# round with no signal gives the floor under all. Medians of the runs are the figures.
failover() {
  local d="${FAILOVER_DISPATCHERS:-3}" runs="${FAILOVER_RUNS:-5}" run line
  local kills=() stops=() floors=() longest=() quiet=() stop_failures=0
  local ttl="${CLUSTER_LEASE_TTL:-default (1s)}" setup=""
  if [ "${FAILOVER_PACE:-0}" != 0 ]; then setup=", each probe key's calls ${FAILOVER_PACE} ms apart"; fi
  if [ "${FAILOVER_KEYS:-0}" -gt 0 ]; then setup="$setup, ${FAILOVER_KEYS} keys of state"; fi
  export LOCAL_CLUSTER_LEASE_TTL="${CLUSTER_LEASE_TTL:-}" LOCAL_CLUSTER_HTTPS=0
  # What an operator gets: the launcher's JVM flags for each role (tiered compilation for
  # dispatchers, workers and the gateway; C2 alone for the state-service).
  local -x EVENTIDE_JAVA_OPTS="${ROLE_JAVA_OPTS:-}"
  for run in $(seq 1 "$runs"); do
    up "$d" || { status=1; cluster down >/dev/null 2>&1; continue; }
    probe warm >/dev/null || { status=1; cluster down >/dev/null 2>&1; continue; }
    if [ "${FAILOVER_KEYS:-0}" -gt 0 ]; then
      keys="$FAILOVER_KEYS" ingest "$FAILOVER_KEYS" --check-sample 100 >&2 ||
        { status=1; cluster down >/dev/null 2>&1; continue; }
    fi
    probe --lead "${FAILOVER_WARMUP:-15}" round >/dev/null || { status=1; cluster down >/dev/null 2>&1; continue; }
    line="$(probe round)" && floors+=("${line%% ms*}")
    line="$(probe --signal KILL --pid "$(cat "$LOCAL_CLUSTER_DIR/dispatcher-1.pid")" round)" || status=1
    echo "failover run $run, $d dispatchers, lease ttl $ttl: SIGKILL of dispatcher-1, every probe answered after $line"
    case "$line" in none*) ;; *) kills+=("${line%% ms*}") ;; esac
    rm -f "$LOCAL_CLUSTER_DIR/dispatcher-1.pid"
    if [ "$d" -ge 3 ] && leases_moved_off dispatcher-1; then
      line="$(probe --signal TERM --pid "$(cat "$LOCAL_CLUSTER_DIR/dispatcher-2.pid")" round)" || status=1
      echo "failover run $run: SIGTERM of dispatcher-2, every probe answered after $line"
      case "$line" in
        none*) ;;
        *) stops+=("${line%% ms*}")
           longest+=("$(sed -n 's/.*longest call \([0-9]*\) ms (before: \([0-9]*\) ms).*/\1/p' <<<"$line")")
           quiet+=("$(sed -n 's/.*longest call \([0-9]*\) ms (before: \([0-9]*\) ms).*/\2/p' <<<"$line")")
           stop_failures=$((stop_failures + $(sed -n 's/.*, \([0-9]*\) failed calls/\1/p' <<<"$line"))) ;;
      esac
    fi
    cluster down >/dev/null 2>&1
    if [ -n "${KEEP_LOGS:-}" ]; then
      mkdir -p "$KEEP_LOGS/failover-$run" && cp "$LOCAL_CLUSTER_DIR"/*.log "$KEEP_LOGS/failover-$run/"
    fi
  done
  summaries+=("failover: SIGKILL of 1 of $d dispatchers, median $(median "${kills[@]}") ms to every probe answering (runs: ${kills[*]} ms; ttl $ttl$setup)")
  if [ ${#stops[@]} -gt 0 ]; then
    summaries+=("failover: SIGTERM of 1 of $((d - 1)) dispatchers, median $(median "${stops[@]}") ms to every probe answering (runs: ${stops[*]} ms$setup), $stop_failures failed calls")
    summaries+=("failover: SIGTERM, longest call across the stop median $(median "${longest[@]}") ms (runs: ${longest[*]} ms; before the stop: ${quiet[*]} ms$setup)")
  fi
  summaries+=("failover: a probe round with nothing failing takes median $(median "${floors[@]}") ms (runs: ${floors[*]} ms)")
}

# calls: keyed calls (example/counter) at CALLS_RATE through a cluster of FAILOVER_DISPATCHERS
# dispatchers with the launcher's flags, measured for CALLS_SECONDS after CALLS_WARMUP seconds of
# the same load (tiered compilation takes minutes at a few hundred calls a second on two cores
# shared by seven JVMs). Prints the latency, the roles' CPU per call over the measured part and
# their CPU at rest 10 s later, and the store calls the state-service served over the whole run.
calls() {
  local d="${FAILOVER_DISPATCHERS:-3}" rate="${CALLS_RATE:-200}" warm="${CALLS_WARMUP:-150}"
  local secs="${CALLS_SECONDS:-30}" gen name pid line
  export LOCAL_CLUSTER_LEASE_TTL="${CLUSTER_LEASE_TTL:-}" LOCAL_CLUSTER_HTTPS=0
  local -x EVENTIDE_JAVA_OPTS="${ROLE_JAVA_OPTS:-}"
  up "$d" || { status=1; cluster down >/dev/null 2>&1; return; }
  java -jar "$loadgen_jar" call --port "$port" --rate "$rate" --warmup "$warm" --duration "$secs" \
    --keys "${CALLS_KEYS:-32}" >"$cluster_dir/calls.out" 2>&1 &
  gen=$!
  sleep "$warm" # the generator's warm-up: the roles' CPU is read over its measured seconds only
  declare -A busy
  while read -r name pid; do busy[$name]="$(cpu_seconds "$pid")"; done < <(processes)
  wait "$gen" || status=1
  local per_call=() at_rest=() all=0 now
  while read -r name pid; do
    now="$(cpu_seconds "$pid")" # the end of the measured part, and the start of the rest
    line="$(awk -v a="${busy[$name]}" -v b="$now" -v n="$((rate * secs))" \
      'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')"
    per_call+=("$name $line us")
    all=$((all + line))
    busy[$name]="$now"
  done < <(processes)
  sleep 10 # at rest: nothing is sent for these seconds
  while read -r name pid; do
    at_rest+=("$name $(awk -v a="${busy[$name]}" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.0f", (b - a) * 100 }') ms/s")
  done < <(processes)
  cluster down >/dev/null 2>&1
  grep -E '^call: ' "$cluster_dir/calls.out"
  summaries+=("calls: $(sed -n 's/^call: \(rate [0-9]*\/s\).*errors, \(p50 .*p99 [0-9.]* ms\).*/\1, \2/p' "$cluster_dir/calls.out") through $d dispatchers")
  summaries+=("calls: CPU per call $all us (${per_call[*]})")
  summaries+=("calls: at rest (${at_rest[*]})")
  summaries+=("calls: store calls served $(sed -n 's/.*calls served: //p' "$LOCAL_CLUSTER_DIR/state-service.log" | tail -1)")
}

probe() {
  python3 "$root/benchmarks/failover-probe.py" --port "$port" --keys "${FAILOVER_PROBES:-32}" \
    --pace "${FAILOVER_PACE:-0}" "$@"
}

# leases_moved_off NODE: until the cluster view names NODE in no lease (30 s at most).
leases_moved_off() {
  local deadline=$((SECONDS + 30))
  until curl -sf "http://127.0.0.1:$port/v1/cluster" | python3 -c '
import json, sys
view = json.load(sys.stdin)
sys.exit(1 if any(l.get("owner") == sys.argv[1] for l in view.get("leases", [])) else 0)' "$1"; do
    if [ $SECONDS -ge $deadline ]; then log "leases still name $1"; return 1; fi
    sleep 0.1
  done
}

machine_line="$(machine)"
echo "$machine_line"
for mode in "${modes[@]}"; do
  case "$mode" in
    throughput|failover|calls) "$mode" ;;
    *) log "unknown mode $mode (throughput, failover, calls)"; status=1 ;;
  esac
done
print_summary
exit $status
