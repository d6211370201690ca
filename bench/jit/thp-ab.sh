#!/usr/bin/env bash
# Transparent huge pages A/B: each job's own java command as the launcher makes it (PORTOLAN_DRY_RUN), run with and
# without -XX:+UseTransparentHugePages, alternating, ROUNDS rounds; prints every job's walls, mean CPU (user+sys) and
# peak RSS per side. Needs the kernel's THP mode to be "madvise" or "always" (/sys/kernel/mm/transparent_hugepage/enabled).
# Usage: bench/jit/thp-ab.sh [rounds=3]   Env: GEN, REAL (5 M-line firewall logs), DUMP (2 M-row netstat dump),
# PCAP (1 M-packet capture); defaults: bench/out, as bench/firewall/audit.sh, bench/netstat/audit.sh and bench/pcap make them.
set -euo pipefail
cd "$(dirname "$0")/../.."
R=${1:-3}
source bench/jit/inputs.sh
jobs=(
  "audit --host 192.168.0.1 --role desktop-patrol:cs --fail-on never --format json -o $OUT/thp.json $GEN"
  "flows --format csv $GEN"
  "audit --host 192.168.178.51 --role desktop-patrol:cs --fail-on never --format json -o $OUT/thp.json $REAL"
  "flows --format csv $REAL"
  "flows --format csv $PCAP"
  "audit --role clientmanager:manager --fail-on never --format json -o $OUT/thp.json $DUMP"
  "audit --role clientmanager:manager --fail-on never samples/clientmanager-manager-healthy/netstat-ano.txt"
)
times=$OUT/thp-times.txt
: > "$times"
for _ in $(seq "$R"); do
  for j in "${!jobs[@]}"; do
    # the launcher's command without the option, with the class-data archive
    mapfile -t cmd < <(PORTOLAN_THP_MODE_FILE=/dev/null PORTOLAN_DRY_RUN=1 ./portolan ${jobs[$j]})
    for side in without with; do
      extra=()
      [ "$side" = with ] && extra=(-XX:+UseTransparentHugePages)
      /usr/bin/time -a -o "$times" -f "$j $side %e %U %S %M" "${cmd[0]}" "${extra[@]}" -XX:SharedArchiveFile=target/portolan.jsa \
        -Xshare:auto -Xlog:cds=off "${cmd[@]:1}" > /dev/null 2>&1
    done
  done
done
for j in "${!jobs[@]}"; do
  echo "${jobs[$j]}"
  for side in without with; do
    awk -v j="$j" -v s="$side" '$1 == j && $2 == s { w = w " " $3; c += $4 + $5; n++; if ($6 > r) r = $6 }
      END { printf "  %-8s walls%s  mean CPU %.2f s  peak RSS %d MB\n", s, w, c / n, r / 1024 }' "$times"
  done
done
