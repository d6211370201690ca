#!/usr/bin/env bash
# Capture reading benchmark: the whole user command (JVM start included) against tcpdump and tshark, side by side.
# Usage: bench/pcap/run.sh [RUNS]   (default 3 rounds; each round runs every command once, pcap4j runs once at the end)
# Data: $PORTOLAN_BENCH_DATA (default /work/benchdata) gets bench-1000000.pcap and bench-3000000.pcap(+ .pcapng) from
# ../shared/bench/gen_pcap.py on first use. Needs python3, java 17, maven, tcpdump, tshark, /usr/bin/time.
# Run it alone (the figures are wall-clock times on a shared 2-core machine): flock /work/bin/.bench.lock bench/pcap/run.sh
# Each line also shows the CPU time (user + system) and the 1-minute load average just before the run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${PORTOLAN_SHARED:-$ROOT/../shared}"
DATA="${PORTOLAN_BENCH_DATA:-/work/benchdata}"
RUNS="${1:-3}"
OUT="$DATA/pcap-out"
mkdir -p "$DATA" "$OUT"
for n in 1000000 3000000; do
  if [ ! -s "$DATA/bench-$n.pcap" ] || [ ! -s "$DATA/bench-$n.pcapng" ]; then
    echo "generating $DATA/bench-$n.pcap and .pcapng ..."
    python3 "$SHARED/bench/gen_pcap.py" -n "$n" -o "$DATA/bench-$n.pcap"
  fi
done
(cd "$ROOT" && mvn -B -q -DskipTests package)
"$ROOT/portolan" --version > /dev/null   # makes the class-data archive once, outside the timings
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

# name, command: one timed run (wall seconds, CPU seconds and peak RSS from /usr/bin/time), appended to results.tsv
measure() {
  local name="$1" cmd="$2" load
  # this machine reclaims page cache not touched for a minute or so (DAMON): the capture is read once right before
  # each timed run, so every tool gets a warm cache (tshark's minute-long runs evicted the 3M capture before)
  for f in $(printf '%s' "$cmd" | grep -o "$DATA/bench-[0-9]*\.pcap[ng]*"); do cat "$f" > /dev/null; done
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" sh -c "$cmd" || echo "$name failed" >&2
  read -r wall user sys rss < "$OUT/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$rss" "$(echo "$user + $sys" | bc)" "$load" >> "$RESULTS"
  printf '%-22s %7.2f s  cpu %6.2f s  %6d MB  load %s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load"
}

for n in 1000000 3000000; do cat "$DATA/bench-$n.pcap" "$DATA/bench-$n.pcapng" > /dev/null; done  # warm cache
P1="$DATA/bench-1000000.pcap" P3="$DATA/bench-3000000.pcap" N3="$DATA/bench-3000000.pcapng"
# the launcher's flags for every other command (both compiler tiers), to show what the C1-only choice for captures does
C2="-XX:+UseParallelGC -XX:NewRatio=1"
for i in $(seq "$RUNS"); do
  echo "round $i"
  measure "tcpdump 1M" "tcpdump -nn -q -r '$P1' > /dev/null 2>&1"
  measure "tshark 1M" "tshark -q -z conv,tcp -z conv,udp -r '$P1' > '$OUT/tshark-1M.txt' 2>/dev/null"
  measure "portolan 1M" "'$ROOT/portolan' flows --format csv '$P1' > '$OUT/flows-1M.csv'"
  measure "portolan 1M C1+C2" "PORTOLAN_JAVA_OPTS='$C2' '$ROOT/portolan' flows --format csv '$P1' > /dev/null"
  measure "portolan 3M pcap" "'$ROOT/portolan' flows --format csv '$P3' > '$OUT/flows-3M.csv'"
  measure "portolan 3M pcapng" "'$ROOT/portolan' flows --format csv '$N3' > '$OUT/flows-3M-ng.csv'"
  measure "tcpdump 3M" "tcpdump -nn -q -r '$P3' > /dev/null 2>&1"
done
measure "pcap4j 1M" "'$ROOT/portolan' flows --reader pcap4j --format csv '$P1' > '$OUT/flows-1M-pcap4j.csv'"

echo
echo "flow rows: 1M $(($(wc -l < "$OUT/flows-1M.csv") - 1)), 3M $(($(wc -l < "$OUT/flows-3M.csv") - 1))"
cmp -s "$OUT/flows-1M.csv" "$OUT/flows-1M-pcap4j.csv" && echo "pcap4j reader: identical flow table on 1M" \
  || echo "WARNING: the pcap4j reader's flow table differs on 1M"
cmp -s <(cut -d, -f2- "$OUT/flows-3M.csv") <(cut -d, -f2- "$OUT/flows-3M-ng.csv") && echo "pcap and pcapng: identical flow tables on 3M" \
  || echo "WARNING: pcap and pcapng flow tables differ on 3M"
md5sum "$OUT/flows-1M.csv" "$OUT/flows-3M.csv" "$OUT/flows-3M-ng.csv"
awk -F'\t' '
  { n[$1]++; w = $2 + 0; if (!($1 in lo) || w < lo[$1]) lo[$1] = w; if (w > hi[$1]) hi[$1] = w; s[$1] += w; c[$1] += $4
    if ($3 > rss[$1]) rss[$1] = $3 }
  END {
    printf "\n%-20s %5s %8s %8s %8s %8s %8s\n", "command", "runs", "mean s", "min s", "max s", "cpu s", "RSS MB"
    split("tcpdump 1M|tshark 1M|portolan 1M|portolan 1M C1+C2|tcpdump 3M|portolan 3M pcap|portolan 3M pcapng|pcap4j 1M", order, "|")
    for (i = 1; i <= 8; i++) { t = order[i]; if (!(t in n)) continue; m[t] = s[t] / n[t]
      printf "%-20s %5d %8.2f %8.2f %8.2f %8.2f %8.0f\n", t, n[t], m[t], lo[t], hi[t], c[t] / n[t], rss[t] / 1024 }
    printf "\n1M: portolan vs tshark  %.1fx (floor 15x; range %.1fx-%.1fx)\n", m["tshark 1M"] / m["portolan 1M"],
      lo["tshark 1M"] / hi["portolan 1M"], hi["tshark 1M"] / lo["portolan 1M"]
    printf "1M: portolan vs tcpdump %.1fx (floor 4x; range %.1fx-%.1fx)\n", m["tcpdump 1M"] / m["portolan 1M"],
      lo["tcpdump 1M"] / hi["portolan 1M"], hi["tcpdump 1M"] / lo["portolan 1M"]
    printf "1M: with both compiler tiers %.2f s mean (C1 only %.2f s)\n", m["portolan 1M C1+C2"], m["portolan 1M"]
    printf "3M: %.2f M packets/s mean, %.2f best (floor 3), RSS %.0f MB on 3M vs %.0f MB on 1M (ceiling 256, flat)\n",
      3 / m["portolan 3M pcap"], 3 / lo["portolan 3M pcap"], rss["portolan 3M pcap"] / 1024, rss["portolan 1M"] / 1024
    printf "3M: portolan vs tcpdump %.1fx\n", m["tcpdump 3M"] / m["portolan 3M pcap"]
    printf "3M: pcapng/pcap time %.2f (ceiling 1.10)\n", m["portolan 3M pcapng"] / m["portolan 3M pcap"]
  }' "$RESULTS"
