#!/usr/bin/env bash
# Side by side on a busy machine: `flows --format csv CAPTURE` through two (or more) portolan checkouts, alternating,
# ROUNDS times; prints wall, CPU (user + system), peak RSS, the 1-minute load before each run and the output's MD5
# (it must not differ). Wall times on a loaded machine say little; compare the CPU figures of the same rounds.
# Usage: flock /work/bin/.bench.lock bench/pcap/ab.sh ROUNDS CAPTURE DIR_A DIR_B...
#   (each DIR holds a built portolan: its ./portolan launcher and target/portolan.jar)
set -euo pipefail
rounds="${1:?rounds}" capture="${2:?capture file}"
shift 2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq "$rounds"); do
  for d in "$@"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$d/portolan" flows --format csv "$capture" > "$out/flows.csv"
    read -r wall user sys rss < "$out/time"
    printf '%-32s wall %6.2f s  cpu %5.2f s  %4d MB  load %5s  md5 %s\n' "$d" "$wall" "$(echo "$user + $sys" | bc)" \
      $((rss / 1024)) "$load" "$(md5sum < "$out/flows.csv" | cut -c1-8)"
  done
done
