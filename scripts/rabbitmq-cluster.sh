#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this one machine, for the fail-over test: its own node names, ports, data,
# logs, Erlang cookie and config, so the machine's own broker (127.0.0.1:5672) is never touched.
#
#   scripts/rabbitmq-cluster.sh start|stop|status
#   scripts/rabbitmq-cluster.sh leader <queue>     the node that leads quorum queue <queue> (vhost /)
#   scripts/rabbitmq-cluster.sh kill <node>        SIGKILL one node (e.g. jq2@localhost): a node dying
#
# Settings (environment):
#   JQ_CLUSTER_DIR    where data, logs, pid files and the cookie live  (default target/rabbitmq-cluster)
#   JQ_CLUSTER_NAME   node name stem: nodes <name>1@localhost .. <name>3@localhost  (default jq)
#   JQ_CLUSTER_PORTS  the three AMQP ports, 127.0.0.1 only  (default "5681 5682 5683"); each node's
#                     distribution port is its AMQP port + 20000, and rabbitmqctl's is taken from +30000
#   RABBITMQ_LIB_BIN  the directory of rabbitmq-server and rabbitmqctl  (default /usr/lib/rabbitmq/bin, the
#                     Debian scripts that do not switch to the rabbitmq user)
#
# start prints the multi-node URL, amqp://guest:guest@127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>/%2F, as its
# last line. On a failure it says what failed and shows the end of the failing node's log. stop stops the nodes
# (and kills any that do not stop) and removes the directory.
set -euo pipefail

dir=${JQ_CLUSTER_DIR:-target/rabbitmq-cluster}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
name=${JQ_CLUSTER_NAME:-jq}
read -r -a ports <<< "${JQ_CLUSTER_PORTS:-5681 5682 5683}"
bin=${RABBITMQ_LIB_BIN:-/usr/lib/rabbitmq/bin}

say() { printf '==> rabbitmq-cluster: %s\n' "$*" >&2; }
die() { printf 'ERROR: rabbitmq-cluster: %s\n' "$*" >&2; exit 1; }

