#!/usr/bin/env bash
# What the JVM itself can do on a firewall log, beside mawk and portolan's audit: two yardsticks that are not portolan
# (bench/firewall/ceiling/): Count = mawk's count in Java (fields 3, 4, 8 a byte at a time), Lean = the core of an
# audit written lean (fields eight bytes at a time, addresses, ports, service groups with distinct counts; no layout,
# validation, evidence or report). Each with the first compiler tier alone (as the launcher runs a log's audit up to
# 512 MB) and with both tiers, on two threads; N rounds, all commands back to back in each round (JVM start included).
# Usage: bench/firewall/ceiling.sh LOG [rounds=5]    e.g. LOG = bench/out/pfirewall_5000000.log (bench/firewall/audit.sh)
# HOST: the audited address (default 192.168.0.1, the generated log's; Lean keeps 192.168.0.1 whatever this says).
set -euo pipefail
cd "$(dirname "$0")/../.."
LOG=${1:?usage: bench/firewall/ceiling.sh LOG [rounds]}
ROUNDS=${2:-5}
OUT=bench/out/ceiling
mkdir -p "$OUT"
javac -d "$OUT" bench/firewall/ceiling/*.java
./portolan --version > /dev/null
MAWK_PROG='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'
C1=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1)
GC=(-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=128m)
names=("mawk count" "Count, first tier" "Count, both tiers" "Lean, first tier" "Lean, both tiers" "portolan audit --format json -o")
run() {
  case $1 in
    0) mawk "$MAWK_PROG" "$LOG" ;;
    1) java "${GC[@]}" "${C1[@]}" -cp "$OUT" Count "$LOG" ;;
    2) java "${GC[@]}" -cp "$OUT" Count "$LOG" ;;
    3) java "${GC[@]}" "${C1[@]}" -cp "$OUT" Lean "$LOG" ;;
    4) java "${GC[@]}" -cp "$OUT" Lean "$LOG" ;;
    5) ./portolan audit --host "${HOST:-192.168.0.1}" --role desktop-patrol:cs --fail-on never --format json -o "$OUT/audit.json" "$LOG" ;;
  esac
}
cat "$LOG" > /dev/null
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds; $(basename "$LOG")"
for r in $(seq "$ROUNDS"); do
  for c in 0 1 2 3 4 5; do
    /usr/bin/time -f "%e %U %S" -o "$OUT/t.txt" bash -c "$(declare -f run); $(declare -p LOG OUT C1 GC MAWK_PROG); HOST=${HOST:-}; run $c" > /dev/null 2>&1
    echo "$c $(cat "$OUT/t.txt")" >> "$OUT/times.$$"
  done
done
echo
echo "| command | wall median | wall min–max | CPU median (user+sys) | mawk / this (medians) |"
echo "|---|---:|---:|---:|---:|"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mawk_med=$(awk '$1 == 0 { print $2 }' "$OUT/times.$$" | median)
for c in 0 1 2 3 4 5; do
  wall=$(awk -v c="$c" '$1 == c { print $2 }' "$OUT/times.$$" | median)
  cpu=$(awk -v c="$c" '$1 == c { print $3 + $4 }' "$OUT/times.$$" | median)
  range=$(awk -v c="$c" '$1 == c { print $2 }' "$OUT/times.$$" | sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.2f–%.2f", a, b }')
  awk -v name="${names[$c]}" -v w="$wall" -v r="$range" -v u="$cpu" -v m="$mawk_med" \
    'BEGIN { printf "| %s | %.2f s | %s s | %.2f s | %.2f |\n", name, w, r, u, m / w }'
done
rm -f "$OUT/times.$$"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
