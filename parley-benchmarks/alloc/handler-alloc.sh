#!/usr/bin/env bash
# usage: parley-benchmarks/alloc/handler-alloc.sh MODE PORT OUTDIR [RATE] [CONNS]  -- Socket.IO echo under JDK 25; JFR (profile) for 15 s of steady load
# SERVER_JAVA_OPTS adds JVM options to the server (e.g. -XX:+UseZGC -XX:+UseCompactObjectHeaders).
# Then: $J/java parley-benchmarks/alloc/AllocAgg.java OUTDIR/rec.jfr $((RATE*15)) 10   (bytes per message: the ThreadAllocationStatistics line)
set -euo pipefail
mode=$1; port=$2; out=$3; rate=${4:-2000}; conns=${5:-200}; mkdir -p "$out"
J=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
cd "$(dirname "$0")/../.."
$J/java ${SERVER_JAVA_OPTS:-} -Xms1g -Xmx1g -jar "${PARLEY_JAR:-parley-app/target/parley.jar}" serve --app echo --host 127.0.0.1 --port $port --handlers $mode >"$out/server.log" 2>&1 &
spid=$!
for i in $(seq 300); do grep -q "Parley is running" "$out/server.log" && break; sleep 0.2; done
L="java -cp parley-benchmarks/target/benchmarks.jar dev.parley.benchmarks.load.LoadMain"
$L latency --protocol socketio --url ws://127.0.0.1:$port/socket.io/ -c $conns --rate $rate --warmup 5s -d 35s --json "$out/load.json" >"$out/load.txt" 2>&1 &
lpid=$!
sleep 18   # connects (~3 s) + warm-up (5 s) + 10 s of JIT settling
$J/jcmd $spid JFR.start name=m settings=profile duration=15s filename="$out/rec.jfr" >/dev/null
wait $lpid
kill -TERM $spid; wait $spid || true