[ ${#ports[@]} -eq 3 ] || die "JQ_CLUSTER_PORTS must name three ports, got '${JQ_CLUSTER_PORTS:-}'"
[[ $name =~ ^[A-Za-z][A-Za-z0-9_-]{0,30}$ ]] || die "JQ_CLUSTER_NAME must be letters, digits, - or _, got '$name'"
node() { echo "${name}$1@localhost"; }

# Every command of this cluster runs with its own HOME (its Erlang cookie) and its own config and env files.
env_of() { # index
  local i=$1 port=${ports[$(( $1 - 1 ))]}
  echo HOME="$dir/home" \
    RABBITMQ_NODENAME="$(node "$i")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT=$(( port + 20000 )) \
    RABBITMQ_CTL_DIST_PORT_MIN=$(( port + 30000 )) \
    RABBITMQ_CTL_DIST_PORT_MAX=$(( port + 30010 )) \
    RABBITMQ_MNESIA_BASE="$dir/node$i/mnesia" \
    RABBITMQ_LOG_BASE="$dir/node$i/log" \
    RABBITMQ_PID_FILE="$dir/node$i/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    ERL_CRASH_DUMP="$dir/node$i/erl_crash.dump"
}
run() { # index, command, args...
  local i=$1; shift
  env $(env_of "$i") RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none -kernel inet_dist_use_interface {127,0,0,1}" "$@"
}
ctl() { local i=$1; shift; run "$i" "$bin/rabbitmqctl" -n "$(node "$i")" "$@"; }

log_tail() { # index
  local f
  for f in "$dir/node$1"/log/*.log "$dir/node$1/stdout"; do
    if [ -s "$f" ]; then echo "--- $f (last 20 lines)"; tail -n 20 "$f"; fi
  done >&2
  return 0
}

start() {
  [ -x "$bin/rabbitmq-server" ] || die "$bin/rabbitmq-server is missing: apt-get install -y rabbitmq-server (3.10+), or set RABBITMQ_LIB_BIN"
  command -v erl >/dev/null || die "Erlang (erl) is missing: apt-get install -y rabbitmq-server pulls it in"
  for i in 1 2 3; do
    if [ -s "$dir/node$i/pid" ] && kill -0 "$(cat "$dir/node$i/pid")" 2>/dev/null; then
      die "node $(node "$i") is already running from $dir: run '$0 stop' first"
    fi
    local p=${ports[$(( i - 1 ))]}
    for q in "$p" $(( p + 20000 )); do
      if (exec 3<>/dev/tcp/127.0.0.1/"$q") 2>/dev/null; then
        die "port $q on 127.0.0.1 is taken (wanted by $(node "$i")): set JQ_CLUSTER_PORTS to three free ports"
      fi
    done
  done
  rm -rf "$dir/node1" "$dir/node2" "$dir/node3"
  mkdir -p "$dir/home"
  if [ ! -s "$dir/home/.erlang.cookie" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/home/.erlang.cookie")
  fi
  chmod 400 "$dir/home/.erlang.cookie"
  : > "$dir/enabled_plugins"
  : > "$dir/rabbitmq-env.conf"
  echo "[]." > "$dir/advanced.config"
  cat > "$dir/rabbitmq.conf" <<CONF
loopback_users.guest = true
log.file.level = info
log.console = false
CONF
  for i in 1 2 3; do
    mkdir -p "$dir/node$i/log"
    say "starting $(node "$i") on 127.0.0.1:${ports[$(( i - 1 ))]}"
    run "$i" "$bin/rabbitmq-server" -detached > "$dir/node$i/stdout" 2>&1 < /dev/null \
      || { log_tail "$i"; die "$(node "$i") failed to start (see above and $dir/node$i/log)"; }
  done
  for i in 1 2 3; do
    if ! ctl "$i" wait "$dir/node$i/pid" --timeout 90 > "$dir/node$i/await" 2>&1; then
      log_tail "$i"
      cat "$dir/node$i/await" >&2
      die "$(node "$i") did not start within 90 s (see above and $dir/node$i/log)"
    fi
  done
  for i in 2 3; do
    say "joining $(node "$i") to $(node 1)"
    { ctl "$i" stop_app && ctl "$i" join_cluster "$(node 1)" && ctl "$i" start_app; } > "$dir/node$i/join" 2>&1 \
      || { cat "$dir/node$i/join" >&2; log_tail "$i"; die "$(node "$i") could not join $(node 1)"; }
  done
  local running
  running=$(ctl 1 eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo "?")
  [ "$running" = "3" ] || die "the cluster has $running running node(s), not 3: see $dir/node*/log"
  say "cluster of 3 running: $(node 1), $(node 2), $(node 3)"
  echo "amqp://guest:guest@127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}/%2F"
}

stop() {
  for i in 1 2 3; do
    local pidfile="$dir/node$i/pid"
    [ -s "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping $(node "$i")"
      ctl "$i" stop --timeout 30 >/dev/null 2>&1 || true
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  # Only ever this cluster's directory, never anything of the machine's own broker.
  case "$dir" in */rabbitmq-cluster*|/tmp/*) rm -rf "$dir" ;; esac
}

status() {
  ctl 1 cluster_status
}

index_of() { # node name -> 1..3
  local i
  for i in 1 2 3; do [ "$(node "$i")" = "$1" ] && { echo "$i"; return; }; done
  die "no node '$1' in this cluster (nodes: $(node 1) $(node 2) $(node 3))"
}

leader() { # queue
  [ -n "${1:-}" ] || die "usage: $0 leader <queue>"
  local i out
  for i in 1 2 3; do # ask any node that is up
    if out=$(ctl "$i" list_queues name leader --quiet --no-table-headers 2>/dev/null); then
      out=$(awk -F '\t' -v q="$1" '$1 == q { print $2 }' <<< "$out")
      [ -n "$out" ] || die "no quorum queue '$1' on the cluster"
      echo "$out"
      return
    fi
  done
  die "no node of the cluster answers"
}

kill_node() { # node
  [ -n "${1:-}" ] || die "usage: $0 kill <node>"
  local i pid; i=$(index_of "$1")
  pid=$(cat "$dir/node$i/pid" 2>/dev/null) || die "$1 has no pid file in $dir/node$i"
  kill -9 "$pid" || die "$1 (pid $pid) is not running"
  say "killed $1 (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  leader) leader "${2:-}" ;;
  kill) kill_node "${2:-}" ;;
  *) die "usage: $0 start|stop|status|leader <queue>|kill <node>" ;;
esac
