#!/usr/bin/env bash
# Reads benchmark: the full Llatria server and a bare Javalin + HikariCP + JDBC endpoint, side by
# side on one PostgreSQL, sellers with 1,000 and 100,000 items. See docs/benchmarks.md.
#
# Usage: benchmarks/reads/run.sh [label]          (needs a JDK 17, Maven; installs wrk with apt-get if missing)
# Settings (environment):
#   ROUNDS=1          rounds of every scenario; ratios are computed within a round
#   DURATION=5        seconds per wrk run (after a global warm-up)
#   CONNECTIONS=16    connections for the get/list/search runs
#   MIXED_CONNECTIONS=200 MIXED_SECONDS=30   the mixed 70/20/10 load (0 skips it), closed loop (like wrk)
#   MIXED_RATE="200 400"  then the same load open loop at each of these offered rates (requests/s over all
#                     connections, latency from the intended send time; "" skips it)
#   POOL_SIZE=        DATABASE_POOL_SIZE for both servers (empty: the server's default; bare uses 10)
#   MIXED_POOLS=      after the rounds, the mixed load again (closed, then each MIXED_RATE) for each of these
#                     pool sizes ("8 16 32"), the full server restarted and warmed up for each
#   SERVER_CPUS=0 LOAD_CPUS=1 DB_CPUS=0-1     taskset pinning (servers share SERVER_CPUS)
#   DATABASE_URL=     an existing PostgreSQL (jdbc:postgresql://…, user/password postgres) instead of the embedded one
#   SCENARIOS=        a regex to run only some scenarios (e.g. 'get|q-nothing')
#   BUILD=1           0 skips the Maven build and uses bootstrap/target/llatria-server.jar as it is
#   HOLD=0            1 keeps database and servers running after the runs (for EXPLAIN and profiling) until Ctrl-C
set -euo pipefail
# bash reads a script as it runs: run from a copy, so editing run.sh cannot break a run in progress
if [ -z "${READS_BENCH_ROOT:-}" ]; then
  export READS_BENCH_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
  copy="$(mktemp /tmp/reads-run.XXXXXX.sh)"; cp "$0" "$copy"
  exec bash "$copy" "$@"
