#!/usr/bin/env bash
# The store conformance suite and the FoundationDB backend's own tests against a real FoundationDB
# cluster, in one command, from the source tree (docs/operations/foundationdb.md):
#
#   deploy/fdb-conformance.sh [CLUSTER_FILE]     # default: $FDB_CLUSTER_FILE, else /etc/foundationdb/fdb.cluster
#
# Needs the FoundationDB 7.3 client package (libfdb_c.so) on this host, a JDK 17 and Maven. Fails
# unless every FoundationDB test ran: a cluster file that is missing, or a client library that does
# not load, fails here instead of leaving a green build that skipped them all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster_file="${1:-${FDB_CLUSTER_FILE:-/etc/foundationdb/fdb.cluster}}"
if [ ! -r "$cluster_file" ]; then
  echo "fdb-conformance: no readable cluster file at $cluster_file" >&2
  exit 2
fi
cd "$root"
mvn -B -pl state-service -am verify -Dfdb.cluster.file="$cluster_file" \
  -Dtest='io/eventide/store/fdb/*' -Dit.test=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
reports="$root/state-service/target/surefire-reports"
# Tests that need no cluster may skip where the client loads (FdbStoreWithoutClientTest); the
# conformance suite itself must not skip a single test.
summary="$(grep -h 'Tests run' "$reports/io.eventide.store.fdb.FdbStoreConformanceTest.txt")"
echo "fdb-conformance: $summary"
case "$summary" in
  *"Skipped: 0"*) echo "fdb-conformance: every conformance test ran against $cluster_file" ;;
  *) echo "fdb-conformance: some conformance tests were skipped; see $reports" >&2; exit 1 ;;
esac
