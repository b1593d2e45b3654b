#!/usr/bin/env bash
# usage: parley-benchmarks/hotpath/hotpath-profile.sh PROTO MODE JAVA_HOME PORT OUTDIR [SECONDS]
#   PROTO socketio|ws; MODE an --handlers value. Where the server's CPU and allocation go per echoed message at
#   one message in flight on 100 connections (S4 at k=1, 50-byte payloads): JFR (settings=profile, Java sampling
#   every 1 ms instead of 10) over one closed-loop run after a 15 s warm-up; the run's replies divide the counts.
#   Then: java parley-benchmarks/hotpath/SampleAgg.java OUTDIR/rec.jfr MESSAGES   (CPU samples by frame)
#         java parley-benchmarks/alloc/AllocAgg.java OUTDIR/rec.jfr MESSAGES 10   (bytes per message, by site)
#   with MESSAGES from OUTDIR/summary.txt; read both with a JDK >= 19 (AllocAgg asks for virtual threads).
#   SERVER_OPTS adds JVM options; PARLEY_JAR runs another build.
set -euo pipefail
proto=$1; mode=$2; jhome=$3; port=$4; secs=${6:-10}; mkdir -p "$5"; out=$(cd "$5" && pwd)
cd "$(dirname "$0")/../.."
app=echo; path=/socket.io/; [ "$proto" = ws ] && { app=demo; path=/ws/echo; }
sed 's|<setting name="period" control="method-sampling-java-interval">10 ms</setting>|<setting name="period" control="method-sampling-java-interval">1 ms</setting>|' \
  "$jhome/lib/jfr/profile.jfc" >"$out/profile-1ms.jfc"
"$jhome/bin/java" -Xms1g -Xmx1g ${SERVER_OPTS:-} -jar "${PARLEY_JAR:-parley-app/target/parley.jar}" serve --app $app --host 127.0.0.1 \
  --port "$port" --handlers "$mode" >"$out/server.log" 2>&1 &
spid=$!
trap 'kill -TERM $spid 2>/dev/null; wait $spid 2>/dev/null || true' EXIT
for i in $(seq 300); do grep -q "Parley is running\|listening on" "$out/server.log" && break; sleep 0.2; done
load() { # $1 name, $2 seconds: one closed-loop run; prints the replies it counted
  java -cp parley-benchmarks/target/benchmarks.jar dev.parley.benchmarks.load.LoadMain echo --protocol "$proto" \
    --url "ws://127.0.0.1:$port$path" -c 100 -k 1 --payload 50 --warmup 0s -d "${2}s" --json "$out/$1.json" \
    >"$out/$1.txt" 2>&1
  python3 -c "import json,sys; d=json.load(open('$out/$1.json')); r=d['results']; print(r.get('answeredInWindow') or r.get('answered') or r.get('replies'))"
}
load warm 15 >/dev/null                       # JIT and heap settle
for i in 1 2 3; do "$jhome/bin/jcmd" $spid JFR.start name=hot settings="$out/profile-1ms.jfc" filename="$out/rec.jfr" >/dev/null && break; sleep 2; done
c0=$(awk '{print $14+$15}' /proc/$spid/stat)
n=$(load jfr "$secs")
c1=$(awk '{print $14+$15}' /proc/$spid/stat)
"$jhome/bin/jcmd" $spid JFR.stop name=hot >/dev/null
echo "messages $n server_cpu_us_per_msg $(awk -v t=$((c1 - c0)) -v n="$n" 'BEGIN{printf "%.2f", t*10000/n}') load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"
