#!/usr/bin/env bash
# Kafka ingress, each figure against a reference in the same command, over the same N keyed
# records: a real KRaft broker on 127.0.0.1 (the tests' KafkaBroker, started by KafkaFixture) with
# two topics of P partitions filled once with the seeded stream of the windowed benchmark (keys
# k0..k<K-1>, value 1, timestamp = event time), then R runs, each with fresh processes:
#
#   counters  (a) a subscription of bench/count to the topic on a fresh standalone node
#                 (--kafka local=BOOTSTRAP), exactly once, timed from its creation until the node
#                 has processed every record; against
#             (b) the same records as NDJSON (POST /v1/ingress/bench/events, B lines per request,
#                 P in flight, as the ingest scenario) on a fresh node, timed until processed.
#   windows   (c) a Flink 1.20 job reading the topic with KafkaSource into the 1 s tumbling windows
#                 of benchmarks/flink-job (RocksDB, exactly-once checkpoints); against
#                 a subscription of bench/window-count (WindowCount, same windows) on a fresh node.
#   egress    (d) not implemented yet: see run_egress below.
#
# The two systems of a pair alternate which one goes first from run to run. The summary is a table
# of every run's records/s, the medians, and each run's ratio to its reference; it is also written
# to benchmarks/target/kafka-results-<time>.md. See benchmarks/README.md.
#
#   benchmarks/kafka.sh                       # counters, then windows
#   benchmarks/kafka.sh windows               # some of them: counters, windows (egress: a hook)
#   KAFKA_EVENTS=20000 KAFKA_RUNS=1 benchmarks/kafka.sh   # a smoke test
#
# Environment (defaults in brackets):
#   KAFKA_EVENTS [1000000] KAFKA_KEYS [10000] KAFKA_RATE [100000 records per second of event time]
#   KAFKA_DISORDER_MS [100: the stream's disorder bound and every consumer's out-of-orderness]
#   KAFKA_SEED [42] KAFKA_PARTITIONS [4] KAFKA_RUNS [3]
#   KAFKA_WARMUP [1: every process first runs the same records once, unmeasured (a subscription of
#     its own, deleted after; NDJSON to its own source; Flink a first job on the same MiniCluster);
#     0 measures cold JVMs]
#   KAFKA_FUNCTION [bench/count: the counters; example/counter also writes an egress record each]
#   KAFKA_BATCH [10000 lines per NDJSON request] KAFKA_PARALLEL [2 NDJSON requests in flight]
#   KAFKA_CHECK_SAMPLE [every key: the measured runs' exactly-once check reads this many keys]
#   KAFKA_TIMEOUT [600 s] KAFKA_FIXTURE_JAVA_OPTS [-Xmx512m]
#   NODE_HEAP [1g] NODE_GC NODE_JIT NODE_JAVA_OPTS (as node.sh) LOADGEN_JAVA_OPTS [-Xmx1g -XX:+UseSerialGC]
#   FLINK_PARALLELISM [cores] FLINK_HEAP [1g] FLINK_JAVA_OPTS []
#   KEEP_LOGS [0]: keep the nodes', Flink's and the broker's logs (printed on failures either way)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
fixture_jar="$root/benchmarks/target/kafka-fixture.jar"
flink_jar="$root/benchmarks/flink-job/target/flink-windowed.jar"
if [ $# -gt 0 ]; then scenarios=("$@"); else scenarios=(counters windows); fi

events="${KAFKA_EVENTS:-1000000}"
keys="${KAFKA_KEYS:-10000}"
partitions="${KAFKA_PARTITIONS:-4}"
disorder_ms="${KAFKA_DISORDER_MS:-100}"
runs="${KAFKA_RUNS:-3}"
warmup="${KAFKA_WARMUP:-1}"
function="${KAFKA_FUNCTION:-bench/count}"
timeout="${KAFKA_TIMEOUT:-600}"
stream_args=(--events "$events" --keys "$keys" --rate "${KAFKA_RATE:-100000}" --disorder-ms "$disorder_ms"
  --seed "${KAFKA_SEED:-42}")

work_dir="$(mktemp -d -t eventide-kafka-bench.XXXXXX)"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
status=0
summaries=()
fixture_pid=""
broker_pid=""
flink_pid=""
bootstrap=""
node_count=0

log() { echo "kafka.sh: $*" >&2; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else printf "%.0f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) printf "%.2f", a / b; else print "?" }'; }
loadgen() {
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
  java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" "$@" --port "$port" --timeout "$timeout" \
    "${stream_args[@]}" 2>>"$work_dir/loadgen.log"
}

prepare() {
  if [ ! -f "$node_jar" ] || [ ! -f "$examples_jar" ] || [ ! -f "$fixture_jar" ] || [ ! -f "$flink_jar" ] ||
      ! unzip -qql "$loadgen_jar" io/eventide/benchmarks/KafkaCountCommand.class >/dev/null 2>&1 ||
      ! unzip -qql "$flink_jar" io/eventide/benchmarks/flink/KafkaWindowedCountJob.class >/dev/null 2>&1; then
    # package, not install: the reactor builds what these jars need without touching ~/.m2's
    # snapshots. Not offline: the first build downloads Flink and its Kafka connector.
    log "building (mvn -q -B -pl deploy,examples,benchmarks,benchmarks/flink-job -am package -DskipTests)..."
    (cd "$root" && mvn -q -B -pl deploy,examples,benchmarks,benchmarks/flink-job -am package -DskipTests) ||
      { log "build failed"; exit 1; }
  fi
}

# Starts the broker and fills the topics; sets bootstrap, fixture_pid and broker_pid.
start_fixture() {
  mkdir -p "$work_dir/fixture/target" # the broker's log goes to ./target/kafka-logs
  # shellcheck disable=SC2086 # KAFKA_FIXTURE_JAVA_OPTS is a list of flags on purpose
  (cd "$work_dir/fixture" && exec java ${KAFKA_FIXTURE_JAVA_OPTS:--Xmx512m} -jar "$fixture_jar" "${stream_args[@]}" \
    --partitions "$partitions" --out-of-orderness-ms "$disorder_ms" >"$work_dir/fixture.out" 2>"$work_dir/fixture.log") &
  fixture_pid=$!
  local deadline=$((SECONDS + 600))
  until grep -q '^kafka-fixture: ready' "$work_dir/fixture.out" 2>/dev/null; do
    [ -n "$broker_pid" ] || broker_pid="$(sed -n 's/^kafka-fixture: broker .* pid \([0-9]*\),.*/\1/p' "$work_dir/fixture.out")"
    if ! kill -0 "$fixture_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      log "the Kafka fixture did not come up; its output:"
      cat "$work_dir/fixture.out" >&2; tail -30 "$work_dir/fixture.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  broker_pid="$(sed -n 's/^kafka-fixture: broker .* pid \([0-9]*\),.*/\1/p' "$work_dir/fixture.out")"
  bootstrap="$(sed -n 's/^kafka-fixture: broker \(127\.0\.0\.1:[0-9]*\) .*/\1/p' "$work_dir/fixture.out")"
  grep -v '^kafka-fixture: ready' "$work_dir/fixture.out"
  summaries+=("$(grep '^kafka-fixture: topics' "$work_dir/fixture.out")")
  log "fixture pid $fixture_pid, broker pid $broker_pid on $bootstrap"
}

# SIGTERM to the fixture stops the broker (by its pid) and deletes its data; whatever is left
# after 30 s is killed by pid.
stop_fixture() {
  if [ -n "$fixture_pid" ]; then
    kill -TERM "$fixture_pid" 2>/dev/null
    local deadline=$((SECONDS + 30))
    while kill -0 "$fixture_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$fixture_pid" 2>/dev/null && { log "fixture $fixture_pid ignored SIGTERM; killing it"; kill -KILL "$fixture_pid"; }
    wait "$fixture_pid" 2>/dev/null
    fixture_pid=""
  fi
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    log "broker $broker_pid outlived the fixture; killing it"; kill -KILL "$broker_pid"
  fi
  broker_pid=""
}

# start_node: a fresh standalone node knowing the broker as cluster "local", the examples deployed.
start_node() {
  node_count=$((node_count + 1))
  node_args=(--kafka "local=$bootstrap")
  launch_node "$work_dir/node-$node_count" "$work_dir/node-$node_count.log" || return 1
  log "node pid $node_pid on port $port"
}

stop_node() {
  terminate_node
  rm -rf "$work_dir/node-$node_count"
}

# measure NAME WARMUP_ARGS -- MEASURED_ARGS: on a fresh node, the warm-up (when KAFKA_WARMUP=1), then
# the measured run; prints the measured line and the node's CPU over it; sets measured_line.
measure() {
  local name="$1" warm=() args=() rc cpu_before cpu_after started
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do warm+=("$1"); shift; done
  shift
  args=("$@")
  measured_line=""
  start_node || { status=1; stop_node; return 1; }
  if [ "$warmup" = 1 ]; then
    loadgen "${warm[@]}" | awk -v p="  $name warm-up: " '{ print p $0 }' >&2
  fi
  cpu_before="$(cpu_seconds "$node_pid")"; started=$SECONDS
  measured_line="$(loadgen "${args[@]}")"
  rc=$?
  cpu_after="$(cpu_seconds "$node_pid")"
  echo "$name: $measured_line"
  echo "  node: $(awk -v a="$cpu_before" -v b="$cpu_after" -v s=$((SECONDS - started)) \
    'BEGIN { if (s < 1) s = 1; printf "cpu %.1f s in %d s (%d%% of one core)", b - a, s, 100 * (b - a) / s }'), peak rss $(awk \
    '/^VmHWM:/ {printf "%d", $2/1024}' "/proc/$node_pid/status" 2>/dev/null) MB"
  if [ $rc -ne 0 ]; then
    status=1; log "$name failed (exit $rc); node log tail:"; tail -20 "$work_dir/node-$node_count.log" >&2
    measured_line=""
  fi
  stop_node
}

# The figure after "$1" in line $2, or - when the run failed (it keeps its place in the run order).
rate_of() {
  local r
  r="$(sed -n "s|.*$1 \([0-9,]*\)/s.*|\1|p" <<<"$2" | head -1 | tr -d ,)"
  echo "${r:--}"
}

check_sample=()
[ -n "${KAFKA_CHECK_SAMPLE:-}" ] && check_sample=(--check-sample "$KAFKA_CHECK_SAMPLE")

# (a) Kafka ingress into counters.
run_kafka_counters() {
  measure "kafka ingress into $function" \
    kafka-count --function "$function" --name warmup --delete --check-sample 100 -- \
    kafka-count --function "$function" --name bench-count --passes-before "$warmup" "${check_sample[@]}"
  kafka_counters+=("$(rate_of 'processed end-to-end' "$measured_line")")
}

# (b) The same records through NDJSON.
run_ndjson_counters() {
  measure "ndjson ingest into $function" \
    stream-ingest --function "$function" --source warmup --batch "${KAFKA_BATCH:-10000}" \
    --parallel "${KAFKA_PARALLEL:-2}" --check-sample 100 -- \
    stream-ingest --function "$function" --source bench --batch "${KAFKA_BATCH:-10000}" \
    --parallel "${KAFKA_PARALLEL:-2}" --passes-before "$warmup" "${check_sample[@]}"
  ndjson_counters+=("$(rate_of 'processed end-to-end' "$measured_line")")
}

# (c) Eventide: a subscription into bench/window-count (its twin bench/window-warmup warms up, with
# its own subscription and egress, so the measured type's watermark is untouched).
run_eventide_windows() {
  measure "kafka ingress into bench/window-count" \
    kafka-windowed --function bench/window-warmup --egress window-warmup-counts --name warmup --delete \
    --out-of-orderness-ms "$disorder_ms" -- \
    kafka-windowed --function bench/window-count --name bench-windows --out-of-orderness-ms "$disorder_ms"
  eventide_windows+=("$(rate_of 'windows complete end-to-end' "$measured_line")")
}

# (c) Flink: KafkaSource into the same windows, in a JVM of its own.
run_flink_windows() {
  local parallelism="${FLINK_PARALLELISM:-$(nproc)}" rc json line cpu=0 peak=0 now
  # shellcheck disable=SC2086 # FLINK_JAVA_OPTS is a list of flags on purpose
  java -Xmx"${FLINK_HEAP:-1g}" ${FLINK_JAVA_OPTS:-} -cp "$flink_jar" io.eventide.benchmarks.flink.KafkaWindowedCountJob \
    --bootstrap "$bootstrap" --topic windowed --expected-events "$events" --out-of-orderness-ms "$disorder_ms" \
    --parallelism "$parallelism" --warmup-runs "$warmup" >"$work_dir/flink.out" 2>>"$work_dir/flink.log" &
  flink_pid=$!
  while kill -0 "$flink_pid" 2>/dev/null; do
    now="$(awk '/^VmHWM:/ {printf "%d", $2/1024}' "/proc/$flink_pid/status" 2>/dev/null)"; [ -n "$now" ] && peak="$now"
    now="$(cpu_seconds "$flink_pid")"; [ -n "$now" ] && cpu="$now"
    sleep 0.5
  done
  wait "$flink_pid"; rc=$?
  flink_pid=""
  json="$(grep -E '^\{"system":"flink"' "$work_dir/flink.out" | head -1)"
  local expected_firings exact=OK
  expected_firings="$(sed -n 's/.*expected firings \([0-9]*\).*/\1/p' "$work_dir/fixture.out")"
  if [ $rc -ne 0 ] || [ -z "$json" ]; then
    status=1; log "flink failed (exit $rc); its output:"; tail -40 "$work_dir/flink.out" "$work_dir/flink.log" >&2
    flink_windows+=(-)
    return
  fi
  [ "$(json_field "$json" counted)" = "$events" ] || { exact=FAILED; status=1; }
  if [ -n "$expected_firings" ] && [ "$(json_field "$json" firings)" != "$expected_firings" ]; then
    exact="FAILED (expected $expected_firings firings)"; status=1
  fi
  line="flink KafkaSource into 1 s windows: $events records of windowed, parallelism $parallelism,"
  line+=" $(json_field "$json" stateBackend), $(json_field "$json" checkpoints) checkpoints, windows complete"
  line+=" $(commas "$(json_field "$json" eventsPerSecond)")/s ($(json_field "$json" jobMillis) ms from submission),"
  line+=" $(json_field "$json" firings) firings, counted $(json_field "$json" counted) of $events: $exact"
  echo "$line"
  echo "  flink jvm: peak rss $peak MB, cpu $cpu s (JVM, MiniCluster and warm-up included)"
  flink_windows+=("$(json_field "$json" eventsPerSecond)")
}

# (d) Egress throughput to Kafka and to HTTP: a hook, to be filled in. Contract for whoever does:
# run each system R times alternating like the pairs above (fresh node per run, warm-up first),
# append one records/s figure per run to egress_kafka and egress_http (empty on failure), and add
# their rows in print_table. The broker ($bootstrap, cluster "local" on every node) is already up.
run_egress() {
  log "egress (d): not implemented yet; see run_egress in benchmarks/kafka.sh"
}

kafka_counters=(); ndjson_counters=(); eventide_windows=(); flink_windows=(); egress_kafka=(); egress_http=()

# row LABEL REFERENCE_LABEL "RATES..." "REFERENCE RATES...": one table row with per-run ratios.
row() {
  # shellcheck disable=SC2206 # the rates are words on purpose
  local label="$1" ref_label="$2" rates=($3) refs=($4) i ratios=() m mr
  m="$(printf '%s\n' "${rates[@]}" | grep '^[0-9]' | median)"
  if [ "$ref_label" = - ]; then
    echo "| $label | $(for r in "${rates[@]}"; do printf '%s; ' "$(commas "$r")"; done | sed 's/; $//') | $(commas "${m:-?}") | | | |"
    return
  fi
  for i in "${!rates[@]}"; do ratios+=("$(ratio "${rates[$i]}" "${refs[$i]:-}")"); done
  mr="$(printf '%s\n' "${ratios[@]}" | grep -v '?' | awk '{ printf "%.0f\n", $1 * 1000 }' | median)"
  echo "| $label | $(for r in "${rates[@]}"; do printf '%s; ' "$(commas "$r")"; done | sed 's/; $//') |" \
    "$(commas "${m:-?}") | $ref_label | $(printf '%s; ' "${ratios[@]}" | sed 's/; $//') | $(awk -v m="$mr" 'BEGIN { if (m == "") print "?"; else printf "%.2f", m / 1000 }') |"
}

print_table() {
  echo "| what | records/s per run | median | reference | ratio per run | median ratio |"
  echo "|---|---|---|---|---|---|"
  if [ ${#kafka_counters[@]} -gt 0 ]; then
    row "(a) Kafka ingress into $function, exactly once" "(b)" "${kafka_counters[*]}" "${ndjson_counters[*]}"
    row "(b) NDJSON ingest into $function" "-" "${ndjson_counters[*]}" ""
  fi
  if [ ${#eventide_windows[@]} -gt 0 ]; then
    row "(c) Kafka into 1 s windows, Eventide" "Flink" "${eventide_windows[*]}" "${flink_windows[*]}"
    row "(c) Kafka into 1 s windows, Flink (KafkaSource, RocksDB)" "-" "${flink_windows[*]}" ""
  fi
  echo "| (d) egress to Kafka, to HTTP | not implemented yet | | | | |"
}

cleanup() {
  [ -n "$flink_pid" ] && kill -KILL "$flink_pid" 2>/dev/null
  terminate_node
  stop_fixture
  if [ "${KEEP_LOGS:-0}" = 1 ]; then log "logs kept in $work_dir"; else rm -rf "$work_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare
machine_line="$(machine)"
echo "$machine_line"
start_fixture
for run in $(seq 1 "$runs"); do
  for scenario in "${scenarios[@]}"; do
    case "$scenario" in
      counters)
        echo "== run $run of $runs: counters"
        if [ $((run % 2)) = 1 ]; then run_kafka_counters; run_ndjson_counters; else run_ndjson_counters; run_kafka_counters; fi ;;
      windows)
        echo "== run $run of $runs: windows"
        if [ $((run % 2)) = 1 ]; then
          run_eventide_windows; run_flink_windows
        else
          run_flink_windows; run_eventide_windows
        fi ;;
      egress) run_egress ;;
      *) log "unknown scenario $scenario (counters, windows, egress)"; status=1 ;;
    esac
  done
done

table="$(print_table)"
results="$root/benchmarks/target/kafka-results-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p "$root/benchmarks/target"
{
  echo "# benchmarks/kafka.sh, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$machine_line"
  echo "$events records, $keys keys, $partitions partitions, $runs runs, warm-up $warmup, out-of-orderness ${disorder_ms} ms"
  printf '%s\n' "${summaries[@]}"
  echo
  echo "$table"
} >"$results"
print_summary
echo "$events records, $keys keys, $partitions partitions, $runs runs, warm-up $warmup"
echo
echo "$table"
echo
echo "results: $results"
exit $status
