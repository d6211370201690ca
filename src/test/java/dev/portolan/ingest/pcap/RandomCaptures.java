package dev.portolan.ingest.pcap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static dev.portolan.ingest.pcap.Frames.*;

/**
 * Seeded, interleaved captures of many conversations for property tests: TCP with and without a handshake (FIN
 * or RST closes, ports either way round), UDP, ICMP echo, TCP over IPv6, fragmented UDP (later fragments
 * sometimes first), with quiet gaps of seconds to minutes inside conversations.
 */
final class RandomCaptures {
    private RandomCaptures() {
    }

    private record Packet(long micros, byte[] frame) {
    }

    /** About {@code conversations} conversations in one pcapng with one Ethernet interface (µs). */
    static byte[] pcapng(long seed, int conversations) {
        return pcapng(seed, conversations, true);
    }

    /** {@code fragments}: whether some UDP conversations are fragmented (else they are ICMP echoes). */
    static byte[] pcapng(long seed, int conversations, boolean fragments) {
        List<Packet> packets = packets(seed, conversations, fragments);
        CaptureFiles.Ng ng = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        for (Packet p : packets) ng.epb(0, p.micros, p.frame);
        return ng.bytes();
    }

    /** The same packets as a classic little-endian microsecond pcap (timestamps in whole seconds + µs). */
    static byte[] pcap(long seed, int conversations) {
        return pcap(seed, conversations, true);
    }

    static byte[] pcap(long seed, int conversations, boolean fragments) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        o.writeBytes(h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
        for (Packet p : packets(seed, conversations, fragments)) {
            java.nio.ByteBuffer r = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            o.writeBytes(r.putInt((int) (p.micros / 1_000_000)).putInt((int) (p.micros % 1_000_000)).putInt(p.frame.length)
                    .putInt(p.frame.length).array());
            o.writeBytes(p.frame);
        }
        return o.toByteArray();
    }

