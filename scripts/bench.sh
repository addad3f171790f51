#!/usr/bin/env bash
# The benchmark: our figures beside the bare ceilings of the same servers, measured side by side in one run.
#
#   scripts/bench.sh [sqlite] [postgres] [mariadb] [beanstalkd] [rabbitmq]     (default: all five)
#
# Prints one line per figure,
#   bench backend=<b> metric=<m> value=<v> ceiling=<c> ratio=<v/c>
# and writes them all to bench/target/bench-results.json. Not part of the test suite.
# BENCH_SECONDS (default 3) sets each rate measurement's length, BENCH_DRAIN_JOBS (default 100000) the drain size,
# BENCH_TASK_CHILDREN (default 100000) the children of the task_fanout_per_s task (SQLite, PostgreSQL), measured
# after an unmeasured fan-out of BENCH_TASK_WARMUP (default 50000) children,
# BENCH_IDLE_SECONDS (default 30) the idle worker's window, BENCH_WORKER_JVM_FLAGS the flags of the worker-only
# JVM the latency, memory and idle figures start (default: the small-JVM flags in the README).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/servers.sh

backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgres mariadb beanstalkd rabbitmq)
wants() { local b; for b in "${backends[@]}"; do [ "$b" = "$1" ] && return 0; done; return 1; }

if wants postgres; then
  ensure_postgres
  command -v pgbench >/dev/null || ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 \
    || die "pgbench (the PostgreSQL ceiling) is missing: apt-get install -y postgresql-contrib"
fi
wants mariadb && ensure_mariadb
wants rabbitmq && ensure_rabbitmq
if wants beanstalkd && [ -z "${JOBQUEUE_BENCH_BEANSTALKD:-}" ]; then
  command -v beanstalkd >/dev/null || apt_install beanstalkd
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  beanstalkd -l 127.0.0.1 -p "$port" -z 1048576 &
  bpid=$!
  trap 'kill $bpid 2>/dev/null || true' EXIT
  export JOBQUEUE_BENCH_BEANSTALKD="127.0.0.1:$port"
  say "beanstalkd: started on $JOBQUEUE_BENCH_BEANSTALKD"
fi

say "building the benchmark"
# Without this, the shade plugin takes the previous shaded jar as its input and keeps its stale classes first.
rm -f bench/target/bench.jar bench/target/original-bench.jar
./mvnw -q -B -ntp -Pbench -DskipTests -pl bench -am package
say "running: ${backends[*]}"
java -Xms64m -Xmx192m -jar bench/target/bench.jar --json bench/target/bench-results.json "${backends[@]}"
