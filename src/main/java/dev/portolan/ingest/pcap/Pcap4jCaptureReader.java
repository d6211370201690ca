package dev.portolan.ingest.pcap;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputReader;
import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.model.Flow;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.FragmentedPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtDestinationOptionsPacket;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6ExtHopByHopOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.IpNumber;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;

/**
 * A second, independent capture reader: native libpcap (through pcap4j) reads the file and pcap4j's packet
 * classes decode it; only the flow aggregation ({@code FlowTable}) is shared with {@link CaptureReader}, so
 * the two can cross-check each other's decoding. Slower, and bound to what the installed libpcap reads
 * (pcapng needs libpcap ≥ 1.1; nanosecond files are opened with nanosecond precision).
 *
 * <p>Gzipped captures are decompressed to a temporary file first, because libpcap reads from a path.
 */
public final class Pcap4jCaptureReader implements InputReader {
    public static final String LIBPCAP_MISSING = "libpcap not found: install libpcap0.8 (Debian) / Npcap (Windows)";

    private final IntPredicate isListenerPort;

    public Pcap4jCaptureReader() {
        this(null);
    }

    public Pcap4jCaptureReader(IntPredicate isListenerPort) {
        this.isListenerPort = isListenerPort;
    }

    @Override
    public InputFormat format() {
        return InputFormat.PCAP;
    }

    /** Null when native libpcap can be loaded, else why not (the message to show). */
    public static String unavailableReason() {
        try {
            Pcaps.libVersion();
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return LIBPCAP_MISSING + " (" + e.getMessage() + ")";
        }
    }

    public static boolean isAvailable() {
        return unavailableReason() == null;
    }

