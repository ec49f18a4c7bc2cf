#!/usr/bin/env bash
# Starts the Seata TC (the released io.seata:seata-server:2.0.0) in the foreground with this
# folder's configuration. run.sh and the end-to-end tests both start it through this script.
#
# Environment (all optional): TC_RPC_PORT (8091), TC_CONSOLE_PORT (7091), TC_DATA_DIR
# (./data/tc), TC_LOG_DIR (./logs/tc), TC_LOG_LEVEL (warn), TC_FLUSH_DISK_MODE (sync | async), TC_PROFILE (db | nacos | db,nacos), TC_HEAP (256m),
# TC_BIND_HOST (127.0.0.1: the console's address; the RPC port cannot be bound to one, README),
# JAVA (java).
# The console's login: TC_CONSOLE_USER, TC_CONSOLE_PASSWORD and TC_CONSOLE_SECRET (the JWT
# signing key, base64 of at least 32 bytes). With a profile (TC_PROFILE or
# -Dspring.profiles.active=…) all three are required; the embedded default falls back to
# seata/seata and a secret drawn at random on every start (console sessions end with a restart).
# TM and RM registrations need a credential signed with the service's secret: TC_CLIENT_SECRETS
# (application-id=secret,..., each secret 16 characters or more), required with a profile; the
# embedded default without it accepts the development secrets dev-<application-id>-secret.
# Extra arguments are passed to the JVM as -D options, e.g.
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
profiled="${TC_PROFILE:-}"
for arg in "$@"; do
  case "$arg" in -Dspring.profiles.active=?*) profiled="${arg#-Dspring.profiles.active=}" ;; esac
done
if [ -n "$profiled" ]; then
  missing=()
  for var in TC_CONSOLE_USER TC_CONSOLE_PASSWORD TC_CONSOLE_SECRET; do
    [ -n "${!var:-}" ] || missing+=("$var")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "tc.sh: profile '$profiled' is a deployable TC: set ${missing[*]} (the console's login and its JWT secret, base64 of at least 32 bytes, e.g. \$(head -c 32 /dev/urandom | base64)); only the embedded default (no profile) has built-in ones" >&2
    exit 2
  fi
elif [ -z "${TC_CONSOLE_SECRET:-}" ]; then
  TC_CONSOLE_SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  export TC_CONSOLE_SECRET
fi
# the console signs its tokens with HMAC-SHA256 (jjwt), which needs a key of 256 bits or more
secret_bytes="$(printf '%s' "$TC_CONSOLE_SECRET" | base64 -d 2>/dev/null | wc -c)" || secret_bytes=0
if [ "$secret_bytes" -lt 32 ]; then
  echo "tc.sh: TC_CONSOLE_SECRET must be base64 of at least 32 bytes (it decodes to $secret_bytes); e.g. \$(head -c 32 /dev/urandom | base64)" >&2
  exit 2
fi
# who may register as a TM or RM (dev.tccledger.tc.auth.CredentialCheckAuthHandler, in target/lib)
client_secrets_opt=()
if [ -z "${TC_CLIENT_SECRETS:-}" ]; then
  if [ -n "$profiled" ]; then
    echo "tc.sh: profile '$profiled' is a deployable TC: set TC_CLIENT_SECRETS (application-id=secret,... e.g. ledger-service=\$(head -c 32 /dev/urandom | base64),order-service=...; each service gets its own as tcc.tc-auth.secret); only the embedded default (no profile) accepts the development secrets dev-<application-id>-secret" >&2
    exit 2
  fi
  client_secrets_opt=("-Dtcc.tc-auth.development-secrets=true")
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
  "${profile_opt[@]}" "${client_secrets_opt[@]}" "$@" \
  -cp "$lib/*" io.seata.server.ServerApplication