    private static List<Packet> packets(long seed, int conversations, boolean fragments) {
        Random rnd = new Random(seed);
        List<Packet> out = new ArrayList<>();
        long t0 = 1_700_000_000_000_000L;
        for (int c = 0; c < conversations; c++) {
            int client = ip4(10, 0, rnd.nextInt(4), 1 + rnd.nextInt(30));
            int server = ip4(10, 1, rnd.nextInt(4), 1 + rnd.nextInt(30));
            boolean lowClientPort = rnd.nextBoolean();
            int cport = lowClientPort ? 1024 + rnd.nextInt(2000) : 49152 + rnd.nextInt(16000);
            int sport = lowClientPort ? 50000 + rnd.nextInt(10000) : 1 + rnd.nextInt(1000);
            long t = t0 + (long) rnd.nextInt(600) * 1_000_000L + rnd.nextInt(1_000_000);
            int kind = rnd.nextInt(6);
            int n = 1 + rnd.nextInt(12);
            switch (kind) {
                case 0, 1 -> { // TCP with a handshake, closed by FIN or RST or left open
                    out.add(new Packet(t, eth4(tcp4(client, cport, server, sport, SYN, 0))));
                    t += gap(rnd);
                    boolean refused = rnd.nextInt(5) == 0;
                    if (refused) {
                        out.add(new Packet(t, eth4(tcp4(server, sport, client, cport, RST | ACK, 0))));
                        break;
                    }
                    out.add(new Packet(t, eth4(tcp4(server, sport, client, cport, SYN | ACK, 0))));
                    for (int i = 0; i < n; i++) {
                        t += gap(rnd);
                        boolean fromClient = rnd.nextBoolean();
                        out.add(new Packet(t, eth4(fromClient ? tcp4(client, cport, server, sport, PSH | ACK, rnd.nextInt(300))
                                : tcp4(server, sport, client, cport, PSH | ACK, rnd.nextInt(1400)))));
                    }
                    int end = rnd.nextInt(3);
                    if (end == 0) {
                        out.add(new Packet(t += gap(rnd), eth4(tcp4(client, cport, server, sport, FIN | ACK, 0))));
                        out.add(new Packet(t += gap(rnd), eth4(tcp4(server, sport, client, cport, FIN | ACK, 0))));
                        if (rnd.nextBoolean()) out.add(new Packet(t += gap(rnd), eth4(tcp4(client, cport, server, sport, ACK, 0))));
                    } else if (end == 1) {
                        out.add(new Packet(t += gap(rnd), eth4(tcp4(client, cport, server, sport, RST, 0))));
                    }
                }
                case 2 -> { // TCP seen mid-stream: no handshake, roles from the ports
                    for (int i = 0; i < n; i++) {
                        boolean fromClient = rnd.nextBoolean();
                        out.add(new Packet(t += gap(rnd), eth4(fromClient ? tcp4(client, cport, server, sport, ACK, rnd.nextInt(100))
                                : tcp4(server, sport, client, cport, PSH | ACK, rnd.nextInt(100)))));
                    }
                }
                case 3 -> { // UDP request/response
                    for (int i = 0; i < n; i++) {
                        out.add(new Packet(t += gap(rnd), eth4(udp4(client, cport, server, sport, rnd.nextInt(500)))));
                        if (rnd.nextBoolean()) out.add(new Packet(t += gap(rnd), eth4(udp4(server, sport, client, cport, rnd.nextInt(500)))));
                    }
                }
                case 4 -> { // ICMP echo and reply, or fragmented UDP
                    if (rnd.nextBoolean() || !fragments) {
                        for (int i = 0; i < n; i++) {
                            out.add(new Packet(t += gap(rnd), eth4(ipv4(client, server, 1, new byte[] {8, 0, 0, 0, 0, 1, 0, (byte) i}))));
                            out.add(new Packet(t += gap(rnd), eth4(ipv4(server, client, 1, new byte[] {0, 0, 0, 0, 0, 1, 0, (byte) i}))));
                        }
                    } else {
                        int id = rnd.nextInt(65536);
                        Packet first = new Packet(t += gap(rnd), eth4(ipv4(client, server, 17, udpHeader(cport, sport, 1472 - 8),
                                new byte[0], id, 0x2000)));
                        Packet later = new Packet(t += gap(rnd), eth4(ipv4(client, server, 17, new byte[600], new byte[0], id, 185)));
                        if (rnd.nextInt(3) == 0) {
                            out.add(new Packet(first.micros, later.frame));
                            out.add(new Packet(later.micros, first.frame));
                        } else {
                            out.add(first);
                            out.add(later);
                        }
                    }
                }
                default -> { // TCP over IPv6 with a handshake
                    byte[] a = v6(1 + rnd.nextInt(20)), b = v6(100 + rnd.nextInt(20));
                    out.add(new Packet(t, ethernet(0x86dd, ipv6(a, b, 6, tcpHeader(cport, sport, SYN, 0)))));
                    out.add(new Packet(t += gap(rnd), ethernet(0x86dd, ipv6(b, a, 6, tcpHeader(sport, cport, SYN | ACK, 0)))));
                    for (int i = 0; i < n; i++) {
                        out.add(new Packet(t += gap(rnd), ethernet(0x86dd, ipv6(a, b, 6, tcpHeader(cport, sport, PSH | ACK, rnd.nextInt(200))))));
                    }
                }
            }
        }
        // stable: packets of one conversation keep their order when their times are equal
        out.sort(Comparator.comparingLong(Packet::micros));
        return out;
    }

    /** Mostly milliseconds, sometimes seconds, now and then minutes (longer than idle timeouts). */
    private static long gap(Random rnd) {
        int r = rnd.nextInt(20);
        if (r == 0) return 200_000_000L + rnd.nextInt(400_000_000);
        if (r < 4) return 1_000_000L + rnd.nextInt(5_000_000);
        return 1 + rnd.nextInt(50_000);
    }
}
