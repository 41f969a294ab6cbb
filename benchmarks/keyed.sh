#!/usr/bin/env bash
# Fire-and-forget keyed counting with exactly-once commits, standalone and in a cluster, in one
# command: cluster.sh's throughput mode with one dispatcher by default. Prints one summary line per
# setup with its ratio to the standalone run and, for standalone, to the 500,000 events/s target.
#
#   benchmarks/keyed.sh
#   KEYED_DISPATCHERS="1 2" STANDALONE_EVENTS=4000000 benchmarks/keyed.sh
#   TLS=1 benchmarks/keyed.sh      # the cluster with mutual TLS on every gRPC hop and HTTPS to the
#                                  # gateway (TLS=internal: the gRPC hops only); run it and the
#                                  # plain run back to back to see what TLS costs
#   TRACING=1 benchmarks/keyed.sh  # every process traced (OpenTelemetry over OTLP/HTTP) to a local
#                                  # collector that discards; TRACING_RATIO=0.01 samples 1% of requests
#
# Environment: KEYED_DISPATCHERS [1], TLS [0], TRACING [0], TRACING_RATIO [1], and every variable of cluster.sh (STANDALONE_EVENTS,
# STANDALONE_WARMUP, CLUSTER_EVENTS, CLUSTER_WARMUP, CLUSTER_KEYS, CLUSTER_FUNCTION, ...).
set -uo pipefail
CLUSTER_DISPATCHERS="${KEYED_DISPATCHERS:-1}" exec bash "$(dirname "${BASH_SOURCE[0]}")/cluster.sh" throughput
