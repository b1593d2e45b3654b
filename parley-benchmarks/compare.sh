#!/usr/bin/env bash
# A first side-by-side run (not yet the full harness of the benchmark issue): S4 echo, 100 connections,
# 1 message in flight, 64 bytes, against Parley and its peers, interleaved (A B C A B C ...), ROUNDS times.
# Results: target/compare/<server>-<round>.{txt,json}. Needs: ./mvnw -Pbench package, the app jar, and
# `npm ci` in parley-benchmarks/peers/node. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10s}
JAR=parley-benchmarks/target/benchmarks.jar
APP=parley-app/target/parley.jar
NODE=parley-benchmarks/peers/node
OUT=parley-benchmarks/target/compare
mkdir -p "$OUT"
SERVER_PID=
start() { "$@" > "$OUT/server.log" 2>&1 & SERVER_PID=$!; sleep 3; }
stop() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; sleep 1; }
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
run() { # name url protocol [extra options]
  local name=$1 url=$2 proto=$3; shift 3
  java -cp "$JAR" dev.parley.benchmarks.load.LoadMain echo --protocol "$proto" --url "$url" -c 100 -k 1 \
    -d "$DURATION" --warmup 3s --server-pid "$SERVER_PID" --json "$OUT/$name-$ROUND.json" "$@" > "$OUT/$name-$ROUND.txt"
  echo "$name round $ROUND done"
}
for ROUND in $(seq 1 "$ROUNDS"); do
  start java -Xmx1g -jar "$APP" serve --app demo --port 3400; run parley-ws ws://127.0.0.1:3400/ws/echo ws; stop
  start java -Xmx1g -cp "$JAR" dev.parley.benchmarks.peers.NettyWebSocketEchoServer 3402; run netty-ws ws://127.0.0.1:3402/ws/echo ws; stop
  start node "$NODE/ws-echo-server.mjs" 3403; run node-ws ws://127.0.0.1:3403/ws/echo ws; stop
  start java -Xmx1g -jar "$APP" serve --app echo --port 3401; run parley-sio ws://127.0.0.1:3401/socket.io/ socketio --ack; stop
  start node "$NODE/socketio-echo-server.mjs" 3404; run node-sio ws://127.0.0.1:3404/socket.io/ socketio --ack; stop
done
