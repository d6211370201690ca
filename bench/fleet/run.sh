#!/usr/bin/env bash
# Fleet benchmark: `audit --batch` of 10,000 and 100,000 generated hosts to the fleet page (HTML) and to JSON Lines,
# every run under /usr/bin/time -v (wall time incl. JVM start, peak RSS) and under the shared benchmark lock.
# usage: bench/fleet/run.sh [DATA] [REPEATS]   DATA default /work/benchdata (trees fleet10k/, fleet100k/ are generated
# there by gen_fleet.py when missing; they are large: ~365 MB and ~3.6 GB); REPEATS of the 10k runs, default 3.
# Runs the project's launcher (./portolan: its JVM options and class-data archive, as a user runs it); PORTOLAN=path
# runs another launcher. Also times the 10,000 hosts of ../../../shared/bench/gen_fleet.py (small sample dumps: the
# issue's "before" setup) when DATA/fleet10k-shared exists. SKIP_100K=1 leaves out the 100,000-host runs.
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
portolan=("${PORTOLAN:-$project/portolan}")
"${portolan[@]}" --version >/dev/null # builds the jar and its class-data archive once, outside the timings

run() { # name, then portolan arguments
  local name="$1"; shift
  local t="$out/$name.time"
  set +e
  local load
  flock "$lock" bash -c 'cut -d" " -f1 /proc/loadavg > "$1"; shift; exec /usr/bin/time -v -o "$@"' _ "$out/$name.load" "$t" "${portolan[@]}" "$@" 2>"$out/$name.err"
  local rc=$?
  set -e
  load=$(cat "$out/$name.load")
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$t")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$t")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.1f", u+s}' "$t")
  printf '%-12s exit %d  wall %s  cpu %ss  peak RSS %s MB  load at start %s\n' "$name" "$rc" "$wall" "$cpu" "$rss" "$load" | tee -a "$out/results.txt"
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), $("${portolan[@]}" --version | head -1)" | tee -a "$out/results.txt"
d10="$data/fleet10k"
d100="$data/fleet100k"
ten() { # run number
  run "10k-html-$1" audit --batch -q --hosts "$d10/hosts.csv" "$d10/collected" -o "$out/fleet10k.html"
  run "10k-jsonl-$1" audit --batch -q --hosts "$d10/hosts.csv" "$d10/collected" -o "$out/fleet10k.jsonl"
}
ten 1
ls -l "$out/fleet10k.html" "$out/fleet10k.jsonl" | tee -a "$out/results.txt"
[[ -d "$out/fleet10k-hosts" ]] && echo "side pages (10k): $(ls "$out/fleet10k-hosts" | wc -l)" | tee -a "$out/results.txt"
if [[ -z "${SKIP_100K:-}" ]]; then
  run "100k-jsonl" audit --batch -q --hosts "$d100/hosts.csv" "$d100/collected" -o "$out/fleet100k.jsonl"
  run "100k-html" audit --batch -q --hosts "$d100/hosts.csv" "$d100/collected" -o "$out/fleet100k.html"
  ls -l "$out/fleet100k.html" "$out/fleet100k.jsonl" | tee -a "$out/results.txt"
  [[ -d "$out/fleet100k-hosts" ]] && echo "side pages (100k): $(ls "$out/fleet100k-hosts" | wc -l)" | tee -a "$out/results.txt"
fi
for i in $(seq 2 "$repeats"); do ten "$i"; done
if [[ -f "$data/fleet10k-shared/hosts.csv" ]]; then
  ds="$data/fleet10k-shared"
  run "10k-shared-html" audit --batch -q --hosts "$ds/hosts.csv" "$ds/collected" -o "$out/fleet10k-shared.html"
  run "10k-shared-jsonl" audit --batch -q --hosts "$ds/hosts.csv" "$ds/collected" -o "$out/fleet10k-shared.jsonl"
  ls -l "$out/fleet10k-shared.html" | tee -a "$out/results.txt"
fi
