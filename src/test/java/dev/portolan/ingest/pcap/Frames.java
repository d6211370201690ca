package dev.portolan.ingest.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds packet bytes for authored fixtures: IP, transport and link headers, written by hand from the RFCs. */
final class Frames {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private Frames() {
    }

    static int ip4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static byte[] tcpHeader(int sport, int dport, int flags, int payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload);
        t.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(flags == SYN ? 0 : 2000);
        t.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return t.array();
    }

    static byte[] udpHeader(int sport, int dport, int payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload)).putShort((short) 0);
        return u.array();
    }

    /** IPv4 with optional options bytes (multiple of 4), id, flags/fragment-offset word. */
    static byte[] ipv4(int src, int dst, int proto, byte[] l4, byte[] options, int id, int fragWord) {
        int ihl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(ihl + l4.length);
        b.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + l4.length)).putShort((short) id)
                .putShort((short) fragWord).put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
        b.put(options).put(l4);
        return b.array();
    }

    static byte[] ipv4(int src, int dst, int proto, byte[] l4) {
        return ipv4(src, dst, proto, l4, new byte[0], 1, 0);
    }

    static byte[] tcp4(int src, int sport, int dst, int dport, int flags, int payload) {
        return ipv4(src, dst, 6, tcpHeader(sport, dport, flags, payload));
    }

    static byte[] udp4(int src, int sport, int dst, int dport, int payload) {
        return ipv4(src, dst, 17, udpHeader(sport, dport, payload));
    }

    /** IPv6 whose payload starts with extension headers already encoded in {@code rest}. */
    static byte[] ipv6(byte[] src16, byte[] dst16, int next, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(40 + rest.length);
        b.putInt(0x60000000).putShort((short) rest.length).put((byte) next).put((byte) 64).put(src16).put(dst16).put(rest);
        return b.array();
    }

    static byte[] v6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    /** A generic extension header (hop-by-hop, routing, destination options) of 8 bytes. */
    static byte[] ext8(int next) {
        return new byte[] {(byte) next, 0, 0, 0, 0, 0, 0, 0};
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] ethernet(int etherType, byte[] payload, int... vlanTpids) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTpids.length + payload.length);
        b.put(new byte[] {0, 1, 2, 3, 4, 5}).put(new byte[] {0, 1, 2, 3, 4, 6});
        for (int tpid : vlanTpids) b.putShort((short) tpid).putShort((short) 100);
        b.putShort((short) etherType).put(payload);
        return b.array();
    }

    static byte[] eth4(byte[] ip) {
        return ethernet(0x0800, ip);
    }

    /** Linux cooked v2: protocol, reserved, ifindex, ARPHRD, packet type, address length, 8 address bytes. */
    static byte[] sll2(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0).put((byte) 6)
                .put(new byte[8]).put(payload);
        return b.array();
    }

    /** BSD loopback: the address family in the capturing host's byte order (little-endian here). */
    static byte[] nullLoop(int family, byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(family);
        b.order(java.nio.ByteOrder.BIG_ENDIAN).put(ip);
        return b.array();
    }
}
