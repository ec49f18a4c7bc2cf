#!/usr/bin/env bash
# Starts the Seata TC (the released io.seata:seata-server:2.0.0) in the foreground with this
# folder's configuration. run.sh and the end-to-end tests both start it through this script.
#
# Environment (all optional): TC_RPC_PORT (8091), TC_CONSOLE_PORT (7091), TC_DATA_DIR
# (./data/tc), TC_LOG_DIR (./logs/tc), TC_LOG_LEVEL (warn), TC_FLUSH_DISK_MODE (sync | async), TC_PROFILE (db | nacos | db,nacos), TC_HEAP (256m),
# JAVA (java). Extra arguments are passed to the JVM as -D options, e.g.
#   seata-server-config/tc.sh -Dseata.server.recovery.timeout-retry-period=500
# The TC treats program arguments as its own flags and exits on unknown ones, so Spring
# settings must be -D system properties.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/target/lib"
if [ ! -d "$lib" ] || ! ls "$lib"/seata-server-*.jar >/dev/null 2>&1; then
  echo "tc.sh: $lib is missing; build it with: ./mvnw -q -pl seata-server-config package" >&2
  exit 2
fi
log_dir="${TC_LOG_DIR:-./logs/tc}"
mkdir -p "$log_dir" "${TC_DATA_DIR:-./data/tc}"
profile_opt=()
if [ -n "${TC_PROFILE:-}" ]; then
  profile_opt=("-Dspring.profiles.active=$TC_PROFILE")
fi
# exec: the caller's PID is the TC's, so kill -9 in tests hits the TC itself.
exec "${JAVA:-java}" -Xms64m -Xmx"${TC_HEAP:-256m}" -XX:+UseSerialGC \
  -Dspring.config.location="file:$here/conf/" \
  -Dlogging.path="$log_dir" \
  "${profile_opt[@]}" "$@" \
  -cp "$lib/*" io.seata.server.ServerApplication
