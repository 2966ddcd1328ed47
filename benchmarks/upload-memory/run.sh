#!/usr/bin/env bash
# Heap under a burst of maximum-size photo uploads (8 requests at once, 6 photos of ~15 MB each)
# against the standalone server on its defaults (embedded PostgreSQL, photos on disk), in a JVM
# with a deliberately small heap. Needs a JDK and Maven. Usage: benchmarks/upload-memory/run.sh
# Options: HEAP=384m CLIENTS=8 PARTS=6 benchmarks/upload-memory/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -o -pl bootstrap -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
java -Xmx"${HEAP:-384m}" -Dclients="${CLIENTS:-8}" -Dparts="${PARTS:-6}" -cp "$cp" \
    com.llatria.bootstrap.UploadMemoryBenchmark 2>&1 | grep -v -E "^[0-9:. ]+(INFO|DEBUG)"
