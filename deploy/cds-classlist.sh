#!/usr/bin/env bash
# Regenerates deploy/src/main/cds/classes.lst, the classes the build puts in the class-data sharing
# archive deploy/target/eventide.jsa (see docs/decisions/cold-start.md). Run it after changes that
# load many new classes at start; a stale list only costs start time, never correctness.
#
#   deploy/cds-classlist.sh
#
# It runs what users run, every JVM logging the classes it loads: 'eventide demo' (a standalone
# node and the client commands), then a local cluster with one process per role serving calls,
# events and client commands. Only classes from the JDK and from eventide.jar are kept: functions'
# jars are loaded by their own class loaders and cannot be shared.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eventide="$root/deploy/bin/eventide"
out="$root/deploy/src/main/cds/classes.lst"
jar="$root/deploy/target/eventide.jar"
examples="$root/examples/target/examples-0.1.0-SNAPSHOT.jar"
work="$(mktemp -d /tmp/eventide-cds.XXXXXX)"
port=7380
cleanup() {
  LOCAL_CLUSTER_DIR="$work/cluster" "$root/deploy/local-cluster.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$eventide" --help >/dev/null # builds the jar when it is missing or stale

# Every JVM started from here on, children included, logs its class loads to a file of its own.
export JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/load-%p.log"
export EVENTIDE_NO_BUILD=1

echo "== eventide demo"
"$eventide" demo >"$work/demo.out" 2>&1

echo "== a local cluster: 2 dispatchers, 1 worker, 1 gateway on port $port"
export LOCAL_CLUSTER_DIR="$work/cluster" LOCAL_CLUSTER_BASE_PORT=$port
export LOCAL_CLUSTER_STATE_PORT=$((port - 1))
"$root/deploy/local-cluster.sh" up 2 1 1 >"$work/cluster.out" 2>&1
export EVENTIDE_URL="http://127.0.0.1:$port"
for attempt in $(seq 1 30); do # 503 until a worker has joined
  if "$eventide" deploy "$examples" >/dev/null 2>&1; then break; fi
  if [ "$attempt" = 30 ]; then
    echo "cds-classlist: the cluster never took the examples" >&2
    exit 1
  fi
  sleep 1
done
for i in $(seq 1 20); do
  "$eventide" call "example/counter/k$i" 1 >/dev/null
  "$eventide" send "example/counter/k$i" 1 >/dev/null
done
"$eventide" state "example/counter/k1" >/dev/null
"$eventide" status >/dev/null
"$root/deploy/local-cluster.sh" down >/dev/null 2>&1
unset JAVA_TOOL_OPTIONS

# "[0.012s][info][class,load] java.lang.Object source: shared objects file": keep the JDK's classes
# (jrt:/, or already in the JDK's own archive) and eventide.jar's; hidden classes (lambdas, proxies)
# have no source of that kind and are generated again at run time.
mkdir -p "$(dirname "$out")"
cat "$work"/load-*.log |
  awk -v jar="$jar" '$0 ~ /\[class,load\]/ {
      name = $2; source = substr($0, index($0, "source: ") + 8)
      if (source == "shared objects file" || source ~ /^jrt:\// || source == "file:" jar) {
        gsub(/\./, "/", name); print name
      }
    }' |
  LC_ALL=C sort -u >"$out"
echo "cds-classlist: $(wc -l <"$out") classes in $out"
