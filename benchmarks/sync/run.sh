#!/usr/bin/env bash
# Sync over HTTP and WebSocket on embedded PostgreSQL 17 and embedded Redis: push of 500-mutation
# batches, pull of 10,000 changes, first sync, WebSocket fan-out on one instance and across two.
# Needs a JDK and Maven. Usage: benchmarks/sync/run.sh [items=100000] [sockets=1000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -pl bootstrap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
java -Xmx1g -cp "$cp" com.llatria.bootstrap.benchmark.SyncBenchmark "${1:-100000}" "${2:-1000}" 2>&1 \
    | grep -v -E "^[0-9:. ]+(INFO|DEBUG)|^[0-9:,]+ \|-"
