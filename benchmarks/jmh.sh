#!/usr/bin/env bash
# JMH micro-benchmarks of the hot path (benchmarks/src/main/java/io/eventide/benchmarks/jmh):
# store commits (embedded RocksDB, fsync, 1 and 8 committers), keyspace encoding, invocation
# batch encoding; and a shard's batching (BatchingBenchmark, through the dispatcher's test-jar
# fixture). Builds the module if needed, then runs JMH with the module's class path.
#
#   benchmarks/jmh.sh                       # all of them
#   benchmarks/jmh.sh StoreCommit           # a regular expression over benchmark names
#   benchmarks/jmh.sh Keyspace -prof gc     # further arguments go to JMH
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classes="$root/benchmarks/target/classes"
classpath_file="$root/benchmarks/target/jmh.classpath"
if [ ! -f "$classes/META-INF/BenchmarkList" ] || [ ! -f "$classpath_file" ]; then
  # package, not install: the class path then names this tree's jars, and a build here never
  # replaces what another checkout installed in ~/.m2. Every module of -am writes the file; the
  # benchmarks module is built last, so its class path is the one left.
  (cd "$root" && mvn -q -B package dependency:build-classpath -DskipTests -pl benchmarks -am \
    -Dmdep.outputFile="$classpath_file")
elif [ -n "$(find "$root/benchmarks/src/main" -newer "$classes/META-INF/BenchmarkList" -print -quit)" ]; then
  # The list of benchmarks is written when the module compiles: a benchmark added since would
  # not be found.
  (cd "$root" && mvn -q -B compile -pl benchmarks)
fi
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
exec java -cp "$classes:$(cat "$classpath_file")" org.openjdk.jmh.Main "${@:-.*}"
