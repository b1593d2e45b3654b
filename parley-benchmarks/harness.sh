#!/usr/bin/env bash
# The side-by-side benchmark harness (issue 4): builds what it needs, then runs the chosen scenarios against
# Parley and its peers, interleaved, and rewrites docs/benchmarks/results.md and its charts.
#   parley-benchmarks/harness.sh                          # everything, 3 repetitions (about 75 minutes)
#   parley-benchmarks/harness.sh --scenarios s4 --reps 5  # options: harness.sh --help
#   SKIP_BUILD=1 parley-benchmarks/harness.sh ...         # reuse the jars
# Run it on an otherwise idle machine: the servers and the generator share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q ${MVN_OPTS:-} -Pbench -pl parley-benchmarks,parley-app -am package -DskipTests
  ./mvnw -q ${MVN_OPTS:-} -f parley-benchmarks/peers/netty-socketio/pom.xml package
  (cd parley-benchmarks/peers/node && npm ci --no-audit --no-fund --silent)
fi
load=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN { exit !($load > 0.5) }"; then
  echo "warning: load average is $load; the figures will be disturbed by whatever else runs" >&2
fi
if [ -z "${PARLEY_BENCH_MODERN_JAVA:-}" ]; then
  # The newest JDK 21+ installed, for the *_MODERN_JAVA Parley kinds (virtual-thread handlers).
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then export PARLEY_BENCH_MODERN_JAVA=${home%/}; break; fi
  done
fi
exec java -Xms512m -Xmx512m -Djava.awt.headless=true -cp parley-benchmarks/target/benchmarks.jar \
  dev.parley.benchmarks.harness.HarnessMain "$@"
