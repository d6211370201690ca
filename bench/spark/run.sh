#!/usr/bin/env bash
# The Spark job in local[2] vs `audit --batch` on the same fleet, both to JSON Lines: wall time (incl. JVM and Spark
# start) and peak RSS under /usr/bin/time -v, each run under the shared benchmark lock with the load average noted; then
# checks that both wrote the same finding lines (sorted, byte for byte).
# usage: bench/spark/run.sh [FLEET] [RUNS]
#   FLEET: a folder with hosts.csv and collected/ (default /work/benchdata/fleet10k, the 10,000 hosts of bench/fleet;
#          generated with bench/fleet/gen_fleet.py when missing); RUNS: runs of each, default 2.
#   Outputs and results.txt go to $BENCH_OUT (default FLEET/../spark-out). Uses target/portolan.jar and spark/target/
#   as built (both launchers build them when missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
fleet="${1:-/work/benchdata/fleet10k}"
runs="${2:-2}"
out="${BENCH_OUT:-$(dirname "$fleet")/spark-out}"
lock=/work/bin/.bench.lock
mkdir -p "$out"
[[ -f "$fleet/hosts.csv" ]] || python3 "$project/bench/fleet/gen_fleet.py" 10000 "$fleet" --project "$project" >/dev/null
cd "$project"

run() { # name, then the command
  local name="$1"; shift
  local t="$out/$name.time"
  local load
  set +e
  flock "$lock" bash -c 'cut -d" " -f1-3 /proc/loadavg > "$0"; exec /usr/bin/time -v -o "$1" "${@:2}"' "$out/$name.load" "$t" "$@" \
    >/dev/null 2>"$out/$name.err"
  local rc=$?
  set -e
  load=$(cat "$out/$name.load")
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$t")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$t")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.1f", u+s}' "$t")
  printf '%-10s exit %d  wall %s  cpu %s s  peak RSS %s MB  load before %s\n' "$name" "$rc" "$wall" "$cpu" "$rss" "$load" \
    | tee -a "$out/results.txt"
}

echo "== $(date -u +%FT%TZ) $fleet: $(ls "$fleet/collected" | wc -l) hosts, $(find "$fleet/collected" -type f | wc -l) files, \
$(du -sh "$fleet/collected" | cut -f1); $(nproc) cores, $(java -version 2>&1 | head -1)" | tee -a "$out/results.txt"
# both launchers build what is missing or stale now, not inside a timed run
./portolan --version >/dev/null
spark/portolan-spark --version >/dev/null
cat "$fleet"/collected/*/* > /dev/null # warm the page cache
for i in $(seq 1 "$runs"); do
  run "batch-$i" ./portolan audit --batch -q --hosts "$fleet/hosts.csv" -o "$out/batch.jsonl" "$fleet/collected"
  rm -rf "$out/spark"
  run "spark-$i" spark/portolan-spark --master 'local[2]' --hosts "$fleet/hosts.csv" --output "$out/spark" "$fleet/collected"
done
# the same findings, order aside
if cmp -s <(sort "$out/batch.jsonl") <(cat "$out/spark"/findings/part-* | sort); then
  echo "findings: identical, $(wc -l < "$out/batch.jsonl") lines (sorted, byte for byte)" | tee -a "$out/results.txt"
else
  echo "findings: DIFFERENT (batch $(wc -l < "$out/batch.jsonl") lines, spark $(cat "$out/spark"/findings/part-* | wc -l))" \
    | tee -a "$out/results.txt"
fi
