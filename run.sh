#!/usr/bin/env bash
# Starts tcc-ledger on its embedded defaults and shows it working.
#
#   ./run.sh [all|auth|tc|channel|ledger|order|demo] [--key=value ...]
#
#   all     (default) the token issuer, the Seata TC, the payment channel simulator,
#           ledger-service and order-service, then the demo
#   auth    the embedded development OAuth 2 issuer alone (auth-server, 9000)
#   tc      the Seata TC alone (RPC 8091, console 7091, file store under ./data/tc)
#   channel the payment channel simulator alone (channel-simulator, 8083, H2 under
#           ./data/channel, its development merchant)
#   ledger  ledger-service alone (8081, H2 under ./data)
#   order   order-service alone (8082, H2 under ./data)
#   demo    the narrated demo against an already running system (AUTH_PORT, LEDGER_PORT,
#           ORDER_PORT, CHANNEL_PORT)
#
# --key=value arguments go to the one part named, e.g.
#   ./run.sh ledger --server.port=18081 --spring.profiles.active=mysql \
#     --tcc.tc-auth.secret=dev-ledger-service-secret --ledger.channels.sim.merchant-key=… \
#     --ledger.channels.sim.callback-secret=…
# and win over run.sh's own default for the same key: for every Spring part --server.port and
# --spring.main.banner-mode; for the issuer --auth.issuer; for the services --tc.address and,
# when AUTH_PORT is not 9000, the issuer --spring.security.oauth2.resourceserver.jwt.issuer-uri;
# for ledger-service, when CHANNEL_PORT is not 8083, the channel's
# --ledger.channels.sim.base-url; for order-service the ledger's address
# --spring.cloud.discovery.client.simple.instances.ledger-service[0].uri and, when AUTH_PORT
# is not 9000, --spring.security.oauth2.client.provider.ledger.token-uri; for the TC
# --server.port (console) and --seata.server.service-port (RPC). A default is dropped when
# the user passes exactly its key; Spring's relaxed spellings of a key (serverPort,
# SERVER_PORT) are not recognised, so a default given that way would be passed as well.
# For the TC the arguments become -Dkey=value, since the TC refuses unknown program
# arguments. The demo takes none; it finds the issuer, the services and the channel through
# AUTH_PORT, LEDGER_PORT, ORDER_PORT and CHANNEL_PORT.
# Builds what is missing, waits until each part is healthy (HEALTH_TIMEOUT_S), prints where it
# listens and where its log is, and on Ctrl-C (SIGINT) or SIGTERM stops every process it
# started before it exits.
#
# Environment (optional): AUTH_PORT, TC_RPC_PORT, TC_CONSOLE_PORT, CHANNEL_PORT, LEDGER_PORT,
# ORDER_PORT (9000, 8091, 7091, 8083, 8081, 8082): the ports of all, the defaults of the parts
# alone, and where a part alone finds the others; RUN_HOME, the folder for data/ and logs/
# (this folder);
# HEALTH_TIMEOUT_S, how long each part may take to become healthy (90);
# RUN_EXIT_AFTER_DEMO=1 stops everything after the demo and exits with its status.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"
work="${RUN_HOME:-$root}"

HEALTH_TIMEOUT_S="${HEALTH_TIMEOUT_S:-90}"
AUTH_PORT="${AUTH_PORT:-9000}"
TC_RPC_PORT="${TC_RPC_PORT:-8091}"
TC_CONSOLE_PORT="${TC_CONSOLE_PORT:-7091}"
CHANNEL_PORT="${CHANNEL_PORT:-8083}"
LEDGER_PORT="${LEDGER_PORT:-8081}"
ORDER_PORT="${ORDER_PORT:-8082}"
mkdir -p "$work/logs" "$work/data"

part="all"
case "${1:-}" in
  all|auth|tc|channel|ledger|order|demo) part="$1"; shift ;;
  -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  "") ;;
  --*) ;;
  *) echo "run.sh: unknown part '$1' (all, auth, tc, channel, ledger, order, demo)" >&2; exit 2 ;;
esac
extra=("$@")
for arg in "${extra[@]}"; do
  case "$arg" in
    --*=*) ;;
    *) echo "run.sh: extra arguments must look like --key=value, got '$arg'" >&2; exit 2 ;;
  esac
done
if [ "$part" = "all" ] && [ "${#extra[@]}" -gt 0 ]; then
  echo "run.sh: --key=value arguments need one part: ./run.sh auth|tc|channel|ledger|order --key=value" >&2
  exit 2
fi
if [ "$part" = "demo" ] && [ "${#extra[@]}" -gt 0 ]; then
  echo "run.sh: the demo takes no --key=value; it finds the issuer, the services and the channel through AUTH_PORT, LEDGER_PORT, ORDER_PORT and CHANNEL_PORT" >&2
  exit 2
