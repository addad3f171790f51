#!/usr/bin/env bash
# Builds the example worker jar and runs its demo on an embedded SQLite file: no server needed.
#   scripts/demo.sh [demo options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DskipTests -pl worker-example -am package
exec java -jar worker-example/target/worker-example.jar demo "$@"
