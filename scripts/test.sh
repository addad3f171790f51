#!/usr/bin/env bash
# Runs every test against real servers: SQLite (embedded), PostgreSQL, MariaDB/MySQL, beanstalkd, RabbitMQ
# and supervisord, and the dashboard's browser test in headless Chromium. Brings up what is missing on this
# machine, or says exactly what to do.
#
#   scripts/test.sh [extra Maven arguments]
#
# Server addresses come from JOBQUEUE_TEST_POSTGRES_URL, JOBQUEUE_TEST_MYSQL_URL, JOBQUEUE_TEST_BEANSTALKD and
# JOBQUEUE_TEST_RABBITMQ_URL; when unset, the local servers (127.0.0.1:5432 user postgres, 127.0.0.1:3306 user
# root, database test, 127.0.0.1:5672 guest/guest). JOBQUEUE_TEST_CHROMIUM and JOBQUEUE_TEST_CHROMEDRIVER name the
# browser and its driver; when unset, Debian's /usr/bin/chromium and /usr/bin/chromedriver (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/servers.sh

ensure_postgres
ensure_mariadb
ensure_rabbitmq
ensure_packages

say "running all tests"
exec ./mvnw -B -ntp verify "$@"
