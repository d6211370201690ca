#!/usr/bin/env bash
# The whole user command, JVM start included, side by side with mawk's per-(action, proto, dport) count:
#   portolan audit --host H --role P:R --format json -o out.json LOG      and      portolan flows --format csv LOG
# on the generated all-distinct-flows log (../shared/bench/gen_fwlog.py) and on a corpus log repeated to the same
# length; then peak RSS of the audit on both at 4x the length (flat in file size?).
# Usage: bench/firewall/audit.sh [lines=5000000] [runs=3]   (run under: flock /work/bin/.bench.lock ...)
# PAIRED=N adds N paired rounds (mawk, audit, flows back to back) and the median of their ratios.
# Env: PORTOLAN (default: the ./portolan launcher, i.e. its JVM options and class-data archive); X4=0 skips the
# 4x-length runs; GEN/REAL: the 5 M-line logs to use instead of bench/out's (e.g. ones made earlier elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LINES=${1:-5000000}
RUNS=${2:-3}
OUT=$ROOT/bench/out
SHARED=${PORTOLAN_SHARED:-$ROOT/../shared}
PORTOLAN=${PORTOLAN:-$ROOT/portolan}
mkdir -p "$OUT"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
command -v mawk >/dev/null || { echo "needs mawk" >&2; exit 2; }

GEN=${GEN:-$OUT/pfirewall_${LINES}.log}
REAL=${REAL:-$OUT/betahydri_${LINES}.log}
[ -s "$GEN" ] || python3 "$SHARED/bench/gen_fwlog.py" -n "$LINES" -o "$GEN" >&2
# the largest corpus log (3,011 flows over 16,807 lines): its header, then its data lines repeated to LINES lines
repeat_to() { # src lines out
  { grep '^#' "$1"; grep -v -e '^#' -e '^$' "$1" | awk -v n="$2" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }'; } > "$3"
}
[ -s "$REAL" ] || repeat_to "$SHARED/corpus/firewall/BetaHydri-ParseFirewallLog-pfirewall.log" "$LINES" "$REAL"
"$PORTOLAN" --version > /dev/null   # builds the jar and the class-data archive once

MAWK_PROG='!/^#/ && NF { p = $4; if (p == "ICMP" && $5 ~ /:/) p = "ICMPv6"; c[$3 " " p " " $8]++ } END { for (k in c) print k, c[k] }'

