#!/usr/bin/env bash
# The Spark job in local[2] vs `audit --batch` on the same generated fleet, both to JSON Lines.
# usage: bench/spark/run.sh [HOSTS] [RUNS]   (default 10000 hosts, 3 runs each); fleet and outputs under $BENCH_DATA
# (default bench/out/, git-ignored). Takes the benchmark lock, so it never overlaps another benchmark.
set -euo pipefail
cd "$(dirname "$0")/../.."
HOSTS=${1:-10000}
RUNS=${2:-3}
DATA=${BENCH_DATA:-$PWD/bench/out}
FLEET=$DATA/spark-fleet-$HOSTS
mkdir -p "$DATA"
[ -d "$FLEET/collected" ] || python3 ../shared/bench/gen_fleet.py "$HOSTS" "$FLEET" --project . >/dev/null
[ -f target/portolan.jar ] && [ -f spark/target/portolan-spark.jar ] || { mvn -q -B -DskipTests install && mvn -q -B -DskipTests -f spark/pom.xml package; }
LOCK=${BENCH_LOCK:-/work/bin/.bench.lock}
echo "fleet $FLEET: $HOSTS hosts, $(find "$FLEET/collected" -type f | wc -l) files, $(du -sh "$FLEET/collected" | cut -f1); $(nproc) cpus"
cat "$FLEET"/collected/*/* > /dev/null # warm the page cache

measure() { # name, command... : wall time and peak RSS of the whole process tree's largest member
  local name=$1; shift
  /usr/bin/time -f "$name %e s wall, %U s user, %M KB peak RSS, exit %x" "$@" 2>&1 >/dev/null | grep -E "^$name " || true
}
run_all() {
  for i in $(seq "$RUNS"); do
    measure batch ./portolan audit --batch --hosts "$FLEET/hosts.csv" --format jsonl -o "$DATA/batch-$HOSTS.jsonl" "$FLEET/collected"
    rm -rf "$DATA/spark-out-$HOSTS"
    measure spark spark/portolan-spark --master 'local[2]' --hosts "$FLEET/hosts.csv" --output "$DATA/spark-out-$HOSTS" "$FLEET/collected"
  done
  # the same findings: sorted lines of both
  if cmp -s <(sort "$DATA/batch-$HOSTS.jsonl") <(cat "$DATA/spark-out-$HOSTS"/findings/part-* | sort); then
    echo "findings: identical ($(wc -l < "$DATA/batch-$HOSTS.jsonl") lines)"
  else
    echo "findings: DIFFERENT"
  fi
}
if command -v flock >/dev/null && [ -e "$LOCK" ]; then
  export -f measure run_all; export FLEET DATA HOSTS RUNS
  flock "$LOCK" bash -c run_all
else
  run_all
fi
