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
#   SERVERS ["parley node"]  TRANSPORTS [sse,ws,socketio,longpoll]
#   SUBSCRIBERS [10000]; several, comma-separated (SUBSCRIBERS=10,100), run one after the other
#   RATE [10000] events/s; several, comma-separated and increasing (RATE=2,5,10,20), for a sweep: a fresh
#   server each. A sweep stops, for a server and a subscriber count, after the first rate at which a
#   transport lost a delivery, a subscriber failed to open, or a p99 passed STOP_P99_MS [1000] (0: never stop)
#   PAYLOAD [64] (characters of each event's data)  WARMUP [10s]  DURATION [20s]  DRAIN [10s]
#   HEAP_STREAMS [10000] (0: no heap run)  PORT [3450]  SERVER_HEAP [1g] (Parley's -Xms/-Xmx)
#   LOAD_OPTS [] more options for the generator (LoadMain push --help)   SKIP_BUILD=1 reuses the jars
# Output: parley-benchmarks/target/push-fanout/<server>-fanout-<subscribers>-<rate>.json and
# <server>-sse-heap.json, the servers' logs, a table.
# Files: each subscriber is one connection, so one file in the generator and one in the server (a long poller
# keeps its one keep-alive connection; the reports' open.openFiles shows the counts). With the open files
# limit of 20,000 that a process of the development VM has, one generator and one server hold 10,000
# subscribers with room to spare; past about 19,000, raise the limit (ulimit -Hn) rather than split them.
# Run it on a quiet machine: the servers and the generator share its cores (see docs/benchmarks.md, S12).
set -euo pipefail
cd "$(dirname "$0")/.."
SERVERS=${SERVERS:-"parley node"}
SUBSCRIBERS=${SUBSCRIBERS:-10000}; RATE=${RATE:-10000}; TRANSPORTS=${TRANSPORTS:-sse,ws,socketio,longpoll}
PAYLOAD=${PAYLOAD:-64}; WARMUP=${WARMUP:-10s}; DURATION=${DURATION:-20s}; DRAIN=${DRAIN:-10s}
HEAP_STREAMS=${HEAP_STREAMS:-10000}; PORT=${PORT:-3450}; SERVER_HEAP=${SERVER_HEAP:-1g}
STOP_P99_MS=${STOP_P99_MS:-1000}
TOKEN=push-fanout-$RANDOM$RANDOM
OUT=parley-benchmarks/target/push-fanout
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The shaded jar is rebuilt from scratch: shading over a previous parley.jar keeps that jar's classes
  # (the first copy of a class wins), so a changed module would be measured as it was.
  rm -f parley-app/target/parley.jar parley-app/target/original-parley.jar
  ./mvnw -B -q ${MVN_OPTS:-} -Pbench -pl parley-benchmarks,parley-app -am package -DskipTests -Djacoco.skip=true
fi
(cd parley-benchmarks/peers/node && { [[ -d node_modules/express ]] || npm ci --no-audit --no-fund >/dev/null; })
# Each subscriber is a socket in the server and one in the generator: each process needs that many files.
most=$HEAP_STREAMS
for n in ${SUBSCRIBERS//,/ }; do (( n > most )) && most=$n; done
need=$(( most + 1000 ))
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
    # subscriber comes from the generator's few loopback addresses. A poll answer carries up to the history
    # (1,000 events), as the peer's does, rather than 100: at thousands of events/s, 100 a round trip is
    # fewer than are published.
    PARLEY_PUBLISH_TOKEN=$TOKEN java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" -jar parley-app/target/parley.jar \
      serve --app push --port "$PORT" --sse-max-streams-per-address 50000 \
      --poll-max-waiting-per-address 50000 --poll-max-events 1000 >"$2" 2>&1 &
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
# Whether the run of FILE is where a sweep stops: a loss, a subscriber that did not open, a p99 past the bound.
stops() {
  [[ -s "$1" ]] || return 0
  jq -e --argjson p99 "$STOP_P99_MS" '(.warnings // [] | any(test("failed to open"))) or
      ([.results[]? | objects | select(has("lossPercent"))] | any(.lossPercent > 0 or
        ($p99 > 0 and (.latency.p99Micros // 0) > $p99 * 1000)))' "$1" >/dev/null
}

for server in $SERVERS; do
  for subs in ${SUBSCRIBERS//,/ }; do
    for rate in ${RATE//,/ }; do
      run="$OUT/$server-fanout-$subs-$rate"
      start "$server" "$run.log"
      "${L[@]}" -c "$subs" -r "$rate" --transports "$TRANSPORTS" --warmup "$WARMUP" -d "$DURATION" \
        --drain-timeout "$DRAIN" --server-pid "$PID" --json "$run.json" ${LOAD_OPTS:-} >"$run.txt" || true
      stop
      echo "$server $subs subscribers $rate events/s: done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
      if [[ "$STOP_P99_MS" != 0 ]] && stops "$run.json"; then
        echo "$server $subs subscribers: the sweep stops at $rate events/s (loss, a failed open or p99 > $STOP_P99_MS ms)"
        break
      fi
    done
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

echo "S12 push fan-out: $TRANSPORTS, payload $PAYLOAD, window $DURATION"
printf '%-7s %6s %8s %-9s %6s %13s %9s %9s %7s %5s %5s %5s %6s\n' server subs events/s transport ready \
  deliveries/s p50_ms p99_ms loss% gen srv busy% files
for server in $SERVERS; do
  for subs in ${SUBSCRIBERS//,/ }; do
    for rate in ${RATE//,/ }; do
      f="$OUT/$server-fanout-$subs-$rate.json"
      [[ -s "$f" ]] || continue
      for t in ${TRANSPORTS//,/ }; do
        jq -r --arg s "$server" --arg n "$subs" --arg r "$rate" --arg t "$t" '[$s, $n, $r, $t,
            .results[$t].ready, .results[$t].deliveriesPerSecond, ((.results[$t].latency.p50Micros // 0) / 1000),
            ((.results[$t].latency.p99Micros // 0) / 1000), .results[$t].lossPercent, .cpu.generatorCores,
            .cpu.serverCores, .cpu.systemBusyPercent, ([.open.openFiles[]?] | join("/"))] | @tsv' "$f" |
          awk -F'\t' '{ printf "%-7s %6s %8s %-9s %6s %13s %9.1f %9.1f %7s %5s %5s %5s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }'
      done
      jq -r '.warnings[]? | "  warning: " + .' "$f"
    done
  done
done
if [[ "$HEAP_STREAMS" -gt 0 ]]; then
  echo "Live heap per open SSE stream ($HEAP_STREAMS streams; target <= 2048 bytes):"
  for server in $SERVERS; do
    jq -r --arg s "$server" '"  \($s): \(.heap.bytesPerSubscriber) bytes (\(.heap.subscribersOpen) open; \(.heap.liveHeapBeforeBytes) -> \(.heap.liveHeapWithSubscribersBytes) bytes, \(.heap.method))"' \
      "$OUT/$server-sse-heap.json"
  done
fi
