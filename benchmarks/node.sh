# shellcheck shell=bash
# Shared by the benchmark scripts (source it): the machine line, building what is missing, and
# starting and stopping a standalone node on 127.0.0.1 with the examples deployed. The caller sets
# root, node_jar, examples_jar, loadgen_jar, defines log(), and may fill node_java_opts and
# node_args before launch_node, and set node_admin_token when node_args require tokens.

node_java_opts=()
node_args=()
node_admin_token=""
node_pid=""
node_dir=""
port=""
deployed=""

machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) memory," \
    "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# build_if_missing: builds the repository (package, no tests; nothing goes to ~/.m2) unless the
# node's, the examples' and the generator's jars are all there.
build_if_missing() {
  if [ ! -f "$node_jar" ] || [ ! -f "$examples_jar" ] || [ ! -f "$loadgen_jar" ]; then
    log "building (mvn -q -B package -DskipTests in $root)..."
    (cd "$root" && mvn -q -B package -DskipTests) || { log "build failed"; exit 1; }
  fi
}

# Small readers the scripts share: a number with thousands separators; one field of a flat JSON
# line; a process's peak and current RSS in MB and its CPU seconds, from /proc.
commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
json_field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$1"; }
peak_rss_mb() { awk '/^VmHWM:/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null; }
rss_mb() { awk '/^VmRSS:/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null; }
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / tck }' "/proc/$1/stat" 2>/dev/null
}

# median N...: the middle value (the lower of the two middle ones for an even count).
median() {
  if [ $# -eq 0 ]; then echo "?"; return; fi
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
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
  node_dir="$dir"
  local profile=()
  if [ "${PROFILE:-0}" = 1 ]; then profile=("-XX:StartFlightRecording=filename=$dir.jfr,settings=profile"); fi
  # MALLOC_ARENA_MAX as the launcher sets it.
  # shellcheck disable=SC2086 # NODE_GC, NODE_JIT and NODE_JAVA_OPTS are lists of flags on purpose
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" java -Xmx"${NODE_HEAP:-1g}" ${NODE_GC:--XX:+UseParallelGC} ${NODE_JIT--XX:-TieredCompilation} -XX:+ExitOnOutOfMemoryError \
    "${profile[@]}" "${node_java_opts[@]}" ${NODE_JAVA_OPTS:-} \
    -jar "$dir/eventide.jar" standalone --http-port 0 --data-dir "$dir/data" "${node_args[@]}" >"$log_file" 2>&1 &
  node_pid=$!
  local deadline=$((SECONDS + 90))
  await_listening "$node_pid" "$log_file" 90 || return 1
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ]; do
    if [ $SECONDS -ge $deadline ]; then log "the node never became ready"; return 1; fi
    sleep 0.2
  done
  local auth=()
  if [ -n "$node_admin_token" ]; then auth=(-H "Authorization: Bearer $node_admin_token"); fi
  deployed="$(curl -sf "${auth[@]}" -H 'Content-Type: application/java-archive' --data-binary @"$examples_jar" \
    "http://127.0.0.1:$port/v1/deployments")" || { log "deploying the examples failed"; return 1; }
}

# await_listening PID FILE SECONDS [POLL]: sets port from the node's 'eventide: listening on' line in
# FILE, read every POLL seconds (0.2); returns 1, with FILE's last lines, when PID exits or SECONDS
# pass first.
await_listening() {
  local pid="$1" file="$2" deadline=$((SECONDS + $3)) poll="${4:-0.2}"
  port=""
  while [ -z "$port" ]; do
    port="$(sed -n 's|^eventide: listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$file" 2>/dev/null | head -1)"
    if [ -z "$port" ]; then
      if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
        log "the node did not start; its log:"; tail -40 "$file" >&2; return 1
      fi
      sleep "$poll"
    fi
  done
}

# Stops the node with SIGTERM (SIGKILL after 30 s) and waits for it. With PROFILE=1, first prints
# where its CPU went: per thread, and JFR's hottest frames.
terminate_node() {
  [ -n "$node_pid" ] || return 0
  if [ "${PROFILE:-0}" = 1 ]; then
    echo "node CPU by thread since its start (s):"; thread_cpu "$node_pid" | sort -rn | head -12
  fi
  kill -TERM "$node_pid" 2>/dev/null
  local deadline=$((SECONDS + 30))
  while kill -0 "$node_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$node_pid" 2>/dev/null; then
    log "node $node_pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$node_pid"
  fi
  wait "$node_pid" 2>/dev/null
  node_pid=""
  if [ "${PROFILE:-0}" = 1 ] && [ -f "$node_dir.jfr" ]; then
    jfr_hotspots "$node_dir.jfr"
    rm -f "$node_dir.jfr"
  fi
}

# A port free on 127.0.0.1 at the moment of asking.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# CPU seconds per thread name (digits folded, so a pool is one line), one "seconds name" per line.
thread_cpu() {
  local tck t
  tck="$(getconf CLK_TCK)"
  for t in /proc/"$1"/task/*; do
    awk -v n="$(sed 's/[0-9]\+/N/g' "$t/comm" 2>/dev/null)" -v tck="$tck" \
      '{ sub(/^.*\) /, ""); printf "%.2f\t%s\n", ($12 + $13) / tck, n }' "$t/stat" 2>/dev/null
  done | awk -F'\t' '{ a[$2] += $1 } END { for (k in a) printf "%.2f %s\n", a[k], k }'
}

# The difference of two thread_cpu snapshots, busiest first.
thread_cpu_delta() {
  awk 'NR == FNR { before[substr($0, index($0, " ") + 1)] = $1; next }
    { name = substr($0, index($0, " ") + 1); d = $1 - before[name]; if (d >= 0.05) printf "    %6.2f s %s\n", d, name }' \
    <(echo "$1") <(echo "$2") | sort -rn -k1
}

# Where the node's CPU went: JFR execution samples by top frame, and by the innermost Eventide
# frame on the stack (which of our code paths the time is spent under).
jfr_hotspots() {
  local samples
  samples="$(jfr print --stack-depth 64 --events jdk.ExecutionSample "$1" | awk '
    /stackTrace = \[/ { ins = 1; top = ""; ours = ""; next }
    ins && /^[ \t]*\]/ { ins = 0; print "top " top; print "ours " (ours == "" ? "(no eventide frame)" : ours); next }
    ins { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
          if (top == "") top = f; if (ours == "" && f ~ /^io\.eventide\./) ours = f }')"
  echo "node CPU samples: $(grep -c '^top ' <<<"$samples")"
  echo "hottest top frames:"
  grep '^top ' <<<"$samples" | cut -c5- | sort | uniq -c | sort -rn | head -20
  echo "hottest innermost eventide frames:"
  grep '^ours ' <<<"$samples" | cut -c6- | sort | uniq -c | sort -rn | head -20
}