fi

pids=()
names=()

stop_all() {
  local code=$?
  trap - INT TERM EXIT
  if [ "${#pids[@]}" -gt 0 ]; then
    echo
    echo "Stopping ${names[*]} ..."
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 1 50); do
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    wait 2>/dev/null
    echo "Stopped."
  fi
  exit "$code"
}
trap 'exit 130' INT
trap 'exit 143' TERM
trap stop_all EXIT

die() {
  echo "run.sh: $*" >&2
  exit 1
}

# http_get URL -> body on stdout; curl when there is one, bash's /dev/tcp otherwise.
http_get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 3 "$1" 2>/dev/null
    return
  fi
  local hostport="${1#http://}"; hostport="${hostport%%/*}"
  local path="/${1#http://*/}"
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# the value of --key=value among the extra arguments, or a default
opt() {
  local key="$1" default="$2" arg
  for arg in "${extra[@]}"; do
    case "$arg" in "--$key="*) echo "${arg#--$key=}"; return ;; esac
  done
  echo "$default"
}

# with_defaults DEFAULT...: sets `args` to run.sh's --key=value defaults, minus each whose key
# the user passes too, followed by the user's arguments. Spring would otherwise bind both
# values of a key, joined by a comma ("18081,18081").
with_defaults() {
  args=()
  local default arg taken
  for default in "$@"; do
    taken=0
    for arg in "${extra[@]}"; do
      [ "${arg%%=*}" = "${default%%=*}" ] && taken=1
    done
    [ "$taken" = 1 ] || args+=("$default")
  done
  args+=("${extra[@]}")
}

ensure_built() {
  local missing=()
  ls auth-server/target/auth-server-*.jar >/dev/null 2>&1 || missing+=(auth-server)
  [ -d seata-server-config/target/lib ] || missing+=(seata-server-config)
  ls channel-simulator/target/channel-simulator-*.jar >/dev/null 2>&1 || missing+=(channel-simulator)
  ls ledger-service/target/ledger-service-*.jar >/dev/null 2>&1 || missing+=(ledger-service)
  ls order-service/target/order-service-*.jar >/dev/null 2>&1 || missing+=(order-service)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Building ${missing[*]} (first run only; downloads dependencies) ..."
    local modules
    modules="$(IFS=,; echo "${missing[*]}")"
    ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true -pl "$modules" -am install \
      || die "the build failed; see the output above"
  fi
}

# wait_healthy NAME URL PID LOG: polls until the health body says UP / ok.
wait_healthy() {
  local name="$1" url="$2" pid="$3" log="$4" deadline=$((SECONDS + HEALTH_TIMEOUT_S)) body
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: $name exited during start-up; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    body="$(http_get "$url" || true)"
    case "$body" in
      ok|*'"status":"UP"'*) return 0 ;;
    esac
    sleep 1
  done
  echo "run.sh: $name is not healthy after ${HEALTH_TIMEOUT_S} s ($url said: ${body:-nothing}); last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

start_tc() {
  local rpc console
  rpc="$(opt seata.server.service-port "$TC_RPC_PORT")"
  console="$(opt server.port "$TC_CONSOLE_PORT")"
  port_taken "$rpc" && die "port $rpc (TC RPC) is taken; stop what uses it or pass --seata.server.service-port=N"
  port_taken "$console" && die "port $console (TC console) is taken; pass --server.port=N"
  local dopts=()
  for arg in "${extra[@]}"; do dopts+=("-D${arg#--}"); done
  TC_RPC_PORT="$rpc" TC_CONSOLE_PORT="$console" TC_DATA_DIR="$work/data/tc" TC_LOG_DIR="$work/logs/tc" \
    seata-server-config/tc.sh "${dopts[@]}" >"$work/logs/tc.out" 2>&1 &
  pids+=($!); names+=(tc)
  wait_healthy "the Seata TC" "http://127.0.0.1:$console/health" "$!" "$work/logs/tc.out"
  printf '  %-17s RPC 127.0.0.1:%s, console http://127.0.0.1:%s  log: %s/logs/tc/\n' "Seata TC" "$rpc" "$console" "$work"
}

