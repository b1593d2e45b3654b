#!/usr/bin/env bash
# Runs the whole test suite (the README's test command) RUNS times in a row while busy loops keep every
# core loaded, and reports each run's result and time (issue "Tests that prove what they claim", section 2:
# tests must synchronise on events, not on time, so they pass on a loaded machine).
#   scripts/suite-under-load.sh [runs, default 5] [busy loops, default: the number of cores]
# Uses ./mvnw -o after the first run (the first run may download what is missing). Logs: target/suite-under-load/.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
busy=${2:-$(nproc)}
out=target/suite-under-load
rm -rf "$out" && mkdir -p "$out"
pids=()
stop_busy() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
}
trap stop_busy EXIT
for _ in $(seq "$busy"); do
  ( while :; do :; done ) &
  pids+=($!)
done
echo "# $runs runs of ./mvnw verify, $busy busy loops"
passed=0
for run in $(seq "$runs"); do
  offline=$([ "$run" -gt 1 ] && echo -o)
  start=$(date +%s)
  if ./mvnw -B $offline verify > "$out/run-$run.log" 2>&1; then
    result=pass; passed=$((passed + 1))
  else
    result="FAIL ($(grep -E '<<< (FAILURE|ERROR)' "$out/run-$run.log" | grep -oE '[A-Za-z]+(IT|Test)[.#]?[A-Za-z]*' | sort -u | head -5 | tr '\n' ' '))"
  fi
  tests=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures' "$out/run-$run.log" | grep -v ' -- in ' \
    | awk -F'[ ,]+' '{t += $4} END {print t + 0}')
  echo "run $run: $result, $tests tests, $(( $(date +%s) - start )) s"
done
echo "$passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
