#!/usr/bin/env bash
# 1,000 items posted at once to a fake eBay, on embedded PostgreSQL 17, with the server's defaults
# (8 posting jobs at once, a pool of 10): time to all posted, jobs per second, duplicates, the
# statements and table work per job, the claim query's plans, and where the job threads' time went.
# Needs a JDK and Maven. Usage: [LABEL=name] [EBAY_LATENCY_MS=150] benchmarks/platforms/run.sh [items] [worker concurrency] [pool size]
# The output is also kept in benchmarks/platforms/results/<time>-<label>.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -o -pl bootstrap -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
for m in domain application adapters-persistence adapters-storage adapters-crypto adapters-platforms adapters-web; do
  cp="$cp:$m/target/classes:$m/target/test-classes"
done
mkdir -p benchmarks/platforms/results
out="benchmarks/platforms/results/$(date -u +%Y%m%dT%H%M%SZ)-${LABEL:-run}.txt"
java -Xmx1g -Ditems="${1:-1000}" -Dconcurrency="${2:-8}" -Dpool="${3:-10}" -DebayLatencyMs="${EBAY_LATENCY_MS:-0}" -cp "$cp" com.llatria.bootstrap.benchmark.PostingBenchmark 2>&1 \
  | grep -v -E "^[0-9:. ]+(INFO|DEBUG)|[|]-(INFO|WARN)" | tee "$out"
echo "(kept in $out)"