fi
root="$READS_BENCH_ROOT"
here="$root/benchmarks/reads"
label="${1:-$(git -C "$root" rev-parse --short HEAD)}"
ROUNDS="${ROUNDS:-1}"; DURATION="${DURATION:-5}"; CONNECTIONS="${CONNECTIONS:-16}"
MIXED_CONNECTIONS="${MIXED_CONNECTIONS:-200}"; MIXED_SECONDS="${MIXED_SECONDS:-30}"; MIXED_RATE="${MIXED_RATE-200 400}"
SERVER_CPUS="${SERVER_CPUS:-0}"; LOAD_CPUS="${LOAD_CPUS:-1}"; DB_CPUS="${DB_CPUS:-0-1}"
SCENARIOS="${SCENARIOS:-.}"; BUILD="${BUILD:-1}"
work="$(mktemp -d /tmp/llatria-reads.XXXXXX)"
mkdir -p "$here/results"
raw="$here/results/$(date -u +%Y%m%dT%H%M%SZ)-$label.txt"
pids=()
cleanup() {
  local status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  if [ "$status" != 0 ]; then for log in "$work"/*.log; do [ -f "$log" ] && cp "$log" "${raw%.txt}-$(basename "$log")"; done; fi
  rm -rf "$work" "$0"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y wrk >/dev/null; }; }
pin() { local cpus="$1"; shift; taskset -c "$cpus" "$@"; }  # background jobs call taskset directly, so $! is the java pid
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }

jar="$root/bootstrap/target/llatria-server.jar"
if [ "$BUILD" = 1 ]; then (cd "$root" && mvn -B -q -o -DskipTests package -pl bootstrap -am); fi
# a copy, so rebuilding the worktree during a run cannot pull the jar from under the server
cp "$jar" "$work/reads-bench-server.jar"; jar="$work/reads-bench-server.jar"
classes="$work/classes"
javac -nowarn -d "$classes" -cp "$jar" "$here"/src/bench/*.java
cp="$jar:$classes"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"

# 1. PostgreSQL
if [ -z "${DATABASE_URL:-}" ]; then
  dbport="$(free_port)"
  taskset -c "$DB_CPUS" java -cp "$cp" bench.Database "$work/pg" "$dbport" >"$work/db.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do grep -q '^ready' "$work/db.log" && break; sleep 0.5; done
  grep -q '^ready' "$work/db.log" || { cat "$work/db.log"; exit 1; }
  DATABASE_URL="jdbc:postgresql://localhost:$dbport/postgres"
fi
jdbc="$DATABASE_URL"
secret="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' )"

# 2. the full server (it migrates the schema), then the data, then the bare endpoint
full_port="$(free_port)"
start_full() { # [pool size]
  env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$jdbc" DATABASE_USER=postgres DATABASE_PASSWORD=postgres \
      JWT_SECRET="$secret" JWT_EXPIRES_IN=12h PORT="$full_port" HOST=127.0.0.1 LLATRIA_DATA_DIR="$work/data" \
      RATE_LIMIT_PER_IP=0 RATE_LIMIT_PER_USER=0 ${1:+DATABASE_POOL_SIZE=$1} \
      bash -c "exec taskset -c $SERVER_CPUS java $JAVA_OPTS -jar '$jar'" >>"$work/full.log" 2>&1 &
  full_pid=$!
  pids+=($full_pid)
  wait_for "http://127.0.0.1:$full_port/health"
}
start_full "${POOL_SIZE:-}"
java -cp "$cp" bench.Seed "http://127.0.0.1:$full_port" "$jdbc" "$work/seed"
bare_port="$(free_port)"
taskset -c "$SERVER_CPUS" java $JAVA_OPTS -cp "$cp" bench.BareServer "$bare_port" "$jdbc" "$secret" "${POOL_SIZE:-10}" >"$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q 'bare endpoint on port' "$work/bare.log" && break; sleep 0.5; done

# 3. the same bytes from both, for a few items of each seller (photos included)
for size in 1000 100000; do
  token="$(cat "$work/seed/$size.token")"
  for id in $(sed -n '1,40p;100p;500p;999p' "$work/seed/$size.ids"); do
    a="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$full_port/api/inventory/$id")"
    b="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$bare_port/api/inventory/$id")"
    [ "$a" = "$b" ] || { echo "full and bare answers differ for $id:"; echo "$a"; echo "$b"; exit 1; }
  done
done
echo "full and bare answer byte-identical JSON"

# 4. scenarios: name and query string of GET /api/inventory (each for both sellers)
lists=(
  "list|limit=50"
  "sort-updated|sort=updated&limit=50"
  "sort-price|sort=price&order=asc&limit=50"
  "status|status=sold&limit=50"
  "category|category=Cameras&limit=50"
  "condition|condition=fair&limit=50"
  "price-range|minPrice=20&maxPrice=40&limit=50"
  "all-filters|status=active&category=Home&condition=used&minPrice=10&maxPrice=200&limit=50"
  "status-condition|status=draft&condition=poor&limit=50"
  "category-price|category=Cameras&status=active&sort=price&order=asc&limit=50"
  "q-brand|q=patagonia&limit=50"
  "q-two-words|q=red+jacket&limit=50"
  "q-nothing|q=zzyzx+unicorn&limit=50"
  "q-sku|q=LL-000421&limit=50"
  "q-sku-part|q=000421&limit=50"
  "q-category|q=patagonia&category=Clothing&limit=50"
  "q-status-price|q=patagonia&status=active&sort=price&order=asc&limit=50"
  "q-all-filters|q=pyrex&status=active&category=Kitchen&condition=used&minPrice=5&maxPrice=400&limit=50"
)
wrk_run() { # round target scenario size url script [script args]
  local round="$1" target="$2" scenario="$3" size="$4" url="$5" script="$6"; shift 6
  local token; token="$(cat "$work/seed/$size.token")"
  local out
  out="$(pin "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -H "Authorization: Bearer $token" \
         -s "$script" "$url" "$@" | grep '^RESULT' || true)"
  if [ -z "$out" ] || ! kill -0 "${pids[@]}" 2>/dev/null; then
    echo "a server or the database is gone (killed from outside?); logs kept beside $raw" >&2; exit 1
  fi
  echo "$round $target $scenario $size $out" | tee -a "$raw"
}

echo "warming up both servers"
for size in 1000 100000; do
  token="$(cat "$work/seed/$size.token")"
  for port in "$full_port" "$bare_port"; do
    pin "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $token" -s "$here/lua/get.lua" \
        "http://127.0.0.1:$port" -- "$work/seed/$size.ids" >/dev/null
  done
  for entry in "${lists[@]}"; do
    pin "$LOAD_CPUS" wrk -t1 -c4 -d1s --timeout 10s -H "Authorization: Bearer $token" -s "$here/lua/report.lua" \
        "http://127.0.0.1:$full_port/api/inventory?${entry#*|}" >/dev/null
  done
done

# how many items each list answers with, for each seller (a selective filter fills a page of 50
# at 100,000 items but not at 1,000: part of any difference is the size of the answer)
declare -A small_count
for size in 1000 100000; do
  token="$(cat "$work/seed/$size.token")"
  for entry in "${lists[@]}"; do
    n="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$full_port/api/inventory?${entry#*|}" \
         | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
    echo "0 items ${entry%%|*} $size COUNT n=$n" >>"$raw"
    [ "$size" = 1000 ] && small_count["${entry%%|*}"]="$n"
  done
done
# ... so each such list runs a second time asking both sellers for as many items as the small one has
for entry in "${lists[@]}"; do
  name="${entry%%|*}"; n="${small_count[$name]}"
  if [ "$n" -gt 0 ] && [ "$n" -lt 50 ]; then
    lists+=("$name@$n|${entry#*|}"); lists[-1]="${lists[-1]/limit=50/limit=$n}"
    echo "0 items $name@$n 1000 COUNT n=$n" >>"$raw"; echo "0 items $name@$n 100000 COUNT n=$n" >>"$raw"
  fi
done

# the mixed load on the 100,000-item seller: closed loop, then open loop at each MIXED_RATE
mixed_runs() { # round label warm-up-seconds
  local round="$1" name="$2" warm="$3" rate
  pin "$LOAD_CPUS" java -cp "$cp" bench.MixedLoad "$full_port" "$work/seed/100000.token" "$work/seed/100000.ids" \
      "$MIXED_CONNECTIONS" "$warm" "$MIXED_SECONDS" | sed "s/^/$round mixed $name 100000 /" | tee -a "$raw"
  for rate in $MIXED_RATE; do
    pin "$LOAD_CPUS" java -cp "$cp" bench.MixedLoad "$full_port" "$work/seed/100000.token" "$work/seed/100000.ids" \
        "$MIXED_CONNECTIONS" 5 "$MIXED_SECONDS" "$rate" | sed "s/^/$round mixed $name@${rate}rps 100000 /" | tee -a "$raw"
  done
}

{ echo "# $label $(date -u +%FT%TZ) rounds=$ROUNDS duration=${DURATION}s connections=$CONNECTIONS pool=${POOL_SIZE:-default}"
  echo "# cpus: server=$SERVER_CPUS load=$LOAD_CPUS db=$DB_CPUS; load average $(cut -d' ' -f1-3 /proc/loadavg)"; } >>"$raw"
for round in $(seq 1 "$ROUNDS"); do
  # each scenario for both sellers back to back, so a change in the machine's load between the two
  # runs of a ratio is as small as it can be
  if [[ "get" =~ $SCENARIOS ]]; then
    for size in 1000 100000; do
      wrk_run "$round" full get "$size" "http://127.0.0.1:$full_port" "$here/lua/get.lua" -- "$work/seed/$size.ids"
      wrk_run "$round" bare get "$size" "http://127.0.0.1:$bare_port" "$here/lua/get.lua" -- "$work/seed/$size.ids"
    done
  fi
  for entry in "${lists[@]}"; do
    name="${entry%%|*}"
    [[ "$name" =~ $SCENARIOS ]] || continue
    for size in 1000 100000; do
      wrk_run "$round" full "$name" "$size" "http://127.0.0.1:$full_port/api/inventory?${entry#*|}" "$here/lua/report.lua"
    done
  done
  if [ "$MIXED_SECONDS" != 0 ] && [[ "mixed" =~ $SCENARIOS ]]; then
    mixed_runs "$round" "$MIXED_CONNECTIONS" 5
  fi
done
# the mixed load once more for each of MIXED_POOLS (e.g. "10 16 32 64"): the full server restarted
# with that DATABASE_POOL_SIZE against the same database, to choose the default from measurement
for pool in ${MIXED_POOLS:-}; do
  kill "$full_pid"; wait "$full_pid" 2>/dev/null || true
  start_full "$pool"
  # a restarted server's JIT is cold: 20 s of the load before the first measured run
  for round in $(seq 1 "$ROUNDS"); do mixed_runs "$round" "pool$pool" 20; done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg); the run took ${SECONDS}s" >>"$raw"

echo
echo "raw results: $raw"
java -cp "$cp" bench.Summary "$raw" | tee "${raw%.txt}.md"
if [ "${HOLD:-0}" = 1 ]; then
  echo "holding: database $jdbc, full server :$full_port, bare :$bare_port, tokens and ids in $work/seed (Ctrl-C ends)"
  wait
fi
