#!/usr/bin/env bash
# The issue's full backup test: BackupRestoreIT with a 1,000,000-event NDJSON stream (counters,
# event-time windows, processing-time timers). A backup is taken with `eventide backup` during the
# ingest, the node is killed, the backup restored with `eventide restore` and the stream finished
# on a node started there; every counter, window firing and timer must come out exact and once.
# CI runs the same test with 100,000 events to stay within a minute on two cores.
#
#   benchmarks/backup.sh
#   BACKUP_EVENTS=2000000 benchmarks/backup.sh
#
# Prints the test's timing lines (backup size and time, lines sent before the node was lost, the
# time to finish on the restored node) and Maven's verdict. Needs the project built once (it runs
# the deploy module's failsafe with -am, offline).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
EVENTS="${BACKUP_EVENTS:-1000000}"
LOG="$(mktemp -t eventide-backup-bench-XXXXXX.log)"
if mvn -B -o -pl deploy -am verify -Dtest=NONE -Dit.test=BackupRestoreIT \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Deventide.backup.events="$EVENTS" >"$LOG" 2>&1; then
  verdict="passed"
else
  verdict="FAILED (log: $LOG)"
fi
grep -h -o -E "backup of [0-9]+ bytes.*|restored and finished.*" \
  deploy/target/failsafe-reports/io.eventide.deploy.BackupRestoreIT-output.txt || true
grep -h -o -E "Tests run:.*BackupRestoreIT" "$LOG" || true
echo "backup test with $EVENTS events: $verdict"
[ "$verdict" = passed ]
