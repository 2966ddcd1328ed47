#!/usr/bin/env bash
# The photo pipeline against sharp on the same 12 MP phone JPEG. Needs a JDK, Maven, Node.js and npm.
# Usage: benchmarks/image-pipeline/run.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-15}"
photo="$root/adapters-storage/target/bench/photo-12mp.jpg"

cd "$root"
# One reactor run, so the domain module resolves from the build instead of a local repository.
mvn -q -pl adapters-storage -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="adapters-storage/target/test-classes:adapters-storage/target/classes:$(cat adapters-storage/target/bench.classpath)"
java -Xmx512m -cp "$cp" com.llatria.adapters.storage.benchmark.ImagePipelineBenchmark "$photo" "$runs"

cd "$here"
if [ ! -d node_modules/sharp ]; then npm install --no-save --silent sharp@0.35; fi
node sharp-bench.mjs "$photo" "$runs"
