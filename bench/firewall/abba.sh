#!/usr/bin/env bash
# Two builds side by side on one log, the order alternating every round (A then B in odd rounds, B then A in even
# ones), each round after a mawk count: on this VM the run that follows another gets the memory just freed and less
# system time, so rounds that always run A first favour B (bench/firewall/RESULTS.md, fifteenth session, "Correction").
# Usage: bench/firewall/abba.sh ROUNDS LOG HOST audit|flows DIR_A DIR_B   (each DIR holds a built ./portolan)
# Prints per round the walls, user and system times and who ran first, then medians, wins and the paired mawk ratios.
set -euo pipefail
R=$1; L=$2; H=$3; M=$4; DA=$5; DB=$6
P='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
one() { # dir tag
  if [ "$M" = audit ]; then
    /usr/bin/time -f "%e %U %S" -o "$T/$2" "$1/portolan" audit --host "$H" --role desktop-patrol:cs --fail-on never --format json \
      -o "$T/$2.json" "$L" > /dev/null 2>&1 || true
  else
    /usr/bin/time -f "%e %U %S" -o "$T/$2" "$1/portolan" flows --format csv "$L" > "$T/$2.csv" 2> /dev/null || true
  fi
}
for i in $(seq "$R"); do
  /usr/bin/time -f "%e" -o "$T/m" mawk "$P" "$L" > /dev/null
  if [ $((i % 2)) = 1 ]; then one "$DA" A; one "$DB" B; else one "$DB" B; one "$DA" A; fi
  echo "$(cat "$T/m") $(cat "$T/A") $(cat "$T/B") $((i % 2))" >> "$T/rounds"
done
[ "$M" = flows ] && { cmp -s "$T/A.csv" "$T/B.csv" && echo "CSVs identical" || echo "CSVs differ"; }
python3 - "$T/rounds" <<'PY'
import statistics, sys
r = [list(map(float, l.split())) for l in open(sys.argv[1])]
for x in r:
    print('mawk %.2f | A %.2f u%.2f s%.2f | B %.2f u%.2f s%.2f | %s first' % (x[0], x[1], x[2], x[3], x[4], x[5], x[6], 'A' if x[7] == 1 else 'B'))
A = [x[1] for x in r]; B = [x[4] for x in r]
print('A median %.3f s, user %.2f s | B median %.3f s, user %.2f s | B won %d of %d | paired mawk/A %.3f, mawk/B %.3f' % (
    statistics.median(A), statistics.median(x[2] for x in r), statistics.median(B), statistics.median(x[5] for x in r),
    sum(b < a for a, b in zip(A, B)), len(r), statistics.median(x[0] / x[1] for x in r), statistics.median(x[0] / x[4] for x in r)))
PY
