#!/usr/bin/env bash
# The AI assistant over HTTP with an instant fake OpenAI: cache miss, cache hit (in process and
# Redis), and price suggestions at 100,000 items / 20,000 sold. Needs a JDK and Maven.
# Usage: benchmarks/ai/run.sh [runs]   (default 500 requests per measurement)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -o -pl bootstrap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
java -Xmx1g -Druns="${1:-500}" -cp "$cp" com.llatria.bootstrap.AiBenchmark 2>&1 | grep -v -E "^[0-9:. ]+(INFO|DEBUG|WARN)|^\s*$"
