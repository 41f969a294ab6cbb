#!/usr/bin/env bash
# Windowed counting, Eventide side by side with Flink: one seeded NDJSON event file (1 s tumbling
# windows, 10,000 keys, bounded disorder), counted by Eventide's bench/window-count through
# NDJSON ingestion on a fresh standalone node, then by the same job on a Flink MiniCluster
# (RocksDB state backend, exactly-once checkpoints every second; and/or heap state without
# checkpoints) in a JVM of its own. Prints one line per system and a summary with the rates and
# their ratios. See benchmarks/README.md.
#
#   benchmarks/windowed.sh                  # both
#   benchmarks/windowed.sh flink            # one of them: eventide, flink
#   # issue 23's configuration: 5M events, 500 ms lateness, cold JVMs, both Flink setups, 5 rounds
#   WINDOWED_EVENTS=5000000 WINDOWED_LATENESS_MS=500 WINDOWED_WARMUP=0 WINDOWED_FLINK="rocksdb heap" \
#     WINDOWED_RUNS=5 benchmarks/windowed.sh
#   benchmarks/windowed.sh eventide cluster # the standalone node, then the same file through a
#                                           # cluster of role processes (deploy/local-cluster.sh:
#                                           # state-service, WINDOWED_DISPATCHERS [1] dispatchers,
#                                           # CLUSTER_WORKERS [2] workers, one gateway)
#
# Every parameter has an environment variable (defaults in brackets):
#   WINDOWED_EVENTS [1000000] WINDOWED_KEYS [10000] WINDOWED_RATE [100000 events per second of event time]
#   WINDOWED_DISORDER_MS [100: the file's disorder bound and both systems' out-of-orderness]
#   WINDOWED_LATENESS_MS [0]: both systems' allowed lateness, 0 (bench/window-count) or 500
#     (bench/window-count-late); nothing in the file is late, so the firings are the same
#   WINDOWED_FLINK [rocksdb]: Flink's setups, one run each in this order: rocksdb (RocksDB state,
#     exactly-once checkpoints every second), heap (heap state, no checkpoints)
#   WINDOWED_RUNS [1]: rounds of every system in turn over the same file; with more than one the
#     summary gives each rate's median and the median of each round's ratio
#   WINDOWED_SEED [42] WINDOWED_BATCH [10000 lines per request] WINDOWED_TIMEOUT [600 s]
#   WINDOWED_WARMUP [1: each system first runs the file once, unmeasured, on the same node or
#     MiniCluster, so both are measured with compiled hot paths; 0 measures cold JVMs]
#   WINDOWED_FILE [a temporary file; an existing one is reused as it is]
#   NODE_HEAP [1g] NODE_GC [-XX:+UseParallelGC, as the launcher] NODE_JIT [-XX:-TieredCompilation, as the launcher; empty: tiered] NODE_JAVA_OPTS []
#   LOADGEN_JAVA_OPTS [-Xmx1g -XX:+UseSerialGC]
#   FLINK_PARALLELISM [cores] FLINK_HEAP [1g] FLINK_JAVA_OPTS []
#   ROLE_HEAP [1g, as the launcher] ROLE_JAVA_OPTS [-XX:-TieredCompilation]: each cluster role's JVM
#   KEEP_LOGS [0]: keep the node's and Flink's logs (they are printed on failures either way)
#   THREAD_CPU [0]: 1 prints the node's CPU seconds per thread pool over the measured run
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
flink_jar="$root/benchmarks/flink-job/target/flink-windowed.jar"
if [ $# -gt 0 ]; then systems=("$@"); else systems=(eventide flink); fi

events="${WINDOWED_EVENTS:-1000000}"
keys="${WINDOWED_KEYS:-10000}"
disorder_ms="${WINDOWED_DISORDER_MS:-100}"
source_name="windowed"
warmup="${WINDOWED_WARMUP:-1}"
lateness_ms="${WINDOWED_LATENESS_MS:-0}"
case "$lateness_ms" in
  0) function="bench/window-count"; warmup_function="bench/window-warmup" ;;
  500) function="bench/window-count-late"; warmup_function="bench/window-warmup-late" ;;
  *) echo "windowed.sh: WINDOWED_LATENESS_MS is 0 or 500 (the example types'), not $lateness_ms" >&2; exit 2 ;;
esac
read -ra flink_setups <<<"${WINDOWED_FLINK:-rocksdb}"
for setup in "${flink_setups[@]}"; do
  case "$setup" in rocksdb | heap) ;; *) echo "windowed.sh: unknown Flink setup $setup (rocksdb, heap)" >&2; exit 2 ;; esac
done
runs="${WINDOWED_RUNS:-1}"

work_dir="$(mktemp -d -t eventide-windowed.XXXXXX)"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
status=0
summaries=()
eventide_rates=()
cluster_rates=()
declare -A flink_rates=()

