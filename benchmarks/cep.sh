#!/usr/bin/env bash
# CEP throughput, Eventide side by side with Flink CEP 1.20: one seeded NDJSON event file (10,000
# keys, kinds a/b/c/x, bounded disorder) matched against `a followedBy b followedBy c within W`
# (skipPastLastEvent, event time). Eventide runs it as a JSON pattern PUT on a fresh standalone
# node (the same NFA as a CepSpec) fed through NDJSON ingestion; Flink runs CepJob on a MiniCluster
# (RocksDB state backend, exactly-once checkpoints every second) in a JVM of its own. Flink runs
# first, and its match count is the one Eventide must reach. Prints one line per system and a
# summary with both rates and their ratio. Shares its node and Flink runners with windowed.sh.
#
#   benchmarks/cep.sh                 # both
#   benchmarks/cep.sh eventide        # one of them: eventide, flink (eventide alone waits for
#                                     # CEP_EXPECTED_MATCHES, or until matches stop coming)
#
# Every parameter has an environment variable (defaults in brackets):
#   CEP_EVENTS [1000000] CEP_KEYS [10000] CEP_RATE [100000 events per second of event time]
#   CEP_WITHIN_MS [1000] CEP_DISORDER_MS [100] CEP_SEED [42] CEP_BATCH [10000 lines per request]
#   CEP_TIMEOUT [900 s] CEP_EXPECTED_MATCHES [Flink's count]
#   NODE_HEAP [1g] NODE_GC NODE_JIT NODE_JAVA_OPTS (as windowed.sh)
#   FLINK_PARALLELISM [cores] FLINK_HEAP [1g] FLINK_JAVA_OPTS []
#   KEEP_LOGS [0]
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
flink_jar="$root/benchmarks/flink-job/target/flink-windowed.jar"
if [ $# -gt 0 ]; then systems=("$@"); else systems=(flink eventide); fi

events="${CEP_EVENTS:-1000000}"
keys="${CEP_KEYS:-10000}"
within_ms="${CEP_WITHIN_MS:-1000}"
disorder_ms="${CEP_DISORDER_MS:-100}"
source_name="cep"
expected_matches="${CEP_EXPECTED_MATCHES:-}"

work_dir="$(mktemp -d -t eventide-cep.XXXXXX)"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
status=0
summaries=()
eventide_rate=""
flink_rate=""

log() { echo "cep.sh: $*" >&2; }

prepare() {
  if [ ! -f "$node_jar" ] || [ ! -f "$examples_jar" ]; then
    log "missing $node_jar or $examples_jar: build the repository first (mvn -B package -DskipTests)"; exit 1
  fi
  if ! unzip -qql "$flink_jar" io/eventide/benchmarks/flink/CepJob.class >/dev/null 2>&1; then
    log "building the Flink job (mvn -q -B -pl benchmarks/flink-job package -DskipTests)..."
    (cd "$root" && mvn -q -B -pl benchmarks/flink-job package -DskipTests) || { log "build failed"; exit 1; }
  fi
}

# The event file: event times rise at CEP_RATE per second with up to CEP_DISORDER_MS of disorder
# (never late for either system), keys uniform, kinds a, b, c each 20% and x 40%.
generate() {
  event_file="$work_dir/events.ndjson"
  python3 - "$event_file" "$events" "$keys" "${CEP_RATE:-100000}" "$disorder_ms" "${CEP_SEED:-42}" <<'PY'
import random, sys
path, events, keys, rate, disorder, seed = sys.argv[1], *map(int, sys.argv[2:])
rnd = random.Random(seed)
kinds = "aabbccxxxx"
with open(path, "w") as out:
    for i in range(events):
        t = 1_700_000_000_000 + i * 1000 // rate + rnd.randrange(disorder + 1)
        out.write('{"target":"bench/cep/k%d","eventTime":%d,"payload":{"kind":"%s","n":%d}}\n'
                  % (rnd.randrange(keys), t, rnd.choice(kinds), i))
PY
  local line="events: $(commas "$events") over $(commas "$keys") keys, pattern a followedBy b followedBy c within ${within_ms} ms (skipPastLastEvent), disorder ${disorder_ms} ms"
  echo "$line"; summaries+=("$line")
}

pattern_json() {
  local step='{"name":"%s","contiguity":"followedBy","where":{"field":"kind","op":"==","value":"%s"}}'
  printf '{"input":"bench/cep","pattern":{"steps":[{"name":"a","where":{"field":"kind","op":"==","value":"a"}},%s,%s],"within":%s,"skip":"skipPastLastEvent"},"output":{"egress":"cep-matches"}}' \
    "$(printf "$step" b b)" "$(printf "$step" c c)" "$within_ms"
}

run_flink() {
  local parallelism="${FLINK_PARALLELISM:-$(nproc)}" pid peak=0 cpu=0 rc json now
  # shellcheck disable=SC2086 # FLINK_JAVA_OPTS is a list of flags on purpose
  java -Xmx"${FLINK_HEAP:-1g}" ${FLINK_JAVA_OPTS:-} -cp "$flink_jar" io.eventide.benchmarks.flink.CepJob \
    --input "$event_file" --within-ms "$within_ms" --out-of-orderness-ms "$disorder_ms" \
    --parallelism "$parallelism" >"$work_dir/flink.out" 2>"$work_dir/flink.log" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now="$(peak_rss_mb "$pid")"; [ -n "$now" ] && peak="$now"
    now="$(cpu_seconds "$pid")"; [ -n "$now" ] && cpu="$now"
    sleep 0.5
  done
  wait "$pid"; rc=$?
  json="$(grep -E '^\{"system":"flink"' "$work_dir/flink.out" | head -1)"
  if [ $rc -ne 0 ] || [ -z "$json" ]; then
    status=1; log "flink failed (exit $rc)"; tail -40 "$work_dir/flink.out" "$work_dir/flink.log" >&2; return
  fi
  [ -n "$expected_matches" ] || expected_matches="$(json_field "$json" firings)"
  flink_rate="$(json_field "$json" eventsPerSecond)"
  local line="flink: $(json_field "$json" events) events, parallelism $parallelism, $(json_field "$json" stateBackend),"
  line+=" $(json_field "$json" checkpoints) checkpoints, $(commas "$(json_field "$json" firings)") matches,"
  line+=" $(commas "$flink_rate") events/s ($(json_field "$json" jobMillis) ms from submission); jvm peak rss $peak MB, cpu $cpu s"
  echo "$line"; summaries+=("$line")
}

run_eventide() {
  node_args=(--source "$source_name:out-of-orderness=${disorder_ms}ms")
  launch_node "$work_dir/node" "$work_dir/node.log" || { status=1; terminate_node; return; }
  curl -sf -X PUT -H 'Content-Type: application/json' --data-binary "$(pattern_json)" \
    "http://127.0.0.1:$port/v1/patterns/bench-cep" >/dev/null || { status=1; log "PUT pattern failed"; terminate_node; return; }
  local cpu_before output rc
  cpu_before="$(cpu_seconds "$node_pid")"
  output="$(python3 - "$port" "$event_file" "$source_name" "${CEP_BATCH:-10000}" "${expected_matches:-0}" "${CEP_TIMEOUT:-900}" <<'PY'
import http.client, json, sys, time
port, path, source, batch, expected, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
with open(path, "rb") as f:
    lines = f.readlines()
bodies = [b"".join(lines[i:i + batch]) for i in range(0, len(lines), batch)]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
def request(method, url, body=None, ctype="application/json"):
    conn.request(method, url, body=body, headers={"Content-Type": ctype} if body is not None else {})
    r = conn.getresponse(); data = r.read()
    if r.status // 100 != 2:
        raise SystemExit("%s %s: %d %s" % (method, url, r.status, data[:300]))
    return json.loads(data) if data else {}
start = time.monotonic()
for body in bodies:
    request("POST", "/v1/ingress/%s/events" % source, body, "application/x-ndjson")
ingested = time.monotonic() - start
request("POST", "/v1/ingress/%s/watermark" % source, b'{"watermark": 9223372036854775807}')
seen, offset, last_change, done = 0, 0, time.monotonic(), None
while time.monotonic() - start < timeout:
    conn.request("GET", "/v1/egress/cep-matches?from=%d&limit=10000" % offset)
    r = conn.getresponse(); data = r.read()
    page = json.loads(data) if r.status == 200 else {"records": []}
    records = page.get("records", [])
    if records:
        seen += len(records); offset = page["next"]; last_change = time.monotonic(); done = last_change
    if expected and seen >= expected:
        break
    if not records:
        if not expected and seen and time.monotonic() - last_change > 10:
            break
        time.sleep(0.2)
ok = done is not None and (not expected or seen == expected)
elapsed = (done or time.monotonic()) - start
print("eventide: %d events in %d requests, ingested %.0f/s (%.1f s), %d matches%s, %.0f events/s end-to-end (%.1f s): %s"
      % (len(lines), len(bodies), len(lines) / ingested, ingested, seen,
         " (expected %d)" % expected if expected else "", len(lines) / elapsed, elapsed, "OK" if ok else "FAILED"))
sys.exit(0 if ok else 2)
PY
)"
  rc=$?
  echo "$output"
  local node_line="  eventide node: peak rss $(peak_rss_mb "$node_pid") MB, cpu $(awk -v a="$cpu_before" -v b="$(cpu_seconds "$node_pid")" 'BEGIN {printf "%.1f", b - a}') s over the run"
  echo "$node_line"
  summaries+=("$output" "$node_line")
  if [ $rc -eq 0 ]; then
    eventide_rate="$(sed -n 's/.* \([0-9]*\) events\/s end-to-end.*/\1/p' <<<"$output")"
  else
    status=1; log "eventide failed; log tail:"; tail -20 "$work_dir/node.log" >&2
  fi
  terminate_node
}

cleanup() {
  terminate_node
  if [ "${KEEP_LOGS:-0}" = 1 ]; then log "logs kept in $work_dir"; rm -f "$work_dir/events.ndjson"; else rm -rf "$work_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare
machine_line="$(machine)"
echo "$machine_line"
generate
for system in "${systems[@]}"; do
  case "$system" in
    eventide) run_eventide ;;
    flink) run_flink ;;
    *) log "unknown system $system (eventide, flink)"; status=1 ;;
  esac
done
print_summary
if [ -n "$eventide_rate" ] && [ -n "$flink_rate" ]; then
  echo "cep, $(commas "$events") events: eventide $(commas "$eventide_rate")/s, flink $(commas "$flink_rate")/s," \
    "ratio eventide/flink $(awk -v e="$eventide_rate" -v f="$flink_rate" 'BEGIN {printf "%.2f", e / f}')"
fi
exit $status
