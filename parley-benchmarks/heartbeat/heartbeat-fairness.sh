#!/usr/bin/env bash
# Heartbeat fairness under load (hardening issue, section 2): N official socket.io clients over WebSocket
# against a freshly started server with the suites' heartbeat (pingInterval 300 ms, pingTimeout 200 ms)
# while two busy loops keep the CPU loaded; prints, per run, how many clients each server dropped.
# Servers are interleaved run by run: Parley (`serve --app echo`, cold JVM) and Node's socket.io 4.8
# (parley-benchmarks/peers/node/socketio-echo-server.mjs); "before" is Parley from a second jar (--before-jar),
# to compare two builds in the same conditions. Each line also gives the clients' own loop lag and CPU, and the
# server's CPU seconds (serverCpuS); the servers' logs stay in the directory printed first.
#   [HEARTBEAT_BATCH=200] parley-benchmarks/heartbeat/heartbeat-fairness.sh [--runs 3] [--clients 200] [--hold 10]
#       [--jar parley-app/target/parley.jar] [--before-jar other.jar] [--servers "parley node"] [--busy 2]
#       [--client-nice -10]  (the clients' process at that nice value, so its own stalls stay out of the result)
# Needs: the jar (./mvnw -q -pl parley-app -am package -DskipTests), and `npm ci` done once in
# parley-benchmarks/peers/node and parley-testkit/node. Fetches nothing itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs=3 clients=200 hold=10 busy=2 servers="parley node" client_nice=0
jar="$root/parley-app/target/parley.jar"
before_jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --before-jar) before_jar=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --busy) busy=$2; shift 2 ;;
    --client-nice) client_nice=$2; shift 2 ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
for dir in parley-benchmarks/peers/node parley-testkit/node; do
  [ -d "$root/$dir/node_modules" ] || { echo "run npm ci in $dir first" >&2; exit 2; }
done
logs=$(mktemp -d)
pids=()
server_pid=""
cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 60 s for a line of the server's log.
await_log() {
  for _ in $(seq 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.1
  done
  echo "server did not start" >&2; cat "$1" >&2; return 1
}

for _ in $(seq "$busy"); do
  yes > /dev/null &
  pids+=($!)
done
echo "# $clients clients, hold ${hold}s, $busy busy loops, jar $jar, logs in $logs"
for run in $(seq "$runs"); do
  for server in $servers; do
    port=$(free_port)
    log="$logs/$server-$run.log"
    case "$server" in
      parley|before)
        [ "$server" = parley ] && server_jar=$jar || server_jar=$before_jar
        java ${PARLEY_JAVA_OPTS:-} -jar "$server_jar" serve --app echo --host 127.0.0.1 --port "$port" \
          --ping-interval 300 --ping-timeout 200 > "$log" 2>&1 &
        server_pid=$!
        await_log "$log" "Parley is running" ;;
      node)
        PING_INTERVAL=300 PING_TIMEOUT=200 node "$root/parley-benchmarks/peers/node/socketio-echo-server.mjs" \
          "$port" > "$log" 2>&1 &
        server_pid=$!
        await_log "$log" "listening" ;;
      *) echo "unknown server $server" >&2; exit 2 ;;
    esac
    result=$(nice -n "$client_nice" node "$root/parley-benchmarks/heartbeat/heartbeat-clients.mjs" "http://127.0.0.1:$port" "$clients" "$hold" \
      2> "$logs/clients-$server-$run.log") || result="clients failed: $(tail -3 "$logs/clients-$server-$run.log")"
    # CPU seconds the server used, start to end of the run (user + system, from /proc): a server that burns
    # more CPU (a cold JIT) leaves less of the shared cores to the clients that must answer its pings.
    ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat" 2>/dev/null || echo 0)
    echo "run $run $server $result serverCpuS=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
  done
done
