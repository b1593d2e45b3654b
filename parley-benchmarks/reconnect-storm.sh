#!/usr/bin/env bash
# Reconnect storm (issue 15, part 5): CLIENTS official socket.io clients (Node, in PROCS processes of their own,
# so no process nears the 20,000 open-files limit) are connected to a server; the server is killed (-9: every
# client loses it at the same moment) and a fresh process is started on the same port. Reported, per server:
#   ready_ms  from the fresh process's start to ready (Parley: GET /readyz 200; Node: a handshake 200)
#   back_ms   from the fresh process's start until every client is connected again
# The clients reconnect with socket.io-client's default backoff (1 s doubling to 5 s, +-50%), as real ones.
#
# Usage: parley-benchmarks/reconnect-storm.sh [CLIENTS] [PROCS]      (defaults 10000 and 4)
# Environment:
#   SERVERS="parley parley-cds node"  which servers to storm, in turn (parley-cds: with an AppCDS archive;
#                      empty: none, for STARTUP_RUNS alone)
#   PORT=3300          the port every server uses in turn
#   TRANSPORT=websocket  or polling
#   SKIP_BUILD=1       reuse parley-app/target/parley.jar
#   JAVA_OPTS=...      extra JVM options of the Parley server
#   STARTUP_RUNS=3     also time STARTUP_RUNS bare starts (no clients) with and without the AppCDS archive
# Output: one line per server, and target/reconnect-storm.json. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-10000}
PROCS=${2:-4}
SERVERS=${SERVERS-"parley node"}  # SERVERS= (empty) with STARTUP_RUNS: only the bare starts
PORT=${PORT:-3300}
TRANSPORT=${TRANSPORT:-websocket}
STARTUP_RUNS=${STARTUP_RUNS:-0}
JAR=parley-app/target/parley.jar
CDS_ARCHIVE=parley-benchmarks/target/parley-cds.jsa
OUT=parley-benchmarks/target/reconnect-storm
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -o -pl parley-app -am package -DskipTests -Djacoco.skip=true
fi
(cd parley-benchmarks/storm && { [[ -d node_modules ]] || npm ci --no-audit --no-fund >/dev/null; })
(cd parley-benchmarks/peers/node && { [[ -d node_modules ]] || npm ci --no-audit --no-fund >/dev/null; })

now_ms() { date +%s%3N; }
SERVER_PID=
CLIENT_PIDS=()
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill -9 "$SERVER_PID" 2>/dev/null || true
  for p in "${CLIENT_PIDS[@]:-}"; do [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_server KIND LOG: starts it on $PORT in the background, sets SERVER_PID.
start_server() {
  case "$1" in
    parley) java $JAVA_OPTS_ALL -jar "$JAR" serve --app echo --port "$PORT" --drain-readiness-delay 0s >"$2" 2>&1 & ;;
    parley-cds) java -XX:SharedArchiveFile="$CDS_ARCHIVE" $JAVA_OPTS_ALL -jar "$JAR" serve --app echo --port "$PORT" \
        --drain-readiness-delay 0s >"$2" 2>&1 & ;;
    node) node parley-benchmarks/peers/node/socketio-echo-server.mjs "$PORT" >"$2" 2>&1 & ;;
  esac
  SERVER_PID=$!
}

# await_ready KIND: returns once the server takes clients (polls every 10 ms, gives up after 60 s).
await_ready() {
  local url="http://127.0.0.1:$PORT/readyz"
  [[ "$1" == node ]] && url="http://127.0.0.1:$PORT/socket.io/?EIO=4&transport=polling"
  for _ in $(seq 6000); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" == 200 ]]; then return 0; fi
    sleep 0.01
  done
  echo "server did not get ready" >&2; return 1
}

