#!/bin/bash
# bench/firewall/flows-ab.sh ROUNDS JAR...   (run under: flock /work/bin/.bench.lock ...)
# `portolan flows --format csv LOG > out.csv` through each jar (with the launcher's GC flags) on both 5 M-line logs,
# side by side with mawk's per-(action, proto, dport) count in the same minutes: wall, user and sys CPU, peak RSS, the
# load, and the CSV's md5 (equal on every jar, or a change altered the output). GEN/REAL: the logs (default: the
# bench/out ones that audit.sh makes). Only CPU compares on a loaded machine.
here="$(cd "$(dirname "$0")" && pwd)"
rounds=$1; shift
GEN=${GEN:-$here/../out/pfirewall_5000000.log}; REAL=${REAL:-$here/../out/betahydri_5000000.log}
OPTS="-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=128m"
MAWK_PROG='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'
T=$(mktemp)
echo "round log tool wall user sys maxrssKB load md5"
for r in $(seq $rounds); do
  for LOG in $GEN $REAL; do
    n=$(basename $LOG .log)
    l=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o $T mawk "$MAWK_PROG" $LOG > /dev/null; echo "$r $n mawk $(cat $T) load=$l"
    for j in "$@"; do
      l=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f "%e %U %S %M" -o $T java $OPTS -jar $j flows --format csv $LOG > "$T.csv" 2>/dev/null
      echo "$r $n $j $(cat $T) load=$l $(md5sum < "$T.csv" | cut -c1-8)"
    done
  done
done
rm -f "$T" "$T.csv"
