#!/usr/bin/env bash
# usage: parley-benchmarks/alloc/conn-histogram.sh OUTDIR PORT N ws|socketio ["JVM OPTIONS"]
# Live objects per idle connection, by class, on JDK 25 (issue 16: which JVM options): starts the server alone
# (demo for ws, echo for socketio), lets it rest 10 s, two `jcmd GC.run` and `jcmd GC.class_histogram`; opens N idle
# connections (Socket.IO: joined to one room), rests 8 s, the same again. Then:
#   $J/java parley-benchmarks/alloc/HistogramDiff.java OUTDIR "$(cat OUTDIR/ready)"   (per connection actually opened)
set -uo pipefail
out=$1; port=$2; n=$3; proto=$4; opts=${5:-}
J=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
mkdir -p "$out"; cd "$(dirname "$0")/../.."
app=echo; path=/socket.io/; room=(--room idle)
if [ "$proto" = ws ]; then app=demo; path=/ws/echo; room=(); fi
# shellcheck disable=SC2086 # opts is a list of JVM options
$J/java $opts -Xms1g -Xmx1g -jar "${PARLEY_JAR:-parley-app/target/parley.jar}" serve --app $app --host 127.0.0.1 \
    --port "$port" >"$out/server.log" 2>&1 &
spid=$!
for _ in $(seq 600); do grep -q "Parley is running" "$out/server.log" && break; sleep 0.2; done
sleep 10
histogram() { $J/jcmd $spid GC.run >/dev/null; $J/jcmd $spid GC.run >/dev/null; $J/jcmd $spid GC.class_histogram >"$1"; }
histogram "$out/before.txt"
rm -f "$out/ready"
java -cp parley-benchmarks/target/benchmarks.jar dev.parley.benchmarks.load.LoadMain idle --protocol "$proto" \
    --url "ws://127.0.0.1:$port$path" -c "$n" -d 120s --ready-file "$out/ready" "${room[@]}" >"$out/load.txt" 2>&1 &
lpid=$!
for _ in $(seq 900); do [ -s "$out/ready" ] && break; sleep 0.2; done
sleep 8
histogram "$out/after.txt"
echo "connections opened: $(cat "$out/ready" 2>/dev/null)"
kill $lpid; kill -TERM $spid; wait $spid 2>/dev/null; wait $lpid 2>/dev/null
