#!/usr/bin/env bash
# Sync over HTTP and WebSocket on embedded PostgreSQL 17 and embedded Redis: an inventory seeded
# through SQL, push of 500-mutation batches, pull of 10,000 changes, first sync of everything,
# WebSocket fan-out on one instance and across two (client sockets in a second JVM).
# Needs a JDK and Maven. Usage: benchmarks/sync/run.sh [items=100000] [sockets=5000]
# JFR=1 records a flight recording of the server JVM to /tmp/sync-benchmark.jfr. PUSH=0 skips the
# push batches; READ_AHEAD=1 also measures pulls on an instance that does not read ahead.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -o -pl bootstrap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
jfr=()
if [ "${JFR:-0}" = 1 ]; then jfr=(-XX:StartFlightRecording=filename=/tmp/sync-benchmark.jfr,settings=profile); fi
java -Xmx1g "${jfr[@]}" -Dsync.benchmark.push="${PUSH:-1}" -Dsync.benchmark.readAhead="${READ_AHEAD:-0}" -cp "$cp" com.llatria.bootstrap.benchmark.SyncBenchmark "${1:-100000}" "${2:-5000}" 2>&1 \
    | grep -v -E "^[0-9:. ]+(INFO|DEBUG)|^[0-9:,]+ \|-|jfr,startup"
