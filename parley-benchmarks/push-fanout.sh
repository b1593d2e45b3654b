#!/usr/bin/env bash
# S12, push fan-out (issue 18, section 5): one publisher at RATE events/s over POST /api/publish to one topic
# with SUBSCRIBERS subscribers split evenly over TRANSPORTS (SSE, WebSocket /ws/topics, Socket.IO /topics,
# long polling); per transport deliveries/s, p50/p99 and loss. Then, on a fresh server, HEAP_STREAMS open SSE
# streams and nothing else: the server's live heap after full collections with them against without, per
# stream. For each server of SERVERS: Parley (`parley serve --app push`) and the Node peer
# (parley-benchmarks/peers/node/push-server.mjs: express, ws, socket.io).
#
# Usage: parley-benchmarks/push-fanout.sh
# Environment (defaults in brackets):
#   SERVERS ["parley node"]  SUBSCRIBERS [10000]  TRANSPORTS [sse,ws,socketio,longpoll]
#   RATE [10000] events/s; several, comma-separated (RATE=100,1000,10000), for a sweep: a fresh server each
#   PAYLOAD [64] (characters of each event's data)  WARMUP [10s]  DURATION [20s]  DRAIN [10s]
#   HEAP_STREAMS [10000] (0: no heap run)  PORT [3450]  SERVER_HEAP [1g] (Parley's -Xms/-Xmx)
#   LOAD_OPTS [] more options for the generator (LoadMain push --help)   SKIP_BUILD=1 reuses the jars
# Output: parley-benchmarks/target/push-fanout/<server>-fanout-<rate>.json and <server>-sse-heap.json, the
# servers' logs, a table.
# Run it on a quiet machine: the servers and the generator share its cores (see docs/benchmarks.md, S12).
set -euo pipefail
cd "$(dirname "$0")/.."
SERVERS=${SERVERS:-"parley node"}
SUBSCRIBERS=${SUBSCRIBERS:-10000}; RATE=${RATE:-10000}; TRANSPORTS=${TRANSPORTS:-sse,ws,socketio,longpoll}
PAYLOAD=${PAYLOAD:-64}; WARMUP=${WARMUP:-10s}; DURATION=${DURATION:-20s}; DRAIN=${DRAIN:-10s}
HEAP_STREAMS=${HEAP_STREAMS:-10000}; PORT=${PORT:-3450}; SERVER_HEAP=${SERVER_HEAP:-1g}
TOKEN=push-fanout-$RANDOM$RANDOM
OUT=parley-benchmarks/target/push-fanout
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q ${MVN_OPTS:-} -Pbench -pl parley-benchmarks,parley-app -am package -DskipTests -Djacoco.skip=true
fi
(cd parley-benchmarks/peers/node && { [[ -d node_modules/express ]] || npm ci --no-audit --no-fund >/dev/null; })
# Each subscriber is a socket in the server and one in the generator: each process needs that many files.
need=$(( (SUBSCRIBERS > HEAP_STREAMS ? SUBSCRIBERS : HEAP_STREAMS) + 1000 ))
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
  ulimit -n "$need" 2>/dev/null || echo "warning: open files limit $(ulimit -n), below the $need needed" >&2
fi
load=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN { exit !($load > 0.5) }"; then
  echo "warning: load average is $load; the figures will be disturbed by whatever else runs" >&2
fi

PID=""
cleanup() { [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true; }
trap cleanup EXIT

start() { # SERVER LOG
  if [[ "$1" == parley ]]; then
    # The per-address bounds (100 SSE streams, 100 waiting polls) are for clients on the internet; here every
    # subscriber comes from the generator's few loopback addresses.
    PARLEY_PUBLISH_TOKEN=$TOKEN java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" -jar parley-app/target/parley.jar \
      serve --app push --port "$PORT" --sse-max-streams-per-address 50000 \
      --poll-max-waiting-per-address 50000 >"$2" 2>&1 &
  else
    PUBLISH_TOKEN=$TOKEN node --expose-gc parley-benchmarks/peers/node/push-server.mjs "$PORT" >"$2" 2>&1 &
  fi
  PID=$!
  for _ in $(seq 600); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0
    sleep 0.1
  done
  echo "$1 did not listen on $PORT" >&2; return 1
}

stop() {
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

L=(java -Xms1g -Xmx1g -cp parley-benchmarks/target/benchmarks.jar dev.parley.benchmarks.load.LoadMain push
   --url "http://127.0.0.1:$PORT" --publish-token "$TOKEN" --payload "$PAYLOAD")
for server in $SERVERS; do
  for rate in ${RATE//,/ }; do
    start "$server" "$OUT/$server-fanout-$rate.log"
    "${L[@]}" -c "$SUBSCRIBERS" -r "$rate" --transports "$TRANSPORTS" --warmup "$WARMUP" -d "$DURATION" \
      --drain-timeout "$DRAIN" --server-pid "$PID" --json "$OUT/$server-fanout-$rate.json" ${LOAD_OPTS:-} \
      >"$OUT/$server-fanout-$rate.txt"
    stop
  done
  if [[ "$HEAP_STREAMS" -gt 0 ]]; then
    log="$OUT/$server-sse-heap.log"
    start "$server" "$log"
    heap=(--heap-pid "$PID")
    [[ "$server" == node ]] && heap+=(--heap-node-log "$log")
    "${L[@]}" -c "$HEAP_STREAMS" --transports sse --heap-only "${heap[@]}" --json "$OUT/$server-sse-heap.json" \
      ${LOAD_OPTS:-} >"$OUT/$server-sse-heap.txt"
    stop
  fi
done

echo "S12 push fan-out: $SUBSCRIBERS subscribers ($TRANSPORTS), payload $PAYLOAD, window $DURATION"
printf '%-7s %8s %-9s %8s %14s %10s %10s %8s %6s %6s %6s\n' server events/s transport ready deliveries/s \
  p50_ms p99_ms loss% gen srv busy%
for server in $SERVERS; do
  for rate in ${RATE//,/ }; do
    f="$OUT/$server-fanout-$rate.json"
    for t in ${TRANSPORTS//,/ }; do
      jq -r --arg s "$server" --arg r "$rate" --arg t "$t" '[$s, $r, $t, .results[$t].ready,
          .results[$t].deliveriesPerSecond, ((.results[$t].latency.p50Micros // 0) / 1000),
          ((.results[$t].latency.p99Micros // 0) / 1000), .results[$t].lossPercent, .cpu.generatorCores,
          .cpu.serverCores, .cpu.systemBusyPercent] | @tsv' "$f" |
        awk -F'\t' '{ printf "%-7s %8s %-9s %8s %14s %10.2f %10.2f %8s %6s %6s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
    done
    jq -r '.warnings[]? | "  warning: " + .' "$f"
  done
done
if [[ "$HEAP_STREAMS" -gt 0 ]]; then
  echo "Live heap per open SSE stream ($HEAP_STREAMS streams; target <= 2048 bytes):"
  for server in $SERVERS; do
    jq -r --arg s "$server" '"  \($s): \(.heap.bytesPerSubscriber) bytes (\(.heap.subscribersOpen) open; \(.heap.liveHeapBeforeBytes) -> \(.heap.liveHeapWithSubscribersBytes) bytes, \(.heap.method))"' \
      "$OUT/$server-sse-heap.json"
  done
fi
