#!/usr/bin/env python3
"""Writes samples/fleet/collected/ from the other samples and ../shared/corpus (run from the project folder:
python3 samples/fleet/make_fleet.py). Deterministic; the changes to each copied input are listed in README.md.

python3 samples/fleet/make_fleet.py baseline  derives baseline.jsonl ("last month's run") from current.jsonl:
dp-ds02 had no tcp/4444 listener yet, broken01's dump was intact, lnx-web01 was not collected, old-ws09 (since
retired) was, quail still listened on tcp/1028 unexplained, and every PID differed.
"""
import json
import os
import re
import shutil
import sys

if len(sys.argv) > 1 and sys.argv[1] == "baseline":
    here = os.path.join("samples", "fleet")
    out = []
    for line in open(os.path.join(here, "current.jsonl"), encoding="utf-8"):
        f = json.loads(line)
        if f["host"] == "dp-ds02" and f["port"] == 4444:
            continue
        if f["host"] == "broken01" and f["code"] == "INPUT_PROBLEM":
            continue
        if f["host"] == "lnx-web01":
            continue
        for e in f["evidence"]:
            e["text"] = re.sub(r"(\s)(\d{3,5})$", lambda m: m.group(1) + str(int(m.group(2)) + 8), e["text"])
        f["message"] = re.sub(r"pid (\d+)", lambda m: "pid " + str(int(m.group(1)) + 8), f["message"])
        out.append(f)
        if f["host"] == "cm-ws01":
            g = json.loads(json.dumps(f))
            g["host"] = "old-ws09"
            out.append(g)
    quail = [f for f in out if f["host"] == "quail" and f["code"] == "UNKNOWN_LISTENER"][0]
    extra = json.loads(json.dumps(quail))
    extra["port"] = 1028
    extra["message"] = "tcp/1028 is not explained by the host's roles (clientmanager:manager) or the OS baseline"
    out.insert(out.index(quail), extra)
    out.sort(key=lambda f: f["host"])
    with open(os.path.join(here, "baseline.jsonl"), "w", encoding="utf-8") as w:
        for f in out:
            w.write(json.dumps(f, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.exit(0)

S = "samples"
C = os.path.join("..", "shared", "corpus")
OUT = os.path.join(S, "fleet", "collected")
shutil.rmtree(OUT, ignore_errors=True)


def put(host, name, data):
    os.makedirs(os.path.join(OUT, host), exist_ok=True)
    with open(os.path.join(OUT, host, name), "wb") as f:
        f.write(data)


def read(*p):
    with open(os.path.join(*p), "rb") as f:
        return f.read()


def own(data, old, new):
    """A dump copied to another host shows that host's address (hosts.csv) as its local one, columns kept aligned."""
    pad = len(old) - len(new)
    return re.sub(re.escape(old.encode()) + rb"(:\d+)( +)",
                  lambda m: new.encode() + m.group(1) + m.group(2) + b" " * max(pad, 1 - len(m.group(2))), data)


put("cm-mgr01", "netstat-ano.txt", read(S, "clientmanager-manager-healthy", "netstat-ano.txt"))
put("cm-ws01", "pfirewall.log", read(S, "clientmanager-client-firewall", "pfirewall.log"))
put("cm-ws02", "netstat-ano-ja.txt", own(read(S, "japanese-cp932", "netstat-ano-ja.txt"), "192.168.10.31", "10.2.0.32"))
put("dp-cs01", "netstat-ano.txt", read(S, "desktop-patrol-cs-firewall-drop", "netstat-ano.txt"))
put("dp-cs01", "pfirewall.log", read(S, "desktop-patrol-cs-firewall-drop", "pfirewall.log"))
ds = read(S, "desktop-patrol-unknown-listener", "netstat-ano.txt")
put("dp-ds01", "netstat-ano.txt", ds)
# a second DS: other PIDs, and an undocumented listener on 4444
put("dp-ds02", "netstat-ano.txt", own(ds, "10.1.0.20", "10.1.0.21").replace(b" 6604\r\n", b" 7120\r\n")
    + b"  TCP    0.0.0.0:4444           0.0.0.0:0              LISTENING       6666\r\n")
jp1 = read(S, "jp1-internal-exposed", "netstat-ano.txt")
put("jp1-mgr01", "netstat-ano.txt", own(jp1, "10.0.0.8", "10.3.0.5"))
# the second management server binds its internal port to loopback, as the manual asks
put("jp1-mgr02", "netstat-ano.txt", own(jp1, "10.0.0.8", "10.3.0.6").replace(b"0.0.0.0:31008 ", b"127.0.0.1:31008"))
put("sp-info01", "netstat-ano.txt", read(S, "serverprotect-fallback", "netstat-ano.txt"))
put("quail", "netstat-a.txt", read(S, "clientmanager-quail-e2", "netstat-a.txt"))
put("lnx-web01", "netstat-lnp.txt", read(C, "netstat", "centos-7.7-netstat-sudo-lnp.out"))
# the corrupt file: a ServerProtect dump whose middle was overwritten by a disk error (three damaged lines)
sp = own(read(S, "serverprotect-fallback", "netstat-ano.txt"), "10.0.0.7", "10.0.0.8").split(b"\r\n")
sp[8:11] = [b"  TCP    0.0.0.0:4966", b"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@", b"  TCP    0.0.0.0:49667          0.0.0.0:0              LISTENI@@@@@@@@"]
put("broken01", "netstat-ano.txt", b"\r\n".join(sp))
