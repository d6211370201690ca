#!/usr/bin/env python3
"""Generate a collected tree of N hosts for the fleet benchmark (standard library only, deterministic).

usage: gen_fleet.py N OUT [--project DIR]

OUT/collected/hNNNNNN/ holds what an operator collects from each host:
  - Windows (75 %): `netstat -ano` with ~50 listeners (the listeners of one of four product samples, the Windows
    baseline on IPv4 and IPv6, UDP sockets) and ~300 connections (inbound to the product's ports from clients,
    outbound to 443/80/445, TIME_WAIT rows); 1 in 20 written in CP932 with Japanese headers, 1 in 20 UTF-16LE
    with a BOM; 1 in 10 with a pfirewall.log of ~120 lines beside it.
  - Linux (25 %): `ss -tuanp` with ~50 listeners and ~300 connections.
  - every 17th host also listens on an undocumented tcp/4444; every 23rd misses its product's main listener.
OUT/hosts.csv names every host with its address, OS, roles and settings.

It extends ../../../shared/bench/gen_fleet.py (which copies the small samples as they are) to the listener and
connection counts the issue asks for; the product listeners come from the project's samples/.
"""
import argparse
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("out")
ap.add_argument("--project", default=".", help="the project checkout (samples/); default: the current folder")
a = ap.parse_args()
S = os.path.join(a.project, "samples")

# (sample netstat, role, settings, the product's main port)
PRODUCTS = [
    ("clientmanager-manager-healthy/netstat-ano.txt", "clientmanager:manager", "clientmanager.version=4.33", 31300),
    ("desktop-patrol-unknown-listener/netstat-ano.txt", "desktop-patrol:ds", "", 2856),
    ("jp1-internal-exposed/netstat-ano.txt", "jp1-itdm:management-server", "jp1-itdm.layout=single", 31000),
    ("serverprotect-fallback/netstat-ano.txt", "serverprotect:information-server", "serverprotect.mode=tcpip", 3628),
]
WIN_BASE_TCP = [135, 445, 3389, 5985, 47001, 5040, 7680, 2869, 5357] + list(range(49664, 49676))
WIN_BASE_UDP = [123, 500, 4500, 5353, 5355, 3702, 1900, 5050]


def product_listeners(path):
    """The TCP/UDP listener rows of a sample that are not OS baseline (kept verbatim, PID varied later)."""
    out = []
    with open(os.path.join(S, path), "rb") as f:
        for raw in f.read().split(b"\r\n"):
            parts = raw.split()
            if len(parts) < 4 or parts[0] not in (b"TCP", b"UDP"):
                continue
            port = int(parts[1].rsplit(b":", 1)[1])
            if parts[0] == b"TCP" and parts[3] != b"LISTENING":
                continue
            base = WIN_BASE_TCP if parts[0] == b"TCP" else WIN_BASE_UDP
            if port in base or port in (137, 138, 139, 3389):
                continue
            out.append((parts[0].decode(), parts[1].decode().replace("10.0.0.7", "@IP@")))
    return out


def win_row(proto, local, remote, state, pid):
    return "  %-6s %-22s %-22s %-15s %d" % (proto, local, remote, state, pid) if proto == "TCP" \
        else "  %-6s %-22s %-22s %-15s %d" % (proto, local, remote, "", pid)


rnd = random.Random(9)
prod_rows = [product_listeners(p) for p, _, _, _ in PRODUCTS]


def windows_netstat(k, ip, pidbase, extra4444, missing_port):
    rows = ["", "Active Connections", "", "  Proto  Local Address          Foreign Address        State           PID"]
    pid = lambda n: pidbase + n * 4
    for i, port in enumerate(WIN_BASE_TCP):
        rows.append(win_row("TCP", "0.0.0.0:%d" % port, "0.0.0.0:0", "LISTENING", 4 if port in (445, 5985, 47001) else pid(i)))
    rows.append(win_row("TCP", "%s:139" % ip, "0.0.0.0:0", "LISTENING", 4))
    for proto, local in prod_rows[k]:
        local = local.replace("@IP@", ip)
        if int(local.rsplit(":", 1)[1]) == missing_port:
            continue
        rows.append(win_row(proto, local, "0.0.0.0:0" if proto == "TCP" else "*:*", "LISTENING", pid(40)))
    if extra4444:
        rows.append(win_row("TCP", "0.0.0.0:4444", "0.0.0.0:0", "LISTENING", 6666))
    for i, port in enumerate(WIN_BASE_TCP[:8]):
        rows.append(win_row("TCP", "[::]:%d" % port, "[::]:0", "LISTENING", 4 if port in (445, 5985, 47001) else pid(i)))
    # connections: clients to the product's main port, outbound web/SMB, closed ones waiting
    main = PRODUCTS[k][3]
    for c in range(120):
        rows.append(win_row("TCP", "%s:%d" % (ip, main), "10.%d.%d.%d:%d" % (200 + c % 8, c % 250, rnd.randrange(1, 250),
                                                                             rnd.randrange(49152, 65535)), "ESTABLISHED", pid(40)))
    for c in range(120):
        rows.append(win_row("TCP", "%s:%d" % (ip, rnd.randrange(49700, 65000)), "%d.%d.%d.%d:%d" % (
            20 + c % 60, c, rnd.randrange(1, 250), rnd.randrange(1, 250), (443, 443, 80, 445)[c % 4]), "ESTABLISHED", pid(c % 30)))
    for c in range(60):
        rows.append(win_row("TCP", "%s:%d" % (ip, rnd.randrange(49700, 65000)), "52.%d.%d.%d:443" % (c, c % 7, rnd.randrange(1, 250)),
                            "TIME_WAIT", 0))
    for i, port in enumerate(WIN_BASE_UDP):
        rows.append(win_row("UDP", "0.0.0.0:%d" % port, "*:*", "", pid(20 + i)))
    rows.append(win_row("UDP", "%s:137" % ip, "*:*", "", 4))
    rows.append(win_row("UDP", "%s:138" % ip, "*:*", "", 4))
    for i, port in enumerate(WIN_BASE_UDP[:4]):
        rows.append(win_row("UDP", "[::]:%d" % port, "*:*", "", pid(20 + i)))
    return "\r\n".join(rows) + "\r\n"


