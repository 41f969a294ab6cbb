#!/usr/bin/env bash
# Keyed counting against the number of keys, standalone, exactly once, in one command: issue 23's
# target is the rate at 1,000,000 keys at least half the rate at 10,000 keys. Each run starts a
# fresh node for each key count, warms its JIT up on an unmeasured run at the small key count, then
# times KEYS_*_EVENTS events spread round robin over the keys (bench/count, NDJSON batches; every
# key touched several times), and prints the ratio large/small of the run. The summary gives the
# medians over KEYS_RUNS runs, and the node's CPU per event in each run (on a busy machine the rate
# measures the other loads as much as the node; the CPU per event much less). See benchmarks/README.md.
#
#   benchmarks/keys.sh
#   KEYS_RUNS=5 benchmarks/keys.sh
#   KEYS_BUILDS="/path/to/old-worktree $PWD" benchmarks/keys.sh   # A/B: the builds alternate in
#                                  # every run (each a checkout with its jars built); the summary
#                                  # adds, per run, the ratio of the last build's figures to the first's
#
# Environment (defaults in brackets): KEYS_RUNS [3] KEYS_SMALL [10000] KEYS_LARGE [1000000]
#   KEYS_SMALL_EVENTS [3000000] KEYS_LARGE_EVENTS [4000000] KEYS_WARMUP [1000000, at KEYS_SMALL keys]
#   KEYS_BUILDS [this checkout] KEYS_TIMEOUT [900 s for each run's processing] KEYS_CHECK_SAMPLE
#   [1000 keys checked for exactly-once after the clock stops], plus node.sh's NODE_* and PROFILE
#   (PROFILE=1 prints each node's CPU by thread and JFR's hottest frames)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
log() { echo "keys.sh: $*" >&2; }
small="${KEYS_SMALL:-10000}"
large="${KEYS_LARGE:-1000000}"
read -r -a builds <<<"${KEYS_BUILDS:-$root}"
for build in "${builds[@]}"; do
  if [ ! -f "$build/deploy/target/eventide.jar" ] || [ ! -f "$build/examples/target/examples-0.1.0-SNAPSHOT.jar" ]; then
    log "$build has no built jars: mvn -B -o -q package -DskipTests there first"
    exit 1
  fi
done
[ -f "$loadgen_jar" ] || { log "no $loadgen_jar: mvn -B -o -q package -DskipTests first"; exit 1; }
work="$(mktemp -d -t eventide-keys.XXXXXX)"
data_dir=""
trap 'terminate_node; rm -rf "$work"' EXIT
# A private copy of the generator: a rebuild rewriting loadgen.jar under it breaks its class loading.
cp "$loadgen_jar" "$work/loadgen.jar" || exit 1

# ingest EVENTS KEYS [FLAG...]: the generator's line for EVENTS events over KEYS keys.
ingest() {
  # shellcheck disable=SC2086 # LOADGEN_JAVA_OPTS is a list of flags on purpose
  java ${LOADGEN_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -jar "$work/loadgen.jar" ingest --events "$1" --keys "$2" \
    --batch 10000 --function bench/count --timeout "${KEYS_TIMEOUT:-900}" --port "$port" "${@:3}" |
    grep -E '^ingest: ' | paste -sd ' '
}

# measure BUILD KEYS EVENTS: a fresh node of BUILD, warmed up, then EVENTS over KEYS keys timed;
# prints the rate in events/s (the generator's line and the load average go to stderr).
measure() {
  node_jar="$1/deploy/target/eventide.jar"
  examples_jar="$1/examples/target/examples-0.1.0-SNAPSHOT.jar"
  data_dir="$work/node"
  rm -rf "$data_dir" "$data_dir.log"
  launch_node "$data_dir" "$data_dir.log" || return 1
  ingest "${KEYS_WARMUP:-1000000}" "$small" --check-sample 100 >/dev/null || log "the warm-up run failed"
  local line
  line="$(ingest "$3" "$2" --check-sample "${KEYS_CHECK_SAMPLE:-1000}" --cpu-of "node=$node_pid")" ||
    log "the measured run failed"
  echo "$(label "$1") $2 keys, load $(cut -d' ' -f1-3 /proc/loadavg): $line" >&2
  terminate_node >&2
  rm -rf "$data_dir" "$data_dir.log"
  local cpu
  cpu="$(sed -n 's|.*cpu per event: node \([0-9.]*\) µs.*|\1|p' <<<"$line")"
  case "$line" in
    *"check OK"*) echo "$(sed -n 's|.*processed end-to-end \([0-9,.]*\)/s.*|\1|p' <<<"$line" | head -1 | tr -d ,) ${cpu:-0}" ;;
    *) echo "0 0" ;;
  esac
}

# A build's name in the output: its commit, and its directory when builds share one.
label() { echo "$(git -C "$1" rev-parse --short HEAD)$(git -C "$1" diff --quiet HEAD || echo +changes) ($(basename "$1"))"; }

ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "?" }'; }

machine_line="$(machine)"
echo "$machine_line"
summaries=()
status=0
declare -A smalls larges ratios cpus cpu_ratios
ab_ratios=()
for run in $(seq 1 "${KEYS_RUNS:-3}"); do
  first_ratio=""
  for build in "${builds[@]}"; do
    read -r s s_cpu <<<"$(measure "$build" "$small" "${KEYS_SMALL_EVENTS:-3000000}" || echo "0 0")"
    read -r l l_cpu <<<"$(measure "$build" "$large" "${KEYS_LARGE_EVENTS:-4000000}" || echo "0 0")"
    [ "$s" != 0 ] && [ "$l" != 0 ] || status=1
    r="$(ratio_of "$l" "$s")"
    echo "run $run, $(label "$build"): $(commas "$s")/s at $small keys, $(commas "$l")/s at $large keys, ratio $r;" \
      "node cpu per event $s_cpu µs and $l_cpu µs, ratio $(ratio_of "$s_cpu" "$l_cpu")"
    smalls[$build]+="$s "
    larges[$build]+="$l "
    ratios[$build]+="$r "
    cpus[$build]+="$s_cpu/$l_cpu "
    cpu_ratios[$build]+="$(ratio_of "$s_cpu" "$l_cpu") "
    if [ -z "$first_ratio" ]; then first_ratio="$r"; else ab_ratios+=("$(ratio_of "$r" "$first_ratio")"); fi
  done
done
for build in "${builds[@]}"; do
  # shellcheck disable=SC2086 # the lists split into their values on purpose
  summaries+=("$(label "$build"): median $(commas "$(median ${smalls[$build]})")/s at $small keys, $(commas "$(median ${larges[$build]})")/s at $large keys; ratio $large/$small median $(median ${ratios[$build]}) (runs: ${ratios[$build]% }); node cpu per event, µs at $small/$large keys: ${cpus[$build]% }, their ratio median $(median ${cpu_ratios[$build]})")
done
if [ ${#builds[@]} -gt 1 ]; then
  summaries+=("A/B: the ratio $large/$small of the last build over the first's, per run: ${ab_ratios[*]}, median $(median "${ab_ratios[@]}")")
fi
print_summary
exit $status