    @Override
    public FileSummary read(Source source, ObservationSink sink) throws IOException {
        byte[] head = source.head(4);
        if (!CaptureReader.sniff(head)) {
            throw new UnreadableInputException(source.name() + ": not a pcap or pcapng capture (unknown magic number)");
        }
        String missing = unavailableReason();
        if (missing != null) throw new IOException(missing);
        boolean ng = (head[0] & 0xff) == 0x0A && (head[1] & 0xff) == 0x0D;
        Path path = source.path();
        Path tmp = null;
        if (source.isSequential()) {
            // libpcap wants a file it can open: decompressed gzip and pipes are copied once
            tmp = Files.createTempFile("portolan-", ".pcap");
            try (InputStream in = source.open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            path = tmp;
        }
        try {
            return readPlain(source, path, ng, sink);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    private FileSummary readPlain(Source source, Path path, boolean ng, ObservationSink sink) throws IOException {
        FileReading result = new FileReading(source, ng ? InputFormat.PCAPNG : InputFormat.PCAP, sink);
        result.setVariant("pcap4j");
        FlowTable table = new FlowTable(source.name(), isListenerPort);
        Pcap4jDecoder decoder = new Pcap4jDecoder(table, result);
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(path.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            try {
                // libpcap builds without nanosecond support refuse NANO; microseconds are all flows need
                handle = Pcaps.openOffline(path.toString());
            } catch (PcapNativeException e2) {
                throw new UnreadableInputException(source.name() + ": libpcap cannot open it: " + e2.getMessage());
            }
        }
        long packetNo = 0;
        try {
            int dlt = handle.getDlt().value();
            while (true) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                } catch (PcapNativeException e) {
                    result.addProblem(new InputProblem(Evidence.ofPacket(source.name(), packetNo + 1, null, ""),
                            "libpcap stopped after packet " + packetNo + ": " + e.getMessage()));
                    break;
                }
                packetNo++;
                Timestamp ts = handle.getTimestamp();
                long micros = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
                decoder.decode(dlt, packet, micros, packetNo);
            }
        } catch (NotOpenException e) {
            throw new IOException(source.name() + ": pcap handle closed unexpectedly", e);
        } finally {
            handle.close();
        }
        decoder.report();
        result.setRecords(packetNo);
        result.setBytesRead(Files.size(path));
        for (Flow f : table.finish()) result.flow(f);
        return result.summary();
    }

    /** Walks pcap4j's decoded layers of one packet down to the IP header and transport ports. */
    private static final class Pcap4jDecoder {
        private final FlowTable table;
        private final FileReading result;
        private final FragmentIndex fragments = new FragmentIndex();
        private long nonIp;
        /** Encapsulation pcap4j cannot decode -> {packets, first packet number}. */
        private final java.util.Map<String, long[]> notDecoded = new java.util.TreeMap<>();
        private long undecoded;
        /** Tunnels the default reader opens and this one does not, by kind (see PacketDecoder's tunnel kinds). */
        private final long[] tunnelsNotOpened = new long[PacketDecoder.tunnelKinds()];
        private long micros;
        private long badTransportHeader;
        private long packetNo;

        Pcap4jDecoder(FlowTable table, FileReading result) {
            this.table = table;
            this.result = result;
        }

        void decode(int dlt, Packet packet, long micros, long packetNo) {
            this.micros = micros;
            this.packetNo = packetNo;
            Packet p = packet;
            while (p != null && !(p instanceof IpV4Packet) && !(p instanceof IpV6Packet)) p = p.getPayload();
            if (p == null) p = rawIp(dlt, packet.getRawData());
            if (p instanceof IpV4Packet) ipv4((IpV4Packet) p);
            else if (p instanceof IpV6Packet) ipv6((IpV6Packet) p);
            else {
                String what = notDecodedByPcap4j(dlt, packet.getRawData());
                if (what == null) nonIp++;
                else notDecoded.computeIfAbsent(what, k -> new long[] {0, packetNo})[0]++;
            }
        }

        /**
         * Encapsulations the default reader decodes but pcap4j 1.8 does not (it leaves them as unknown
         * payload): named, so the difference is reported instead of passing as non-IP traffic.
         */
        private static String notDecodedByPcap4j(int dlt, byte[] raw) {
            switch (dlt) {
                case 104: return "Cisco HDLC (link type 104)";
                case 239: return "NFLOG (link type 239)";
                case 276: return "Linux cooked v2 (link type 276)";
                case 8: return "SLIP (link type 8)";
                case 107: return "Frame Relay (link type 107)";
                case 129: return "Linux ARCNET (link type 129)";
                case 226: return "Solaris ipnet (link type 226)";
                case 258: return "PKTAP (link type 258)";
                case 149: return PacketDecoder.pktapHolds(raw, 0, raw.length) ? "PKTAP (link type 149)" : null;
                case 281: case 282: return "Broadcom switch tags (link type " + dlt + ")";
                case 178: return "Juniper Ethernet (link type 178)";
                case 242: return "IP over InfiniBand (link type 242)";
                case 284: case 285: return "Marvell DSA tags (link type " + dlt + ")";
                case 1: {
                    int at = 12;
                    while (at + 2 <= raw.length) {
                        int type = ((raw[at] & 0xff) << 8) | (raw[at + 1] & 0xff);
                        if (type == 0x8100 || type == 0x88a8 || type == 0x9100) { at += 4; continue; }
                        if (type == 0x8847 || type == 0x8848) return "MPLS over Ethernet";
                        if (type == 0x8864) return "PPPoE sessions";
                        if (type == 0x8903) return "Cisco FabricPath frames";
                        if (type == 0x8926) return "Cisco VN-tags";
                        if (type == 0x88e7) return "802.1ah provider backbone bridging";
                        return null;
                    }
                    return null;
                }
                case 9: case 50: {
                    int at = raw.length >= 2 && (raw[0] & 0xff) == 0xff && raw[1] == 3 ? 2 : 0;
                    if (at + 2 > raw.length) return null;
                    int proto = ((raw[at] & 0xff) << 8) | (raw[at + 1] & 0xff);
                    return proto == 0x0281 || proto == 0x0283 ? "MPLS over PPP" : null;
                }
                default: return null;
            }
        }

        /**
         * pcap4j leaves raw-IP link types (101/12/14/228/229) undecoded, and BSD loopback frames whose address
         * family is another OS's AF_INET6 value (24/28/30); the IP version nibble decides for those.
         */
        private static Packet rawIp(int dlt, byte[] raw) {
            int off;
            if (dlt == 12 || dlt == 14 || dlt == 101 || dlt == 228 || dlt == 229) off = 0;
            else if (dlt == 0 || dlt == 108) off = 4;
            else return null;
            if (raw.length <= off) return null;
            try {
                int v = (raw[off] & 0xf0) >>> 4;
                if (v == 4) return IpV4Packet.newPacket(raw, off, raw.length - off);
                if (v == 6) return IpV6Packet.newPacket(raw, off, raw.length - off);
            } catch (IllegalRawDataException e) {
                return null;
            }
            return null;
        }

        private void ipv4(IpV4Packet ip) {
            IpV4Packet.IpV4Header h = ip.getHeader();
            long src = Integer.toUnsignedLong(toInt(h.getSrcAddr().getAddress()));
            long dst = Integer.toUnsignedLong(toInt(h.getDstAddr().getAddress()));
            if (h.getIhlAsInt() > 5) {
                byte[] raw = h.getRawData(); // a source route's last address, as the built-in reader takes it
                dst = PacketDecoder.finalDestination(raw, 0, Math.min(raw.length, h.getIhlAsInt() * 4));
            }
            int proto = h.getProtocol().value() & 0xff;
            int total = h.getTotalLengthAsInt();
            long ipBytes = total >= h.getIhlAsInt() * 4 ? total : ip.length();
            long id = h.getIdentificationAsInt();
            boolean more = h.getMoreFragmentFlag();
            if (h.getFragmentOffset() != 0) {
                later(0, src, 0, dst, proto, id, !more, ipBytes - h.getIhlAsInt() * 4L); // its payload, as the built-in reader
                return;
            }
            if (more && fragments.repeat(0, src, 0, dst, proto, id, micros, packetNo, table)) return;
            int s = transport(false, 0, src, 0, dst, proto, ip.getPayload(), ipBytes - h.getIhlAsInt() * 4L, ipBytes);
            if (more) fragments.firstFragment(0, src, 0, dst, proto, id, micros, s, table);
        }

        private void ipv6(IpV6Packet ip) {
            IpV6Packet.IpV6Header h = ip.getHeader();
            byte[] s16 = h.getSrcAddr().getAddress(), d16 = h.getDstAddr().getAddress();
            long sHi = toLong(s16, 0), sLo = toLong(s16, 8), dHi = toLong(d16, 0), dLo = toLong(d16, 8);
            long ipBytes = 40L + h.getPayloadLengthAsInt();
            int proto = h.getNextHeader().value() & 0xff;
            long remaining = h.getPayloadLengthAsInt();
            Packet p = ip.getPayload();
            long fragId = -1;
            boolean more = false;
            boolean routed = false;
            while (p instanceof IpV6ExtHopByHopOptionsPacket || p instanceof IpV6ExtRoutingPacket
                    || p instanceof IpV6ExtDestinationOptionsPacket || p instanceof IpV6ExtFragmentPacket) {
                remaining -= p.getHeader().length();
                if (p instanceof IpV6ExtFragmentPacket) {
                    IpV6ExtFragmentPacket.IpV6ExtFragmentHeader fh = ((IpV6ExtFragmentPacket) p).getHeader();
                    proto = fh.getNextHeader().value() & 0xff;
                    fragId = Integer.toUnsignedLong(fh.getIdentification());
                    more = fh.getM();
                    if (fh.getFragmentOffset() != 0) {
                        later(sHi, sLo, dHi, dLo, proto, fragId, !more, remaining);
                        return;
                    }
                    if (more && fragments.repeat(sHi, sLo, dHi, dLo, proto, fragId, micros, packetNo, table)) return;
                    if (p.getPayload() instanceof FragmentedPacket) {
                        // pcap4j stops at any fragment header; a first fragment still holds the next headers
                        p = decodeAs(proto, p.getPayload().getRawData());
                        continue;
                    }
                } else if (p instanceof IpV6ExtHopByHopOptionsPacket) {
                    proto = ((IpV6ExtHopByHopOptionsPacket) p).getHeader().getNextHeader().value() & 0xff;
                } else if (p instanceof IpV6ExtRoutingPacket) {
                    proto = ((IpV6ExtRoutingPacket) p).getHeader().getNextHeader().value() & 0xff;
                    if (!routed) {
                        // the final destination, as the built-in reader takes it
                        routed = true;
                        byte[] rh = p.getHeader().getRawData();
                        int at = PacketDecoder.finalDestinationAt(rh, 0, rh.length);
                        if (at >= 0) {
                            dHi = toLong(rh, at);
                            dLo = toLong(rh, at + 8);
                        }
                    }
                } else {
                    proto = ((IpV6ExtDestinationOptionsPacket) p).getHeader().getNextHeader().value() & 0xff;
                }
                p = p.getPayload();
            }
            int s = transport(true, sHi, sLo, dHi, dLo, proto, p, remaining, ipBytes);
            if (more) fragments.firstFragment(sHi, sLo, dHi, dLo, proto, fragId, micros, s, table);
        }

        /** Lets pcap4j's own factories decode raw bytes as the given IP protocol. */
        private static Packet decodeAs(int proto, byte[] raw) {
            return PacketFactories.getFactory(Packet.class, IpNumber.class)
                    .newInstance(raw, 0, raw.length, IpNumber.getInstance((byte) proto));
        }

        private int transport(boolean v6, long sHi, long sLo, long dHi, long dLo, int proto, Packet l4,
                                         long l4Length, long ipBytes) {
            if (l4 instanceof TcpPacket) {
                TcpPacket.TcpHeader t = ((TcpPacket) l4).getHeader();
                int flags = (t.getFin() ? 1 : 0) | (t.getSyn() ? 2 : 0) | (t.getRst() ? 4 : 0) | (t.getPsh() ? 8 : 0)
                        | (t.getAck() ? 0x10 : 0) | (t.getUrg() ? 0x20 : 0);
                int payload = (int) Math.max(0, l4Length - t.getDataOffsetAsInt() * 4L);
                return table.add(v6, sHi, sLo, dHi, dLo, 6, t.getSrcPort().valueAsInt(), t.getDstPort().valueAsInt(), 0,
                        micros, ipBytes, flags, payload, packetNo);
            }
            if (l4 instanceof UdpPacket) {
                UdpPacket.UdpHeader u = ((UdpPacket) l4).getHeader();
                countTunnel(u.getSrcPort().valueAsInt(), u.getDstPort().valueAsInt(), l4.getRawData(), l4Length);
                return table.add(v6, sHi, sLo, dHi, dLo, 17, u.getSrcPort().valueAsInt(), u.getDstPort().valueAsInt(), 0,
                        micros, ipBytes, 0, (int) Math.max(0, l4Length - 8), packetNo);
            }
            if (l4 instanceof IcmpV4CommonPacket || l4 instanceof IcmpV6CommonPacket) {
                int type = l4 instanceof IcmpV4CommonPacket
                        ? ((IcmpV4CommonPacket) l4).getHeader().getType().value() & 0xff
                        : ((IcmpV6CommonPacket) l4).getHeader().getType().value() & 0xff;
                int kind = PacketDecoder.icmpKind(proto, type);
                return table.add(v6, sHi, sLo, dHi, dLo, proto, 0, 0, kind, micros, ipBytes,
                        type | (kind != type ? FlowTable.ICMP_REPLY : 0), 0, packetNo);
            }
            byte[] raw = l4 == null ? new byte[0] : l4.getRawData();
            if (PacketDecoder.hasPortHeader(proto) || proto == 1 || proto == 58) {
                // first fragments and snap-length cuts leave pcap4j without a transport packet, and it leaves SCTP's,
                // DCCP's and UDP-Lite's as it may: read the ports as the built-in reader does
                if (l4 instanceof FragmentedPacket || raw.length >= (proto == 6 ? 14 : proto == 1 || proto == 58 ? 1 : 4)) {
                    return rawTransport(v6, sHi, sLo, dHi, dLo, proto, raw, l4Length, ipBytes, l4 instanceof FragmentedPacket);
                }
                undecoded++;
                return -1;
            }
            if (proto == 4) tunnelsNotOpened[PacketDecoder.T_IPIP]++;
            else if (proto == 41) tunnelsNotOpened[PacketDecoder.T_IP6]++;
            else if (proto == 47) tunnelsNotOpened[PacketDecoder.T_GRE]++;
            else if (proto == 103 && raw.length > 8 && (raw[0] & 0xff) == 0x21) tunnelsNotOpened[PacketDecoder.T_PIM]++;
            return table.add(v6, sHi, sLo, dHi, dLo, proto, 0, 0, 0, micros, ipBytes, 0, 0, packetNo);
        }

        /** Counts a UDP datagram the default reader would open as a tunnel ({@code raw}: UDP header and payload). */
        private void countTunnel(int sport, int dport, byte[] raw, long udpLength) {
            long t = PacketDecoder.udpTunnelAt(sport, dport, raw, 8, (int) Math.min(raw.length, udpLength), (int) udpLength);
            if (t >= 0) tunnelsNotOpened[(int) (t >>> 40)]++;
        }

        /** {@code head}: the packet is a datagram's first fragment, whose transport header may end in a later one. */
        private int rawTransport(boolean v6, long sHi, long sLo, long dHi, long dLo, int proto, byte[] r,
                                  long l4Length, long ipBytes, boolean head) {
            if (proto == 1 || proto == 58) {
                if (r.length < 1) { undecoded++; return -1; }
                int type = r[0] & 0xff;
                int kind = PacketDecoder.icmpKind(proto, type);
                return table.add(v6, sHi, sLo, dHi, dLo, proto, 0, 0, kind, micros, ipBytes,
                        type | (kind != type ? FlowTable.ICMP_REPLY : 0), 0, packetNo);
            }
            // the built-in reader's verdict on the header (the IP payload starts at 0 here and ends at l4Length)
            int check = PacketDecoder.transportHeader(proto, head, r, 0, r.length, (int) Math.min(l4Length, Integer.MAX_VALUE));
            if (check == PacketDecoder.HEADER_CUT) { undecoded++; return -1; }
            if (check == PacketDecoder.HEADER_MALFORMED) { badTransportHeader++; return -1; }
            int sport = ((r[0] & 0xff) << 8) | (r[1] & 0xff), dport = ((r[2] & 0xff) << 8) | (r[3] & 0xff);
            if (check == PacketDecoder.HEADER_PORTS_ONLY) {
                return table.add(v6, sHi, sLo, dHi, dLo, 6, sport, dport, 0, micros, ipBytes, 0, 0, packetNo);
            }
            int ipEnd = (int) Math.min(l4Length, Integer.MAX_VALUE);
            if (proto == 132 || proto == 33) {
                return table.add(v6, sHi, sLo, dHi, dLo, proto, sport, dport, 0, micros, ipBytes,
                        PacketDecoder.handshakeFlags(proto, r, 0, r.length), PacketDecoder.afterHeader(proto, r, 0, r.length, ipEnd), packetNo);
            }
            int flags = proto == 6 ? r[13] & 0x3f : 0;
            int hdr = proto == 6 ? ((r[12] & 0xf0) >>> 2) : 8;
            return table.add(v6, sHi, sLo, dHi, dLo, proto, sport, dport, 0, micros, ipBytes, flags,
                    (int) Math.max(0, l4Length - hdr), packetNo);
        }

        private void later(long sHi, long sLo, long dHi, long dLo, int proto, long id, boolean last, long ipBytes) {
            fragments.later(sHi, sLo, dHi, dLo, proto, id, last, micros, ipBytes, packetNo, table);
        }

        void report() {
            if (nonIp > 0) result.addNote(nonIp + " non-IP frames not counted as flows");
            for (var e : notDecoded.entrySet()) {
                result.addProblem(new InputProblem(Evidence.ofPacket(result.source().name(), e.getValue()[1], null, ""),
                        "the pcap4j reader does not decode " + e.getKey() + ": " + e.getValue()[0]
                                + " packets skipped (the default reader decodes them)"));
            }
            if (undecoded > 0) result.addNote(undecoded + " packets too short (snap length) to identify a flow");
            if (badTransportHeader > 0) result.addNote(PacketDecoder.badTransportHeaderNote(badTransportHeader));
            long tunnelled = java.util.Arrays.stream(tunnelsNotOpened).sum();
            if (tunnelled > 0) {
                result.addNote(tunnelled + " tunnelled packets not opened (" + PacketDecoder.tunnelKinds(tunnelsNotOpened)
                        + "): the pcap4j reader counts them to"
                        + " the tunnel's flow only (the default reader also lists the flows inside)");
            }
            fragments.notes(result);
        }

        private static int toInt(byte[] a) {
            return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        }

        private static long toLong(byte[] a, int o) {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (a[o + i] & 0xff);
            return v;
        }
    }
}
