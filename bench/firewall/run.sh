#!/usr/bin/env bash
# Firewall log reader benchmark: cat vs mawk vs portolan on one generated pfirewall.log.
# Usage: bench/firewall/run.sh [lines] [runs]     (defaults: 5000000 lines, best of 3 runs)
# Env: JAVA_OPTS for portolan's JVM (default: ParallelGC with a young generation large enough
#      that the millions of flow objects are never copied), THREADS (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LINES=${1:-5000000}
RUNS=${2:-3}
OUT=$ROOT/bench/out
LOG=$OUT/pfirewall_${LINES}.log
SHARED=${PORTOLAN_SHARED:-$ROOT/../shared}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseParallelGC -Xmx8g -Xmn6g}
THREADS=${THREADS:-$(nproc)}
mkdir -p "$OUT"

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
command -v mawk >/dev/null || { echo "needs mawk" >&2; exit 2; }

if [ ! -s "$LOG" ]; then
  echo "generating $LINES lines -> $LOG" >&2
  python3 "$SHARED/bench/gen_fwlog.py" -n "$LINES" -o "$LOG" >&2
fi

echo "building portolan and the bench driver" >&2
mvn -B -o -q -Dbuild.dir="$ROOT/target" -DskipTests compile >&2
mvn -B -o -q -Dbuild.dir="$ROOT/target" dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >&2
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" -cp "$ROOT/target/classes" "$ROOT/bench/firewall/FirewallBench.java"
CP="$OUT/classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")"

# per (action, protocol, dst-port) line counts; like portolan, ICMP between IPv6 addresses is ICMPv6
MAWK_PROG='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'

# best wall time of $RUNS runs, and the max RSS of the last run; stdout goes to $2
measure() {
  local name=$1 outfile=$2; shift 2
  local best="" rss="" t
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$outfile" 2> "$OUT/$name.err"
    read -r t rss < "$OUT/time.txt"
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best $rss"
}

bench_file() {
LOG=$1
BYTES=$(stat -c %s "$LOG")
DATA_LINES=$(grep -vc -e '^#' -e '^$' "$LOG" || true)
cat "$LOG" > /dev/null   # warm the page cache for everyone

read -r T_CAT RSS_CAT < <(measure cat /dev/null cat "$LOG")
read -r T_MAWK RSS_MAWK < <(measure mawk "$OUT/mawk.txt" mawk "$MAWK_PROG" "$LOG")
read -r T_PORT RSS_PORT < <(measure portolan "$OUT/portolan.txt" java $JAVA_OPTS -cp "$CP" FirewallBench "$LOG" "$THREADS")

sort "$OUT/mawk.txt" > "$OUT/mawk.sorted"
sort "$OUT/portolan.txt" > "$OUT/portolan.sorted"
if ! cmp -s "$OUT/mawk.sorted" "$OUT/portolan.sorted"; then
  echo "FAIL: portolan's per-(action, protocol, dst-port) counts differ from mawk's:" >&2
  diff "$OUT/mawk.sorted" "$OUT/portolan.sorted" | head -20 >&2
  exit 1
fi

report() {
  awk -v name="$1" -v t="$2" -v rss="$3" -v bytes="$BYTES" -v lines="$DATA_LINES" -v mawk="$T_MAWK" 'BEGIN {
    printf "%-9s %7.2f s %12.0f lines/s %8.1f MB/s  x%.2f mawk speed  peak RSS %7.1f MB\n",
      name, t, lines / t, bytes / t / 1e6, mawk / t, rss / 1024 }'
}
echo "file: $LOG ($DATA_LINES data lines, $BYTES bytes); best of $RUNS; $(nproc) cores; portolan threads=$THREADS JAVA_OPTS=$JAVA_OPTS"
report cat "$T_CAT" "$RSS_CAT"
report mawk "$T_MAWK" "$RSS_MAWK"
report portolan "$T_PORT" "$RSS_PORT"
echo "counts: portolan == mawk ($(wc -l < "$OUT/mawk.sorted") (action, protocol, dst-port) rows)"
cat "$OUT/portolan.err"
}

# 1. the generated log: nearly every line is a new flow (random ephemeral ports): the worst case
bench_file "$LOG"
# 2. the same size of real traffic shape: the BetaHydri corpus log (3,008 flows) repeated
REPEAT=$OUT/betahydri_x300.log
if [ ! -s "$REPEAT" ]; then
  SRC="$SHARED/corpus/firewall/BetaHydri-ParseFirewallLog-pfirewall.log"
  { grep '^#' "$SRC"; for _ in $(seq 300); do grep -v -e '^#' -e '^$' -e INFO-EVENTS-LOST "$SRC"; done; } > "$REPEAT"
fi
echo
bench_file "$REPEAT"
