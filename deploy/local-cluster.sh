#!/usr/bin/env bash
# A local cluster on 127.0.0.1 with every role a process of its own: one state-service (the store),
# dispatchers, workers and gateways, which find each other through the store. Logs and pid files
# go under the cluster directory.
#
#   deploy/local-cluster.sh up [--tls] [D [W [G]]]
#                                            # D dispatchers, W workers, G gateways (default 2 2 1);
#                                            # waits until every process listens. --tls: mutual TLS
#                                            # between every process and HTTPS on the gateways,
#                                            # with certificates from 'eventide certs init' in
#                                            # DIR/certs (made once, kept across ups)
#   deploy/local-cluster.sh status           # each process, alive or not, and the cluster view
#   deploy/local-cluster.sh down             # SIGTERM (gateways, dispatchers, workers, then the
#                                            # state-service), SIGKILL after 30 s
#
# Environment: LOCAL_CLUSTER_DIR [/tmp/eventide-local-cluster], LOCAL_CLUSTER_STATE_PORT [7079],
# LOCAL_CLUSTER_BASE_PORT [7080: gateway i serves HTTP on BASE_PORT + i - 1; dispatchers and
# workers take free gRPC ports], LOCAL_CLUSTER_LEASE_TTL [the launcher's default, 1s],
# LOCAL_CLUSTER_DISPATCHER_ARGS [none: more flags for every dispatcher, e.g. --source
# NAME:out-of-orderness=100ms], LOCAL_CLUSTER_START_SECONDS [60: how long each role may take to
# start], LOCAL_CLUSTER_TLS [0; 1 is --tls], LOCAL_CLUSTER_HTTPS [1: with
# --tls the gateways serve HTTPS; 0 keeps them on HTTP, the gRPC hops on mutual TLS], plus what deploy/bin/eventide
# reads (EVENTIDE_HEAP, EVENTIDE_JAVA_OPTS, EVENTIDE_NO_BUILD, ...).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eventide="$root/deploy/bin/eventide"
dir="${LOCAL_CLUSTER_DIR:-/tmp/eventide-local-cluster}"
state_port="${LOCAL_CLUSTER_STATE_PORT:-7079}"
base_port="${LOCAL_CLUSTER_BASE_PORT:-7080}"
ttl="${LOCAL_CLUSTER_LEASE_TTL:-}"
tls="${LOCAL_CLUSTER_TLS:-0}"
certs="$dir/certs"

# tls_args ROLE: the mutual TLS flags of ROLE's certificate, none without --tls.
tls_args() {
  if [ "$tls" = 1 ]; then
    echo --internal-tls-cert "$certs/$1.pem" --internal-tls-key "$certs/$1-key.pem" \
      --internal-tls-ca "$certs/ca.pem"
  fi
}

# https_args: the gateway's HTTPS flags, none without --tls (or with LOCAL_CLUSTER_HTTPS=0).
https_args() {
  if [ "$tls" = 1 ] && [ "${LOCAL_CLUSTER_HTTPS:-1}" = 1 ]; then
    echo --tls-cert "$certs/gateway.pem" --tls-key "$certs/gateway-key.pem"
  fi
}

log() { echo "local-cluster: $*" >&2; }

# alive PID: PID runs, a zombie not counted. kill -0 alone also succeeds on a process that has
# exited but not been reaped yet, and the roles' parent is the init process once 'up' has returned:
# some inits (minimal container inits among them) reap only every couple of seconds, which made
# 'down' wait about 1.8 s per process after it had exited. Without /proc (macOS), kill -0.
alive() {
  local stat
  if [ -r "/proc/$1/stat" ]; then
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }" # the state follows the command name, which may hold spaces and ')'
    [ -n "$stat" ] && [ "${stat%% *}" != Z ]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

