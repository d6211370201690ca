#!/usr/bin/env bash
# Capture reading benchmark: the whole user command (JVM start included) against tcpdump and tshark, side by side.
# Usage: bench/pcap/run.sh [RUNS]   (default 3 runs of each portolan command; tcpdump/tshark once or twice)
# Data: $PORTOLAN_BENCH_DATA (default /work/benchdata) gets bench-1000000.pcap and bench-3000000.pcap(+ .pcapng) from
# ../shared/bench/gen_pcap.py on first use. Needs python3, java 17, maven, tcpdump, tshark, /usr/bin/time.
# Run it alone (the figures are wall-clock times on a shared 2-core machine): flock /work/bin/.bench.lock bench/pcap/run.sh
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
JAR="$ROOT/target/portolan.jar"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

# name, command: one timed run (wall seconds and peak RSS from /usr/bin/time), appended to results.tsv
measure() {
  local name="$1" cmd="$2"
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" sh -c "$cmd" || echo "$name failed" >&2
  read -r wall rss < "$OUT/time.txt"
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >> "$RESULTS"
  printf '%-28s %7.2f s %7d MB\n' "$name" "$wall" $((rss / 1024))
}

for n in 1000000 3000000; do cat "$DATA/bench-$n.pcap" "$DATA/bench-$n.pcapng" > /dev/null; done  # warm cache
P1="$DATA/bench-1000000.pcap" P3="$DATA/bench-3000000.pcap" N3="$DATA/bench-3000000.pcapng"
measure "tcpdump 1M" "tcpdump -nn -q -r '$P1' > /dev/null 2>&1"
measure "tshark 1M" "tshark -q -z conv,tcp -z conv,udp -r '$P1' > '$OUT/tshark-1M.txt'"
for i in $(seq "$RUNS"); do
  measure "portolan 1M" "'$ROOT/portolan' flows --format csv '$P1' > '$OUT/flows-1M.csv'"
  measure "java -jar 1M" "java -jar '$JAR' flows --format csv '$P1' > /dev/null"
  measure "portolan 3M pcap" "'$ROOT/portolan' flows --format csv '$P3' > '$OUT/flows-3M.csv'"
  measure "portolan 3M pcapng" "'$ROOT/portolan' flows --format csv '$N3' > '$OUT/flows-3M-ng.csv'"
  measure "tcpdump 1M" "tcpdump -nn -q -r '$P1' > /dev/null 2>&1"
done
measure "tcpdump 3M" "tcpdump -nn -q -r '$P3' > /dev/null 2>&1"
measure "pcap4j 1M" "'$ROOT/portolan' flows --reader pcap4j --format csv '$P1' > '$OUT/flows-1M-pcap4j.csv'"

echo
echo "flow rows: 1M $(($(wc -l < "$OUT/flows-1M.csv") - 1)), 3M $(($(wc -l < "$OUT/flows-3M.csv") - 1))"
cmp -s "$OUT/flows-1M.csv" "$OUT/flows-1M-pcap4j.csv" && echo "pcap4j reader: identical flow table on 1M" \
  || echo "WARNING: the pcap4j reader's flow table differs on 1M"
cmp -s <(cut -d, -f2- "$OUT/flows-3M.csv") <(cut -d, -f2- "$OUT/flows-3M-ng.csv") && echo "pcap and pcapng: identical flow tables on 3M" \
  || echo "WARNING: pcap and pcapng flow tables differ on 3M"
awk -F'\t' '
  { n[$1]++; w = $2 + 0; if (!($1 in lo) || w < lo[$1]) lo[$1] = w; if (w > hi[$1]) hi[$1] = w; s[$1] += w
    if ($3 > rss[$1]) rss[$1] = $3 }
  END {
    printf "\n%-20s %5s %8s %8s %8s %8s\n", "command", "runs", "mean s", "min s", "max s", "RSS MB"
    split("tcpdump 1M|tshark 1M|portolan 1M|java -jar 1M|tcpdump 3M|portolan 3M pcap|portolan 3M pcapng|pcap4j 1M", order, "|")
    for (i = 1; i <= 8; i++) { t = order[i]; if (!(t in n)) continue; m[t] = s[t] / n[t]
      printf "%-20s %5d %8.2f %8.2f %8.2f %8.0f\n", t, n[t], m[t], lo[t], hi[t], rss[t] / 1024 }
    printf "\n1M: portolan vs tshark  %.1fx (floor 15x)\n", m["tshark 1M"] / m["portolan 1M"]
    printf "1M: portolan vs tcpdump %.1fx (floor 4x; range %.1fx-%.1fx)\n", m["tcpdump 1M"] / m["portolan 1M"],
      lo["tcpdump 1M"] / hi["portolan 1M"], hi["tcpdump 1M"] / lo["portolan 1M"]
    printf "1M: java -jar vs tcpdump %.1fx\n", m["tcpdump 1M"] / m["java -jar 1M"]
    printf "3M: %.2f M packets/s (floor 3), RSS %.0f MB (ceiling 256)\n", 3 / m["portolan 3M pcap"], rss["portolan 3M pcap"] / 1024
    printf "3M: pcapng/pcap time %.2f (ceiling 1.10)\n", m["portolan 3M pcapng"] / m["portolan 3M pcap"]
  }' "$RESULTS"