log() { echo "windowed.sh: $*" >&2; }

prepare() {
  build_if_missing
  if ! unzip -qql "$examples_jar" io/eventide/examples/WindowCount.class >/dev/null 2>&1; then
    log "$examples_jar predates bench/window-count; building examples..."
    (cd "$root" && mvn -q -B -pl examples -am package -DskipTests) || { log "build failed"; exit 1; }
  fi
  if [ ! -f "$flink_jar" ]; then
    # Not offline: the first build downloads Flink.
    log "building the Flink job (mvn -q -B -pl benchmarks/flink-job -am package -DskipTests)..."
    (cd "$root" && mvn -q -B -pl benchmarks/flink-job -am package -DskipTests) || { log "build failed"; exit 1; }
  fi
}

# Writes the event file once; both systems read the very same lines.
generate() {
  event_file="${WINDOWED_FILE:-$work_dir/events.ndjson}"
  local line
  if [ -n "${WINDOWED_FILE:-}" ] && [ -f "$WINDOWED_FILE" ]; then
    log "reusing $WINDOWED_FILE (its own parameters; expected firings are not checked)"
    expected_firings=""
    events="$(wc -l <"$WINDOWED_FILE" | tr -d ' ')"
    return 0
  fi
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
  line="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" windowed-file --out "$event_file" \
    --events "$events" --keys "$keys" --rate "${WINDOWED_RATE:-100000}" --disorder-ms "$disorder_ms" \
    --seed "${WINDOWED_SEED:-42}" --function "$function")" || { log "generating the event file failed"; exit 1; }
  echo "$line"
  summaries+=("$line")
  expected_firings="$(sed -n 's/.*expected firings \([0-9]*\).*/\1/p' <<<"$line")"
}

millis_as_seconds() { awk -v ms="$1" 'BEGIN {printf "%.2f s", ms / 1000}'; }

start_node() {
  node_args=(--source "$source_name:out-of-orderness=${disorder_ms}ms" --source "warmup:out-of-orderness=${disorder_ms}ms")
  launch_node "$work_dir/node" "$work_dir/node.log" || return 1
  if ! grep -q "\"$function\"" <<<"$deployed"; then
    log "the deployed examples do not serve $function: $deployed"; return 1
  fi
  log "node pid $node_pid on port $port, source $source_name out-of-orderness ${disorder_ms}ms"
}

stop_node() {
  terminate_node
  rm -rf "$work_dir/node"
}

# Runs the same file once through the warm-up twin type (its own type, source and egress, so the
# measured type's watermark is untouched) to compile the hot paths before the clock starts.
warm_up_eventide() {
  [ "$warmup" = 1 ] || return 0
  sed "s|\"$function/|\"$warmup_function/|" "$event_file" >"$work_dir/warmup.ndjson"
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" windowed-ingest --port "$port" \
    --file "$work_dir/warmup.ndjson" --source warmup --egress window-warmup-counts \
    --batch "${WINDOWED_BATCH:-10000}" --timeout "${WINDOWED_TIMEOUT:-600}" |
    sed 's/^windowed:/  eventide warm-up:/' >&2
  rm -f "$work_dir/warmup.ndjson"
}

run_eventide() {
  start_node || { status=1; stop_node; return; }
  warm_up_eventide
  measure_eventide eventide "$node_pid" "$work_dir/node.log"
  [ -z "$measured_rate" ] || eventide_rates+=("$measured_rate")
  stop_node
}

local_cluster() { bash "$root/deploy/local-cluster.sh" "$@"; }

# The same file through a cluster of role processes, on the same machine: every role shares the
# cores, as the load generator does. Its CPU is the sum over the roles.
run_cluster() {
  export LOCAL_CLUSTER_DIR="$work_dir/cluster" LOCAL_CLUSTER_LEASE_TTL=2s EVENTIDE_NO_BUILD=1
  export LOCAL_CLUSTER_STATE_PORT="$(free_port)" LOCAL_CLUSTER_BASE_PORT="$(free_port)"
  export EVENTIDE_HEAP="${ROLE_HEAP:-1g}" EVENTIDE_JAVA_OPTS="${ROLE_JAVA_OPTS:--XX:-TieredCompilation}"
  export LOCAL_CLUSTER_DISPATCHER_ARGS="--source $source_name:out-of-orderness=${disorder_ms}ms --source warmup:out-of-orderness=${disorder_ms}ms"
  local dispatchers="${WINDOWED_DISPATCHERS:-1}"
  if ! local_cluster up "$dispatchers" "${CLUSTER_WORKERS:-2}" 1 >&2; then
    status=1; log "the cluster did not start"; local_cluster down >/dev/null 2>&1; return
  fi
  port="$LOCAL_CLUSTER_BASE_PORT"
  local deadline=$((SECONDS + 90))
  # 503 until a worker has joined and can check the jar.
  until curl -sf -H 'Content-Type: application/java-archive' --data-binary @"$examples_jar" \
    "http://127.0.0.1:$port/v1/deployments" >/dev/null; do
    if [ $SECONDS -ge $deadline ]; then status=1; log "deploying to the cluster failed"; local_cluster down >/dev/null 2>&1; return; fi
    sleep 0.5
  done
  warm_up_eventide
  local pids
  pids="$(cat "$LOCAL_CLUSTER_DIR"/*.pid | paste -sd ' ')"
  measure_eventide "cluster ($dispatchers dispatchers, ${CLUSTER_WORKERS:-2} workers, 1 gateway, remote store)" \
    "$pids" "$LOCAL_CLUSTER_DIR/dispatcher-1.log"
  [ -z "$measured_rate" ] || cluster_rates+=("$measured_rate")
  local_cluster down >/dev/null 2>&1
}

