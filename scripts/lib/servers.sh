# Shared by scripts/test.sh and scripts/bench.sh: bring up the servers the project runs against, or say
# exactly what is missing. Source it; it defines functions only.

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    die "$1 is missing: run 'sudo apt-get install -y $*' (or set the server's URL variable)"
  fi
  say "installing $* (apt-get)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "could not install $*"
  fi
}

wait_for() { # description, attempts, command...
  local what=$1 tries=$2; shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

ensure_postgres() {
  if [ -n "${JOBQUEUE_TEST_POSTGRES_URL:-}" ]; then say "PostgreSQL: using JOBQUEUE_TEST_POSTGRES_URL"; return; fi
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then say "PostgreSQL: running"; else
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not installed: apt-get install -y postgresql, or set JOBQUEUE_TEST_POSTGRES_URL"
    say "PostgreSQL: starting"
    for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
    wait_for postgres 30 pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not start on 127.0.0.1:5432"
  fi
  if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -c 'create database test' >/dev/null 2>&1 \
      || die "cannot reach database 'test' as user postgres on 127.0.0.1:5432 (trust auth expected)"
  fi
}

ensure_mariadb() {
  if [ -n "${JOBQUEUE_TEST_MYSQL_URL:-}" ]; then say "MariaDB/MySQL: using JOBQUEUE_TEST_MYSQL_URL"; return; fi
  if mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then say "MariaDB: running"; else
    [ -x /usr/sbin/mariadbd ] || die "MariaDB is not installed: apt-get install -y mariadb-server, or set JOBQUEUE_TEST_MYSQL_URL"
    say "MariaDB: starting"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    wait_for mariadb 60 mysqladmin -h 127.0.0.1 -u root ping || die "MariaDB did not start on 127.0.0.1:3306"
  fi
  mysql -h 127.0.0.1 -u root -e 'create database if not exists test' \
    || die "cannot create database 'test' as root on 127.0.0.1:3306 (empty password expected)"
}

ensure_rabbitmq() {
  if [ -n "${JOBQUEUE_TEST_RABBITMQ_URL:-}" ]; then say "RabbitMQ: using JOBQUEUE_TEST_RABBITMQ_URL"; return; fi
  if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then say "RabbitMQ: running"; return; fi
  [ -x /usr/sbin/rabbitmq-server ] || die "RabbitMQ is not installed: apt-get install -y rabbitmq-server (3.10+), or set JOBQUEUE_TEST_RABBITMQ_URL"
  say "RabbitMQ: starting"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for rabbitmq 60 bash -c '(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null' \
    || die "RabbitMQ did not start on 127.0.0.1:5672 (guest/guest expected)"
}

ensure_packages() {
  command -v beanstalkd >/dev/null || apt_install beanstalkd
  command -v supervisord >/dev/null || apt_install supervisor
  # The dashboard's browser test drives Debian's headless Chromium through Debian's chromedriver.
  if [ -z "${JOBQUEUE_TEST_CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ]; then apt_install chromium; fi
  if [ -z "${JOBQUEUE_TEST_CHROMEDRIVER:-}" ] && ! [ -x /usr/bin/chromedriver ]; then apt_install chromium-driver; fi
  # The domain-check task's lookups run host (bind9-host); a test runs the real one.
  command -v host >/dev/null || apt_install bind9-host
  # The Debian packages start system services; the tests run their own instances on free ports.
  say "beanstalkd $(beanstalkd -v 2>&1 | head -1 | awk '{print $2}'), supervisord $(supervisord --version)," \
    "$(host -V 2>&1 | head -1)"
  say "$("${JOBQUEUE_TEST_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1), $("${JOBQUEUE_TEST_CHROMEDRIVER:-/usr/bin/chromedriver}" --version 2>/dev/null | awk '{print $1, $2}')"
}

