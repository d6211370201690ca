#!/usr/bin/env bash
# One command: generate a >= 3,000,000-packet Ethernet capture and time cat, tcpdump, tshark and portolan's
# two readers on it (wall time, peak RSS). Usage: bench/pcap/run.sh [PACKETS]   (default 3000000)
# Needs: python3, java 17, maven (offline deps in ~/.m2), tcpdump, tshark, /usr/bin/time, libpcap0.8.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${PORTOLAN_SHARED:-$ROOT/../shared}"
OUT="$ROOT/bench/out"
N="${1:-3000000}"
mkdir -p "$OUT"
CAP="$OUT/bench-$N.pcap"

if [ ! -s "$CAP" ]; then
  echo "generating $CAP ($N packets) ..."
  python3 "$SHARED/bench/gen_pcap.py" -n "$N" -o "$CAP" --no-pcapng
fi

echo "building portolan ..."
(cd "$ROOT" && mvn -B -q -Dbuild.dir="$OUT/target" -DskipTests package)
JAR="$OUT/target/portolan.jar"

SIZE=$(stat -c %s "$CAP")
cat "$CAP" > /dev/null   # warm the page cache once; every tool below reads it warm
RESULTS="$OUT/results.tsv"
: > "$RESULTS"

measure() { # name, command...
  local name="$1"; shift
  local log="$OUT/time-$name.txt"
  /usr/bin/time -v "$@" > "$OUT/stdout-$name.txt" 2> "$log" || { echo "$name failed, see $log"; tail -5 "$log"; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >> "$RESULTS"
  printf '%-16s %8.2f s  %8d MB RSS   %s\n' "$name" "$wall" $((rss / 1024)) "$(head -c 120 "$OUT/stdout-$name.txt" | tr '\n' ' ')"
}

JAVA_OPTS="-Xmx256m -XX:+UseParallelGC"
measure cat       sh -c "cat '$CAP' > /dev/null"
measure tcpdump   sh -c "tcpdump -nn -q -r '$CAP' > /dev/null 2>&1"
measure tshark    sh -c "tshark -q -z conv,tcp -z conv,udp -r '$CAP' | tail -3"
# the real command a user runs: the whole flow table (20,000 rows) as CSV
measure portolan  sh -c "java $JAVA_OPTS -jar '$JAR' flows --format csv '$CAP' > '$OUT/flows-default.csv'"
measure pcap4j    sh -c "java $JAVA_OPTS -jar '$JAR' flows --reader pcap4j --format csv '$CAP' > '$OUT/flows-pcap4j.csv'"

echo
echo "file: $CAP  $N packets  $((SIZE / 1000000)) MB"
echo "flow rows: default $(($(wc -l < "$OUT/flows-default.csv") - 1)), pcap4j $(($(wc -l < "$OUT/flows-pcap4j.csv") - 1))"
if cmp -s <(cut -d, -f2- "$OUT/flows-default.csv" | sort) <(cut -d, -f2- "$OUT/flows-pcap4j.csv" | sort); then
  echo "the two readers' flow tables are identical"
else
  echo "WARNING: the two readers' flow tables differ"
fi
awk -v n="$N" -v size="$SIZE" -F'\t' '
  { wall[$1] = $2; rss[$1] = $3 }
  END {
    printf "%-10s %9s %12s %9s %9s\n", "tool", "seconds", "packets/s", "MB/s", "RSS MB"
    split("cat tcpdump tshark portolan pcap4j", order, " ")
    for (i = 1; i <= 5; i++) { t = order[i]; if (!(t in wall)) continue; w = wall[t] > 0 ? wall[t] : 0.01
      printf "%-10s %9.2f %12.0f %9.0f %9.0f\n", t, wall[t], n / w, size / 1e6 / w, rss[t] / 1024 }
    printf "\nportolan vs tshark:  %.1fx faster (target >= 5x)\n", wall["tshark"] / wall["portolan"]
    printf "portolan vs tcpdump: %.1fx faster (target > 1x)\n", wall["tcpdump"] / wall["portolan"]
    printf "pcap4j   vs tshark:  %.1fx faster\n", wall["tshark"] / wall["pcap4j"]
    printf "portolan peak RSS:   %.0f MB (target < 512 MB)\n", rss["portolan"] / 1024
  }' "$RESULTS"