# start NAME ARGS...: runs the launcher in the background, its output in NAME.log, pid in NAME.pid.
start() {
  local name="$1"
  shift
  nohup "$eventide" "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

# await_listening NAME: until NAME.log has its listening line (LOCAL_CLUSTER_START_SECONDS, 60 s by
# default: a machine loaded by other builds can take longer to start seven JVMs).
await_listening() {
  local name="$1" deadline=$((SECONDS + ${LOCAL_CLUSTER_START_SECONDS:-60}))
  until grep -q "listening on" "$dir/$name.log" 2>/dev/null; do
    if ! alive "$(cat "$dir/$name.pid")" || [ $SECONDS -ge $deadline ]; then
      log "$name did not start; its log:"
      tail -20 "$dir/$name.log" >&2
      return 1
    fi
    sleep 0.2
  done
  log "$name: $(grep -m1 -o 'listening on [^ ]*' "$dir/$name.log"), pid $(cat "$dir/$name.pid")"
}

up() {
  if [ "${1:-}" = "--tls" ]; then
    tls=1
    shift
  fi
  local dispatchers="${1:-2}" workers="${2:-2}" gateways="${3:-1}"
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    log "$dir already has a cluster; run '$0 down' first"
    exit 1
  fi
  mkdir -p "$dir"
  # Build once here, not in every process at the same time.
  "$eventide" --help >/dev/null
  export EVENTIDE_NO_BUILD=1
  if [ "$tls" = 1 ] && [ ! -f "$certs/ca.pem" ]; then
    "$eventide" certs init "$certs" >/dev/null
    log "certificates in $certs (CA: $certs/ca.pem)"
  fi
  # shellcheck disable=SC2046 # the TLS flags are a list of words on purpose (paths have no spaces)
  start state-service state-service --host 127.0.0.1 --grpc-port "$state_port" --data-dir "$dir/state" \
    $(tls_args state-service)
  await_listening state-service
  local store="remote:127.0.0.1:$state_port" i names=()
  local common=(--store "$store" --host 127.0.0.1)
  if [ -n "$ttl" ]; then common+=(--lease-ttl "$ttl"); fi
  for i in $(seq 1 "$workers"); do
    # shellcheck disable=SC2046
    start "worker-$i" worker "${common[@]}" --node-id "worker-$i" --grpc-port 0 --data-dir "$dir/worker-$i" \
      $(tls_args worker)
    names+=("worker-$i")
  done
  for i in $(seq 1 "$dispatchers"); do
    # shellcheck disable=SC2086,SC2046 # LOCAL_CLUSTER_DISPATCHER_ARGS is a list of flags on purpose
    start "dispatcher-$i" dispatcher "${common[@]}" --node-id "dispatcher-$i" --grpc-port 0 \
      ${LOCAL_CLUSTER_DISPATCHER_ARGS:-} $(tls_args dispatcher)
    names+=("dispatcher-$i")
  done
  for i in $(seq 1 "$gateways"); do
    # shellcheck disable=SC2046
    start "gateway-$i" gateway "${common[@]}" --node-id "gateway-$i" --http-port $((base_port + i - 1)) \
      $(tls_args gateway) $(https_args)
    names+=("gateway-$i")
  done
  for i in "${names[@]}"; do
    await_listening "$i"
  done
  local scheme=http
  if [ -n "$(https_args)" ]; then scheme=https; fi
  log "up: $dispatchers dispatchers, $workers workers, $gateways gateways on $scheme://127.0.0.1:$base_port..,"\
" state-service on $state_port"
  if [ "$tls" = 1 ]; then
    log "TLS on: clients need the CA, e.g. EVENTIDE_CA=$certs/ca.pem or curl --cacert $certs/ca.pem"
  fi
}

# The pid files of every role, in the order they stop: gateways (no new work), dispatchers (they
# hand their key groups over, finishing batches at the workers), workers, the store last.
pid_files() {
  local role
  for role in gateway dispatcher worker state-service; do
    ls "$dir/$role"*.pid 2>/dev/null || true
  done
}

status() {
  local found=0 pid_file name pid first=""
  for pid_file in $(pid_files); do
    found=1
    name="$(basename "$pid_file" .pid)"
    pid="$(cat "$pid_file")"
    if alive "$pid"; then
      echo "$name: running, pid $pid, $(grep -m1 -o 'listening on [^ ]*' "$dir/$name.log" || echo 'not listening yet')"
      case "$name" in gateway-*) [ -n "$first" ] || first="$(grep -m1 -o 'listening on https\{0,1\}://[^ ]*' "$dir/$name.log" | sed 's/^listening on //' || true)" ;; esac
    else
      echo "$name: not running (pid $pid)"
    fi
  done
  if [ $found = 0 ]; then
    echo "no local cluster in $dir"
    return 3
  fi
  if [ -n "$first" ]; then
    echo "cluster view ($first/v1/cluster, through 'eventide status'):"
    # The project's own client, so status needs no curl, and no proxy set in the environment
    # stands between it and a node on loopback.
    local ca=()
    if [ -f "$certs/ca.pem" ]; then ca=(--ca "$certs/ca.pem"); fi
    EVENTIDE_NO_BUILD=1 "$eventide" status --url "$first" "${ca[@]}" || echo "  (no answer)"
  fi
}

down() {
  local pid_file pid
  for pid_file in $(pid_files); do
    pid="$(cat "$pid_file")"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if alive "$pid"; then
      log "$(basename "$pid_file" .pid) (pid $pid) ignored SIGTERM for 30 s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
    log "stopped $(basename "$pid_file" .pid)"
  done
  log "down (data and logs stay in $dir)"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up [--tls] [DISPATCHERS [WORKERS [GATEWAYS]]] | status | down" >&2; exit 2 ;;
esac
