#!/usr/bin/env bash
# Load run of GET /api/products/{id} over ids 1..1000: the demo with its cache vs with caching disabled,
# alternating ROUNDS times so that both see the same machine noise. Needs wrk and a built demo-app
# (./mvnw -pl demo-app -am -DskipTests install). The demo runs as TestDemoApplication against dev-service
# servers (embedded unless REDIS_URL/KAFKA_BOOTSTRAP_SERVERS/MONGODB_URI are set).
#   demo-app/src/test/wrk/load-run.sh [duration, default 20s] [rounds, default 2]
# CACHEKIT_BUILD_LOCK=/path/to/lock serialises the one Maven call with other builds (flock).
# "disabled" is --demo.cache.enabled=false (Spring's NoOpCacheManager instead of cachekit's; the demo's
# application.yml already sets spring.cache.type=none, which cachekit's cache manager does not look at).
# Rate limits are off in both (the demo allows 100 requests a minute per client). Before each measurement
# the script prints the X-Cache header of a second read of one product: HIT when cached, MISS when disabled.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${1:-20s}
ROUNDS=${2:-2}
CONNECTIONS=${CONNECTIONS:-16}
DISABLED_ARGS=${DISABLED_ARGS:---demo.cache.enabled=false}
CP_FILE=$(mktemp)
${CACHEKIT_BUILD_LOCK:+flock "$CACHEKIT_BUILD_LOCK"} ../mvnw -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

run() {
  local label=$1; shift
  local port; port=$(free_port)
  java -Xmx512m -cp "$CP" io.cachekit.demo.TestDemoApplication --server.port="$port" \
    --spring.mongodb.database="load-$label-$$" --cachekit.rate-limit.enabled=false --logging.level.root=WARN "$@" \
    >"/tmp/demo-load-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  wrk -t2 -c"$CONNECTIONS" -d5s -s src/test/wrk/random-products.lua "http://127.0.0.1:$port" >/dev/null
  curl -s -o /dev/null "http://127.0.0.1:$port/api/products/1"
  echo "=== $label ($*) second read X-Cache: $(curl -s -o /dev/null -D - "http://127.0.0.1:$port/api/products/1" \
    | tr -d '\r' | sed -n 's/^X-Cache: //p')"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s src/test/wrk/random-products.lua "http://127.0.0.1:$port" \
    | grep -E 'Requests/sec|^ +(50|99)%|non-200|requests in'
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  run cached
  run disabled $DISABLED_ARGS
done
rm -f "$CP_FILE"
