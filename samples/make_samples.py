#!/usr/bin/env python3
"""Writes the authored sample inputs (netstat dumps and firewall logs) deterministically.

Run from the repository root: python3 samples/make_samples.py
The E.2 sample (clientmanager-quail-e2) is verbatim from the seed and is not generated here.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def win_netstat(rows, header="Active Connections", cols=("Proto", "Local Address", "Foreign Address", "State", "PID")):
    out = ["", header, "", "  %-6s %-22s %-22s %-15s %s" % cols]
    for r in rows:
        proto, local, foreign, state, pid = r
        if proto.startswith("UDP"):
            out.append("  %-6s %-22s %-22s %-15s %s" % (proto, local, foreign, "", pid))
        else:
            out.append("  %-6s %-22s %-22s %-15s %s" % (proto, local, foreign, state, pid))
    return "\r\n".join(out) + "\r\n"


def windows_base(ip):
    # what a clean Windows Server 2019 shows
    return [
        ("TCP", "0.0.0.0:135", "0.0.0.0:0", "LISTENING", 912),
        ("TCP", "0.0.0.0:445", "0.0.0.0:0", "LISTENING", 4),
        ("TCP", "0.0.0.0:3389", "0.0.0.0:0", "LISTENING", 1020),
        ("TCP", "0.0.0.0:5985", "0.0.0.0:0", "LISTENING", 4),
        ("TCP", "0.0.0.0:47001", "0.0.0.0:0", "LISTENING", 4),
        ("TCP", "0.0.0.0:49664", "0.0.0.0:0", "LISTENING", 664),
        ("TCP", "0.0.0.0:49665", "0.0.0.0:0", "LISTENING", 516),
        ("TCP", "0.0.0.0:49666", "0.0.0.0:0", "LISTENING", 1108),
        ("TCP", "0.0.0.0:49667", "0.0.0.0:0", "LISTENING", 1400),
        ("TCP", "0.0.0.0:49668", "0.0.0.0:0", "LISTENING", 2384),
        ("TCP", "0.0.0.0:49669", "0.0.0.0:0", "LISTENING", 648),
        ("TCP", ip + ":139", "0.0.0.0:0", "LISTENING", 4),
    ]


def windows_base_tail(ip):
    return [
        ("TCP", "[::]:135", "[::]:0", "LISTENING", 912),
        ("TCP", "[::]:445", "[::]:0", "LISTENING", 4),
        ("TCP", "[::]:3389", "[::]:0", "LISTENING", 1020),
        ("TCP", "[::]:5985", "[::]:0", "LISTENING", 4),
        ("TCP", "[::]:47001", "[::]:0", "LISTENING", 4),
        ("TCP", "[::]:49664", "[::]:0", "LISTENING", 664),
        ("UDP", "0.0.0.0:123", "*:*", "", 1288),
        ("UDP", "0.0.0.0:500", "*:*", "", 2996),
        ("UDP", "0.0.0.0:3389", "*:*", "", 1020),
        ("UDP", "0.0.0.0:4500", "*:*", "", 2996),
        ("UDP", "0.0.0.0:5353", "*:*", "", 1536),
        ("UDP", "0.0.0.0:5355", "*:*", "", 1536),
        ("UDP", ip + ":137", "*:*", "", 4),
        ("UDP", ip + ":138", "*:*", "", 4),
        ("UDP", "[::]:123", "*:*", "", 1288),
        ("UDP", "[::]:500", "*:*", "", 2996),
    ]


def write(rel, text, encoding="ascii"):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode(encoding))


def main():
    ip = "10.0.0.5"
    cm = windows_base(ip) + [
        ("TCP", "0.0.0.0:14370", "0.0.0.0:0", "LISTENING", 3120),
        ("TCP", "0.0.0.0:31134", "0.0.0.0:0", "LISTENING", 3120),
        ("TCP", "0.0.0.0:31300", "0.0.0.0:0", "LISTENING", 3144),
        ("TCP", ip + ":31300", "10.0.0.21:50412", "ESTABLISHED", 3144),
        ("TCP", ip + ":31300", "10.0.0.22:51003", "TIME_WAIT", 0),
        ("TCP", ip + ":52011", "10.0.0.21:31300", "ESTABLISHED", 3144),
        ("TCP", ip + ":3389", "10.0.0.99:55100", "ESTABLISHED", 1020),
    ] + windows_base_tail(ip) + [("UDP", "0.0.0.0:162", "*:*", "", 3120)]
    write("clientmanager-manager-healthy/netstat-ano.txt", win_netstat(cm))

    ip = "10.0.0.7"
    sp = windows_base(ip) + [
        ("TCP", "0.0.0.0:3000", "0.0.0.0:0", "LISTENING", 2240),
        ("TCP", "0.0.0.0:3628", "0.0.0.0:0", "LISTENING", 2240),
        # 5005 was taken when ServerProtect started, so it fell back to 5006 (the first free port of 5006-5014)
        ("TCP", "0.0.0.0:5006", "0.0.0.0:0", "LISTENING", 2240),
        ("TCP", ip + ":5006", "10.0.0.50:49822", "ESTABLISHED", 2240),
    ] + windows_base_tail(ip) + [("UDP", "0.0.0.0:3000", "*:*", "", 2240)]
    write("serverprotect-fallback/netstat-ano.txt", win_netstat(sp))

    ip = "10.0.0.8"
    jp = windows_base(ip) + [
        ("TCP", "0.0.0.0:31000", "0.0.0.0:0", "LISTENING", 5120),
        ("TCP", "0.0.0.0:31080", "0.0.0.0:0", "LISTENING", 5120),
        ("TCP", "127.0.0.1:31006", "0.0.0.0:0", "LISTENING", 5188),
        ("TCP", "127.0.0.1:31007", "0.0.0.0:0", "LISTENING", 5188),
        ("TCP", "0.0.0.0:31008", "0.0.0.0:0", "LISTENING", 5190),
        ("TCP", "127.0.0.1:31009", "0.0.0.0:0", "LISTENING", 5192),
        ("TCP", "127.0.0.1:31010", "0.0.0.0:0", "LISTENING", 5192),
        ("TCP", "127.0.0.1:31011", "0.0.0.0:0", "LISTENING", 5194),
        ("TCP", "127.0.0.1:31012", "0.0.0.0:0", "LISTENING", 5194),
        ("TCP", ip + ":31000", "10.0.3.17:50110", "ESTABLISHED", 5120),
    ] + windows_base_tail(ip)
    write("jp1-internal-exposed/netstat-ano.txt", win_netstat(jp))

    ip = "10.1.0.20"
    ds = windows_base(ip) + [
        ("TCP", "0.0.0.0:2856", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "0.0.0.0:2922", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "127.0.0.1:2921", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "0.0.0.0:8080", "0.0.0.0:0", "LISTENING", 6604),
        ("TCP", ip + ":2856", "10.1.5.33:51234", "ESTABLISHED", 2712),
        ("TCP", ip + ":50522", "10.1.0.10:2856", "ESTABLISHED", 2712),
    ] + windows_base_tail(ip)
    write("desktop-patrol-unknown-listener/netstat-ano.txt", win_netstat(ds))

    # Japanese Windows: Japanese headers, CP932 bytes, as written by `netstat -ano > file` in cmd.exe
    ip = "192.168.10.31"
    cl = windows_base(ip) + [
        ("TCP", "0.0.0.0:14375", "0.0.0.0:0", "LISTENING", 2050),
        ("TCP", "0.0.0.0:14377", "0.0.0.0:0", "LISTENING", 2050),
        ("TCP", "0.0.0.0:31300", "0.0.0.0:0", "LISTENING", 2050),
        ("TCP", ip + ":31300", "192.168.10.5:50533", "ESTABLISHED", 2050),
        ("TCP", ip + ":49702", "192.168.10.5:31300", "TIME_WAIT", 0),
    ] + windows_base_tail(ip) + [("UDP", "0.0.0.0:161", "*:*", "", 2100)]
    text = win_netstat(cl, header="アクティブな接続",
                       cols=("プロトコル", "ローカル アドレス", "外部アドレス", "状態", "PID"))
    write("japanese-cp932/netstat-ano-ja.txt", text, encoding="cp932")

    # Desktop Patrol CS whose firewall drops DS inventory uploads on 2856
    cs_ip = "10.1.0.10"
    cs = windows_base(cs_ip) + [
        ("TCP", "0.0.0.0:80", "0.0.0.0:0", "LISTENING", 4),
        ("TCP", "0.0.0.0:2856", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "0.0.0.0:2922", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "0.0.0.0:10104", "0.0.0.0:0", "LISTENING", 2712),
        ("TCP", "127.0.0.1:2921", "0.0.0.0:0", "LISTENING", 2712),
    ] + windows_base_tail(cs_ip)
    write("desktop-patrol-cs-firewall-drop/netstat-ano.txt", win_netstat(cs))
    hdr = ["#Version: 1.5", "#Software: Microsoft Windows Firewall", "#Time Format: Local",
           "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid",
           ""]
    lines = []
    t = 0
    for i, (src, sport) in enumerate([("10.1.0.20", 50811), ("10.1.0.20", 50812), ("10.1.0.21", 61020),
                                      ("10.1.0.20", 50813), ("10.1.0.21", 61021)]):
        t += 7
        lines.append("2026-11-20 09:%02d:%02d DROP TCP %s %s %d 2856 52 S 1093455 0 64240 - - - RECEIVE 4" % (t // 60, t % 60, src, cs_ip, sport))
        lines.append("2026-11-20 09:%02d:%02d ALLOW TCP %s %s %d 2922 52 S 2093455 0 64240 - - - RECEIVE 2712" % (t // 60, (t + 1) % 60, src, cs_ip, sport + 100))
    lines.append("2026-11-20 09:01:10 ALLOW TCP %s 10.1.9.1 52001 443 60 S 3093455 0 64240 - - - SEND 2712" % cs_ip)
    lines.append("2026-11-20 09:01:12 ALLOW UDP %s 10.1.0.1 53111 53 71 - - - - - - - SEND 1936" % cs_ip)
    write("desktop-patrol-cs-firewall-drop/pfirewall.log", "\r\n".join(hdr[:-1] + [""] + lines) + "\r\n")

    # ClientManager client receiving 31300 from its manager (expected) and unknown inbound 4444 (allowed)
    c_ip = "10.2.0.31"
    lines = []
    for i in range(4):
        lines.append("2026-11-21 13:0%d:10 ALLOW TCP 10.2.0.5 %s %d 31300 52 S 11%d 0 64240 - - - RECEIVE 2050" % (i, c_ip, 51000 + i, i))
    lines.append("2026-11-21 13:04:44 ALLOW TCP 10.9.9.9 %s 40001 4444 60 S 777 0 29200 - - - RECEIVE 6120" % c_ip)
    lines.append("2026-11-21 13:04:45 ALLOW TCP 10.9.9.9 %s 40002 4444 60 S 778 0 29200 - - - RECEIVE 6120" % c_ip)
    lines.append("2026-11-21 13:05:00 ALLOW TCP %s 10.2.0.5 49901 31300 52 S 990 0 64240 - - - SEND 2050" % c_ip)
    lines.append("2026-11-21 13:05:30 DROP UDP 10.2.0.77 224.0.0.251 5353 5353 82 - - - - - - - RECEIVE 4")
    write("clientmanager-client-firewall/pfirewall.log", "\r\n".join(hdr[:-1] + [""] + lines) + "\r\n")

    sos_bundle()


def sos_bundle():
    """A Linux web server's `sos report` as it comes (.tar.xz): ss -peaonmi (every socket type, each with its -m line),
    lsof of every open file, other commands' output and configuration files; a Node.js debug server left on 0.0.0.0:8080."""
    import io
    import tarfile
    top = "sosreport-web01-2026-11-20-qwerty"
    skmem = "\t skmem:(r0,rb212992,t0,tb212992,f0,w0,o0,bl0,d0)"
    ss = [
        "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process",
        "nl    UNCONN 0      0               rtnl:kernel              *",
        skmem,
        "u_str LISTEN 0      4096 /run/systemd/private 13605            * 0     users:((\"systemd\",pid=1,fd=15)) ino:13605 sk:1 <->",
        skmem,
        "udp   UNCONN 0      0           127.0.0.1:323        0.0.0.0:*     users:((\"chronyd\",pid=790,fd=5)) ino:18655 sk:2 <->",
        skmem,
        "tcp   LISTEN 0      128           0.0.0.0:22         0.0.0.0:*     users:((\"sshd\",pid=1080,fd=3)) ino:22113 sk:3 <->",
        skmem + " cubic rto:1000 mss:536 cwnd:10 segs_in:0",
        "tcp   LISTEN 0      100         127.0.0.1:25         0.0.0.0:*     users:((\"master\",pid=1400,fd=13)) ino:23001 sk:4 <->",
        skmem + " cubic rto:1000 mss:536 cwnd:10 segs_in:0",
        "tcp   LISTEN 0      511           0.0.0.0:443        0.0.0.0:*     users:((\"nginx\",pid=1502,fd=6),(\"nginx\",pid=1501,fd=6)) ino:24010 sk:5 <->",
        skmem + " cubic rto:1000 mss:536 cwnd:10 segs_in:0",
        "tcp   LISTEN 0      511           0.0.0.0:8080       0.0.0.0:*     users:((\"node\",pid=2210,fd=18)) uid:1000 ino:31002 sk:6 <->",
        skmem + " cubic rto:1000 mss:536 cwnd:10 segs_in:0",
        "tcp   ESTAB  0      0           10.0.4.21:22        10.0.4.2:53412 users:((\"sshd\",pid=2071,fd=3)) timer:(keepalive,119min,0) ino:35311 sk:7 <->",
        skmem + " ts sack cubic wscale:7,7 rto:201 rtt:0.35/0.102 ato:40 mss:1448",
        "tcp   LISTEN 0      128              [::]:22            [::]:*     users:((\"sshd\",pid=1080,fd=4)) ino:22115 sk:8 v6only:1 <->",
        skmem + " cubic rto:1000 mss:536 cwnd:10 segs_in:0",
    ]
    lsof = [
        "COMMAND     PID   TID TASKCMD        USER   FD      TYPE             DEVICE  SIZE/OFF       NODE NAME",
        "systemd       1                         0  cwd       DIR              253,0       224         64 /",
        "systemd       1                         0  txt       REG              253,0   1632776   50333475 /usr/lib/systemd/systemd",
        "systemd       1                         0   15u     unix 0xffff8c5a3b1e2400       0t0      13605 /run/systemd/private type=STREAM",
        "sshd       1080                         0    3u     IPv4              22113       0t0        TCP *:ssh (LISTEN)",
        "sshd       1080                         0    4u     IPv6              22115       0t0        TCP *:ssh (LISTEN)",
        "nginx      1501                         0    6u     IPv4              24010       0t0        TCP *:https (LISTEN)",
        "node       2210                      1000   18u     IPv4              31002       0t0        TCP *:webcache (LISTEN)",
        "node       2210  2215 node           1000   19u     IPv4              31003       0t0        TCP 127.0.0.1:9229 (LISTEN)",
    ]
    files = {
        "sos_commands/networking/ss_-peaonmi": "\n".join(ss) + "\n",
        "sos_commands/process/lsof_-b_M_-n_-l": "\n".join(lsof) + "\n",
        "sos_commands/networking/ip_-o_addr": "1: lo    inet 127.0.0.1/8 scope host lo\n2: eth0    inet 10.0.4.21/24 brd 10.0.4.255 scope global eth0\n",
        "sos_commands/networking/netstat_-s": "Ip:\n    Forwarding: 2\n    1632847 total packets received\nTcp:\n    10294 active connection openings\n",
        "sos_commands/networking/route_-n": "Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         10.0.4.1        0.0.0.0         UG    100    0        0 eth0\n",
        "etc/hostname": "web01\n",
        "etc/ssh/sshd_config": "Port 22\nPermitRootLogin no\nPasswordAuthentication no\n",
        "etc/nginx/nginx.conf": "events {}\nhttp {\n    server { listen 443 ssl; }\n}\n",
        "var/log/messages": "".join("Nov 20 09:%02d:00 web01 systemd[1]: Started Session %d of user deploy.\n" % (i % 60, i) for i in range(40)),
        "uname": "Linux web01 5.14.0-362.8.1.el9_3.x86_64 #1 SMP x86_64 GNU/Linux\n",
    }
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            data = files[name].encode("ascii")
            info = tarfile.TarInfo(top + "/" + name)
            info.size = len(data)
            info.mtime = 1763629200  # 2025-11-20 09:00 UTC
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    path = os.path.join(HERE, "linux-sos-bundle", top + ".tar.xz")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    main()
