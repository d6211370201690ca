# Sourced by bench/jit's A/B scripts (from the repository's root): the big inputs they run on and what they need.
# GEN, REAL: the 5 M-line firewall logs (bench/firewall/audit.sh makes them); DUMP: the 2 M-row netstat dump
# (bench/netstat/audit.sh); PCAP: the 1 M-packet capture (bench/pcap/run.sh). Defaults: bench/out.
OUT=bench/out
mkdir -p "$OUT"
GEN=${GEN:-$OUT/pfirewall_5000000.log}
REAL=${REAL:-$OUT/betahydri_5000000.log}
DUMP=${DUMP:-$OUT/windows-ano-2000000.txt}
PCAP=${PCAP:-$OUT/bench-1000000.pcap}
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
./portolan --version > /dev/null
