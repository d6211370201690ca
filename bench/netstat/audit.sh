#!/usr/bin/env bash
# The whole audit of a large Windows `netstat -ano` dump through the launcher, JVM start included: wall time, peak RSS
# and report size, at 2,000,000 rows and at 4x that (memory flat in the dump's size?).
# Usage: bench/netstat/audit.sh [ROWS=2000000]   (run under: flock /work/bin/.bench.lock ...)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-2000000}
OUT=bench/out
PORTOLAN=${PORTOLAN:-$PWD/portolan}
mkdir -p "$OUT"
DUMP=$OUT/windows-ano-$ROWS.txt
[ -f "$DUMP" ] || python3 bench/netstat/gen_windows_ano.py "$ROWS" "$DUMP"
BIG=$OUT/windows-ano-${ROWS}_x4.txt
if [ ! -s "$BIG" ]; then
  { cat "$DUMP"; for _ in 1 2 3; do tail -n +5 "$DUMP"; done; } > "$BIG"
fi
"$PORTOLAN" --version > /dev/null
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| dump | lines | format | wall | peak RSS | report |"
echo "|---|---:|---|---:|---:|---:|"
for F in "$DUMP" "$BIG"; do
  for fmt in text json; do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$PORTOLAN" audit --role clientmanager:manager --fail-on never \
      --format "$fmt" -o "$OUT/netstat-audit.$fmt" "$F" > /dev/null 2> "$OUT/netstat-audit.err" || true
    read -r t r < "$OUT/time.txt"
    echo "| $(basename "$F") | $(wc -l < "$F") | $fmt | $t s | $((r / 1024)) MB | $(( $(stat -c %s "$OUT/netstat-audit.$fmt") / 1024 )) KB |"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
