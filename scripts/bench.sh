#!/usr/bin/env bash
# Builds Homeostat and runs the bench: the local stack and the five services as separate processes, then MTTR over
# 1,000 incidents, incidents/s against the stack's own limit, a scan of 10,000 queues on moto, and each service's
# ready time and RSS. Prints a table; the figures also go to bench/target/bench/bench.json (see docs/benchmarks.md).
#
#   scripts/bench.sh                  build, then the full bench (10-20 minutes on 2 cores)
#   scripts/bench.sh --no-build ...   reuse target/ from an earlier build
#   scripts/bench.sh --smoke          tens of incidents, 100 queues: checks the bench works, quotes nothing
#   scripts/bench.sh --incidents N --queues N --calibration N --resources N --scan-concurrency N
#                    --stack-probe-seconds S --out FILE
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=1
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) ARGS+=("$arg") ;;
  esac
done
export PATH="$PATH:$HOME/.pyenv/shims"
command -v java >/dev/null || { echo "error: java not found (JDK 17+ needed)" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "error: moto_server not found; install it with: pip install 'moto[server]'" >&2; exit 1; }

if [ "$BUILD" = 1 ]; then
  echo "==> building (./mvnw package -DskipTests: the services, the local stack and the bench)"
  ./mvnw -B -q package -DskipTests
fi
JAR=$(ls bench/target/bench-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1 || true)
[ -n "$JAR" ] || { echo "error: bench not built; run without --no-build" >&2; exit 1; }
echo "==> machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Dhomeostat.root="$PWD" -Dhomeostat.e2e.work="$PWD/bench/target/bench" -jar "$JAR" "${ARGS[@]}"
