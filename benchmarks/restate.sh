#!/usr/bin/env bash
# Request-reply side by side with Restate: Eventide's POST /v1/call/bench/count/{key} against
# the same counter as a Restate virtual object (Restate 1.7.12, Java SDK service), one system after
# the other, both with durable state, both driven by benchmarks/target/loadgen.jar: throughput at
# saturation (closed loop), then latency at fixed rates (open loop). See benchmarks/README.md.
#
#   benchmarks/restate.sh                 # both
#   benchmarks/restate.sh restate         # one of them: eventide, restate
#
# Needs root: everything runs inside a loopback-only network namespace (unshare -n), because the
# Restate server looks up its latest release on the internet at every start and cannot be told
# not to. The script builds and installs what is missing first (outside the namespace), then
# re-executes itself inside it.
#
# Every parameter has an environment variable (defaults in brackets):
#   RESTATE_KEYS [1000] RESTATE_CONNECTIONS [64]: the same for every run of both systems
#   RESTATE_EVENTIDE_FUNCTION [bench/count]: the Eventide function called
#   RESTATE_WARMUP [30]: seconds of saturating load before the saturation is measured; the JIT
#     of every JVM involved compiles during it, so it is each system's one long warm-up
#   RESTATE_DURATION [20]: measured seconds at saturation
#   RESTATE_RATES [200 400 1000 4000]: the fixed rates (requests/s) of the open-loop runs, in order
#   RESTATE_RATE_WARMUP [10] RESTATE_RATE_DURATION [20]: unmeasured and measured seconds per rate
#   RESTATE_SKIP_OVERLOAD [1]: skip a rate above the system's measured saturation (0: run it)
#   RESTATE_TIMEOUT [300]: seconds a run may take to drain its backlog
#   RESTATE_NPM_DIR [~/.cache/eventide-bench/restate-server-1.7.12]: where npm installs the server
#   RESTATE_SERVER_ENV []: more environment for restate-server, e.g. "RESTATE_DEFAULT_NUM_PARTITIONS=4"
#     (the server runs with a clean environment: it reads every RESTATE_* variable as configuration)
#   RESTATE_SERVICE_JAVA_OPTS [-Xmx<NODE_HEAP> -XX:+UseParallelGC -XX:-TieredCompilation, as the node]
#   NODE_HEAP [1g] NODE_GC [-XX:+UseParallelGC] NODE_JIT [-XX:-TieredCompilation] NODE_JAVA_OPTS []
#   LOADGEN_JAVA_OPTS [-Xmx1g -XX:+UseSerialGC]
#   KEEP_LOGS [0]: keep the logs of the node, the Restate server and the service
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
service_jar="$root/benchmarks/restate-service/target/restate-counter.jar"
restate_version=1.7.12
npm_dir="${RESTATE_NPM_DIR:-$HOME/.cache/eventide-bench/restate-server-$restate_version}"
restate_bin="$npm_dir/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server"
if [ $# -gt 0 ]; then systems=("$@"); else systems=(eventide restate); fi

keys="${RESTATE_KEYS:-1000}"
connections="${RESTATE_CONNECTIONS:-64}"
read -ra rates <<<"${RESTATE_RATES:-200 400 1000 4000}"
# bench/count: the same counter as the Restate service, a total in state and nothing else (example/counter
# also writes an egress record per message).
eventide_path="/v1/call/${RESTATE_EVENTIDE_FUNCTION:-bench/count}/{key}"
restate_path="/Counter/{key}/add"
restate_ingress=8080
restate_admin=9070
service_port=9080

log() { echo "restate.sh: $*" >&2; }

# ensure_built JAR MODULES [CLASS]: waits up to 2 minutes for a missing jar (a concurrent build
# may be rewriting it), then builds it; builds at once when the jar lacks CLASS (built before it).
ensure_built() {
  local jar="$1" modules="$2" class="${3:-}" waited=0
  while [ ! -f "$jar" ] && [ $waited -lt 120 ]; do
    [ $waited -eq 0 ] && log "waiting for $jar (a build running?)"
    sleep 5; waited=$((waited + 5))
  done
  if [ -f "$jar" ] && { [ -z "$class" ] || unzip -qql "$jar" "$class" >/dev/null 2>&1; }; then return 0; fi
  log "building ${modules:-everything}..."
  # shellcheck disable=SC2086 # the module flags are a list on purpose
  (cd "$root" && mvn -q -B package -DskipTests $modules) || { log "build failed"; exit 1; }
}

# Outside the namespace: build and install the server (both need the registries), then re-enter in it.
if [ "${EVENTIDE_BENCH_NETNS:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { log "needs root for its loopback-only network namespace (unshare -n)"; exit 1; }
  ensure_built "$node_jar" ""
  ensure_built "$examples_jar" ""
  ensure_built "$loadgen_jar" "-pl benchmarks -am" io/eventide/benchmarks/CallSaturateCommand.class
  ensure_built "$service_jar" "-pl benchmarks/restate-service"
  if [ ! -x "$restate_bin" ]; then
    log "installing @restatedev/restate-server@$restate_version into $npm_dir"
    mkdir -p "$npm_dir"
    # --ignore-scripts: the package's only install script reports the download to an analytics service.
    npm install --prefix "$npm_dir" --no-audit --no-fund --ignore-scripts --loglevel=error \
      "@restatedev/restate-server@$restate_version" >&2 || { log "npm install failed"; exit 1; }
  fi
  exec unshare -n -- env EVENTIDE_BENCH_NETNS=1 bash "${BASH_SOURCE[0]}" "$@"
fi

ip link set lo up || { log "cannot bring loopback up in the namespace"; exit 1; }
if ip -o link show up | grep -qv ': lo:'; then log "the namespace has more than loopback"; exit 1; fi

# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
work_dir="$(mktemp -d -t eventide-restate-bench.XXXXXX)"
# Private copies: a concurrent rebuild rewriting a jar under a running JVM breaks its class loading.
cp "$loadgen_jar" "$work_dir/loadgen.jar" && cp "$service_jar" "$work_dir/restate-counter.jar" ||
  { log "cannot copy the jars"; exit 1; }
loadgen_jar="$work_dir/loadgen.jar"
service_jar="$work_dir/restate-counter.jar"
restate_pid=""
service_pid=""
summaries=()
status=0
declare -A saturation p50 p99 p999 achieved skipped

start_restate() {
  mkdir -p "$work_dir/restate"
  # shellcheck disable=SC2086 # RESTATE_SERVICE_JAVA_OPTS is a list of flags on purpose
  java ${RESTATE_SERVICE_JAVA_OPTS:--Xmx${NODE_HEAP:-1g} -XX:+UseParallelGC -XX:-TieredCompilation} \
    -jar "$service_jar" "$service_port" >"$work_dir/service.log" 2>&1 &
  service_pid=$!
  # shellcheck disable=SC2086 # RESTATE_SERVER_ENV is a list of assignments on purpose
  env -i PATH="$PATH" HOME="$work_dir/restate" \
    RESTATE_BIND_IP=127.0.0.1 RESTATE_LISTEN_MODE=tcp RESTATE_DISABLE_TELEMETRY=true \
    RESTATE_LOG_DISABLE_ANSI_CODES=true RESTATE_NODE_NAME=bench ${RESTATE_SERVER_ENV:-} \
    "$restate_bin" --no-logo --base-dir "$work_dir/restate/data" >"$work_dir/restate.log" 2>&1 &
  restate_pid=$!
  local deadline=$((SECONDS + 90))
  until grep -q '^restate-counter: listening on' "$work_dir/service.log" &&
      curl -sf "http://127.0.0.1:$restate_admin/health" >/dev/null &&
      curl -sf "http://127.0.0.1:$restate_ingress/restate/health" >/dev/null; do
    if ! kill -0 "$service_pid" 2>/dev/null || ! kill -0 "$restate_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      log "restate or the service did not start; their logs:"; tail -20 "$work_dir/service.log" "$work_dir/restate.log" >&2
      return 1
    fi
    sleep 0.2
  done
  curl -sf -X POST "http://127.0.0.1:$restate_admin/deployments" -H 'content-type: application/json' \
    -d "{\"uri\":\"http://127.0.0.1:$service_port\"}" >"$work_dir/deployment.json" ||
    { log "registering the service failed"; return 1; }
  # Partition leaders may still be settling right after a start: call until one answers.
  until [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -X POST -H 'content-type: application/json' -d 1 \
      "http://127.0.0.1:$restate_ingress/Counter/probe/add")" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then log "restate never answered a call"; tail -20 "$work_dir/restate.log" >&2; return 1; fi
    sleep 0.5
  done
  log "restate pid $restate_pid (ingress 127.0.0.1:$restate_ingress), service pid $service_pid, data in $work_dir/restate"
}

# Stops a process with SIGTERM (SIGKILL after 30 s) and waits for it.
stop_pid() {
  local pid="$1" deadline=$((SECONDS + 30))
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && { log "$pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$pid"; }
  wait "$pid" 2>/dev/null
}

stop_restate() {
  stop_pid "$restate_pid"; restate_pid=""
  stop_pid "$service_pid"; service_pid=""
  rm -rf "$work_dir/restate"
}

# loadgen SYSTEM PORT PATH ARGS...: one generator run; prints its summary line with the CPU the
# system's processes used over it, and keeps that line in $line.
loadgen() {
  local system="$1" port="$2" path="$3" pids names before=() parts=() started output rc i cpu
  shift 3
  if [ "$system" = eventide ]; then pids=("$node_pid"); names=(node)
  else pids=("$restate_pid" "$service_pid"); names=(server service); fi
  for i in "${!pids[@]}"; do before+=("$(cpu_seconds "${pids[$i]}")"); done
  started=$SECONDS
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  output="$(java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$loadgen_jar" "$@" --port "$port" \
    --path-template "$path" --keys "$keys" --connections "$connections" --timeout "${RESTATE_TIMEOUT:-300}")"
  rc=$?
  for i in "${!pids[@]}"; do
    parts+=("$(awk -v a="${before[$i]}" -v b="$(cpu_seconds "${pids[$i]}")" 'BEGIN {printf "%.1f s", b - a}') ${names[$i]}")
  done
  printf -v cpu '%s + ' "${parts[@]}"
  line="$system $(grep -vE ': first error:' <<<"$output" | head -1); cpu ${cpu% + } in $((SECONDS - started)) s"
  echo "$line"
  grep ': first error:' <<<"$output"
  [ $rc -eq 0 ] || { status=1; log "$system: the generator failed (exit $rc)"; }
  summaries+=("$line")
  return $rc
}

measure() {
  local system="$1" port="$2" path="$3" rate
  if loadgen "$system" "$port" "$path" call-saturate --warmup "${RESTATE_WARMUP:-30}" \
      --duration "${RESTATE_DURATION:-20}"; then
    saturation[$system]="$(sed -n 's/.* achieved \([0-9,]*\)\/s.*/\1/p' <<<"$line" | tr -d ,)"
  fi
  for rate in "${rates[@]}"; do
    # Over its saturation a system's queue only grows: the percentiles would measure the run's
    # length, and draining the backlog could take minutes.
    if [ "${RESTATE_SKIP_OVERLOAD:-1}" = 1 ] && [ -n "${saturation[$system]:-}" ] &&
        [ "$rate" -gt "${saturation[$system]}" ]; then
      line="$system call: rate $rate/s not run, above its saturation (${saturation[$system]}/s)"
      echo "$line"; summaries+=("$line"); skipped[$system,$rate]=1
      continue
    fi
    if loadgen "$system" "$port" "$path" call --rate "$rate" --warmup "${RESTATE_RATE_WARMUP:-10}" \
        --duration "${RESTATE_RATE_DURATION:-20}"; then
      p50[$system,$rate]="$(sed -n 's/.* p50 \([0-9.]* ms\).*/\1/p' <<<"$line")"
      p99[$system,$rate]="$(sed -n 's/.* p99 \([0-9.]* ms\).*/\1/p' <<<"$line")"
      p999[$system,$rate]="$(sed -n 's/.* p999 \([0-9.]* ms\).*/\1/p' <<<"$line")"
      achieved[$system,$rate]="$(sed -n 's/.*(achieved \([0-9,]*\)\/s).*/\1/p' <<<"$line" | tr -d ,)"
    fi
  done
}

run_eventide() {
  : >"$work_dir/node.log" # launch_node reads it at once
  launch_node "$work_dir/node" "$work_dir/node.log" || { status=1; terminate_node; return; }
  log "node pid $node_pid on port $port"
  measure eventide "$port" "$eventide_path"
  summaries+=("  eventide node: rss $(rss_mb "$node_pid") MB")
  terminate_node
  rm -rf "$work_dir/node"
}

run_restate() {
  start_restate || { status=1; stop_restate; return; }
  measure restate "$restate_ingress" "$restate_path"
  summaries+=("  restate: server rss $(rss_mb "$restate_pid") MB, service rss $(rss_mb "$service_pid") MB")
  stop_restate
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2f", a / b; else print "?"}'; }
# " (achieved N/s)" when SYSTEM fell short of RATE: its latencies then measure a growing backlog.
shortfall() {
  if [ -n "${skipped[$1,$2]:-}" ]; then echo " (above its saturation, not run)"; return; fi
  awk -v a="${achieved[$1,$2]:-0}" -v r="$2" 'BEGIN {if (a < 0.98 * r) printf " (achieved %d/s)", a}'
}

# One line comparing the systems at saturation and at each rate.
comparison() {
  local out="request-reply, $keys keys, $connections connections:" rate
  out+=" saturation eventide $(commas "${saturation[eventide]:-0}")/s, restate $(commas "${saturation[restate]:-0}")/s,"
  out+=" ratio eventide/restate $(ratio "${saturation[eventide]:-0}" "${saturation[restate]:-0}")"
  for rate in "${rates[@]}"; do
    out+="; at $rate/s p99 eventide ${p99[eventide,$rate]:-n/a}$(shortfall eventide "$rate"),"
    out+=" restate ${p99[restate,$rate]:-n/a}$(shortfall restate "$rate")"
    out+=" (p50 eventide ${p50[eventide,$rate]:-n/a}, restate ${p50[restate,$rate]:-n/a};"
    out+=" p999 eventide ${p999[eventide,$rate]:-n/a}, restate ${p999[restate,$rate]:-n/a})"
  done
  echo "$out"
}

cleanup() {
  terminate_node
  stop_restate
  if [ "${KEEP_LOGS:-0}" = 1 ]; then
    rm -f "$work_dir"/*.jar; log "logs kept in $work_dir"
  else
    rm -rf "$work_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine_line="$(machine)"
echo "$machine_line"
for system in "${systems[@]}"; do
  case "$system" in
    eventide) run_eventide ;;
    restate) run_restate ;;
    *) log "unknown system $system (eventide, restate)"; status=1 ;;
  esac
done
print_summary
[ ${#systems[@]} -lt 2 ] || comparison
exit $status
