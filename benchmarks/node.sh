# shellcheck shell=bash
# Shared by run.sh and windowed.sh (source it): the machine line, and starting and stopping a
# standalone node on 127.0.0.1 with the examples deployed. The caller sets root, node_jar,
# examples_jar, defines log(), and may fill node_java_opts and node_args before launch_node.

node_java_opts=()
node_args=()
node_pid=""
port=""
deployed=""

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) memory," \
    "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# print_summary: the summary block every script ends with (machine_line, then summaries[]).
print_summary() {
  echo
  echo "== summary"
  echo "$machine_line"
  printf '%s\n' "${summaries[@]}"
}

# launch_node DIR LOG: a node over DIR/data, its output in LOG; sets node_pid, port and deployed
# (the deployment's JSON answer).
launch_node() {
  local dir="$1" log_file="$2"
  mkdir -p "$dir"
  # Run a private copy: a rebuild rewriting deploy/target/eventide.jar under a running JVM makes
  # its class loading fail at random.
  local tries=0
  until cp "$node_jar" "$dir/eventide.jar" 2>/dev/null &&
      unzip -qql "$dir/eventide.jar" io/eventide/deploy/Launcher.class >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ $tries -ge 60 ]; then log "$node_jar stays incomplete (a build running?)"; return 1; fi
    sleep 2
  done
  # shellcheck disable=SC2086 # NODE_GC, NODE_JIT and NODE_JAVA_OPTS are lists of flags on purpose
  java -Xmx"${NODE_HEAP:-1g}" ${NODE_GC:--XX:+UseParallelGC} ${NODE_JIT--XX:-TieredCompilation} -XX:+ExitOnOutOfMemoryError \
    "${node_java_opts[@]}" ${NODE_JAVA_OPTS:-} \
    -jar "$dir/eventide.jar" standalone --http-port 0 --data-dir "$dir/data" "${node_args[@]}" >"$log_file" 2>&1 &
  node_pid=$!
  local deadline=$((SECONDS + 90))
  port=""
  while [ -z "$port" ]; do
    port="$(sed -n 's|^eventide: listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log_file" | head -1)"
    if [ -z "$port" ]; then
      if ! kill -0 "$node_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
        log "the node did not start; its log:"; tail -40 "$log_file" >&2; return 1
      fi
      sleep 0.2
    fi
  done
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then log "the node never became ready"; return 1; fi
    sleep 0.2
  done
  deployed="$(curl -sf -H 'Content-Type: application/java-archive' --data-binary @"$examples_jar" \
    "http://127.0.0.1:$port/v1/deployments")" || { log "deploying the examples failed"; return 1; }
}

# Stops the node with SIGTERM (SIGKILL after 30 s) and waits for it.
terminate_node() {
  [ -n "$node_pid" ] || return 0
  kill -TERM "$node_pid" 2>/dev/null
  local deadline=$((SECONDS + 30))
  while kill -0 "$node_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$node_pid" 2>/dev/null; then
    log "node $node_pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$node_pid"
  fi
  wait "$node_pid" 2>/dev/null
  node_pid=""
}
