#!/usr/bin/env bash
# The chat load of issue 17, section 4: USERS users of Parley Chat in ROOMS rooms, each sending one message
# every INTERVAL (1,000 in 10 rooms every 5 s: 200 messages/s stored, 19,800 deliveries/s to the other
# members), over the chat's own Socket.IO protocol (docs/chat.md): each user connects with a new nickname,
# joins its room, sends message:send with a clientId and an ack, and answers every message from someone else
# with message:delivered, as the web page does. Per variant: messages stored per second, latency from the
# send to the ack and to every other member's socket (p50/p99), loss and duplicates per message and member,
# the server's CPU (and the database's, and Redis's) per message. See docs/benchmarks.md, "Chat load".
#
# Variants (VARIANTS, in order):
#   sqlite-1    one node, SQLite in a fresh --data-dir
#   postgres-1  one node, a fresh PostgreSQL database
#   postgres-2  two nodes over Redis (--redis, a key of the run's own) on one fresh PostgreSQL database,
#               each room's members alternating between the nodes (the chat refuses --redis with SQLite)
#
# Usage: parley-benchmarks/chat-load.sh
# Environment (defaults in brackets):
#   VARIANTS ["sqlite-1 postgres-1 postgres-2"]  USERS [1000]  ROOMS [10]  INTERVAL [5s]  TEXT [60] characters
#   CONNECT_RATE [50] users connecting per second  CONNECT_TIMEOUT [30s] per user, to joined
#   WARMUP [15s]  DURATION [60s]  DRAIN [10s]
#   RECEIPTS [1] (0: no message:delivered)  PORT [3600] (a second node on PORT+1)  SERVER_HEAP [1g]
#   PG_HOST [127.0.0.1:5432]  PG_USER [postgres] (trust authentication, as the tests' PostgresDatabase)
#   REDIS [redis://127.0.0.1:6379]  REGISTRATIONS_PER_ADDRESS [20], see below
#   SERVER_OPTS [] more options for `parley serve`  LOAD_OPTS [] more for the generator (LoadMain chat --help)
#   SKIP_BUILD=1 reuses the jars
# Output: parley-benchmarks/target/chat-load/<variant>.json (every figure), .txt, the servers' logs, a table.
#
# Registrations: the chat lets one client address register --registration-limit new nicknames (default 20)
# per 10 minutes. The servers keep that default; the generator spreads its users over
# ceil(USERS / REGISTRATIONS_PER_ADDRESS) loopback source addresses (127.0.0.1, 127.0.0.2, ...), as many
# offices of 20 people would be. No other chat limit is reached: 1 message per 5 s is within the rate limit
# (20 per 10 s), one room:join per user within --room-action-limit, 10 rooms within --max-rooms.
#
# Run it on a quiet machine: the servers, the database, Redis and the generator share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"sqlite-1 postgres-1 postgres-2"}
USERS=${USERS:-1000}; ROOMS=${ROOMS:-10}; INTERVAL=${INTERVAL:-5s}; TEXT=${TEXT:-60}
CONNECT_RATE=${CONNECT_RATE:-50}; CONNECT_TIMEOUT=${CONNECT_TIMEOUT:-30s}
WARMUP=${WARMUP:-15s}; DURATION=${DURATION:-60s}; DRAIN=${DRAIN:-10s}
RECEIPTS=${RECEIPTS:-1}; PORT=${PORT:-3600}; SERVER_HEAP=${SERVER_HEAP:-1g}
PG_HOST=${PG_HOST:-127.0.0.1:5432}; PG_USER=${PG_USER:-postgres}; REDIS=${REDIS:-redis://127.0.0.1:6379}
REGISTRATIONS_PER_ADDRESS=${REGISTRATIONS_PER_ADDRESS:-20}
OUT=parley-benchmarks/target/chat-load
RUN=chatload$(date +%s)$RANDOM
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q ${MVN_OPTS:-} -Pbench -pl parley-benchmarks,parley-app -am package -DskipTests -Djacoco.skip=true
fi
need=$((USERS + 1000))
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
  ulimit -n "$need" 2>/dev/null || echo "warning: open files limit $(ulimit -n), below the $need needed" >&2
fi
load=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN { exit !($load > 0.5) }"; then
  echo "warning: load average is $load; the figures will be disturbed by whatever else runs" >&2
fi
sources=$(( (USERS + REGISTRATIONS_PER_ADDRESS - 1) / REGISTRATIONS_PER_ADDRESS ))

PIDS=(); DB=""
psql_admin() { psql -h "${PG_HOST%:*}" -p "${PG_HOST#*:}" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt -c "$1"; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  if [[ -n "$DB" ]]; then psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; DB=""; fi
}
trap cleanup EXIT

start_node() { # PORT DATA_DIR LOG [serve options...]
  local port=$1 dir=$2 log=$3; shift 3
  mkdir -p "$dir"
  java -Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" -jar parley-app/target/parley.jar serve --port "$port" \
    --data-dir "$dir" --drain-readiness-delay 0s "$@" ${SERVER_OPTS:-} >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "the chat did not become ready on $port (see $log)" >&2; return 1
}

for variant in $VARIANTS; do
  store=${variant%-*}; nodes=${variant##*-}
  dir=$OUT/$variant; rm -rf "$dir" "$OUT/$variant.json"; mkdir -p "$dir"
  serve=(); gen=(--url "ws://127.0.0.1:$PORT/socket.io/")
  if [[ "$store" == postgres ]]; then
    DB=${RUN}_$nodes
    psql_admin "CREATE DATABASE $DB"
    serve+=(--db "jdbc:postgresql://$PG_HOST/$DB" --db-user "$PG_USER")
  elif [[ "$nodes" != 1 ]]; then
    echo "$variant: the chat refuses --redis with SQLite; skipped" >&2; continue
  fi
  if [[ "$nodes" == 2 ]]; then
    serve+=(--redis "$REDIS" --redis-key "$RUN")
    gen+=(--user-url "ws://127.0.0.1:$PORT/socket.io/" --user-url "ws://127.0.0.1:$((PORT + 1))/socket.io/"
           --redis-cpu "$REDIS")
  fi
  for n in $(seq "$nodes"); do
    start_node $((PORT + n - 1)) "$dir/node$n" "$dir/node$n.log" "${serve[@]}"
  done
  if [[ -n "$DB" ]]; then
    # The chat's pool (HikariCP fills it at start) and PostgreSQL's own writers: their CPU is the database's.
    sleep 2
    dbpids=$(psql_admin "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '$DB'
        OR backend_type IN ('walwriter', 'checkpointer', 'background writer')")
    gen+=(--db-pid "$dbpids")
  fi
  [[ "$RECEIPTS" == 0 ]] && gen+=(--no-receipts)
  servers=$(IFS=,; echo "${PIDS[*]}")
  java -Xms1g -Xmx1g -cp parley-benchmarks/target/benchmarks.jar dev.parley.benchmarks.load.LoadMain chat \
    --protocol socketio "${gen[@]}" --users "$USERS" --rooms "$ROOMS" --interval "$INTERVAL" \
    --text-length "$TEXT" --connect-rate "$CONNECT_RATE" --connect-timeout "$CONNECT_TIMEOUT" \
    --source-addresses "$sources" --warmup "$WARMUP" -d "$DURATION" --drain-timeout "$DRAIN" \
    --server-pid "$servers" --json "$OUT/$variant.json" \
    ${LOAD_OPTS:-} >"$OUT/$variant.txt" || echo "$variant: the generator failed (see $OUT/$variant.txt)" >&2
  cleanup
done

echo "Chat load: $USERS users in $ROOMS rooms, one message each per $INTERVAL, window $DURATION"
printf '%-11s %6s %9s %12s %8s %8s %8s %8s %6s %5s %7s %7s %7s %6s %5s\n' variant ready stored/s deliveries/s \
  p50_ms p99_ms ack_p50 ack_p99 lost dups srv_us db_us cores gen busy%
for variant in $VARIANTS; do
  f="$OUT/$variant.json"
  [[ -f "$f" ]] || continue
  jq -r --arg v "$variant" '[$v, .open.ready, .results.messagesStoredPerSecond, .results.deliveriesPerSecond,
      ((.results.deliveryLatency.p50Micros // 0) / 1000), ((.results.deliveryLatency.p99Micros // 0) / 1000),
      ((.results.storedLatency.p50Micros // 0) / 1000), ((.results.storedLatency.p99Micros // 0) / 1000),
      .results.missingDeliveries, .results.duplicateDeliveries, (.cpu.serverCpuMicrosPerMessage // "-"),
      (.cpu.databaseCpuMicrosPerMessage // "-"), (.cpu.serverCores // "-"), .cpu.generatorCores,
      .cpu.systemBusyPercent] | @tsv' "$f" |
    awk -F'\t' '{ printf "%-11s %6s %9s %12s %8.1f %8.1f %8.1f %8.1f %6s %5s %7s %7s %7s %6s %5s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 }'
  jq -r '.warnings[]? | "  warning: " + .' "$f"
done