# measure_eventide LABEL "PID..." LOG: the measured run through $port, with the CPU of PID...;
# sets measured_rate on success.
measure_eventide() {
  local label="$1" pids="$2" log_file="$3"
  measured_rate=""
  local cpu_before cpu_after started output rc
  cpu_before="$(sum_cpu_seconds "$pids")"; started=$SECONDS
  local threads_before=""
  [ "${THREAD_CPU:-0}" = 1 ] && threads_before="$(thread_cpu "$node_pid")"
  # shellcheck disable=SC2086 # word splitting of the flag lists is intended
  output="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" windowed-ingest --port "$port" \
    --file "$event_file" --source "$source_name" --batch "${WINDOWED_BATCH:-10000}" \
    --timeout "${WINDOWED_TIMEOUT:-600}" ${expected_firings:+--expected-firings "$expected_firings"})"
  rc=$?
  cpu_after="$(sum_cpu_seconds "$pids")"
  [ "$label" = eventide ] || output="${output//windowed:/windowed, $label:}"
  echo "$output"
  if [ "${THREAD_CPU:-0}" = 1 ] && [ "$label" = eventide ]; then
    echo "  eventide node cpu per thread:"
    thread_cpu_delta "$threads_before" "$(thread_cpu "$node_pid")"
  fi
  [ $rc -eq 0 ] || { status=1; log "$label failed (exit $rc); log tail:"; tail -20 "$log_file" >&2; }
  local elapsed=$((SECONDS - started)); [ $elapsed -gt 0 ] || elapsed=1
  local node_line rss=""
  [ "$label" = eventide ] && rss="rss $(rss_mb "$pids") MB (peak $(peak_rss_mb "$pids") MB), "
  node_line="  $label: $rss$(awk \
    -v a="$cpu_before" -v b="$cpu_after" -v s=$elapsed \
    'BEGIN {printf "cpu %.1f s in %d s (%d%% of one core)", b - a, s, 100 * (b - a) / s}')"
  echo "$node_line"
  summaries+=("$(grep -E '^windowed' <<<"$output" | head -1)" "$node_line")
  if [ $rc -eq 0 ]; then
    measured_rate="$(sed -n 's/.*windows complete end-to-end \([0-9,]*\)\/s.*/\1/p' <<<"$output" | tr -d ,)"
  fi
}

# The CPU seconds of several processes together.
sum_cpu_seconds() {
  local pid total=0
  for pid in $1; do total="$(awk -v t="$total" -v c="$(cpu_seconds "$pid")" 'BEGIN {printf "%.1f", t + c}')"; done
  echo "$total"
}

