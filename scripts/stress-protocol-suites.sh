#!/usr/bin/env bash
# Runs the ported official protocol suites (EngineIoProtocolIT in parley-server; SocketIoProtocolIT and
# SocketIoProtocolOnEventLoopIT in parley-app), and EngineIoPollingIT (the polling races without any wait
# for the server), RUNS times in a row while busy loops keep the cores loaded,
# then reports passes and failures per run and per class (hardening issue, section 3: every protocol
# outcome must be deterministic, not merely right on an idle machine).
#   scripts/stress-protocol-suites.sh [runs, default 20] [busy loops, default: the number of cores]
#   STRESS_CLASSES=EngineIoProtocolIT scripts/stress-protocol-suites.sh 5     # other classes (comma list)
# Offline (./mvnw -o): it fetches nothing; the dependencies must be in the local Maven repository.
# Reports of failed runs are kept under target/stress-protocol-suites/run-N/.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
busy=${2:-$(nproc)}
classes=${STRESS_CLASSES:-EngineIoProtocolIT,EngineIoPollingIT,SocketIoProtocolIT,SocketIoProtocolOnEventLoopIT}
out=target/stress-protocol-suites
rm -rf "$out" && mkdir -p "$out"
pids=()
stop_busy() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  pids=()
}
trap stop_busy EXIT

# Compile once before loading the machine, so that each run only runs the tests.
./mvnw -B -q -o -pl parley-server,parley-app -am test-compile -Djacoco.skip=true > "$out/compile.log" 2>&1 \
  || { echo "compilation failed: $out/compile.log" >&2; exit 1; }

for _ in $(seq "$busy"); do
  ( while :; do :; done ) &
  pids+=($!)
done
echo "# $runs runs of $classes, $busy busy loops, load average $(cut -d' ' -f1-3 /proc/loadavg)"
passed=0
declare -A failures_by_class=()
for run in $(seq "$runs"); do
  log="$out/run-$run.log"
  rm -rf parley-server/target/surefire-reports parley-app/target/surefire-reports
  # failure.ignore: a failing class in parley-server must not keep parley-app's classes from running.
  ./mvnw -B -o -pl parley-server,parley-app -am test -Dtest="$classes" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmaven.test.failure.ignore=true -Djacoco.skip=true > "$log" 2>&1
  rc=$?
  failed_cases=()
  for report in parley-server/target/surefire-reports/TEST-*.xml parley-app/target/surefire-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    class=$(basename "$report" .xml); class=${class##*.}
    case ",$classes," in *",$class,"*) ;; *) continue ;; esac
    # Each failed or erroring case: its <testcase> is followed by <failure or <error.
    while read -r name; do
      failed_cases+=("$class.$name")
      failures_by_class[$class]=$(( ${failures_by_class[$class]:-0} + 1 ))
    done < <(python3 - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).getroot().iter('testcase'):
    if case.find('failure') is not None or case.find('error') is not None:
        print(case.get('name'))
PY
)
  done
  tests=$(grep -h -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*, Skipped: [0-9]*$' "$log" \
    | awk -F'[:,] *' '{ t += $2; f += $4; e += $6 } END { printf "%d tests, %d failures, %d errors", t, f, e }')
  seen=$(ls parley-server/target/surefire-reports/TEST-*.xml parley-app/target/surefire-reports/TEST-*.xml 2>/dev/null \
    | grep -c -E "$(echo "$classes" | tr ',' '|')")
  expected=$(echo "$classes" | tr ',' '\n' | wc -l)
  [ "$seen" -eq "$expected" ] || failed_cases+=("only $seen of $expected classes ran")
  if [ $rc -eq 0 ] && [ ${#failed_cases[@]} -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $run: pass ($tests)"
  else
    mkdir -p "$out/run-$run"
    cp parley-server/target/surefire-reports/*.txt parley-app/target/surefire-reports/*.txt "$out/run-$run/" 2>/dev/null
    echo "run $run: FAIL (maven exit $rc; $tests) ${failed_cases[*]:-}"
  fi
done
stop_busy
echo "# $passed of $runs runs passed"
for class in "${!failures_by_class[@]}"; do
  echo "# $class: ${failures_by_class[$class]} failed cases in total"
done
[ "$passed" -eq "$runs" ]
