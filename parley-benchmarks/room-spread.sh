#!/usr/bin/env bash
# Rooms spread over the servers of a cluster (issue 14 part 4): does each server's Redis traffic follow its
# rooms? Two servers of one cluster on REDIS_URL; ROOMS rooms of SUBS subscribers each, every room's
# subscribers on one server (the first PERCENT_A% of the rooms on server A, the rest on B); one publisher on
# each server broadcasts to every room RATE times a second. Per server, the bytes its Redis connections read
# over the window (the kernel's count, `ss -tinp`). With classic pub/sub (and sharded static, one channel per
# namespace, and streams) every server reads every broadcast; with sharded dynamic a server reads only its
# rooms' channels, so A reads about PERCENT_A% of what B and A read together.
#
# Usage: parley-benchmarks/room-spread.sh
# Environment (defaults in brackets):
#   MODES ["classic sharded-static sharded-dynamic streams"]  the adapter protocols, in turn
#   SERVER [parley]   or node (the Node peer, parley-benchmarks/peers/node, with the same protocol)
#   ROOMS [100] SUBS [2] PERCENT_A [25] RATE [10] PAYLOAD [100]   RATE: broadcasts per room per second per publisher
#   WARMUP [3] DURATION [10]   seconds
#   REDIS_URL [redis://127.0.0.1:6379]  PORT [3400] (A; B on PORT+1)  SKIP_BUILD=1 reuses parley.jar
# Output: one JSON line per mode (also in parley-benchmarks/target/room-spread.jsonl), then a table.
# Each mode runs on a key of its own, deleted afterwards. Run it on a quiet machine with an idle Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
MODES=${MODES:-"classic sharded-static sharded-dynamic streams"}
SERVER=${SERVER:-parley}
ROOMS=${ROOMS:-100}; SUBS=${SUBS:-2}; PERCENT_A=${PERCENT_A:-25}; RATE=${RATE:-10}; PAYLOAD=${PAYLOAD:-100}
WARMUP=${WARMUP:-3}; DURATION=${DURATION:-10}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}; PORT=${PORT:-3400}
REDIS_PORT=$(sed -E 's#.*:([0-9]+)/?[0-9]*$#\1#' <<<"$REDIS_URL")
JAR=parley-app/target/parley.jar
OUT=parley-benchmarks/target/room-spread
mkdir -p "$OUT"
: >parley-benchmarks/target/room-spread.jsonl

if [[ -z "${SKIP_BUILD:-}" && "$SERVER" == parley ]]; then
  ./mvnw -B -q -o -pl parley-app -am package -DskipTests -Djacoco.skip=true
fi
(cd parley-benchmarks/storm && { [[ -d node_modules ]] || npm ci --no-audit --no-fund >/dev/null; })
(cd parley-benchmarks/peers/node && { [[ -d node_modules ]] || npm ci --no-audit --no-fund >/dev/null; })
[[ "$(redis-cli -u "$REDIS_URL" PING)" == PONG ]] || { echo "Redis at $REDIS_URL does not answer" >&2; exit 1; }

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start MODE KEY PORT: one server of the cluster in the background; its pid is appended to PIDS.
start() {
  local adapter=${1%%-*} mode=${1#*-} args=()
  [[ "$adapter" == "$1" ]] && mode=""
  args=(--adapter "$adapter")
  [[ -n "$mode" ]] && args+=(--subscription-mode "$mode")
  [[ "$adapter" == streams ]] && args+=(--redis-stream-name "$2")
  if [[ "$SERVER" == parley ]]; then
    java -Xms256m -Xmx256m -jar "$JAR" serve --app echo --port "$3" --redis "$REDIS_URL" --redis-key "$2" \
      "${args[@]}" >"$OUT/$1-$3.log" 2>&1 &
  else
    REDIS_URL=$REDIS_URL REDIS_KEY=$2 REDIS_ADAPTER=$adapter REDIS_SUBSCRIPTION_MODE=${mode:-dynamic} \
      REDIS_STREAM_NAME=$2 node parley-benchmarks/peers/node/socketio-echo-server.mjs "$3" >"$OUT/$1-$3.log" 2>&1 &
  fi
  PIDS+=($!)
}

await_ready() { # PORT
  local url="http://127.0.0.1:$1/socket.io/?EIO=4&transport=polling"
  for _ in $(seq 600); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" == 200 ]] && return 0
    sleep 0.1
  done
  echo "server on $1 did not get ready" >&2; return 1
}

for mode in $MODES; do
  key="room-spread-$mode-$(date +%s%N)"
  PIDS=()
  start "$mode" "$key" "$PORT"; start "$mode" "$key" $((PORT + 1))
  await_ready "$PORT"; await_ready $((PORT + 1))
  node parley-benchmarks/storm/room-spread-clients.mjs "$mode" "http://127.0.0.1:$PORT" "${PIDS[0]}" \
    "http://127.0.0.1:$((PORT + 1))" "${PIDS[1]}" "$REDIS_PORT" "$ROOMS" "$SUBS" "$PERCENT_A" "$RATE" \
    "$WARMUP" "$DURATION" "$PAYLOAD" | tee -a parley-benchmarks/target/room-spread.jsonl
  for p in "${PIDS[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  PIDS=()
  redis-cli -u "$REDIS_URL" --scan --pattern "$key*" | xargs -r redis-cli -u "$REDIS_URL" DEL >/dev/null
done

node -e '
const lines = require("fs").readFileSync("parley-benchmarks/target/room-spread.jsonl", "utf8").trim().split("\n");
console.log("| mode | broadcasts/s | A rooms | A Redis bytes/broadcast | B rooms | B Redis bytes/broadcast | A share | delivered |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of lines.map(JSON.parse)) {
  const share = r.a.redisBytesRead / (r.a.redisBytesRead + r.b.redisBytesRead);
  console.log(`| ${r.label} | ${Math.round(r.broadcastsPerSecond)} | ${r.a.rooms} | ${r.a.bytesPerBroadcast.toFixed(1)} | ` +
    `${r.b.rooms} | ${r.b.bytesPerBroadcast.toFixed(1)} | ${(share * 100).toFixed(0)}% | ` +
    `${r.deliveriesReceived}/${r.deliveriesExpected} |`);
}'
