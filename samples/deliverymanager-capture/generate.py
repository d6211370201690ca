#!/usr/bin/env python3
"""Writes deliverymanager.pcap: a small, deterministic DeliveryManager capture (standard library only).

Hosts (documentation addresses, RFC 5737): 192.0.2.10 = manager (DM, listens on 4091 and 4090),
192.0.2.20 = agent (DMA, listens on 4093, 4095, 4096). Five TCP connections, each with a full
three-way handshake, one request and one response, and a FIN close:

  1. agent   192.0.2.20:49801 -> manager 192.0.2.10:4091   (agent registers with the manager)
  2. manager 192.0.2.10:50311 -> agent   192.0.2.20:4093   (manager -> agent, 4093)
  3. manager 192.0.2.10:50312 -> agent   192.0.2.20:4095   (manager -> agent, 4095)
  4. manager 192.0.2.10:50313 -> agent   192.0.2.20:4096   (manager -> agent, 4096)
  5. manager 192.0.2.10:4091  -> agent   192.0.2.20:49822  REVERSED: the manager connects FROM its
     listener port 4091 TO the agent's ephemeral port (what a misconfigured relay or NAT produces)

Usage: python3 generate.py [OUT.pcap]   (default: deliverymanager.pcap beside this script)
"""
import os
import struct
import sys

MANAGER = bytes([192, 0, 2, 10])
AGENT = bytes([192, 0, 2, 20])
MAC = {MANAGER: bytes.fromhex("020000000a10"), AGENT: bytes.fromhex("020000000a20")}
BASE = 1711962000  # 2024-04-01T09:00:00Z
FIN, SYN, PSH, ACK = 0x01, 0x02, 0x08, 0x10


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(src, sport, dst, dport, seq, ack, flags, payload, ip_id):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0) + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), ip_id, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return MAC[dst] + MAC[src] + struct.pack("!H", 0x0800) + ip + tcp


def connection(client, cport, server, sport, request, response, start_us, ip_ids):
    """Ten packets: handshake, request + ACK, response + ACK, FIN/ACK both ways, last ACK."""
    c_seq, s_seq = 1000 + cport, 5000 + sport
    steps = [
        (True, SYN, b""), (False, SYN | ACK, b""), (True, ACK, b""),
        (True, PSH | ACK, request), (False, ACK, b""),
        (False, PSH | ACK, response), (True, ACK, b""),
        (True, FIN | ACK, b""), (False, FIN | ACK, b""), (True, ACK, b""),
    ]
    c_next, s_next = c_seq, s_seq
    out = []
    t = start_us
    for from_client, flags, payload in steps:
        if from_client:
            seq, ack = c_next, (s_next if flags != SYN else 0)
            pkt = frame(client, cport, server, sport, seq, ack, flags, payload, ip_ids[client])
            c_next += len(payload) + (1 if flags & (SYN | FIN) else 0)
            ip_ids[client] += 1
        else:
            seq, ack = s_next, c_next
            pkt = frame(server, sport, client, cport, seq, ack, flags, payload, ip_ids[server])
            s_next += len(payload) + (1 if flags & (SYN | FIN) else 0)
            ip_ids[server] += 1
        out.append((t, pkt))
        t += 1500  # 1.5 ms between packets
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "deliverymanager.pcap")
    ids = {MANAGER: 100, AGENT: 200}
    packets = []
    packets += connection(AGENT, 49801, MANAGER, 4091, b"DMA REGISTER agent01\r\n", b"DM OK\r\n", 0, ids)
    packets += connection(MANAGER, 50311, AGENT, 4093, b"DM DISTRIBUTE pkg-001 " + b"x" * 200, b"DMA ACCEPTED\r\n", 1_000_000, ids)
    packets += connection(MANAGER, 50312, AGENT, 4095, b"DM STATUS?\r\n", b"DMA STATUS idle\r\n", 2_000_000, ids)
    packets += connection(MANAGER, 50313, AGENT, 4096, b"DM COLLECT logs\r\n", b"DMA " + b"y" * 300, 3_000_000, ids)
    packets += connection(MANAGER, 4091, AGENT, 49822, b"DM NOTIFY agent01\r\n", b"DMA OK\r\n", 4_000_000, ids)
    with open(out_path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, pkt in packets:
            f.write(struct.pack("<IIII", BASE + t // 1_000_000, t % 1_000_000, len(pkt), len(pkt)))
            f.write(pkt)
    print("wrote %s: %d packets" % (out_path, len(packets)))


if __name__ == "__main__":
    main()
