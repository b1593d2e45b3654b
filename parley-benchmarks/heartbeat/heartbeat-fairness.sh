#!/usr/bin/env bash
# Heartbeat fairness under load (hardening issue, section 2): N official socket.io clients over WebSocket
# against a freshly started server with the suites' heartbeat (pingInterval 300 ms, pingTimeout 200 ms)
# while two busy loops keep the CPU loaded; prints, per run, how many clients each server dropped.
# Servers are interleaved run by run: Parley (`serve --app echo`, cold JVM) and Node's socket.io 4.8
# (parley-benchmarks/peers/node/socketio-echo-server.mjs); "before" is Parley from a second jar (--before-jar),
# to compare two builds in the same conditions. Each line also gives the clients' own loop lag and CPU, and the
# server's CPU seconds (serverCpuS) and the load average at its end (load, 1 min); the servers' logs stay in the directory printed first.
# Every dropped client is looked up in its server's log by its Engine.IO sid (Parley with EngineSession at DEBUG,
# Node with LOG_CLOSES=1): serverReasons counts the server's close reasons of the run's drops, and a line per drop
# is written to the log's .drops file ("drop <sid> client=<its reason> at=<ms> server=<the server's lines>": for a
# ping timeout, when the ping was written and how late the deadline was judged; a pong read after the close too),
# and a few of them are printed.
#   [HEARTBEAT_BATCH=200] parley-benchmarks/heartbeat/heartbeat-fairness.sh [--runs 3] [--clients 200] [--hold 10]
#       [--jar parley-app/target/parley.jar] [--before-jar other.jar] [--servers "parley node"] [--busy 2]
#       [--client-nice -10]  (the clients' process at that nice value, so its own stalls stay out of the result)
# Needs: python3, the jar (./mvnw -q -pl parley-app -am package -DskipTests), and `npm ci` done once in
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
    *) sed -n '2,17p' "$0"; exit 2 ;;
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

# The closes of Parley's sessions, at DEBUG: read from this file rather than set in code, so the server under
# test is the jar as shipped.
cat > "$logs/logback.xml" <<'XML'
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <logger name="dev.parley.engineio.internal.EngineSession" level="DEBUG"/>
  <root level="INFO"><appender-ref ref="STDERR"/></root>
</configuration>
XML

# Prints the run's line (the clients' JSON without its list of drops, the server's CPU and the server's reasons for
# the drops), the drops counted by pairs of client and server reasons, and the server's lines about a few of them;
# the lines of every drop go to <server log>.drops.
report() { # run server clients-json server-log cpu-seconds load-average
  python3 - "$@" <<'PY'
import json, re, sys
run, server, result, log, cpu, load = sys.argv[1:7]
try:
    r = json.loads(result)
except ValueError:
    print(f"run {run} {server} {result} serverCpuS={cpu} load={load}")
    sys.exit()
drops = r.pop("drops", [])
lines = open(log, errors="replace").read().splitlines()
reasons, pairs, details = {}, {}, []
for d in drops:
    sid = d.get("sid")
    said = [l for l in lines if sid and re.search(r"(session|close) " + re.escape(sid) + r"\b", l)]
    # The server's reason: Parley's "session <sid> closed: <reason>", Node's "close <sid> <reason>".
    closes = [m.group(1) or m.group(2) for l in said
              for m in [re.search(r"session \S+ closed: (.+)$|close \S+ (.+)$", l)] if m]
    why = closes[0] if closes else ("no close logged" if sid else "no sid")
    reasons[why] = reasons.get(why, 0) + 1
    pair = f"{d['reason']} / {why}"
    pairs[pair] = pairs.get(pair, 0) + 1
    details.append(f"drop {sid} client={d['reason']!r} at={d['atMs']}ms server=" + (" | ".join(
        re.sub(r"^.*?(EngineSession - |close )", "", l) for l in said) or why))
print(f"run {run} {server} {json.dumps(r, separators=(',', ':'))} serverCpuS={cpu} "
      f"serverReasons={json.dumps(reasons, separators=(',', ':'))} load={load}")
if pairs:
    print("  client / server reason: " + json.dumps(pairs, separators=(',', ':')))
with open(log + ".drops", "w") as out:
    out.write("".join(l + "\n" for l in details))
# The server's lines of a few drops, those of a ping timeout first (they tell when the ping was written).
for line in sorted(details, key=lambda l: "ping timeout (" not in l)[:3]:
    print("  " + line)
PY
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
        java ${PARLEY_JAVA_OPTS:-} -Dlogback.configurationFile="$logs/logback.xml" -jar "$server_jar" serve --app echo --host 127.0.0.1 --port "$port" \
          --ping-interval 300 --ping-timeout 200 > "$log" 2>&1 &
        server_pid=$!
        await_log "$log" "Parley is running" ;;
      node)
        LOG_CLOSES=1 PING_INTERVAL=300 PING_TIMEOUT=200 node "$root/parley-benchmarks/peers/node/socketio-echo-server.mjs" \
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
    report "$run" "$server" "$result" "$log" \
      "$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')" "$(cut -d' ' -f1 /proc/loadavg)"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
  done
done
