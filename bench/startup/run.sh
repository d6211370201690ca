#!/usr/bin/env bash
# Start-up benchmark: `portolan --version`, a one-file netstat audit and `flows` on a small capture, before (plain `java -jar`, and the launcher
# without its class-data archive) and after (the ./portolan launcher with its AppCDS archive), with hyperfine.
# Usage: bench/startup/run.sh [RUNS]   (default 20). Needs java 17, maven, hyperfine.
# Run it alone: flock /work/bin/.bench.lock bench/startup/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${1:-20}"
OUT="${PORTOLAN_BENCH_DATA:-/work/benchdata}/startup-out"
mkdir -p "$OUT"
cd "$ROOT"
mvn -B -q -DskipTests package
./portolan --version > /dev/null   # makes target/portolan.jsa once
AUDIT="audit --role clientmanager:manager --set clientmanager.version=4.33 samples/clientmanager-manager-healthy/netstat-ano.txt"
FLOWS="flows --format csv samples/deliverymanager-capture/deliverymanager.pcap"
# PORTOLAN_BASELINE_JAR: a jar built before the start-up work, timed the same way ("before")
before=()
if [ -n "${PORTOLAN_BASELINE_JAR:-}" ]; then
  before=(-n "before: java -jar --version" "java -jar $PORTOLAN_BASELINE_JAR --version"
    -n "before: java -jar audit" "java -jar $PORTOLAN_BASELINE_JAR $AUDIT"
    -n "before: java -jar flows" "java -jar $PORTOLAN_BASELINE_JAR $FLOWS")
fi
# exit code 0 or 1 (findings) are both fine: -i ignores the exit code
hyperfine -N -i -w 3 -r "$RUNS" --export-markdown "$OUT/startup.md" "${before[@]}" \
  -n "java -jar --version" "java -jar target/portolan.jar --version" \
  -n "launcher, no archive --version" "env PORTOLAN_CDS=off ./portolan --version" \
  -n "launcher --version" "./portolan --version" \
  -n "java -jar audit" "java -jar target/portolan.jar $AUDIT" \
  -n "launcher, no archive audit" "env PORTOLAN_CDS=off ./portolan $AUDIT" \
  -n "launcher audit" "./portolan $AUDIT" \
  -n "launcher, no archive flows" "env PORTOLAN_CDS=off ./portolan $FLOWS" \
  -n "launcher flows" "./portolan $FLOWS"
cat "$OUT/startup.md"
