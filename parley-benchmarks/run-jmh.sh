#!/usr/bin/env bash
# Builds the JMH benchmarks of the frame layer and runs them with short defaults (about 9 minutes for all).
#
#   parley-benchmarks/run-jmh.sh                         # every benchmark
#   parley-benchmarks/run-jmh.sh Masking -p size=1024    # extra arguments go to JMH: a regex, -p, -prof ...
#   JMH_OPTS="-f 2 -wi 5 -i 10" parley-benchmarks/run-jmh.sh   # longer runs
#   SKIP_BUILD=1 parley-benchmarks/run-jmh.sh            # reuse target/benchmarks.jar
#   MVN_OPTS=-o parley-benchmarks/run-jmh.sh             # build offline
#
# Results: parley-benchmarks/target/jmh-result.json (JMH's JSON) and target/jmh-result.txt (the console
# output); with jq installed, a summary with bytes per second for the throughput benchmarks follows.
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -i 5 -w 1s -r 1s"}
MVN_OPTS=${MVN_OPTS:-}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The benchmarks module is only in the profile bench; the modules it needs are installed first.
  # shellcheck disable=SC2086
  ./mvnw $MVN_OPTS -q install -DskipTests -pl parley-socketio -am
  # shellcheck disable=SC2086
  ./mvnw $MVN_OPTS -q -Pbench -pl parley-benchmarks package
fi

cd parley-benchmarks
mkdir -p target

# Figures are only comparable on an otherwise idle machine.
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "warning: load average is $load; other work will distort the figures" >&2
fi

# shellcheck disable=SC2086
java -jar target/benchmarks.jar $JMH_OPTS -rf json -rff target/jmh-result.json "$@" | tee target/jmh-result.txt

if command -v jq >/dev/null 2>&1; then
  echo
  echo "Summary (GB/s = ops/s x size, for the throughput benchmarks):"
  jq -r '.[]
    | [ (.benchmark | sub("^dev\\.parley\\.benchmarks\\."; "")),
        ((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(",")),
        .primaryMetric.score, .primaryMetric.scoreError, .primaryMetric.scoreUnit,
        (if .mode == "thrpt" and (.params.size // null) != null
         then .primaryMetric.score * (.params.size | tonumber) / 1e9 else "" end) ]
    | @tsv' target/jmh-result.json \
    | awk -F'\t' '{ printf "%-42s %-28s %16.1f ± %-12.1f %-6s %s\n", $1, $2, $3, $4, $5,
                    ($6 == "" ? "" : sprintf("%.2f GB/s", $6)) }'
fi