stop_server() {
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# count_events EVENT: how many client processes printed it.
count_events() { cat "$OUT"/clients-*.out 2>/dev/null | grep -c "\"ev\":\"$1\"" || true; }
# max_field EVENT FIELD: the largest value of FIELD in EVENT lines.
max_field() { cat "$OUT"/clients-*.out | grep "\"ev\":\"$1\"" | sed -E "s/.*\"$2\":([0-9]+).*/\\1/" | sort -n | tail -1; }

await_clients() { # EVENT TIMEOUT_S
  for _ in $(seq $(($2 * 10))); do
    [[ "$(count_events "$1")" -ge "$PROCS" ]] && return 0
    sleep 0.1
  done
  echo "clients did not all report $1 within $2 s: $(cat "$OUT"/clients-*.out | grep progress | tail -"$PROCS" | tr '\n' ' ')" >&2
  return 1
}

JAVA_OPTS_ALL="${JAVA_OPTS:-}"
if [[ " $SERVERS " == *" parley-cds "* || "$STARTUP_RUNS" -gt 0 ]] && [[ ! -f "$CDS_ARCHIVE" ]]; then
  # The archive holds the classes a start loaded: dumped when this run exits (SIGTERM, after a drain).
  echo "building the AppCDS archive $CDS_ARCHIVE"
  java -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" $JAVA_OPTS_ALL -jar "$JAR" serve --app echo --port "$PORT" \
      --drain-readiness-delay 0s >"$OUT/cds-dump.log" 2>&1 &
  SERVER_PID=$!
  await_ready parley
  node parley-benchmarks/storm/storm-clients.mjs "http://127.0.0.1:$PORT" 10 "$TRANSPORT" >/dev/null &
  sleep 2; kill $! 2>/dev/null || true
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=
fi

RESULTS=()
if [[ "$STARTUP_RUNS" -gt 0 ]]; then
  for kind in parley parley-cds; do
    for run in $(seq "$STARTUP_RUNS"); do
      t0=$(now_ms); start_server "$kind" "$OUT/startup-$kind-$run.log"; await_ready parley; t1=$(now_ms)
      stop_server
      echo "startup $kind run $run: ready in $((t1 - t0)) ms"
      RESULTS+=("{\"startup\":\"$kind\",\"run\":$run,\"readyMs\":$((t1 - t0))}")
    done
  done
fi

PER_PROC=$(( (CLIENTS + PROCS - 1) / PROCS ))
for kind in $SERVERS; do
  rm -f "$OUT"/clients-*.out
  start_server "$kind" "$OUT/$kind-first.log"
  await_ready "$kind"
  CLIENT_PIDS=()
  for p in $(seq "$PROCS"); do
    node parley-benchmarks/storm/storm-clients.mjs "http://127.0.0.1:$PORT" "$PER_PROC" "$TRANSPORT" >"$OUT/clients-$p.out" 2>&1 &
    CLIENT_PIDS+=($!)
  done
  await_clients connected 300
  sleep 2 # let the connections settle (upgrades, first pings) before the kill

  stop_server # -9: every client loses the server at once
  await_clients down 30
  t0=$(now_ms)
  start_server "$kind" "$OUT/$kind-fresh.log"
  await_ready "$kind"; t_ready=$(now_ms)
  await_clients back 300
  t_back=$(max_field back lastConnectAt)
  ready_ms=$((t_ready - t0)); back_ms=$((t_back - t0))
  echo "$kind: $((PER_PROC * PROCS)) clients ($TRANSPORT): ready in $ready_ms ms, every client back in $back_ms ms after the fresh start"
  RESULTS+=("{\"server\":\"$kind\",\"clients\":$((PER_PROC * PROCS)),\"transport\":\"$TRANSPORT\",\"readyMs\":$ready_ms,\"backMs\":$back_ms}")
  for p in "${CLIENT_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  CLIENT_PIDS=()
  stop_server
done
( IFS=,; echo "[${RESULTS[*]}]" ) > parley-benchmarks/target/reconnect-storm.json
echo "results: parley-benchmarks/target/reconnect-storm.json"
