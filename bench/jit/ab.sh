#!/usr/bin/env bash
# JIT flags A/B: the same commands through the launcher with C2's default inlining ("deep") and with the launcher's
# shallow inlining ("shallow": -XX:FreqInlineSize=50 -XX:InlineSmallCode=500 -XX:MaxInlineLevel=6), interleaved,
# RUNS rounds; prints each run's wall and CPU (user+sys) and the means. CPU is the figure to compare on a busy machine.
# Usage: bench/jit/ab.sh [runs=2]   (run under: flock /work/bin/.bench.lock ...)
# Env: GEN, REAL (5 M-line firewall logs), DUMP (2 M-row netstat dump), PCAP (1 M-packet capture); defaults: bench/out.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-2}
source bench/jit/inputs.sh
gc="-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxNewSize=128m"
declare -A FLAGS=([deep]="$gc" [shallow]="$gc -XX:FreqInlineSize=50 -XX:InlineSmallCode=500 -XX:MaxInlineLevel=6")
declare -A CMDS=(
  [fw-generated]="audit --host 192.168.0.1 --role desktop-patrol:cs --fail-on never --format json -o $OUT/jit.json $GEN"
  [fw-realistic]="audit --host 192.168.178.51 --role desktop-patrol:cs --fail-on never --format json -o $OUT/jit.json $REAL"
  [netstat-2M]="audit --role clientmanager:manager --fail-on never --format json -o $OUT/jit.json $DUMP"
  [capture-1M]="audit --host 10.0.0.1 --role desktop-patrol:cs --fail-on never --format json -o $OUT/jit.json $PCAP"
  [flows-generated]="flows --format csv -o $OUT/jit.csv $GEN"
)
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS rounds"
for _ in $(seq "$RUNS"); do
  for name in fw-generated fw-realistic netstat-2M capture-1M flows-generated; do
    for jit in deep shallow; do
      # shellcheck disable=SC2086
      PORTOLAN_JAVA_OPTS="${FLAGS[$jit]}" /usr/bin/time -f "$name $jit %e %U %S %M" -o "$OUT/jit.time" ./portolan ${CMDS[$name]} \
        > /dev/null 2>&1 || true
      cat "$OUT/jit.time"
    done
  done
done > "$OUT/jit.runs"
cat "$OUT/jit.runs"
echo "| command | inlining | wall mean | CPU mean | peak RSS |"
echo "|---|---|---:|---:|---:|"
awk '{ k = $1 " " $2; n[k]++; w[k] += $3; c[k] += $4 + $5; if ($6 > m[k]) m[k] = $6 }
  END { for (k in n) { split(k, p, " "); printf "| %s | %s | %.2f s | %.2f s | %d MB |\n", p[1], p[2], w[k]/n[k], c[k]/n[k], m[k]/1024 } }' \
  "$OUT/jit.runs" | sort
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