# all runs' wall times (min-max) and the max RSS; stdout to $2
measure() {
  local name=$1 outfile=$2; shift 2
  local ts=() rss=0 t r
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$outfile" 2> "$OUT/$name.err" || true
    read -r t r < "$OUT/time.txt"
    ts+=("$t"); [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk -v rss="$rss" 'NR==1{min=$1} {max=$1} END {print min, max, rss}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
# AUDIT: the audit every table times, of log $1 (its host is the corpus log's own for BetaHydri, at any length: its SEND
# lines' source 192.168.178.51 — until 2026-12-02 192.168.178.25, a LAN peer, which the audit now warns of); an
# array, as GNU time cannot run a shell function
audit_of() {
  local host=192.168.0.1
  case "$1" in "$REAL"|"${REAL%.log}_x4.log") host=192.168.178.51 ;; esac
  AUDIT=("$PORTOLAN" audit --host "$host" --role desktop-patrol:cs --fail-on never --format json -o "$OUT/audit.json" "$1")
}

echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs each; portolan = $PORTOLAN"
echo
echo "| log | tool | wall best | wall worst | mawk best / this best | peak RSS | output |"
echo "|---|---|---:|---:|---:|---:|---:|"
for LOG in "$GEN" "$REAL"; do
  audit_of "$LOG"
  cat "$LOG" > /dev/null
  read -r M_MIN M_MAX M_RSS < <(measure mawk "$OUT/mawk.txt" mawk "$MAWK_PROG" "$LOG")
  echo "| $(basename "$LOG") | mawk count | ${M_MIN} s | ${M_MAX} s | 1.00 | $((M_RSS / 1024)) MB | |"
  # time the launcher itself (GNU time cannot run a shell function)
  read -r A_MIN A_MAX A_RSS < <(measure audit /dev/null "${AUDIT[@]}")
  echo "| $(basename "$LOG") | portolan audit --format json -o | ${A_MIN} s | ${A_MAX} s | $(ratio "$M_MIN" "$A_MIN") | $((A_RSS / 1024)) MB | $(( $(stat -c %s "$OUT/audit.json") / 1024 )) KB |"
  read -r F_MIN F_MAX F_RSS < <(measure flows "$OUT/flows.csv" "$PORTOLAN" flows --format csv "$LOG")
  echo "| $(basename "$LOG") | portolan flows --format csv | ${F_MIN} s | ${F_MAX} s | $(ratio "$M_MIN" "$F_MIN") | $((F_RSS / 1024)) MB | $(( $(stat -c %s "$OUT/flows.csv") / 1024 / 1024 )) MB |"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# PAIRED=N: N rounds of mawk, audit and flows back to back on each log, and the median of the per-round ratios: on a
# VM whose speed drifts within minutes, a ratio of runs a few seconds apart says more than best against best.
if [ "${PAIRED:-0}" -gt 0 ]; then
  wall() { /usr/bin/time -f "%e" -o "$OUT/time.txt" "$@" > /dev/null 2>&1 || true; cat "$OUT/time.txt"; }
  # flows' CSV to a file as in the table above (the shell truncates the last run's 843 MB before the clock starts;
  # -o replaces it atomically, and freeing the old file, on this VM's ext4 mounted with discard, costs the run ~0.3 s)
  wall_csv() { /usr/bin/time -f "%e" -o "$OUT/time.txt" "$@" > "$OUT/flows.csv" 2>/dev/null || true; cat "$OUT/time.txt"; }
  median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  echo
  echo "| log | rounds | mawk / audit per round | median | mawk / flows per round | median |"
  echo "|---|---:|---|---:|---|---:|"
  for LOG in "$GEN" "$REAL"; do
    audit_of "$LOG"
    ra=() rf=()
    for _ in $(seq "$PAIRED"); do
      m=$(wall mawk "$MAWK_PROG" "$LOG")
      a=$(wall "${AUDIT[@]}")
      f=$(wall_csv "$PORTOLAN" flows --format csv "$LOG")
      ra+=("$(ratio "$m" "$a")") rf+=("$(ratio "$m" "$f")")
    done
    echo "| $(basename "$LOG") | $PAIRED | ${ra[*]} | $(printf '%s\n' "${ra[@]}" | median) | ${rf[*]} | $(printf '%s\n' "${rf[@]}" | median) |"
  done
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

[ "${X4:-1}" = 0 ] && exit 0   # X4=0: no 20 M-line runs (they write two 2 GB files)
# flat in file size: the same logs 4x as long (the generated one repeated: the reader keeps no flow across its
# 8,192-flow pushes, so a repeat costs what new flows cost), one audit each
echo
echo "| log | lines | audit wall | peak RSS | report |"
echo "|---|---:|---:|---:|---:|"
for LOG in "$GEN" "$REAL"; do
  BIG=${LOG%.log}_x4.log
  if [ ! -s "$BIG" ]; then
    { grep '^#' "$LOG"; for _ in 1 2 3 4; do grep -v -e '^#' -e '^$' "$LOG"; done; } > "$BIG"
  fi
  for F in "$LOG" "$BIG"; do
    audit_of "$F"
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "${AUDIT[@]}" > /dev/null 2>&1 || true
    read -r t r < "$OUT/time.txt"
    echo "| $(basename "$F") | $(grep -vc -e '^#' -e '^$' "$F") | $t s | $((r / 1024)) MB | $(( $(stat -c %s "$OUT/audit.json") / 1024 )) KB |"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