# start_service NAME DEFAULT_PORT
start_service() {
  local name="$1" port jar
  port="$(opt server.port "$2")"
  port_taken "$port" && die "port $port ($name) is taken; stop what uses it or pass --server.port=N"
  jar="$root/$(ls "$name"/target/"$name"-*.jar | head -n 1)"
  local defaults=(--spring.main.banner-mode=off "--server.port=$port")
  case "$name" in
    auth-server)
      # the issuer names itself in every token; it must be the URL the services reach it at
      defaults+=("--auth.issuer=http://127.0.0.1:$port")
      ;;
    channel-simulator)
      # on no profile it serves its development merchant, the ledger's embedded default;
      # its H2 store and its log land under $work (./data/channel, ./logs)
      ;;
    *)
      defaults+=("--tc.address=127.0.0.1:$TC_RPC_PORT")
      # the services' own default issuer is http://127.0.0.1:9000 (embedded default only)
      if [ "$AUTH_PORT" != 9000 ]; then
        defaults+=("--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:$AUTH_PORT")
      fi
      ;;
  esac
  if [ "$name" = ledger-service ] && [ "$CHANNEL_PORT" != 8083 ]; then
    defaults+=("--ledger.channels.sim.base-url=http://127.0.0.1:$CHANNEL_PORT")
  fi
  if [ "$name" = order-service ]; then
    defaults+=("--spring.cloud.discovery.client.simple.instances.ledger-service[0].uri=http://127.0.0.1:$LEDGER_PORT")
    if [ "$AUTH_PORT" != 9000 ]; then
      defaults+=("--spring.security.oauth2.client.provider.ledger.token-uri=http://127.0.0.1:$AUTH_PORT/oauth2/token")
    fi
  fi
  local args
  with_defaults "${defaults[@]}"
  # run from $work so that the embedded H2 files land in $work/data
  local heap=384m
  case "$name" in auth-server|channel-simulator) heap=192m ;; esac
  (cd "$work" && exec java -Xms64m "-Xmx$heap" -XX:+UseSerialGC -jar "$jar" "${args[@]}" \
    >"$work/logs/$name.out" 2>&1) &
  pids+=($!); names+=("$name")
  started_ports+=("$name:$port:$!")
}

wait_service() {
  local name="$1" port="$2" pid="$3"
  wait_healthy "$name" "http://127.0.0.1:$port/actuator/health" "$pid" "$work/logs/$name.out"
  if [ "$name" = auth-server ]; then
    # the issuer logs to its console only
    printf '  %-17s http://127.0.0.1:%s (token issuer)  log: %s/logs/%s.out\n' "$name" "$port" "$work" "$name"
  else
    printf '  %-17s http://127.0.0.1:%s  log: %s/logs/%s.log\n' "$name" "$port" "$work" "$name"
  fi
}

run_demo() {
  AUTH_URL="http://127.0.0.1:$AUTH_PORT" LEDGER_URL="http://127.0.0.1:$LEDGER_PORT" \
    ORDER_URL="http://127.0.0.1:$ORDER_PORT" CHANNEL_URL="http://127.0.0.1:$CHANNEL_PORT" demo/demo.sh
}

started_ports=()
case "$part" in
  demo)
    run_demo
    trap - EXIT
    exit $?
    ;;
esac

ensure_built
echo "Starting $part ..."
case "$part" in
  tc) start_tc ;;
  auth|channel|ledger|order)
    case "$part" in
      auth) start_service auth-server "$AUTH_PORT" ;;
      channel) start_service channel-simulator "$CHANNEL_PORT" ;;
      ledger) start_service ledger-service "$LEDGER_PORT" ;;
      order) start_service order-service "$ORDER_PORT" ;;
    esac
    IFS=: read -r n p pid <<<"${started_ports[0]}"
    wait_service "$n" "$p" "$pid"
    ;;
  all)
    for p in "$AUTH_PORT" "$TC_RPC_PORT" "$TC_CONSOLE_PORT" "$CHANNEL_PORT" "$LEDGER_PORT" "$ORDER_PORT"; do
      port_taken "$p" && die "port $p is taken; stop what uses it, or set AUTH_PORT, TC_RPC_PORT, TC_CONSOLE_PORT, CHANNEL_PORT, LEDGER_PORT, ORDER_PORT"
    done
    # the issuer and the channel first: they start while the TC does, and are waited for
    # with the services
    start_service auth-server "$AUTH_PORT"
    start_service channel-simulator "$CHANNEL_PORT"
    start_tc
    start_service ledger-service "$LEDGER_PORT"
    start_service order-service "$ORDER_PORT"
    for entry in "${started_ports[@]}"; do
      IFS=: read -r n p pid <<<"$entry"
      wait_service "$n" "$p" "$pid"
    done
    echo "All healthy after ${SECONDS} s."
    run_demo
    demo_status=$?
    if [ "${RUN_EXIT_AFTER_DEMO:-0}" = 1 ]; then
      exit "$demo_status"
    fi
    [ "$demo_status" = 0 ] || echo "run.sh: the demo failed (the system keeps running)" >&2
    ;;
esac
echo "Press Ctrl-C to stop."
wait
