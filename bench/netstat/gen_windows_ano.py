#!/usr/bin/env python3
"""Writes a large Windows `netstat -ano` style dump (CRLF) for the reader benchmark.

usage: gen_windows_ano.py ROWS OUT
Mix: ~10% TCP LISTENING, ~55% TCP ESTABLISHED/TIME_WAIT/CLOSE_WAIT, ~35% UDP; a quarter IPv6.
Deterministic (fixed seed) so runs are comparable.
"""
import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
states = ["ESTABLISHED"] * 6 + ["TIME_WAIT", "CLOSE_WAIT", "SYN_SENT", "FIN_WAIT_2"]


def v4():
    return "%d.%d.%d.%d" % (rnd.randint(1, 223), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254))


def v6():
    return "[2001:db8:%x:%x::%x]" % (rnd.randint(0, 0xffff), rnd.randint(0, 0xffff), rnd.randint(1, 0xffff))


with open(out, "w", newline="") as f:
    f.write("\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n")
    buf = []
    for i in range(rows):
        six = rnd.random() < 0.25
        host = v6 if six else v4
        pid = rnd.randint(4, 60000)
        r = rnd.random()
        if r < 0.10:
            local = ("[::]" if six else "0.0.0.0") + ":" + str(rnd.randint(1, 65535))
            foreign = "[::]:0" if six else "0.0.0.0:0"
            buf.append("  TCP    %-22s %-22s %-15s %d\r\n" % (local, foreign, "LISTENING", pid))
        elif r < 0.65:
            local = host() + ":" + str(rnd.randint(49152, 65535))
            foreign = host() + ":" + str(rnd.choice([80, 443, 445, 135, 3389, 8080, rnd.randint(1, 65535)]))
            buf.append("  TCP    %-22s %-22s %-15s %d\r\n" % (local, foreign, rnd.choice(states), pid))
        else:
            local = host() + ":" + str(rnd.randint(1, 65535))
            buf.append("  UDP    %-22s %-22s %-15s %d\r\n" % (local, "*:*", "", pid))
        if len(buf) >= 10000:
            f.write("".join(buf))
            buf = []
    f.write("".join(buf))
