#!/usr/bin/env bash
# One-command benchmark of NetstatReader vs mawk vs cat on a large Windows `netstat -ano` dump.
# usage: bench/netstat/run.sh [ROWS]   (default 2000000); output in bench/out/ (git-ignored)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-2000000}
OUT=bench/out
BUILD=${BUILD_DIR:-$PWD/target}
mkdir -p "$OUT"
DUMP=$OUT/windows-ano-$ROWS.txt
[ -f "$DUMP" ] || python3 bench/netstat/gen_windows_ano.py "$ROWS" "$DUMP"
mvn -B -o -q -Dbuild.dir="$BUILD" test-compile
mvn -B -o -q -Dbuild.dir="$BUILD" dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$OUT/cp.txt")"
JAVA_OPTS=${JAVA_OPTS:--Xmx3g}
# one core for the reader (GC threads included), so MB/s figures are per core
PIN=""; command -v taskset >/dev/null && PIN="taskset -c 0"
BYTES=$(stat -c %s "$DUMP")
LINES=$(wc -l < "$DUMP")
echo "file $DUMP: $BYTES bytes, $LINES lines; $(nproc) cpus; $(free -g | awk '/Mem:/{print $2}') GB RAM"
cat "$DUMP" > /dev/null # warm the page cache

timeit() { # name, command...
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" > "$OUT/$name.out"; t1=$(date +%s.%N)
  awk -v n="$name" -v a="$t0" -v b="$t1" -v by="$BYTES" -v li="$LINES" \
    'BEGIN { s = b - a; printf "%-10s %.3f s  %.1f MB/s  %.0f lines/s\n", n, s, by / 1e6 / s, li / s }'
}
for i in 1 2 3; do timeit cat cat "$DUMP"; done
# The listeners portolan extracts: LISTENING TCP rows and UDP rows (proto, local address, port).
MAWK_PROG='($1=="TCP" && $4=="LISTENING") || $1=="UDP" { a=$2; i=match(a, /:[^:]*$/); print $1, substr(a,1,i-1), substr(a,i+1) }'
for i in 1 2 3; do timeit mawk mawk "$MAWK_PROG" "$DUMP"; done
echo "mawk listeners: $(wc -l < "$OUT/mawk.out")"
$PIN java $JAVA_OPTS -cp "$CP" dev.portolan.ingest.netstat.NetstatBench "$DUMP" stream 3
$PIN java $JAVA_OPTS -cp "$CP" dev.portolan.ingest.netstat.NetstatBench "$DUMP" collect 3
echo "peak RSS, one collect run (all rows kept in a ReadResult):"
/usr/bin/time -v $PIN java $JAVA_OPTS -cp "$CP" dev.portolan.ingest.netstat.NetstatBench "$DUMP" collect 1 2>&1 \
  | grep -E '^portolan-|Maximum resident|Elapsed'
echo "peak RSS, one stream run (rows counted, not kept):"
/usr/bin/time -v $PIN java $JAVA_OPTS -cp "$CP" dev.portolan.ingest.netstat.NetstatBench "$DUMP" stream 1 2>&1 \
  | grep -E '^portolan-|Maximum resident|Elapsed'
