#!/usr/bin/env bash
# Keyset paging over 100,000 items in embedded PostgreSQL 17: page 1 against page 1000.
# Needs a JDK and Maven. Usage: benchmarks/keyset-paging/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -pl adapters-persistence -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="adapters-persistence/target/test-classes:adapters-persistence/target/classes:$(cat adapters-persistence/target/bench.classpath)"
java -cp "$cp" com.llatria.adapters.persistence.benchmark.KeysetPagingBenchmark 2>&1 | grep -v -E "^[0-9:. ]+(INFO|DEBUG)"
