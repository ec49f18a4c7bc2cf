#!/usr/bin/env bash
# Runs the load generator against a running system (./run.sh starts one), building it first
# if its jar is missing. Every flag goes to the program; --help lists them.
#
#   benchmark/bench.sh --clients 16 --seconds 30     closed loop, modes tcc then direct
#   benchmark/bench.sh --rate 200 --seconds 30       open loop at 200 requests/s
#   benchmark/bench.sh --smoke                       2 clients, 1 s warm-up, 3 s per mode
#
# Environment (optional): LEDGER_URL, ORDER_URL (http://127.0.0.1:8081, :8082), TC_RPC_PORT
# (8091; finds the TC's process for its CPU time), BENCH_JAVA_OPTS (-Xmx256m -XX:TieredStopAtLevel=1), JAVA (java).
# The JSON result goes to benchmark/target/results/<run id>.json unless --out says otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_jar() {
  ls "$here"/target/benchmark-*.jar 2>/dev/null | head -n 1
}

jar="$(find_jar || true)"
if [ -z "$jar" ]; then
  echo "Building the benchmark (first run only) ..." >&2
  (cd "$here/.." && ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true -pl benchmark package) >&2 \
    || { echo "bench.sh: the build failed; see the output above" >&2; exit 1; }
  jar="$(find_jar)"
fi
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of JVM options
exec "${JAVA:-java}" ${BENCH_JAVA_OPTS:--Xmx256m -XX:TieredStopAtLevel=1} -Dbench.results.dir="$here/target/results" -jar "$jar" "$@"
