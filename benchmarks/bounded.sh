#!/usr/bin/env bash
# Bounded input at full size: parity's BoundedIngestIT with 2,000,000 events (the build runs
# 200,000). It writes the NDJSON file, runs Flink on it, starts a node, runs
#   eventide ingest FILE --source S --end-of-input --wait
# and checks that every firing is in egress when the command returns and equals Flink's. The
# figures line ("bounded ingest: ...") has the events per second of ingest --wait and Flink's time.
#
#   benchmarks/bounded.sh                 # 2,000,000 events, lines given idempotency keys
#   BOUNDED_EVENTS=500000 benchmarks/bounded.sh
#   BOUNDED_NO_KEYS=1 benchmarks/bounded.sh   # lines sent as they are (--no-idempotency-keys)
#
# Builds through the reactor (never mvn install); needs the modules' dependencies in ~/.m2.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${BOUNDED_EVENTS:-2000000}"
no_keys=false
if [ "${BOUNDED_NO_KEYS:-0}" = 1 ]; then no_keys=true; fi

cd "$root"
mvn -B -o -q -pl parity -am verify \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BoundedIngestIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbounded.events="$events" -Dbounded.noKeys="$no_keys"
grep -h "bounded ingest:" parity/target/failsafe-reports/*BoundedIngestIT*.txt 2>/dev/null \
  || grep -rh "bounded ingest:" parity/target/failsafe-reports/ | head -1
