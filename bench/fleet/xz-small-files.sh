#!/usr/bin/env bash
# A batch of small xz -9 inputs (xz's header asks for a 64 MiB dictionary, whatever the file's size): 300 hosts, each a
# netstat dump as .xz and as .gz, audited with --batch; wall time, CPU and peak RSS per round.
# Usage: bench/fleet/xz-small-files.sh [rounds=3] [portolan launcher...]   (compare two builds: give both launchers)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}; shift || true
LAUNCHERS=("$@"); [ ${#LAUNCHERS[@]} -gt 0 ] || LAUNCHERS=("$PWD/portolan")
DIR=bench/out/xz-fleet
if [ ! -d "$DIR" ]; then
  for i in $(seq 1 300); do
    mkdir -p "$DIR/h$i"
    xz -9 -c samples/desktop-patrol-unknown-listener/netstat-ano.txt > "$DIR/h$i/netstat-ano.txt.xz"
    gzip -c samples/desktop-patrol-unknown-listener/netstat-ano.txt > "$DIR/h$i/netstat2.txt.gz"
  done
fi
for l in "${LAUNCHERS[@]}"; do "$l" --version > /dev/null; done
for r in $(seq "$ROUNDS"); do
  for l in "${LAUNCHERS[@]}"; do
    /usr/bin/time -f "$l: %e s wall, %U s user, %M KB peak RSS" "$l" audit --batch --role desktop-patrol:ds --fail-on never \
      -o bench/out/xz-fleet.jsonl "$DIR" 2>&1 | tail -1
  done
done
