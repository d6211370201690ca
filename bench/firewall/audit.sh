#!/usr/bin/env bash
# The whole user command, JVM start included, side by side with mawk's per-(action, proto, dport) count:
#   portolan audit --host H --role P:R --format json -o out.json LOG      and      portolan flows --format csv LOG
# on the generated all-distinct-flows log and on a corpus log repeated to the same length.
# Usage: bench/firewall/audit.sh [lines=5000000] [runs=3]   (run under: flock /work/bin/.bench.lock ...)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LINES=${1:-5000000}
RUNS=${2:-3}
OUT=$ROOT/bench/out
SHARED=${PORTOLAN_SHARED:-$ROOT/../shared}
mkdir -p "$OUT"
GEN=$OUT/pfirewall_${LINES}.log
REAL=$OUT/betahydri_${LINES}.log
[ -s "$GEN" ] || python3 "$SHARED/bench/gen_fwlog.py" -n "$LINES" -o "$GEN" >&2
if [ ! -s "$REAL" ]; then
  src=$SHARED/corpus/firewall/BetaHydri-ParseFirewallLog-pfirewall.log
  { head -5 "$src"; while :; do grep -v '^#' "$src" | grep -v '^$'; done | head -n "$LINES"; } > "$REAL" || true
fi
[ -s target/portolan.jar ] || mvn -B -q -DskipTests package >&2
JAR=$ROOT/target/portolan.jar
JOPTS=${PORTOLAN_JAVA_OPTS:--XX:+UseParallelGC -XX:NewRatio=1}
MAWK_PROG='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'

# all runs' wall times (min-max) and the max RSS; stdout to $2
measure() {
  local name=$1 outfile=$2; shift 2
  local ts=() rss=0 t r
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$outfile" 2> "$OUT/$name.err"
    read -r t r < "$OUT/time.txt"
    ts+=("$t"); [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk -v rss="$rss" 'NR==1{min=$1} {max=$1} END {print min, max, rss}'
}

echo "| log | tool | wall best | wall worst | vs mawk (best) | peak RSS | output |"
echo "|---|---|---:|---:|---:|---:|---:|"
for LOG in "$GEN" "$REAL"; do
  cat "$LOG" > /dev/null
  read -r M_MIN M_MAX M_RSS < <(measure mawk "$OUT/mawk.txt" mawk "$MAWK_PROG" "$LOG")
  echo "| $(basename "$LOG") | mawk count | ${M_MIN} s | ${M_MAX} s | 1.00 | $((M_RSS / 1024)) MB | |"
  read -r A_MIN A_MAX A_RSS < <(measure audit /dev/null java $JOPTS -jar "$JAR" audit --host 192.168.0.1 --role desktop-patrol:cs \
      --fail-on never --format json -o "$OUT/audit.json" "$LOG")
  echo "| $(basename "$LOG") | portolan audit --format json -o | ${A_MIN} s | ${A_MAX} s | $(awk -v a="$M_MIN" -v b="$A_MIN" 'BEGIN{printf "%.2f", a/b}') | $((A_RSS / 1024)) MB | $(( $(stat -c %s "$OUT/audit.json") / 1024 )) KB |"
  read -r F_MIN F_MAX F_RSS < <(measure flows "$OUT/flows.csv" java $JOPTS -jar "$JAR" flows --format csv "$LOG")
  echo "| $(basename "$LOG") | portolan flows --format csv | ${F_MIN} s | ${F_MAX} s | $(awk -v a="$M_MIN" -v b="$F_MIN" 'BEGIN{printf "%.2f", a/b}') | $((F_RSS / 1024)) MB | $(( $(stat -c %s "$OUT/flows.csv") / 1024 )) KB |"
done
