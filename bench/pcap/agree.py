#!/usr/bin/env python3
"""Packets per conversation, `tcpdump -nn -q -r` against `portolan flows --format csv`, capture by capture.

Usage: bench/pcap/agree.py [--portolan PATH] [--details N] CAPTURE|FOLDER ...

A conversation is a protocol with ports (tcp, udp, sctp, dccp) and its two ends, unordered; every other IP packet
counts for its host pair. tcpdump prints a tunnelled packet's outer and inner headers on one line: the innermost
"IP a > b:" of a line is the packet's (as portolan keys flows by the innermost header). Prints one line per capture,
"agree" or "differ" with the first differing conversations, and a summary. tcpdump's reading errors (a pcapng with
interfaces of several link types: libpcap 1.10 reads one) are shown as such; those captures are not compared.
Known differences by design: portolan counts a fragmented datagram once (tcpdump each fragment); it keys the flows
inside VXLAN/Geneve/… tunnels that tcpdump -q prints only the outer header of; and it lists a tunnel's outer flow
beside the flows inside it (IP-in-IP under AH: the outer host pair's packets count twice on portolan's side).
Needs tcpdump (apt-get install tcpdump). A development tool: the test suite does not run it.
"""
import argparse
import collections
import csv
import io
import os
import re
import subprocess
import sys

PORTED = ("tcp", "udp", "sctp", "dccp")
# the innermost "IP a > b: rest" of a line (outer headers of a tunnel come first)
PACKET = re.compile(r"\b(IP6?) (\S+?),? > (\S+?): (.*?)(?=\bIP6? \S+ > \S+: |$)")
PORTS_AFTER_HEADERS = re.compile(r" (\d+) > (\d+): (.*)$")


def split_end(text, v6):
    """'10.0.0.1.80' -> ('10.0.0.1', 80); 'fe80::1.546' -> ('fe80::1', 546); an end without a port -> (text, None)."""
    head, dot, tail = text.rpartition(".")
    if dot and tail.isdigit() and (v6 and ":" in head or not v6 and head.count(".") == 3):
        return head, int(tail)
    return text, None


def proto_of(rest, has_ports):
    r = rest.lstrip().lower()
    for name in ("tcp", "udp", "sctp", "dccp"):
        if r.startswith(name):
            return name
    return "udp" if has_ports and r.startswith("udp") else None


def tcpdump_counts(path):
    run = subprocess.run(["tcpdump", "-nn", "-q", "-r", path], capture_output=True, text=True, errors="replace")
    conv, hosts = collections.Counter(), collections.Counter()
    for line in run.stdout.splitlines():
        found = list(PACKET.finditer(line))
        if not found:
            continue
        m = found[-1]
        v6 = m.group(1) == "IP6"
        (sh, sp), (dh, dp) = split_end(m.group(2), v6), split_end(m.group(3), v6)
        rest = m.group(4)
        if sp is None and dp is None:
            # IPv6 extension headers: tcpdump prints the ports after them ("… DSTOPT 12345 > 54321: UDP, length 10")
            after = PORTS_AFTER_HEADERS.search(rest)
            if after:
                sp, dp, rest = int(after.group(1)), int(after.group(2)), after.group(3)
        proto = proto_of(rest, sp is not None and dp is not None)
        if proto in PORTED and sp is not None and dp is not None:
            conv[(proto, frozenset([(sh, sp), (dh, dp)]))] += 1
        else:
            hosts[frozenset([sh, dh])] += 1
    return conv, hosts, run.returncode, run.stderr.strip()


def portolan_counts(portolan, path):
    run = subprocess.run([portolan, "flows", "--format", "csv", path], capture_output=True, text=True, errors="replace")
    conv, hosts = collections.Counter(), collections.Counter()
    for row in csv.DictReader(io.StringIO(run.stdout)):
        pkts = int(row["orig_pkts"] or 0) + int(row["resp_pkts"] or 0)
        proto = row["proto"]
        if proto in PORTED and row["orig_p"] and row["resp_p"]:
            ends = frozenset([(row["orig_h"], int(row["orig_p"])), (row["resp_h"], int(row["resp_p"]))])
            conv[(proto, ends)] += pkts
        else:
            hosts[frozenset([row["orig_h"], row["resp_h"]])] += pkts
    return conv, hosts, run.returncode


def show(key):
    if isinstance(key, tuple):
        proto, ends = key
        return proto + " " + " <-> ".join(sorted(f"{h}:{p}" for h, p in ends))
    return "ip " + " <-> ".join(sorted(key))


def captures(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, files in os.walk(a):
                for f in sorted(files):
                    if f.endswith((".pcap", ".pcapng", ".cap")):
                        yield os.path.join(root, f)
        else:
            yield a


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--portolan", default=os.path.join(here, "..", "..", "portolan"))
    ap.add_argument("--details", type=int, default=3, help="differing conversations shown per capture")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    tally = collections.Counter()
    for path in captures(a.paths):
        tconv, thosts, trc, terr = tcpdump_counts(path)
        if trc != 0 and not tconv and not thosts:
            print(f"tcpdump cannot read  {path}: {terr.splitlines()[-1] if terr else trc}")
            tally["tcpdump cannot read"] += 1
            continue
        pconv, phosts, prc = portolan_counts(a.portolan, path)
        diffs = [(k, tconv[k], pconv[k]) for k in sorted(set(tconv) | set(pconv), key=show) if tconv[k] != pconv[k]]
        host_diffs = [(k, thosts[k], phosts[k]) for k in sorted(set(thosts) | set(phosts), key=show) if thosts[k] != phosts[k]]
        packets = sum(tconv.values()) + sum(thosts.values())
        if not diffs and not host_diffs:
            print(f"agree  {path}: {len(tconv)} conversations, {packets} IP packets")
            tally["agree"] += 1
            continue
        tally["differ"] += 1
        print(f"differ {path}: {len(diffs)} of {len(set(tconv) | set(pconv))} conversations, "
              f"{len(host_diffs)} host pairs (tcpdump / portolan packets)")
        for k, t, p in (diffs + host_diffs)[:a.details]:
            print(f"         {show(k)}: {t} / {p}")
    print("summary: " + ", ".join(f"{n} {k}" for k, n in sorted(tally.items())))


if __name__ == "__main__":
    sys.exit(main())
