#!/usr/bin/env bash
# usage: parley-benchmarks/handoff/handoff-profile.sh PROTO MODE JAVA_HOME PORT OUTDIR [SECONDS]
#   PROTO socketio|ws; MODE an --handlers value. What each thread hop costs per echoed message, in counts that do
#   not depend on the machine's load: context switches per message by thread group (/proc/PID/task/*/status
#   deltas), syscalls per message (strace -c -f), over closed-loop echo runs at one message in flight on 100
#   connections (S4 at k=1, 50-byte payloads). Each measured run is its own LoadMain run: its reply count divides.
#   SERVER_OPTS adds JVM options (e.g. -Dparley.handlers.spinMicros=0); PARLEY_JAR runs another build.
set -euo pipefail
proto=$1; mode=$2; jhome=$3; port=$4; out=$5; secs=${6:-10}; mkdir -p "$out"
cd "$(dirname "$0")/../.."
app=echo; path=/socket.io/; [ "$proto" = ws ] && { app=demo; path=/ws/echo; }
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
snap() { # tid name voluntary nonvoluntary, per thread
  for t in /proc/$spid/task/*; do
    printf '%s %s %s %s\n' "${t##*/}" "$(tr ' ' '_' <"$t/comm")" \
      "$(awk '/^voluntary_ctxt/{print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/{print $2}' "$t/status")"
  done 2>/dev/null
}
cpu() { awk '{print $14+$15}' /proc/$spid/stat; }
load warm 15 >/dev/null                       # JIT and heap settle
snap >"$out/before.txt"; c0=$(cpu)
n=$(load ctx "$secs")
snap >"$out/after.txt"; c1=$(cpu)
echo "messages $n cpu_ticks $((c1 - c0))" >"$out/summary.txt"
# per thread group: strip the trailing number of the name (parley-io-3-2 -> parley-io-, ForkJoinPool-1-worker-5 -> ...)
join <(sort "$out/before.txt") <(sort "$out/after.txt") | awk -v n="$n" '
  { g=$2; sub(/[0-9_-]+$/, "", g); vol[g]+=$6-$3; inv[g]+=$7-$4 }
  END { for (g in vol) if (vol[g]+inv[g] > 0) printf "%-28s vol/msg %.3f invol/msg %.3f\n", g, vol[g]/n, inv[g]/n }' \
  | sort >>"$out/summary.txt"
echo "server CPU us/msg $(awk -v t=$((c1 - c0)) -v n="$n" 'BEGIN{printf "%.2f", t*10000/n}')" >>"$out/summary.txt"
strace -c -f -p "$spid" -o "$out/syscalls.strace" &
st=$!; sleep 1
n2=$(load strace "$secs")
kill -INT $st; wait $st || true
echo "strace messages $n2" >>"$out/summary.txt"
awk -v n="$n2" '$NF ~ /^(futex|write|writev|read|epoll_wait|epoll_pwait|epoll_pwait2|sched_yield|eventfd2|readv|recvfrom|sendto)$/ && $4 ~ /^[0-9]+$/ {
  printf "syscall %-12s per msg %.3f\n", $NF, $4/n }' "$out/syscalls.strace" >>"$out/summary.txt"
cat "$out/summary.txt" | grep -v "^futex "
# Who calls futex, and which operation, by thread group: a third run, traced for futex only.
tids=$(for t in /proc/$spid/task/*; do echo "${t##*/} $(tr ' ' '_' <"$t/comm")"; done 2>/dev/null)
strace -f -e trace=futex -p "$spid" -o "$out/futex.strace" 2>/dev/null &
st=$!; sleep 1
n3=$(load futex "$secs")
kill -INT $st; wait $st || true
echo "futex detail messages $n3" >>"$out/summary.txt"
awk -v n="$n3" 'NR==FNR { g=$2; sub(/[0-9_-]+$/, "", g); name[$1]=g; next }
  /futex\(/ { match($0, /FUTEX_[A-Z_]+/); op=substr($0, RSTART+6, RLENGTH-6); sub(/_PRIVATE$/, "", op); k=name[$1] " " op; c[k]++ }
  END { for (k in c) printf "futex %-32s per msg %.3f\n", k, c[k]/n }' <(echo "$tids") "$out/futex.strace" | sort >>"$out/summary.txt"
grep '^futex ' "$out/summary.txt"