# run_flink SETUP: the Flink job in one of its setups (rocksdb, heap).
run_flink() {
  local setup="$1" parallelism="${FLINK_PARALLELISM:-$(nproc)}" pid peak=0 cpu=0 rc json backend=()
  case "$setup" in
    rocksdb) backend=(--state-backend rocksdb --checkpoint-interval-ms 1000) ;;
    heap) backend=(--state-backend hashmap --checkpoint-interval-ms 0) ;;
  esac
  # shellcheck disable=SC2086 # FLINK_JAVA_OPTS is a list of flags on purpose
  java -Xmx"${FLINK_HEAP:-1g}" ${FLINK_JAVA_OPTS:-} -jar "$flink_jar" --input "$event_file" \
    --out-of-orderness-ms "$disorder_ms" --allowed-lateness-ms "$lateness_ms" "${backend[@]}" \
    --parallelism "$parallelism" --warmup-runs "$warmup" \
    >"$work_dir/flink.out" 2>"$work_dir/flink.log" &
  pid=$!
  # Sample the JVM while it runs: its peak RSS and CPU are gone once it exits.
  while kill -0 "$pid" 2>/dev/null; do
    local now
    now="$(peak_rss_mb "$pid")"; [ -n "$now" ] && peak="$now"
    now="$(cpu_seconds "$pid")"; [ -n "$now" ] && cpu="$now"
    sleep 0.5
  done
  wait "$pid"; rc=$?
  json="$(grep -E '^\{"system":"flink"' "$work_dir/flink.out" | head -1)"
  if [ $rc -ne 0 ] || [ -z "$json" ]; then
    status=1; log "flink failed (exit $rc); its output:"; tail -40 "$work_dir/flink.out" "$work_dir/flink.log" >&2
    [ -n "$json" ] || return
  fi
  local line firings_check=""
  if [ -n "${expected_firings:-}" ]; then
    if [ "$(json_field "$json" firings)" = "$expected_firings" ]; then firings_check=" (expected $expected_firings)"
    else firings_check=" (expected $expected_firings: MISMATCH)"; status=1; fi
  fi
  local counted events_read exact=OK
  counted="$(json_field "$json" counted)"; events_read="$(json_field "$json" events)"
  [ "$counted" = "$events_read" ] || { exact=FAILED; status=1; }
  line="flink ($setup): $events_read events, parallelism $parallelism, $(json_field "$json" stateBackend),"
  line+=" $(json_field "$json" checkpoints) checkpoints, windows complete"
  line+=" $(commas "$(json_field "$json" eventsPerSecond)")/s ($(millis_as_seconds "$(json_field "$json" jobMillis)")"
  line+=" from submission; Flink's net runtime $(millis_as_seconds "$(json_field "$json" netRuntimeMillis)")),"
  line+=" $(json_field "$json" firings) firings$firings_check, counted $counted of $events_read: $exact"
  local jvm_line="  flink jvm: peak rss $peak MB, cpu $cpu s (JVM and MiniCluster start included)"
  echo "$line"
  echo "$jvm_line"
  summaries+=("$line" "$jvm_line")
  [ $rc -ne 0 ] || flink_rates[$setup]+="$(json_field "$json" eventsPerSecond) "
}

# ratios A B: each round's A/B, two decimals, where both rounds have a rate ("" otherwise).
ratios() {
  local -a a b; local i out=()
  read -ra a <<<"$1"; read -ra b <<<"$2"
  for i in "${!a[@]}"; do
    [ -n "${b[$i]:-}" ] && out+=("$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN {printf "%.2f", x / y}')")
  done
  echo "${out[*]:-}"
}

# compare WHAT RATES_A NAME_A RATES_B NAME_B: the summary line of A against B (medians over rounds).
compare() {
  local what="$1" a="$2" name_a="$3" b="$4" name_b="$5" r
  [ -n "${a// /}" ] && [ -n "${b// /}" ] || return 0
  r="$(ratios "$a" "$b")"
  # shellcheck disable=SC2086 # the rates and ratios are word lists on purpose
  printf '%s: %s %s/s, %s %s/s, ratio %s %s' "$what" "$name_a" "$(commas "$(median $a)")" \
    "$name_b" "$(commas "$(median $b)")" "$name_a/$name_b" "$(median $r)"
  # shellcheck disable=SC2086
  [ "$runs" -gt 1 ] && printf ' (medians of %d rounds; ratios %s)' "$(wc -w <<<"$r")" "$r"
  echo
}

cleanup() {
  stop_node
  [ -d "$work_dir/cluster" ] && local_cluster down >/dev/null 2>&1
  if [ "${KEEP_LOGS:-0}" = 1 ]; then
    log "logs kept in $work_dir"; rm -f "$work_dir/events.ndjson"
  else
    rm -rf "$work_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare
machine_line="$(machine)"
echo "$machine_line"
generate
for round in $(seq 1 "$runs"); do
  [ "$runs" -gt 1 ] && echo "== round $round of $runs"
  for system in "${systems[@]}"; do
    case "$system" in
      eventide) run_eventide ;;
      cluster) run_cluster ;;
      flink) for setup in "${flink_setups[@]}"; do run_flink "$setup"; done ;;
      *) log "unknown system $system (eventide, cluster, flink)"; status=1 ;;
    esac
  done
done
print_summary
what="windowed counting, $(commas "$events") events"
[ "$lateness_ms" = 0 ] || what+=", ${lateness_ms} ms allowed lateness"
[ "$warmup" = 1 ] || what+=", cold JVMs"
for setup in "${flink_setups[@]}"; do
  name=flink; [ "$setup" = rocksdb ] || name="flink $setup"
  compare "$what" "${eventide_rates[*]:-}" eventide "${flink_rates[$setup]:-}" "$name"
done
compare "$what" "${cluster_rates[*]:-}" cluster "${eventide_rates[*]:-}" standalone
exit $status
