#!/usr/bin/env bash
# What tracing costs, and that it costs nothing when off: keyed counting (keyed.sh) in alternating
# runs of the build before tracing (OLD) and this checkout, the latter with tracing off, with every
# request traced, and with 1% sampled. Each build runs from its own worktree (this VM's speed drifts
# over minutes, so only pairs run back to back compare). Run it on a quiet machine.
#
#   benchmarks/tracing-ab.sh                       # OLD=cce4da8, 3 rounds, standalone and 1 dispatcher
#   OLD=<commit> ROUNDS=2 KEYED_DISPATCHERS=" " benchmarks/tracing-ab.sh    # standalone only
#
# Environment: OLD [cce4da8, the commit before tracing], ROUNDS [3], RATIOS ["1 0.01"], and every
# variable of keyed.sh and cluster.sh. Builds with 'mvn package' (never install) where jars are
# missing. Prints each run's summary lines, labelled.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
old="${OLD:-cce4da8}"
old_tree="$(mktemp -d -t eventide-ab-old.XXXXXX)"
trap 'git -C "$root" worktree remove --force "$old_tree" >/dev/null 2>&1; rm -rf "$old_tree"' EXIT

build() { # build DIR: the launcher, the examples and the load generator, without touching ~/.m2
  (cd "$1" && mvn -B -q package -DskipTests -pl deploy,examples,benchmarks -am) ||
    { echo "tracing-ab.sh: the build in $1 failed" >&2; exit 1; }
}
run() { # run LABEL DIR [VAR=VALUE...]: one keyed.sh run, its summary lines labelled
  local label="$1" dir="$2"
  shift 2
  env "$@" bash "$dir/benchmarks/keyed.sh" 2>&1 |
    sed -n -e '/^== summary/,$p' -e '/cpu per event/p' |
    sed "s|^|$label: |"
}

rm -rf "$old_tree"
git -C "$root" worktree add --detach "$old_tree" "$old" >/dev/null || exit 1
build "$old_tree"
build "$root"
for round in $(seq 1 "${ROUNDS:-3}"); do
  echo "== round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  run "old $old" "$old_tree"
  run "new, tracing off" "$root"
  for ratio in ${RATIOS:-1 0.01}; do
    run "new, tracing on (ratio $ratio)" "$root" TRACING=1 TRACING_RATIO="$ratio"
  done
done