JA_HEAD = "\r\nアクティブな接続\r\n\r\n  プロトコル  ローカル アドレス              外部アドレス                 状態              PID\r\n"
LINUX_TCP = [22, 25, 111, 631, 5432, 6379, 8080, 9090, 9100, 3306, 27017, 11211]
LINUX_UDP = [68, 111, 123, 161, 323, 514, 5353]
PROCS = ["sshd", "master", "rpcbind", "cupsd", "postgres", "redis-server", "java", "prometheus", "node_exporter", "mysqld",
         "mongod", "memcached"]


def ss_row(netid, state, local, peer, proc):
    return "%-6s %-9s 0      128    %-40s %-40s %s" % (netid, state, local, peer, proc)


def linux_ss(ip, pidbase, extra4444):
    rows = ["Netid  State     Recv-Q Send-Q Local Address:Port                       Peer Address:Port                        Process"]
    for i, port in enumerate(LINUX_TCP):
        p = 'users:(("%s",pid=%d,fd=%d))' % (PROCS[i], pidbase + i, 3 + i)
        rows.append(ss_row("tcp", "LISTEN", "0.0.0.0:%d" % port, "0.0.0.0:*", p))
        rows.append(ss_row("tcp", "LISTEN", "[::]:%d" % port, "[::]:*", p))
        rows.append(ss_row("tcp", "LISTEN", "127.0.0.1:%d" % (port + 10000), "0.0.0.0:*", p))
    for i, port in enumerate(LINUX_UDP):
        rows.append(ss_row("udp", "UNCONN", "0.0.0.0:%d" % port, "0.0.0.0:*", 'users:(("udpd",pid=%d,fd=5))' % (pidbase + 50 + i)))
    if extra4444:
        rows.append(ss_row("tcp", "LISTEN", "0.0.0.0:4444", "0.0.0.0:*", 'users:(("nc",pid=%d,fd=3))' % (pidbase + 99)))
    for c in range(180):
        rows.append(ss_row("tcp", "ESTAB", "%s:%d" % (ip, (22, 5432, 8080, 9100)[c % 4]),
                           "10.%d.%d.%d:%d" % (200 + c % 8, c, rnd.randrange(1, 250), rnd.randrange(32768, 60999)), ""))
    for c in range(120):
        rows.append(ss_row("tcp", "TIME-WAIT", "%s:%d" % (ip, rnd.randrange(32768, 60999)),
                           "151.%d.%d.%d:443" % (c, c % 9, rnd.randrange(1, 250)), ""))
    return "\n".join(rows) + "\n"


FW_HEAD = ("#Version: 1.5\r\n#Software: Microsoft Windows Firewall\r\n#Time Format: Local\r\n"
           "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\r\n")


def firewall_log(ip, main):
    rows = [FW_HEAD.rstrip("\r\n")]
    for c in range(120):
        action = "DROP" if c % 11 == 0 else "ALLOW"
        dport = main if c % 3 else (135, 445, 3389)[c % 3]
        rows.append("2026-11-20 09:%02d:%02d %s TCP 10.%d.%d.%d %s %d %d 52 S 1093455 0 64240 - - - RECEIVE 4" % (
            c // 60, c % 60, action, 200 + c % 8, c % 250, rnd.randrange(1, 250), ip, rnd.randrange(49152, 65535), dport))
    return "\r\n".join(rows) + "\r\n"


manifest = ["host,addresses,os,roles,settings"]
for i in range(a.n):
    h = "h%06d" % i
    d = os.path.join(a.out, "collected", h)
    os.makedirs(d, exist_ok=True)
    ip = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    pidbase = 600 + rnd.randrange(0, 4000) * 4
    if i % 4 == 3:
        with open(os.path.join(d, "ss.txt"), "w", encoding="utf-8") as f:
            f.write(linux_ss(ip, pidbase, i % 17 == 0))
        manifest.append("%s,%s,linux,," % (h, ip))
        continue
    k = i % len(PRODUCTS)
    missing = PRODUCTS[k][3] if i % 23 == 0 else -1
    text = windows_netstat(k, ip, pidbase, i % 17 == 0, missing)
    if i % 20 == 1:
        data = (JA_HEAD + text.split("PID\r\n", 1)[1]).encode("cp932")
    elif i % 20 == 2:
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode("ascii")
    with open(os.path.join(d, "netstat-ano.txt"), "wb") as f:
        f.write(data)
    if i % 10 == 5:
        with open(os.path.join(d, "pfirewall.log"), "w", encoding="ascii", newline="") as f:
            f.write(firewall_log(ip, PRODUCTS[k][3]))
    manifest.append("%s,%s,windows,%s,%s" % (h, ip, PRODUCTS[k][1], PRODUCTS[k][2]))
with open(os.path.join(a.out, "hosts.csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(manifest) + "\n")
print(a.out)
