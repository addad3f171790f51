#!/usr/bin/env bash
# Builds the example worker jar and runs its demos on embedded SQLite files: no server needed.
#   scripts/demo.sh [demo options]
# 1. jobs: domain-check and email jobs worked by 4 handlers (the jar's demo command);
# 2. tasks: a domain-check task on a generated list of 1,000 lines with 100 repeats: stage split fans out
#    one lookup (host DOMAIN) per distinct name, stage report counts them (task run).
set -euo pipefail
cd "$(dirname "$0")/.."
# Sources and javadoc jars are for releases, not for running the demo.
./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl worker-example -am package
jar=worker-example/target/worker-example.jar
java -jar "$jar" demo "$@"

echo
echo "== tasks: domain-check on a list of 1,000 lines with 100 repeats"
out=jobqueue-demo
mkdir -p "$out"
list="$out/domains-1000.txt"
{ seq -f 'host-%g.example' 1 900; seq -f 'host-%g.example' 1 100; } > "$list"
rm -f "$out"/tasks.db "$out"/tasks.db-wal "$out"/tasks.db-shm
if ! command -v host >/dev/null; then
  echo "skipped: the lookups run host, which is missing (Debian/Ubuntu: apt-get install -y bind9-host)"
  exit 0
fi
# The names are under .example, reserved for documentation: every lookup should say NXDOMAIN, or "lookup
# failed" where no DNS server answers (a machine without a network).
exec java -jar "$jar" task run domain-check --file "$list" --url "jdbc:sqlite:$out/tasks.db" \
  --lookup-timeout-ms 3000
