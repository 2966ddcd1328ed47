#!/usr/bin/env bash
# 1,000 items posted at once to a fake eBay, on embedded PostgreSQL 17: time to all posted,
# jobs per second, duplicates, database load. Needs a JDK and Maven.
# Usage: benchmarks/platforms/run.sh [items] [worker concurrency]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -o -pl bootstrap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
for m in domain application adapters-persistence adapters-storage adapters-crypto adapters-platforms adapters-web; do
  cp="$cp:$m/target/classes:$m/target/test-classes"
done
java -Xmx1g -Ditems="${1:-1000}" -Dconcurrency="${2:-16}" -cp "$cp" com.llatria.bootstrap.benchmark.PostingBenchmark 2>&1 \
  | grep -v -E "^[0-9:. ]+(INFO|DEBUG)|[|]-(INFO|WARN)"
