#!/usr/bin/env bash
# Start-up with and without the class-data sharing archive the build writes beside the jar
# (deploy/target/eventide.jsa, docs/decisions/cold-start.md), alternating, START_RUNS times each:
#   - a standalone node with the launcher's flags, from exec to its 'listening on' line: wall time
#     and the CPU it used until then;
#   - a client command, 'eventide status', against that node: wall and CPU time.
# Prints the medians of each and the ratios with the archive against without.
#
#   benchmarks/start.sh
#   START_RUNS=9 benchmarks/start.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_jar="$root/deploy/target/eventide.jar"
examples_jar="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
loadgen_jar="$root/benchmarks/target/loadgen.jar"
archive="$root/deploy/target/eventide.jsa"
runs="${START_RUNS:-5}"
# shellcheck source=benchmarks/node.sh
. "$root/benchmarks/node.sh"
summaries=()
log() { echo "start.sh: $*" >&2; }

build_if_missing
if [ ! -f "$archive" ] || [ "$node_jar" -nt "$archive" ]; then
  log "$archive is missing or older than the jar: rebuild with 'mvn -q -B package -DskipTests'"
  exit 1
fi
work="$(mktemp -d -t eventide-start-bench.XXXXXX)"
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
ticks="$(getconf CLK_TCK)"
now_ms() { date +%s%3N; }
cpu_ms() { awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / t }' "/proc/$1/stat"; }

# one_start FLAG...: a node with the launcher's flags and FLAG...; sets pid, port, and start_wall and
# start_cpu (ms from exec to its listening line, and its CPU until then).
one_start() {
  local dir began
  dir="$(mktemp -d "$work/node.XXXXXX")"
  began="$(now_ms)"
  MALLOC_ARENA_MAX=2 java -Xmx1g -XX:+UseParallelGC -XX:-TieredCompilation -XX:+ExitOnOutOfMemoryError \
    "$@" -jar "$node_jar" standalone --http-port 0 --data-dir "$dir/data" >"$dir/log" 2>&1 &
  pid=$!
  await_listening "$pid" "$dir/log" 60 0.005 || return 1
  start_wall=$(($(now_ms) - began))
  start_cpu="$(cpu_ms "$pid")"
}

# one_command FLAG...: 'eventide status' against the node; sets command_wall and command_cpu (ms).
one_command() {
  local timing
  TIMEFORMAT='%R %U %S'
  timing="$({ time java -Xmx1g -XX:+UseParallelGC "$@" -jar "$node_jar" status \
    --url "http://127.0.0.1:$port" >/dev/null 2>"$work/status.err"; } 2>&1)" || return 1
  read -r command_wall command_cpu < <(awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$timing")
}

stop_node() {
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
}

machine_line="$(machine)"
echo "$machine_line"
lists=(wall_without wall_with cpu_without cpu_with command_wall_without command_wall_with
  command_cpu_without command_cpu_with)
for list in "${lists[@]}"; do declare "$list="; done
for run in $(seq 1 "$runs"); do
  for mode in without with; do
    flags=()
    if [ "$mode" = with ]; then flags=(-XX:SharedArchiveFile="$archive"); fi
    one_start "${flags[@]}" || exit 1
    one_command "${flags[@]}" || { log "eventide status failed:"; cat "$work/status.err" >&2; exit 1; }
    stop_node
    echo "run $run, $mode the archive: node listening after $start_wall ms, $start_cpu ms CPU;" \
      "eventide status $command_wall ms, $command_cpu ms CPU"
    declare "wall_$mode+=$start_wall " "cpu_$mode+=$start_cpu "
    declare "command_wall_$mode+=$command_wall " "command_cpu_$mode+=$command_cpu "
  done
done

# shellcheck disable=SC2086 # the lists are space-separated on purpose
for list in "${lists[@]}"; do declare "$list=$(median ${!list})"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
summaries+=("start: a node listens after $wall_without ms without the archive, $wall_with ms with it ($(ratio "$wall_with" "$wall_without")x); its CPU $cpu_without ms, $cpu_with ms ($(ratio "$cpu_with" "$cpu_without")x); medians of $runs")
summaries+=("start: eventide status takes $command_wall_without ms without, $command_wall_with ms with ($(ratio "$command_wall_with" "$command_wall_without")x); its CPU $command_cpu_without ms, $command_cpu_with ms ($(ratio "$command_cpu_with" "$command_cpu_without")x)")
print_summary
