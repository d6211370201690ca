#!/usr/bin/env bash
# Fleet benchmark: `audit --batch` of 10,000 and 100,000 generated hosts to the fleet page (HTML) and to JSON Lines,
# every run under /usr/bin/time -v (wall time incl. JVM start, peak RSS) and under the shared benchmark lock.
# usage: bench/fleet/run.sh [DATA] [REPEATS]   DATA default /work/benchdata (trees fleet10k/, fleet100k/ are generated
# there by gen_fleet.py when missing; they are large: ~365 MB and ~3.6 GB); REPEATS of the 10k runs, default 3.
# Also times the 10,000 hosts of ../../../shared/bench/gen_fleet.py (small sample dumps: the issue's "before" setup)
# when DATA/fleet10k-shared exists. PORTOLAN_JAR=path runs that jar (with the launcher's JVM options) instead of
# building the project.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
data="${1:-/work/benchdata}"
repeats="${2:-3}"
out="$data/fleet-out"
lock=/work/bin/.bench.lock
mkdir -p "$out"
for n in 10000 100000; do
  d="$data/fleet$((n / 1000))k"
  [[ -f "$d/hosts.csv" ]] || python3 "$here/gen_fleet.py" "$n" "$d" --project "$project" >/dev/null
done
if [[ -z "${PORTOLAN_JAR:-}" ]]; then
  (cd "$project" && mvn -q -B -DskipTests package >/dev/null)
  PORTOLAN_JAR="$project/target/portolan.jar"
fi
# the launcher's JVM options (see ./portolan), so the figures are those of `./portolan audit`
portolan=(java ${PORTOLAN_JAVA_OPTS:--XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=256m} -jar "$PORTOLAN_JAR")

run() { # name, then portolan arguments
  local name="$1"; shift
  local t="$out/$name.time"
  set +e
  flock "$lock" /usr/bin/time -v -o "$t" "${portolan[@]}" "$@" 2>"$out/$name.err"
  local rc=$?
  set -e
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$t")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$t")
  printf '%-12s exit %d  wall %s  peak RSS %s MB\n' "$name" "$rc" "$wall" "$rss" | tee -a "$out/results.txt"
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/results.txt"
d10="$data/fleet10k"
d100="$data/fleet100k"
for i in $(seq 1 "$repeats"); do
  run "10k-html-$i" audit --batch -q --hosts "$d10/hosts.csv" "$d10/collected" -o "$out/fleet10k.html"
  run "10k-jsonl-$i" audit --batch -q --hosts "$d10/hosts.csv" "$d10/collected" -o "$out/fleet10k.jsonl"
done
ls -l "$out/fleet10k.html" "$out/fleet10k.jsonl" | tee -a "$out/results.txt"
[[ -d "$out/fleet10k-hosts" ]] && echo "side pages (10k): $(ls "$out/fleet10k-hosts" | wc -l)" | tee -a "$out/results.txt"
if [[ -f "$data/fleet10k-shared/hosts.csv" ]]; then
  ds="$data/fleet10k-shared"
  run "10k-shared-html" audit --batch -q --hosts "$ds/hosts.csv" "$ds/collected" -o "$out/fleet10k-shared.html"
  run "10k-shared-jsonl" audit --batch -q --hosts "$ds/hosts.csv" "$ds/collected" -o "$out/fleet10k-shared.jsonl"
  ls -l "$out/fleet10k-shared.html" | tee -a "$out/results.txt"
fi
run "100k-jsonl" audit --batch -q --hosts "$d100/hosts.csv" "$d100/collected" -o "$out/fleet100k.jsonl"
run "100k-html" audit --batch -q --hosts "$d100/hosts.csv" "$d100/collected" -o "$out/fleet100k.html"
ls -l "$out/fleet100k.html" "$out/fleet100k.jsonl" | tee -a "$out/results.txt"
[[ -d "$out/fleet100k-hosts" ]] && echo "side pages (100k): $(ls "$out/fleet100k-hosts" | wc -l)" | tee -a "$out/results.txt"
