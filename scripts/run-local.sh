#!/usr/bin/env bash
# Builds Homeostat, starts the embedded AWS stack and the five services as separate processes, provisions what
# phases/ declares into the managed cloud, tampers with a queue and shows it being healed; the dashboard runs beside
# them (base port + 6). Ctrl-C stops everything.
#
#   scripts/run-local.sh              build, start, demo, keep running
#   scripts/run-local.sh --no-build   skip the Maven build (reuse target/)
#   scripts/run-local.sh --demo-only  exit after the demo (used to check this script)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN="$ROOT/.homeostat"
LOGS="$RUN/logs"
BUILD=1
STAY=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --demo-only) STAY=0 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

# Service HTTP ports (override with HOMEOSTAT_PORT_BASE; detector is base+1 ... verifier base+5, dashboard base+6).
BASE=${HOMEOSTAT_PORT_BASE:-8080}
SERVICES=(detector analyzer planner executor verifier)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31merror: %s\033[0m\n' "$*" >&2; exit 1; }

command -v java >/dev/null || die "java not found (JDK 17+ needed)"
for tool in curl jq; do command -v $tool >/dev/null || die "$tool not found (apt-get install $tool)"; done
export PATH="$PATH:$HOME/.pyenv/shims"
command -v moto_server >/dev/null || echo "note: moto_server not found; only aws.sqs.queue can be managed (pip install 'moto[server]')"

if [ "$BUILD" = 1 ]; then
  say "building (./mvnw install -DskipTests)"
  ./mvnw -B -q install -DskipTests
fi

rm -rf "$LOGS" "$RUN/endpoints.properties"
mkdir -p "$LOGS" "$RUN/data"
PIDS=()
cleanup() {
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    say "stopping"
    kill "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

say "starting the local stack (ElasticMQ, DynamoDB Local, moto) — log: $LOGS/local-stack.log"
java -jar local-stack/target/local-stack-*-SNAPSHOT.jar start --data-dir "$RUN/data" \
  --endpoints-file "$RUN/endpoints.properties" > "$LOGS/local-stack.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do [ -f "$RUN/endpoints.properties" ] && break; sleep 0.25; done
[ -f "$RUN/endpoints.properties" ] || die "local stack did not start; see $LOGS/local-stack.log"
prop() { grep "^$1=" "$RUN/endpoints.properties" | cut -d= -f2- | sed 's/\\//g'; }
# The operator API needs a bearer token; user "operator" gets a fresh one per run unless you bring your own.
TOKEN=${HOMEOSTAT_API_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
# The CLI reads it from a file: scripts/homeostat ... --token-file .homeostat/api-token
(umask 077; printf '%s\n' "$TOKEN" > "$RUN/api-token")
SQS=$(prop control.sqs); DDB=$(prop control.dynamodb); CLOUD=$(prop cloud.endpoint)

i=0
for svc in "${SERVICES[@]}"; do
  i=$((i + 1))
  port=$((BASE + i))
  extra=()
  # First deploy: the detector creates declared resources that do not exist yet (see docs/phases.md).
  [ "$svc" = detector ] && extra=(-Dhomeostat.detector.provision-on-start=true)
  java "${extra[@]}" -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dhomeostat.api.tokens.operator="$TOKEN" \
    -Dhomeostat.local.control-sqs="$SQS" -Dhomeostat.local.control-dynamodb="$DDB" -Dhomeostat.local.cloud="$CLOUD" \
    -Dhomeostat.phases.dir="$ROOT/phases" \
    -jar "$svc-service/target/quarkus-app/quarkus-run.jar" > "$LOGS/$svc.log" 2>&1 &
  PIDS+=($!)
done
say "starting ${SERVICES[*]} (ports $((BASE + 1))-$((BASE + 5)))"
i=0
for svc in "${SERVICES[@]}"; do
  i=$((i + 1))
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$((BASE + i))/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.25
  done
  curl -sf "http://127.0.0.1:$((BASE + i))/q/health/ready" >/dev/null || die "$svc is not ready; see $LOGS/$svc.log"
  echo "    $svc ready on :$((BASE + i))"
done
grep -h "provision" "$LOGS/detector.log" | sed 's/^/    /' || true

# The dashboard (base+6): the page plus a thin API forwarding to the detector and planner with the signed-in user's
# token. Not needed by the demo below, so a dashboard that does not come up is a note, not a stop.
DASHBOARD="http://127.0.0.1:$((BASE + 6))/"
java -Dquarkus.http.port="$((BASE + 6))" -Dhomeostat.dashboard.detector-url="http://127.0.0.1:$((BASE + 1))" \
  -Dhomeostat.dashboard.planner-url="http://127.0.0.1:$((BASE + 3))" \
  -jar dashboard/target/quarkus-app/quarkus-run.jar > "$LOGS/dashboard.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -sf "${DASHBOARD}q/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
if curl -sf "${DASHBOARD}q/health/ready" >/dev/null 2>&1; then
  echo "    dashboard ready on :$((BASE + 6))"
else
  echo "    note: the dashboard is not ready; see $LOGS/dashboard.log"
fi

API="http://127.0.0.1:$((BASE + 1))/api/incidents"
LOCALSTACK=(java -jar local-stack/target/local-stack-*-SNAPSHOT.jar)
QUEUE=orders
say "tampering: VisibilityTimeout=99 and tag 'env' removed on queue '$QUEUE' (as an outside user)"
"${LOCALSTACK[@]}" tamper --endpoint "$CLOUD" --queue "$QUEUE" --set VisibilityTimeout=99 --untag env 2>/dev/null
START=$(date +%s%N)
ID=""
for _ in $(seq 1 240); do
  ID=$(curl -s -H "Authorization: Bearer $TOKEN" "$API" | jq -r --arg q "$QUEUE" '[.[] | select(.resource.name == $q and .state == "RESOLVED" and (.diff | map(.path) | index("attributes.VisibilityTimeout")))][0].incidentId // empty' 2>/dev/null || true)
  [ -n "$ID" ] && break
  sleep 0.25
done
[ -n "$ID" ] || die "the queue was not healed within 60 s; see $LOGS/"
say "healed in $(( ($(date +%s%N) - START) / 1000000 )) ms — incident $ID:"
curl -s -H "Authorization: Bearer $TOKEN" "$API/$ID" | jq -r '.timeline[] | "    \(.at)  \(.state | . + " " * (10 - length))  \(.service | . + " " * (9 - length))  \(.note)"'

cat <<TXT

Where to look
  API token:          export TOKEN=$TOKEN   (user "operator"; send as 'Authorization: Bearer \$TOKEN')
  dashboard:          $DASHBOARD   (sign in with the API token above)
  incidents (JSON):   curl -H "Authorization: Bearer \$TOKEN" $API   (and $API/<id>)
  dry run (plan):     curl -H "Authorization: Bearer \$TOKEN" -H 'Accept: text/plain' http://127.0.0.1:$((BASE + 1))/api/drift
  drift flags:        curl -X PUT -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
                        -d '{"mode":"PAUSED","ttl":"PT1H","reason":"maintenance"}' http://127.0.0.1:$((BASE + 1))/api/flags/resource/invoices-queue
  CLI:                export HOMEOSTAT_API=http://127.0.0.1:$((BASE + 1)) HOMEOSTAT_PLANNER_API=http://127.0.0.1:$((BASE + 3))
                      scripts/homeostat status --token-file $RUN/api-token   (also plan, incidents list, plans, flags, dlq list; docs/cli.md)
  health / metrics:   http://127.0.0.1:$((BASE + 1))/q/health   http://127.0.0.1:$((BASE + 1))/q/metrics   (ports $((BASE + 1))-$((BASE + 5)))
  logs:               $LOGS/<service>.log
  managed cloud:      $CLOUD ($(prop cloud.kind)); desired state: $ROOT/phases/
  tamper yourself:    ${LOCALSTACK[*]} tamper --endpoint $CLOUD --queue invoices --delete
TXT
if [ "$STAY" = 1 ]; then
  say "running; Ctrl-C to stop"
  wait
fi
