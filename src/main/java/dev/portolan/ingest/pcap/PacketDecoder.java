package dev.portolan.ingest.pcap;

import dev.portolan.ingest.FileReading;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;

import java.util.Map;
import java.util.TreeMap;

/**
 * Peels link, IP and transport headers off one captured frame, only as far as a flow key needs, and feeds
 * the {@link FlowTable}. Every read is bounded by the captured length; a frame cut short by the snap length
 * is normal and only counted. Nothing here allocates for an ordinary packet.
 */
final class PacketDecoder {
    static final int LINK_NULL = 0, LINK_ETHERNET = 1, LINK_PPP = 9, LINK_RAW_12 = 12, LINK_RAW_14 = 14,
            LINK_PPP_HDLC = 50, LINK_RAW = 101, LINK_CHDLC = 104, LINK_LOOP = 108, LINK_SLL = 113, LINK_IPV4 = 228,
            LINK_IPV6 = 229, LINK_NFLOG = 239, LINK_SLL2 = 276, LINK_FDDI = 10, LINK_IEEE802_11 = 105,
            LINK_PRISM = 119, LINK_RADIOTAP = 127, LINK_AVS = 163, LINK_PPI = 192, LINK_SLIP = 8, LINK_FRELAY = 107,
            LINK_ARCNET_LINUX = 129, LINK_USER2 = 149, LINK_IPNET = 226, LINK_PKTAP = 258, LINK_BRCM = 281,
            LINK_BRCM_PREPEND = 282, LINK_DSA = 284, LINK_EDSA = 285, LINK_JUNIPER_ETHER = 178, LINK_IPOIB = 242;
    /** Apple's PKTAP header: at least this long (its fields little-endian, whatever the file's byte order). */
    private static final int PKTAP_MIN = 108;
    /** Non-IP PPP protocols are counted as {@code PPP_TYPE | protocol}, apart from ethertypes. */
    private static final int PPP_TYPE = 0x10000;
    /** Non-IP bucket for NFLOG records that carry no packet. */
    private static final int NFLOG_NO_PAYLOAD = -2;
    /** Non-IP buckets for 802.11 frames without a readable payload. */
    private static final int DOT11_NOT_DATA = -3, DOT11_PROTECTED = -4, DOT11_NO_PAYLOAD = -5;
    /** Non-IP buckets: a PKTAP record without a packet; an ARCNET fragment after the first (no IP header). */
    private static final int PKTAP_NO_PACKET = -6, ARCNET_FRAGMENT = -7, JUNIPER_NO_MAGIC = -8;
    /** Frame Relay frames whose NLPID is not IP are counted as {@code FR_NLPID | nlpid}. */
    private static final int FR_NLPID = 0x20000;
    /** MPLS label stacks deeper than this are not followed. */
    private static final int MAX_LABELS = 16;
    /** Tunnels inside tunnels are opened this deep, no deeper. */
    private static final int MAX_TUNNEL_DEPTH = 3;
    /** The tunnels opened, by kind (index into {@link #TUNNEL_NAMES} and {@link #tunnelCounts}). */
    static final int T_IPIP = 0, T_IP6 = 1, T_GRE = 2, T_VXLAN = 3, T_GENEVE = 4, T_GTPU = 5, T_TEREDO = 6, T_PIM = 7,
            T_CAPWAP = 8, T_L2TP = 9;
    private static final String[] TUNNEL_NAMES = {"IP-in-IP", "IPv6-in-IP", "GRE", "VXLAN", "Geneve", "GTP-U", "Teredo",
        "PIM Register", "CAPWAP", "L2TP"};
    /** UDP ports of the tunnels opened ({@link #udpTunnelAt}): VXLAN (IANA's and Linux's default), Geneve, GTP-U, Teredo,
     * CAPWAP data, L2TP, VXLAN-GPE, GRE in UDP. */
    static final int PORT_VXLAN = 4789, PORT_VXLAN_LINUX = 8472, PORT_GENEVE = 6081, PORT_GTPU = 2152, PORT_TEREDO = 3544,
            PORT_CAPWAP_DATA = 5247, PORT_L2TP = 1701, PORT_VXLAN_GPE = 4790, PORT_GRE_IN_UDP = 4754;

    private final FlowTable table;
    private final FileReading result;
    private final String file;
    /** Ethertypes of non-IP frames and their counts (few distinct values, so linear search). */
    private final int[] otherTypes = new int[32];
    private final long[] otherCounts = new long[32];
    private int otherTypeCount;
    private long nonIp;
    private long tooShort;
    /** TCP or UDP headers shorter than their minimum in the IP packet, or a TCP header length past the segment. */
    private long badTransportHeader;
    /** Unsupported link type -> {packets, first packet number}. */
    private final Map<Integer, long[]> unsupported = new TreeMap<>();
    private final FragmentIndex fragments = new FragmentIndex();
    /** IP fragments seen (first or later), see {@link #standsAlone}. */
    private long fragmentsSeen;
    /**
     * How many tunnel headers the packet being decoded is inside (0: its own headers). Inside a tunnel nothing is a
     * problem or a non-IP frame of the file: the packet already counts to the tunnel's own flow.
     */
    private int tunnelDepth;
    /** Packets whose tunnel was opened, by kind; and those of them in which no inner flow was found. */
    private final long[] tunnelCounts = new long[TUNNEL_NAMES.length];
    private long tunnelNoInner;
    /** Packets with at least one tunnel opened (a tunnel in a tunnel counts once here, twice in the kinds). */
    private long tunnelledPackets;
    
    private long packetNo;
    private long micros;
    private long frameOffset;

    PacketDecoder(FlowTable table, FileReading result) {
        this.table = table;
        this.result = result;
        this.file = result.source().name();
    }

    static boolean supports(int linkType) {
        switch (linkType) {
            case LINK_NULL: case LINK_ETHERNET: case LINK_RAW_12: case LINK_RAW_14: case LINK_RAW: case LINK_LOOP:
            case LINK_SLL: case LINK_IPV4: case LINK_IPV6: case LINK_SLL2: case LINK_PPP: case LINK_PPP_HDLC:
            case LINK_CHDLC: case LINK_NFLOG: case LINK_FDDI: case LINK_IEEE802_11: case LINK_PRISM: case LINK_RADIOTAP:
            case LINK_AVS: case LINK_PPI: case LINK_SLIP: case LINK_FRELAY: case LINK_ARCNET_LINUX: case LINK_IPNET:
            case LINK_PKTAP: case LINK_BRCM: case LINK_BRCM_PREPEND: case LINK_DSA: case LINK_EDSA:
            case LINK_JUNIPER_ETHER: case LINK_IPOIB:
                return true;
            default:
                return false;
        }
    }

    /**
     * Decodes one frame: {@code b[off, off+caplen)} holds the captured bytes, {@code origLen} the length on the
     * wire, {@code fileOffset} where the frame's record starts (for problems).
     */
    void decode(int linkType, byte[] b, int off, int caplen, int origLen, long micros, long packetNo, long fileOffset) {
        this.packetNo = packetNo;
        this.micros = micros;
        this.frameOffset = fileOffset;
        this.tunnelDepth = 0;
        int end = off + caplen;
        try {
            switch (linkType) {
                case LINK_ETHERNET:
                    if (caplen < 14) { cut(); return; }
                    etherType(b, off + 12, end, origLen - 14);
                    return;
                case LINK_RAW: case LINK_RAW_12: case LINK_RAW_14: case LINK_IPV4: case LINK_IPV6:
                    ipByVersion(b, off, end, origLen);
                    return;
                case LINK_NULL: case LINK_LOOP:
                    if (caplen < 5) { cut(); return; }
                    ipByVersion(b, off + 4, end, origLen - 4);
                    return;
                case LINK_SLL:
                    if (caplen < 16) { cut(); return; }
                    etherType(b, off + 14, end, origLen - 16);
                    return;
                case LINK_SLL2:
                    if (caplen < 20) { cut(); return; }
                    etherType(b, off, end, origLen - 20, off + 20);
                    return;
                case LINK_PPP: case LINK_PPP_HDLC:
                    ppp(b, off, end, origLen);
                    return;
                case LINK_CHDLC: // address, control, then an ethertype
                    if (caplen < 4) { cut(); return; }
                    etherType(b, off + 2, end, origLen - 4);
                    return;
                case LINK_NFLOG:
                    nflog(b, off, end, caplen < origLen);
                    return;
                case LINK_FDDI:
                    fddi(b, off, end, origLen);
                    return;
                case LINK_IEEE802_11:
                    dot11(b, off, end, origLen, false);
                    return;
                case LINK_RADIOTAP:
                    radiotap(b, off, end, origLen);
                    return;
                case LINK_PPI:
                    ppi(b, off, end, origLen);
                    return;
                case LINK_PRISM: case LINK_AVS:
                    prismOrAvs(b, off, end, origLen);
                    return;
                case LINK_SLIP: // BSD/OS SLIP: direction and compressed-header bytes (16 in all), then IP
                    if (caplen < 17) { cut(); return; }
                    ipByVersion(b, off + 16, end, origLen - 16);
                    return;
                case LINK_IPNET: // Solaris ipnet: 24 bytes, the second the address family (2 IPv4, 26 IPv6)
                    ipnet(b, off, end, origLen);
                    return;
                case LINK_DSA: case LINK_BRCM: case LINK_BRCM_PREPEND:
                    // a 4-byte switch tag after the MAC addresses (Marvell DSA, Broadcom) or before them (Broadcom
                    // prepended): the ethertype is at byte 16 either way
                    if (caplen < 18) { cut(); return; }
                    etherType(b, off + 16, end, origLen - 18);
                    return;
                case LINK_EDSA: // Marvell EDSA: an 8-byte tag (its own ethertype 0xDADA, 2 reserved bytes, DSA) after the MACs
                    if (caplen < 22) { cut(); return; }
                    etherType(b, off + 20, end, origLen - 22);
                    return;
                case LINK_ARCNET_LINUX:
                    arcnet(b, off, end, origLen);
                    return;
                case LINK_FRELAY:
                    frameRelay(b, off, end, origLen);
                    return;
                case LINK_IPOIB: // RFC 4391 over Linux: 20-byte destination and source addresses, an ethertype, 2 reserved
                    if (caplen < 45) { cut(); return; }
                    etherType(b, off + 40, end, origLen - 44, off + 44);
                    return;
                case LINK_JUNIPER_ETHER:
                    juniperEther(b, off, end, origLen);
                    return;
                case LINK_PKTAP: case LINK_USER2:
                    pktap(linkType, b, off, caplen, origLen, micros, packetNo, fileOffset);
                    return;
                default:
                    countUnsupported(linkType);
            }
        } catch (IndexOutOfBoundsException e) {
            // every read is range-checked; this is a last line of defence so one odd frame never ends the file
            problem("packet " + packetNo + " could not be decoded (" + e.getMessage() + ")");
        }
    }

    private void ipnet(byte[] b, int p, int end, int wireLen) {
        if (end - p < 25) { cut(); return; }
        int family = b[p + 1] & 0xff;
        if (family == 2) ipv4(b, p + 24, end, wireLen - 24);
        else if (family == 26) ipv6(b, p + 24, end, wireLen - 24);
        else countNonIp(-1);
    }

    /**
     * Linux ARCNET: source, destination, offset (2), type; the RFC 1201 types then have a split flag and a sequence
     * number (8 bytes in all), RFC 1051's old IP and ARP types and diagnostics do not (5). IP is type 212 (240 the
     * old one), IPv6 196. A fragment after the first (an even, non-zero split flag) carries no IP header.
     */
    private void arcnet(byte[] b, int p, int end, int wireLen) {
        if (end - p < 5) { cut(); return; }
        int type = b[p + 4] & 0xff;
        boolean old = type == 240 || type == 241 || type == 0x80;
        int hdr = old ? 5 : 8;
        if (end - p < hdr + 1) { cut(); return; }
        int split = old ? 0 : b[p + 5] & 0xff;
        if (split != 0 && (split & 1) == 0 && split != 0xff) { countNonIp(ARCNET_FRAGMENT); return; }
        switch (type) {
            case 212: case 240: ipv4(b, p + hdr, end, wireLen - hdr); return;
            case 196: ipv6(b, p + hdr, end, wireLen - hdr); return;
            case 213: case 241: countNonIp(0x0806); return;
            case 214: countNonIp(0x8035); return;
            default: countNonIp(-1);
        }
    }

    /**
     * Frame Relay: a Q.922 address of 2 to 4 bytes (the last with its low bit set), then either an ethertype (Cisco's
     * encapsulation) or RFC 2427's UI control byte 0x03, a pad byte 0 sometimes, and an NLPID: 0xCC IPv4, 0x8E IPv6,
     * 0x80 SNAP (an OUI, then an ethertype), 0xCF PPP.
     */
    private void frameRelay(byte[] b, int p, int end, int wireLen) {
        int start = p;
        int addressLen = 0;
        while (true) {
            if (p >= end) { cut(); return; }
            addressLen++;
            if ((b[p++] & 1) != 0) break;
            if (addressLen == 4) { countNonIp(-1); return; }
        }
        if (addressLen < 2) { countNonIp(-1); return; }
        if (p >= end) { cut(); return; }
        if (b[p] != 3) {
            if (p + 2 > end) { cut(); return; }
            etherType(b, p, end, wireLen - (p + 2 - start));
            return;
        }
        p++;
        if (p < end && b[p] == 0) p++;
        if (p >= end) { cut(); return; }
        int nlpid = b[p++] & 0xff;
        int rest = wireLen - (p - start);
        switch (nlpid) {
            case 0xcc: ipv4(b, p, end, rest); return;
            case 0x8e: ipv6(b, p, end, rest); return;
            case 0x80:
                if (p + 5 > end) { cut(); return; }
                etherType(b, p + 3, end, rest - 5);
                return;
            case 0xcf: ppp(b, p, end, rest); return;
            default: countNonIp(FR_NLPID | nlpid);
        }
    }

    /**
     * Juniper's capture header on Ethernet interfaces: "MGC", a flags byte, then (flag 0x80) a 2-byte length and that
     * many bytes of extensions; then the Ethernet frame, or (flag 0x02: the layer-2 header stripped) 4 more bytes and IP.
     */
    private void juniperEther(byte[] b, int p, int end, int wireLen) {
        if (end - p < 4) { cut(); return; }
        if (b[p] != 'M' || b[p + 1] != 'G' || b[p + 2] != 'C') { countNonIp(JUNIPER_NO_MAGIC); return; }
        int flags = b[p + 3] & 0xff;
        int hdr = 4;
        if ((flags & 0x80) != 0) {
            if (end - p < 6) { cut(); return; }
            hdr += 2 + Bytes.u16(b, p + 4);
        }
        if ((flags & 0x02) != 0) {
            hdr += 4;
            if (end - p <= hdr) { cut(); return; }
            ipByVersion(b, p + hdr, end, wireLen - hdr);
            return;
        }
        if (end - p < hdr + 14) { cut(); return; }
        etherType(b, p + hdr + 12, end, wireLen - hdr - 14);
    }

    /**
     * Apple's PKTAP (macOS {@code tcpdump -k}, {@code -i pktap}): a header whose first three little-endian words are its
     * length, the record type (1: a packet follows) and the packet's own link type, which is then decoded. Link type
     * 149 (USER2, private use) is read as PKTAP, as macOS wrote it before 258 was assigned, only when the header holds
     * together; otherwise it stays an unsupported link type.
     */
    private void pktap(int linkType, byte[] b, int off, int caplen, int origLen, long micros, long packetNo, long fileOffset) {
        if (linkType == LINK_USER2 && !pktapHolds(b, off, caplen)) {
            countUnsupported(linkType);
            return;
        }
        if (caplen < PKTAP_MIN) { cut(); return; }
        int hdr = Bytes.i32(b, off, false);
        if (hdr < PKTAP_MIN || hdr > caplen) { cut(); return; }
        if (Bytes.i32(b, off + 4, false) != 1) { countNonIp(PKTAP_NO_PACKET); return; }
        int inner = Bytes.i32(b, off + 8, false);
        if (!pktapInner(inner)) {
            countUnsupported(inner);
            return;
        }
        decode(inner, b, off + hdr, caplen - hdr, origLen - hdr, micros, packetNo, fileOffset);
    }

    /**
     * Whether {@code b[off, off + caplen)} starts with a PKTAP header that holds together: its length within the packet,
     * record type 0 or 1, and inside a link type portolan reads (what makes a link type 149 packet PKTAP).
     */
    static boolean pktapHolds(byte[] b, int off, int caplen) {
        if (caplen < PKTAP_MIN) return false;
        int hdr = Bytes.i32(b, off, false);
        int record = Bytes.i32(b, off + 4, false);
        return hdr >= PKTAP_MIN && hdr <= caplen && (record == 0 || record == 1) && pktapInner(Bytes.i32(b, off + 8, false));
    }

    private static boolean pktapInner(int linkType) {
        return linkType != LINK_PKTAP && linkType != LINK_USER2 && supports(linkType);
    }

    /** Ethertype at {@code typeAt}; the payload follows it directly. */
    private void etherType(byte[] b, int typeAt, int end, int wireLen) {
        etherType(b, typeAt, end, wireLen, typeAt + 2);
    }

    private void etherType(byte[] b, int typeAt, int end, int wireLen, int payloadAt) {
        int type = Bytes.u16(b, typeAt);
        int p = payloadAt;
        while (true) {
            if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
                // 802.1Q, 802.1ad (QinQ) and the older 0x9100 tag: 4 bytes each, any depth
                if (p + 4 > end) { cut(); return; }
                type = Bytes.u16(b, p + 2);
                p += 4;
            } else if (type == 0x8926) {
                // Cisco VN-tag (802.1Qbh): 4 bytes of virtual interface ids, then the next type
                if (p + 6 > end) { cut(); return; }
                type = Bytes.u16(b, p + 4);
                p += 6;
            } else if (type == 0x88e5) {
                // MACsec (802.1AE): the SecTAG's TCI/AN, short length and packet number (6 bytes) and, with the SC bit,
                // the 8-byte SCI; integrity-only frames (neither E nor C set) then carry the original type and packet
                // in clear (the ICV after it is outside the IP packet); encrypted ones are counted as non-IP
                if (p + 6 > end) { cut(); return; }
                int tci = b[p] & 0xff;
                if ((tci & 0x0c) != 0) { countNonIp(0x88e5); return; }
                int sectag = (tci & 0x20) != 0 ? 14 : 6;
                if (p + sectag + 2 > end) { cut(); return; }
                type = Bytes.u16(b, p + sectag);
                p += sectag + 2;
            } else if (type == 0x893f) {
                // 802.1BR E-tag (a port extender's, Cisco FEX's): 6 bytes of E-TCI, then the next type
                if (p + 8 > end) { cut(); return; }
                type = Bytes.u16(b, p + 6);
                p += 8;
            } else if (type < 0x0600 && p + 8 <= end && b[p] == (byte) 0xaa && b[p + 1] == (byte) 0xaa && b[p + 2] == 3
                    && b[p + 3] == 0 && b[p + 4] == 0 && b[p + 5] == 0) {
                // 802.3 length + LLC/SNAP with an ethertype (RFC 1042)
                type = Bytes.u16(b, p + 6);
                p += 8;
            } else {
                break;
            }
        }
        wireLen -= p - payloadAt;
        switch (type) {
            case 0x0800: ipv4(b, p, end, wireLen); return;
            case 0x86dd: ipv6(b, p, end, wireLen); return;
            case 0x8847: case 0x8848: mpls(b, p, end, wireLen, type); return;
            case 0x88e7: // 802.1ah provider backbone bridging: the I-TAG (4 bytes), then the customer's MACs and type
                if (p + 4 + 14 > end) { cut(); return; }
                etherType(b, p + 4 + 12, end, wireLen - 18);
                return;
            case 0x8903: // Cisco FabricPath: the outer MACs and this type, FTag and TTL (2 bytes), then the frame itself
                if (p + 2 + 14 > end) { cut(); return; }
                etherType(b, p + 2 + 12, end, wireLen - 16);
                return;
            case 0x894f: nsh(b, p, end, wireLen, 0); return;
            case 0x8864: // PPPoE session: version/type, code, session id, length, then the PPP protocol
                if (p + 8 > end) { cut(); return; }
                ppp(b, p + 6, end, wireLen - 6);
                return;
            default: countNonIp(type);
        }
    }

    /**
     * PPP (RFC 1661/1662): optional address/control bytes 0xff 0x03, a protocol field of 2 bytes (1 when
     * compressed: an odd first byte), then the packet.
     */
    private void ppp(byte[] b, int p, int end, int wireLen) {
        int start = p;
        if (p + 4 <= end && (b[p] == 0x0f || b[p] == (byte) 0x8f) && b[p + 1] == 0) {
            // Cisco HDLC framing (unicast or broadcast address, control 0, an ethertype) in a PPP capture, as
            // routers' serial links are often captured
            etherType(b, p + 2, end, wireLen - 4);
            return;
        }
        if (p + 2 <= end && b[p] == (byte) 0xff && b[p + 1] == 3) p += 2;
        if (p >= end) { cut(); return; }
        int proto;
        if ((b[p] & 1) != 0) {
            proto = b[p] & 0xff;
            p += 1;
        } else {
            if (p + 2 > end) { cut(); return; }
            proto = Bytes.u16(b, p);
            p += 2;
        }
        wireLen -= p - start;
        switch (proto) {
            case 0x0021: ipv4(b, p, end, wireLen); return;
            case 0x0057: ipv6(b, p, end, wireLen); return;
            case 0x0281: case 0x0283: mpls(b, p, end, wireLen, 0x8847); return;
            default: countNonIp(PPP_TYPE | proto);
        }
    }

    /** MPLS label stack (4 bytes per label) down to the bottom-of-stack label; IP follows it (by version). */
    private void mpls(byte[] b, int p, int end, int wireLen, int etherType) {
        int start = p;
        for (int labels = 0; ; labels++) {
            if (p + 4 > end) { cut(); return; }
            boolean bottom = (b[p + 2] & 1) != 0;
            p += 4;
            if (bottom) break;
            if (labels == MAX_LABELS) { countNonIp(etherType); return; }
        }
        if (p >= end) { cut(); return; }
        int version = (b[p] & 0xf0) >>> 4;
        wireLen -= p - start;
        if (version == 4) ipv4(b, p, end, wireLen);
        else if (version == 6) ipv6(b, p, end, wireLen);
        else countNonIp(etherType); // pseudowire (Ethernet over MPLS) and the like
    }

    /**
     * A Network Service Header (RFC 8300, ethertype 0x894f: service function chaining): version 0, its length in 4-byte
     * words (base and service path headers and the context headers after them), then what its next protocol names:
     * IPv4 (1), IPv6 (2), Ethernet (3), another NSH (4, up to a few) or MPLS (5).
     */
    private void nsh(byte[] b, int p, int end, int wireLen, int depth) {
        if (p + 8 > end) { cut(); return; }
        int length = (b[p + 1] & 0x3f) * 4;
        if ((b[p] & 0xc0) != 0 || length < 8 || depth > 3) { countNonIp(0x894f); return; }
        int q = p + length;
        wireLen -= length;
        switch (b[p + 3]) {
            case 1: ipv4(b, q, end, wireLen); return;
            case 2: ipv6(b, q, end, wireLen); return;
            case 3:
                if (q + 14 > end) { cut(); return; }
                etherType(b, q + 12, end, wireLen - 14);
                return;
            case 4: nsh(b, q, end, wireLen, depth + 1); return;
            case 5: mpls(b, q, end, wireLen, 0x8847); return;
            default: countNonIp(0x894f);
        }
    }

    /**
     * Linux NFLOG: family, version, resource id (4 bytes), then TLVs of (length, type) in the capturing
     * host's byte order, padded to 4 bytes; type 9 (NFULA_PAYLOAD) holds the IP packet.
     */
    private void nflog(byte[] b, int p, int end, boolean cut) {
        p += 4;
        if (p + 4 > end) { cut(); return; }
        // the type of the first TLV is small; read the wrong way round it is >= 256
        boolean le = (b[p + 3] & 0x3f) == 0;
        while (p + 4 <= end) {
            int len = le ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : Bytes.u16(b, p);
            int type = (le ? (b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8 : Bytes.u16(b, p + 2)) & 0x3fff;
            if (len < 4) break;
            if (type == 9) {
                ipByVersion(b, p + 4, Math.min(end, p + len), len - 4);
                return;
            }
            p += (len + 3) & ~3;
        }
        if (cut) cut();
        else countNonIp(NFLOG_NO_PAYLOAD);
    }

    /** FDDI: a 13-byte MAC header (3 more of BSD padding, sometimes), then LLC/SNAP. */
    private void fddi(byte[] b, int p, int end, int wireLen) {
        int at = WirelessFrames.fddiPayload(b, p, end);
        if (at < 0) { cut(); return; }
        llc(b, at, end, wireLen - (at - p));
    }

    /**
     * An IEEE 802.11 frame: data frames carry LLC/SNAP and then the packet; management, control, null and
     * encrypted frames are counted, not read. {@code end} excludes a trailing FCS when the capture says there is one.
     */
    private void dot11(byte[] b, int p, int end, int wireLen, boolean dataPad) {
        dot11(b, p, end, wireLen, dataPad, false);
    }

    private void dot11(byte[] b, int p, int end, int wireLen, boolean dataPad, boolean swappedControl) {
        int at = WirelessFrames.dot11Payload(b, p, end, dataPad, swappedControl);
        switch (at) {
            case WirelessFrames.TOO_SHORT: cut(); return;
            case WirelessFrames.NOT_DATA: countNonIp(DOT11_NOT_DATA); return;
            case WirelessFrames.PROTECTED: countNonIp(DOT11_PROTECTED); return;
            case WirelessFrames.NO_PAYLOAD: countNonIp(DOT11_NO_PAYLOAD); return;
            default: llc(b, at, end, wireLen - (at - p));
        }
    }

    /** Radiotap, then 802.11; its flags say whether the frame ends in an FCS and whether the MAC header is padded. */
    private void radiotap(byte[] b, int p, int end, int wireLen) {
        int r = WirelessFrames.radiotap(b, p, end);
        if (r < 0) { cut(); return; }
        int len = r & 0xffff;
        int flags = r >>> 16;
        int fcs = (flags & WirelessFrames.RADIOTAP_FCS) != 0 ? 4 : 0;
        dot11(b, p + len, Math.max(p + len, end - fcs), wireLen - len - fcs, (flags & WirelessFrames.RADIOTAP_DATA_PAD) != 0);
    }

    /** PPI, then the link type it names (802.11 or Ethernet); its 802.11-Common field says whether there is an FCS. */
    private void ppi(byte[] b, int p, int end, int wireLen) {
        int r = WirelessFrames.ppi(b, p, end);
        if (r < 0) { cut(); return; }
        int len = r & 0xffff;
        int fcs = (r >>> 16) != 0 ? 4 : 0;
        int inner = WirelessFrames.ppiLinkType(b, p);
        int q = p + len;
        if (inner == LINK_IEEE802_11) {
            dot11(b, q, Math.max(q, end - fcs), wireLen - len - fcs, false);
        } else if (inner == LINK_ETHERNET) {
            if (q + 14 > end) { cut(); return; }
            etherType(b, q + 12, end, wireLen - len - 14);
        } else {
            countUnsupported(inner);
        }
    }

    /** Prism (linux-wlan-ng) or AVS capture header, then 802.11; link type 119 files often hold AVS headers. */
    private void prismOrAvs(byte[] b, int p, int end, int wireLen) {
        int len = WirelessFrames.isAvs(b, p, end) ? WirelessFrames.avsLength(b, p, end) : WirelessFrames.prismLength(b, p, end);
        if (len < 0) { cut(); return; }
        dot11(b, p + len, end, wireLen - len, false);
    }

    /** LLC/SNAP (RFC 1042, or 802.1H bridge tunnel) with an ethertype; any other LLC frame is counted as 802.3/LLC. */
    private void llc(byte[] b, int p, int end, int wireLen) {
        if (p + 8 <= end && b[p] == (byte) 0xaa && b[p + 1] == (byte) 0xaa && b[p + 2] == 3 && b[p + 3] == 0 && b[p + 4] == 0
                && (b[p + 5] == 0 || b[p + 5] == (byte) 0xf8)) {
            etherType(b, p + 6, end, wireLen - 6);
        } else if (p >= end) {
            cut();
        } else {
            countNonIp(0);
        }
    }

    private void countUnsupported(int linkType) {
        long[] u = unsupported.computeIfAbsent(linkType, k -> new long[] {0, packetNo});
        u[0]++;
    }

    /** Packets skipped because their link type is not supported. */
    long unsupportedPackets() {
        long n = 0;
        for (long[] u : unsupported.values()) n += u[0];
        return n;
    }

    /** "link type 147 (123 packets), link type 148 (2 packets)", for messages. */
    String unsupportedSummary() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, long[]> e : unsupported.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append("link type ").append(e.getKey()).append(" (").append(e.getValue()[0]).append(" packets)");
        }
        return sb.toString();
    }

    private void ipByVersion(byte[] b, int p, int end, int wireLen) {
        if (p >= end) { cut(); return; }
        int version = (b[p] & 0xf0) >>> 4;
        if (version == 4) ipv4(b, p, end, wireLen);
        else if (version == 6) ipv6(b, p, end, wireLen);
        else countNonIp(-1);
    }

    /** The frame ends before its flow could be told (or, inside a tunnel, the inner packet does). */
    private void cut() {
        if (tunnelDepth > 0) tunnelNoInner++;
        else tooShort++;
    }

    private void countNonIp(int type) {
        if (tunnelDepth > 0) { tunnelNoInner++; return; }
        nonIp++;
        if (type >= 0 && type < 0x0600) type = 0; // 802.3 length field: one bucket for all LLC frames
        for (int i = 0; i < otherTypeCount; i++) {
            if (otherTypes[i] == type) { otherCounts[i]++; return; }
        }
        if (otherTypeCount < otherTypes.length) {
            otherTypes[otherTypeCount] = type;
            otherCounts[otherTypeCount++] = 1;
        }
    }

    private void ipv4(byte[] b, int p, int end, int wireLen) {
        if (p + 20 > end) { cut(); return; }
        int vihl = b[p] & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        if (vihl >>> 4 != 4 || ihl < 20) {
            problem("packet " + packetNo + ": not a valid IPv4 header (version/IHL byte 0x" + Integer.toHexString(vihl) + ")");
            return;
        }
        int total = Bytes.u16(b, p + 2);
        if (total != 0 && total < ihl) {
            problem("packet " + packetNo + ": IPv4 total length " + total + " is less than its header's " + ihl + " bytes");
            return;
        }
        // total length 0 happens with TCP segmentation offload; fall back to the frame length
        long ipBytes = total >= ihl ? total : Math.max(wireLen, ihl);
        int ipEnd = total >= ihl ? p + total : p + (int) ipBytes;
        int id = Bytes.u16(b, p + 4);
        int frag = Bytes.u16(b, p + 6);
        int proto = b[p + 9] & 0xff;
        long src = Bytes.i32(b, p + 12) & 0xffffffffL;
        long dst = finalDestination(b, p, Math.min(p + ihl, end));
        int fragOffset = frag & 0x1fff;
        boolean more = (frag & 0x2000) != 0;
        if (fragOffset != 0 || more) fragmentsSeen++;
        if (fragOffset != 0) {
            // its payload: the datagram's header counted once
            fragments.later(0, src, 0, dst, proto, id, !more, micros, ipBytes - ihl, packetNo, table);
            return;
        }
        if (more && fragments.repeat(0, src, 0, dst, proto, id, micros, packetNo, table)) return;
        int q = p + ihl, next = proto;
        if (proto == 51) {
            // IPsec AH (RFC 4302) signs what it carries but leaves it readable: its next header and length (in 4-byte
            // words, less 2) lead to the transport header, as they do among IPv6's extension headers below (fragments
            // keep the IP header's protocol: the later ones name AH, not what it carries)
            int limit = Math.min(end, ipEnd);
            if (q + 2 > limit) { cut(); return; }
            next = b[q] & 0xff;
            q += ((b[q + 1] & 0xff) + 2) * 4;
        }
        int s = transport(false, 0, src, 0, dst, next, b, q, Math.min(end, ipEnd), ipEnd, ipBytes, more);
        if (more) fragments.firstFragment(0, src, 0, dst, proto, id, micros, s, table);
    }

    private void ipv6(byte[] b, int p, int end, int wireLen) {
        if (p + 40 > end) { cut(); return; }
        if ((b[p] & 0xf0) != 0x60) {
            problem("packet " + packetNo + ": not a valid IPv6 header (version " + ((b[p] & 0xf0) >>> 4) + ")");
            return;
        }
        int plen = Bytes.u16(b, p + 4);
        int next = b[p + 6] & 0xff;
        long sHi = Bytes.i64(b, p + 8), sLo = Bytes.i64(b, p + 16);
        long dHi = Bytes.i64(b, p + 24), dLo = Bytes.i64(b, p + 32);
        // payload length 0 means a jumbogram (hop-by-hop option); then the frame length is the best we have
        long ipBytes = plen != 0 ? 40L + plen : Math.max(wireLen, 40);
        int ipEnd = p + (int) ipBytes;
        int limit = Math.min(end, ipEnd);
        int q = p + 40;
        long fragId = -1;
        boolean more = false;
        boolean routed = false;
        while (true) {
            if (next == 0 || next == 43 || next == 60) {
                if (q + 2 > limit) { cut(); return; }
                int nq = q + ((b[q + 1] & 0xff) + 1) * 8;
                if (next == 43 && !routed) {
                    // the flow's responder is where the packet is routed to, as tshark and Zeek take it
                    routed = true;
                    int at = finalDestinationAt(b, q, Math.min(nq, limit));
                    if (at >= 0) {
                        dHi = Bytes.i64(b, at);
                        dLo = Bytes.i64(b, at + 8);
                    }
                }
                next = b[q] & 0xff;
                q = nq;
            } else if (next == 51) {
                if (q + 2 > limit) { cut(); return; }
                int nq = q + ((b[q + 1] & 0xff) + 2) * 4;
                next = b[q] & 0xff;
                q = nq;
            } else if (next == 44) {
                if (q + 8 > limit) { cut(); return; }
                int fo = Bytes.u16(b, q + 2);
                fragId = Bytes.i32(b, q + 4) & 0xffffffffL;
                more = (fo & 1) != 0;
                next = b[q] & 0xff;
                q += 8;
                fragmentsSeen++;
                if ((fo & 0xfff8) != 0) {
                    fragments.later(sHi, sLo, dHi, dLo, next, fragId, !more, micros, ipBytes - (q - p), packetNo, table);
                    return;
                }
                if (more && fragments.repeat(sHi, sLo, dHi, dLo, next, fragId, micros, packetNo, table)) return;
            } else {
                break;
            }
        }
        int s = transport(true, sHi, sLo, dHi, dLo, next, b, q, limit, ipEnd, ipBytes, more);
        if (more) fragments.firstFragment(sHi, sLo, dHi, dLo, next, fragId, micros, s, table);
    }

    /**
     * The destination of the IPv4 header at {@code p} (its options end at {@code end}): the header's, or the last
     * address of a loose or strict source route option (RFC 791) whose route is not yet done, as tshark takes it.
     */
    static long finalDestination(byte[] b, int p, int end) {
        for (int i = p + 20; i < end; ) {
            int type = b[i] & 0xff;
            if (type == 0) break;
            if (type == 1) { i++; continue; }
            if (i + 1 >= end) break;
            int len = b[i + 1] & 0xff;
            if (len < 2 || i + len > end) break;
            if ((type == 0x83 || type == 0x89) && len >= 7 && (b[i + 2] & 0xff) <= len) {
                return Bytes.i32(b, i + 3 + ((len - 3) / 4 - 1) * 4) & 0xffffffffL;
            }
            i += len;
        }
        return Bytes.i32(b, p + 16) & 0xffffffffL;
    }

    /**
     * Where the final destination's address is in the IPv6 routing header at {@code q} (its end, or what may be read
     * of it, at {@code end}), or -1 when the packet's destination address is its final one: no segments left, or a
     * routing type that names none. Type 0 (RFC 2460, deprecated): the last of its addresses; type 2 (Mobile IPv6,
     * RFC 6275): its home address; type 4 (segment routing, RFC 8754): Segment List[0], the path's last segment.
     */
    static int finalDestinationAt(byte[] b, int q, int end) {
        if (q + 8 > end || b[q + 3] == 0) return -1;
        int len = b[q + 1] & 0xff;
        int at;
        switch (b[q + 2]) {
            case 0: at = len >= 2 && len % 2 == 0 ? q + 8 + (len / 2 - 1) * 16 : -1; break;
            case 2: at = len == 2 ? q + 8 : -1; break;
            case 4: at = len >= 2 ? q + 8 : -1; break;
            default: at = -1;
        }
        return at >= 0 && at + 16 <= end ? at : -1;
    }

    /** What {@link #transportHeader} finds. */
    static final int HEADER_OK = 0, HEADER_PORTS_ONLY = 1, HEADER_CUT = 2, HEADER_MALFORMED = 3;

    /**
     * Whether the TCP (6), UDP/UDP-Lite, SCTP or DCCP header at {@code q} names a flow, for both readers: {@code limit} ends what
     * was captured, {@code ipEnd} the IP packet on the wire; {@code head}: the packet is a datagram's first fragment, so
     * its header may end in a later fragment. {@link #HEADER_MALFORMED}: an IP packet too short for a UDP header, or a
     * TCP data offset under 20 bytes or (but in a first fragment) past the segment's end, an IP packet too short for
     * SCTP's common header or DCCP's generic header — tshark calls these
     * malformed, Zeek a bad length, and neither counts them to a conversation; {@link #HEADER_PORTS_ONLY}: a first
     * fragment too small for the TCP flags (RFC 1858's tiny fragments), whose ports name the flow; {@link #HEADER_CUT}:
     * the snap length cut it before the ports (or a TCP header's flags).
     */
    static int transportHeader(int proto, boolean head, byte[] b, int q, int limit, int ipEnd) {
        if (proto == 6) {
            if (head && q + 14 > ipEnd && q + 4 <= limit) return HEADER_PORTS_ONLY;
            if (q + 14 > limit) return HEADER_CUT;
            int header = (b[q + 12] & 0xf0) >>> 2;
            return header < 20 || (q + header > ipEnd && !head) ? HEADER_MALFORMED : HEADER_OK;
        }
        if (proto == 132 || proto == 33) {
            // SCTP's common header (RFC 9260) and DCCP's shortest generic header (RFC 4340) are 12 bytes; a first
            // fragment may end before that, its ports still name the flow
            if (q + 12 > ipEnd && !head) return HEADER_MALFORMED;
        } else if (q + 8 > ipEnd) {
            return HEADER_MALFORMED;
        }
        return q + 4 > limit ? HEADER_CUT : HEADER_OK;
    }

    /** Whether this IP protocol's header starts with the two ports (TCP, UDP, SCTP, DCCP, UDP-Lite): {@link #transportHeader} reads it. */
    static boolean hasPortHeader(int proto) {
        return proto == 6 || proto == 17 || proto == 132 || proto == 33 || proto == 136;
    }

    /**
     * The SCTP or DCCP packet at {@code q} as the TCP flags its flow table counts ({@code limit}: what may be read): an
     * association's or connection's opening as a SYN, its answer as a SYN/ACK, so its sender is the originator as a
     * TCP SYN's is. SCTP (RFC 9260): an INIT chunk (type 1), which travels alone, or an INIT ACK (2), first after the
     * 12-byte common header. DCCP (RFC 4340): the packet type in bits 1-4 of byte 8, Request (0) or Response (1).
     */
    static int handshakeFlags(int proto, byte[] b, int q, int limit) {
        if (proto == 132) {
            if (q + 13 > limit) return 0;
            int chunk = b[q + 12] & 0xff;
            return chunk == 1 ? FlowTable.TCP_SYN : chunk == 2 ? FlowTable.TCP_SYN | FlowTable.TCP_ACK : 0;
        }
        if (q + 9 > limit) return 0;
        int type = (b[q + 8] >>> 1) & 0x0f;
        return type == 0 ? FlowTable.TCP_SYN : type == 1 ? FlowTable.TCP_SYN | FlowTable.TCP_ACK : 0;
    }

    /** The bytes of an SCTP or DCCP packet at {@code q} after its header (SCTP's chunks; DCCP's data offset words). */
    static int afterHeader(int proto, byte[] b, int q, int limit, int ipEnd) {
        int header = proto == 33 && q + 5 <= limit ? (b[q + 4] & 0xff) * 4 : 12;
        return Math.max(0, ipEnd - q - header);
    }

    /**
     * {@code limit} bounds what may be read (captured and inside the IP packet); {@code ipEnd} is the IP end on the wire;
     * {@code head}: a datagram's first fragment (see {@link #transportHeader}).
     */
    private int transport(boolean v6, long sHi, long sLo, long dHi, long dLo, int proto, byte[] b, int q,
                                     int limit, int ipEnd, long ipBytes, boolean head) {
        int check = hasPortHeader(proto) ? transportHeader(proto, head, b, q, limit, ipEnd) : HEADER_OK;
        if (check == HEADER_CUT) { cut(); return -1; }
        if (check == HEADER_MALFORMED) { badTransportHeader(); return -1; }
        switch (proto) {
            case 6: {
                int sport = Bytes.u16(b, q), dport = Bytes.u16(b, q + 2);
                if (check == HEADER_PORTS_ONLY) {
                    return table.add(v6, sHi, sLo, dHi, dLo, 6, sport, dport, 0, micros, ipBytes, 0, 0, packetNo);
                }
                int flags = b[q + 13] & 0x3f;
                int payload = Math.max(0, ipEnd - q - ((b[q + 12] & 0xf0) >>> 2));
                return table.add(v6, sHi, sLo, dHi, dLo, 6, sport, dport, 0, micros, ipBytes, flags, payload, packetNo);
            }
            case 17: case 136: { // UDP and UDP-Lite share the port layout
                int payload = Math.max(0, ipEnd - q - 8);
                int sport = Bytes.u16(b, q), dport = Bytes.u16(b, q + 2);
                int row = table.add(v6, sHi, sLo, dHi, dLo, proto, sport, dport, 0, micros, ipBytes, 0, payload, packetNo);
                if (proto == 17 && opens()) udpTunnel(sport, dport, b, q + 8, limit, ipEnd); // udpTunnelAt: which ports
                return row;
            }
            case 132: case 33: { // SCTP and DCCP: ports first, as UDP's, and a handshake, as TCP's
                int sport = Bytes.u16(b, q), dport = Bytes.u16(b, q + 2);
                return table.add(v6, sHi, sLo, dHi, dLo, proto, sport, dport, 0, micros, ipBytes,
                        handshakeFlags(proto, b, q, limit), afterHeader(proto, b, q, limit, ipEnd), packetNo);
            }
            case 1: case 58: {
                if (q + 1 > limit) { cut(); return -1; }
                int type = b[q] & 0xff;
                int kind = icmpKind(proto, type);
                int flags = type | (kind != type ? FlowTable.ICMP_REPLY : 0);
                return table.add(v6, sHi, sLo, dHi, dLo, proto, 0, 0, kind, micros, ipBytes, flags, 0, packetNo);
            }
            default: {
                int row = table.add(v6, sHi, sLo, dHi, dLo, proto, 0, 0, 0, micros, ipBytes, 0, 0, packetNo);
                if ((proto == 4 || proto == 41 || proto == 47 || proto == 103) && opens()) ipTunnel(proto, b, q, limit, ipEnd);
                return row;
            }
        }
    }

    /**
     * Whether the payload of the IP packet just counted may be opened as a tunnel: not too deep. A first IP fragment
     * is opened too (its start holds the tunnel's and the inner packet's headers; the later fragments, which hold the
     * rest, count to the tunnel only), so the inner packet counts once, as tshark and Zeek count it after reassembly.
     */
    private boolean opens() {
        return tunnelDepth < MAX_TUNNEL_DEPTH;
    }

    /**
     * IP-in-IP (4), IPv6 in IP (41: 6in4, 6to4, ISATAP), GRE (47) and PIM Register messages (103): the inner packet
     * counts to its own flow as well.
     * {@code q} is where the outer packet's payload starts, {@code limit} where what may be read ends.
     */
    private void ipTunnel(int proto, byte[] b, int q, int limit, int ipEnd) {
        if (proto == 47) {
            gre(b, q, limit, ipEnd);
            return;
        }
        if (proto == 103) {
            // PIM (RFC 7761): a version 2 Register message carries a multicast packet to the rendezvous point, after
            // the PIM header (4 bytes) and its Border and Null-Register bits (4)
            if (q + 8 >= limit || (b[q] & 0xff) != 0x21) return;
            enter(T_PIM);
            ipByVersion(b, q + 8, limit, ipEnd - q - 8);
            tunnelDepth--;
            return;
        }
        enter(proto == 4 ? T_IPIP : T_IP6);
        if (proto == 4) ipv4(b, q, limit, ipEnd - q);
        else ipv6(b, q, limit, ipEnd - q);
        tunnelDepth--;
    }

    /**
     * GRE (RFC 2784/2890): flags and version, a protocol type, then checksum, key and sequence number when flagged.
     * Version 0 carries IPv4, IPv6, Ethernet (transparent bridging), MPLS, PPP, ERSPAN (types I/II and III: mirrored
     * Ethernet frames) and WCCP-redirected packets; version 1 is PPTP's enhanced GRE (RFC 2637) carrying PPP.
     * Source-routed GRE is not opened.
     */
    private void gre(byte[] b, int q, int limit, int ipEnd) {
        if (q + 4 > limit) return;
        int flags = Bytes.u16(b, q);
        int type = Bytes.u16(b, q + 2);
        int version = flags & 7;
        boolean seq = (flags & 0x1000) != 0;
        int p = q + 4;
        if (version == 0) {
            if ((flags & 0x4000) != 0) return; // routing present (RFC 1701): not opened
            if ((flags & 0x8000) != 0) p += 4;
            if ((flags & 0x2000) != 0) p += 4;
            if (seq) p += 4;
        } else if (version == 1 && type == 0x880b) {
            p += 4; // payload length and call id (the key field, always present)
            if (seq) p += 4;
            if ((flags & 0x0080) != 0) p += 4;
            if (p >= limit) return; // an acknowledgement without payload
        } else {
            return;
        }
        enter(T_GRE);
        int rest = ipEnd - p;
        if (p >= limit) {
            cut();
        } else if (version == 1) {
            ppp(b, p, limit, rest);
        } else {
            switch (type) {
                case 0x0800: ipv4(b, p, limit, rest); break;
                case 0x86dd: ipv6(b, p, limit, rest); break;
                case 0x8847: case 0x8848: mpls(b, p, limit, rest, type); break;
                case 0x6558: innerEthernet(b, p, limit, rest); break;
                case 0x880b: ppp(b, p, limit, rest); break; // PPP in version 0 GRE too, as tshark reads it
                case 0x883e: { // WCCP redirection: version 2 puts a 4-byte redirect header before the packet, version 1 none
                    int h = (b[p] & 0xf0) == 0x40 ? 0 : 4;
                    if (p + h < limit) ipv4(b, p + h, limit, rest - h);
                    else cut();
                    break;
                }
                case 0x88be: innerEthernet(b, seq ? p + 8 : p, limit, rest - (seq ? 8 : 0)); break; // ERSPAN II (I)
                case 0x22eb: { // ERSPAN III: 12 bytes, 8 more of platform-specific subheader when its O flag is set
                    int h = p + 12 < limit && (b[p + 11] & 1) != 0 ? 20 : 12;
                    innerEthernet(b, p + h, limit, rest - h);
                    break;
                }
                default: countNonIp(type);
            }
        }
        tunnelDepth--;
    }

    /** Steps inside a tunnel of this kind (leaving is {@code tunnelDepth--}). */
    private void enter(int kind) {
        if (tunnelDepth == 0) tunnelledPackets++;
        tunnelCounts[kind]++;
        tunnelDepth++;
    }

    /** An Ethernet frame carried in a tunnel: its ethertype (and tags) after the two MAC addresses. */
    private void innerEthernet(byte[] b, int p, int limit, int wireLen) {
        if (p + 14 > limit) { cut(); return; }
        etherType(b, p + 12, limit, wireLen - 14);
    }

    /**
     * Opens a UDP tunnel found by {@link #udpTunnelAt}; {@code p} is where the UDP payload starts.
     */
    private void udpTunnel(int sport, int dport, byte[] b, int p, int limit, int ipEnd) {
        long t = udpTunnelAt(sport, dport, b, p, limit, ipEnd);
        if (t >= 0 && (int) (t >>> 40) == T_GRE) gre(b, (int) t, limit, ipEnd); // GRE in UDP: gre() counts it
        else if (t >= 0) inner((int) (t >>> 40), b, (int) t, limit, ipEnd, (int) (t >>> 32) & 7);
    }

    /** In {@link #udpTunnelAt}'s answer: the tunnel carries an Ethernet, 802.11 or PPP frame (else an IP packet). */
    private static final long ETHERNET_INSIDE = 1L << 32, DOT11_INSIDE = 2L << 32, PPP_INSIDE = 3L << 32, NSH_INSIDE = 4L << 32;

    /**
     * UDP tunnels by their well-known port, when their header holds together (a client's ephemeral port may be 4789
     * too): VXLAN to 4789 or 8472 and VXLAN-GPE to 4790 (RFC 7348: the I flag; GPE's next protocol), GRE in UDP to
     * 4754 (RFC 8086: its kind is GRE and it points at the GRE header), Geneve to 6081 (RFC 8926: version 0, an
     * Ethernet or IP protocol type), GTP-U to or from 2152 (version 1, a T-PDU, its optional fields and extension
     * headers; tshark and Zeek open one from 2152 too),
     * Teredo from or to 3544 (RFC 4380: an IPv6 packet filling the datagram, after optional authentication and origin
     * indicators), L2TP version 2 data messages from or to 1701 (RFC 2661: a PPP frame) and CAPWAP data from or to
     * 5247 (RFC 5415: an access point's 802.11 or Ethernet frames; not DTLS-encrypted ones, not fragments).
     * {@code p} is where the UDP payload starts, {@code limit} where what may be read ends, {@code ipEnd} where the
     * datagram ends on the wire. Returns -1 for none, else the tunnel's kind in bits 40 up, {@link #ETHERNET_INSIDE},
     * {@link #DOT11_INSIDE}, {@link #PPP_INSIDE} or {@link #NSH_INSIDE} (nothing: an IP packet), and where the carried frame or packet starts
     * in the low 32 bits.
     */
    static long udpTunnelAt(int sport, int dport, byte[] b, int p, int limit, int ipEnd) {
        int n = limit - p;
        switch (dport) {
            case PORT_VXLAN: case PORT_VXLAN_LINUX: case PORT_VXLAN_GPE:
                // the I flag (the VNI is valid); other flag bits are ignored on receipt (RFC 7348), except GPE's P on
                // its own port 4790 (as tshark reads them): a next-protocol byte (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH)
                if (n > 8 && (b[p] & 0x08) != 0) {
                    int next = dport == PORT_VXLAN_GPE && (b[p] & 0x04) != 0 ? b[p + 3] & 0xff : 3;
                    if (next == 3 && n >= 8 + 14) return (long) T_VXLAN << 40 | ETHERNET_INSIDE | (p + 8);
                    if (next == 1 || next == 2) return (long) T_VXLAN << 40 | (p + 8);
                    if (next == 4) return (long) T_VXLAN << 40 | NSH_INSIDE | (p + 8);
                }
                break;
            case PORT_GRE_IN_UDP: // RFC 8086: a GRE header, then what it carries
                if (n >= 4 && (b[p + 1] & 7) == 0) return (long) T_GRE << 40 | (p);
                break;
            case PORT_GENEVE:
                if (n >= 8 && (b[p] & 0xc0) == 0) {
                    int at = p + 8 + (b[p] & 0x3f) * 4;
                    int type = Bytes.u16(b, p + 2);
                    if (type == 0x6558) return (long) T_GENEVE << 40 | ETHERNET_INSIDE | at;
                    if ((type == 0x0800 || type == 0x86dd) && at < limit
                            && (b[at] & 0xf0) >>> 4 == (type == 0x0800 ? 4 : 6)) {
                        return (long) T_GENEVE << 40 | at;
                    }
                }
                break;
            default:
                break;
        }
        if (dport == PORT_GTPU || sport == PORT_GTPU) {
            int at = gtpTpduAt(b, p, limit);
            if (at > 0) return (long) T_GTPU << 40 | at;
        }
        if (sport == PORT_TEREDO || dport == PORT_TEREDO) {
            int at = teredoPayload(b, p, limit, ipEnd);
            if (at >= 0) return (long) T_TEREDO << 40 | at;
        }
        if ((dport == PORT_L2TP || sport == PORT_L2TP) && n >= 6) {
            // flags and version: T clear (data, not control), version 2; then length (L), tunnel and session ids,
            // Ns and Nr (S), an offset size and that many bytes of padding (O)
            int flags = Bytes.u16(b, p);
            if ((flags & 0x800f) == 2) {
                int at = p + 2 + ((flags & 0x4000) != 0 ? 2 : 0) + 4 + ((flags & 0x0800) != 0 ? 4 : 0);
                if ((flags & 0x0200) != 0) at = at + 2 <= limit ? at + 2 + Bytes.u16(b, at) : limit;
                if (at < limit) return (long) T_L2TP << 40 | PPP_INSIDE | at;
            }
        }
        if ((sport == PORT_CAPWAP_DATA || dport == PORT_CAPWAP_DATA) && n >= 8 && b[p] == 0) {
            // preamble: version 0, type 0 (type 1 is DTLS); then HLEN (5 bits, in words), RID (5), WBID (5), T, F, …
            int word = (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            int hlen = (word >>> 19) * 4, wbid = (word >>> 9) & 0x1f;
            boolean nativeFrame = (word & 0x100) != 0, fragment = (word & 0x80) != 0;
            if (hlen >= 8 && p + hlen < limit && !fragment) {
                if (!nativeFrame) return (long) T_CAPWAP << 40 | ETHERNET_INSIDE | (p + hlen);
                if (wbid == 1) return (long) T_CAPWAP << 40 | DOT11_INSIDE | (p + hlen);
            }
        }
        return -1;
    }

    private void badTransportHeader() {
        if (tunnelDepth > 0) tunnelNoInner++;
        else badTransportHeader++;
    }

    /** The note on {@code n} malformed TCP or UDP headers (both readers). */
    static String badTransportHeaderNote(long n) {
        return n + " packets with a malformed TCP or UDP header (shorter than its minimum, or a TCP header length past the"
                + " segment's end) not counted to a flow, as tshark and Zeek leave them out";
    }

    /** How many kinds of tunnel there are (kinds are 0 up to this). */
    static int tunnelKinds() {
        return TUNNEL_NAMES.length;
    }

    /** "IP-in-IP: 2, GRE: 6" for notes: the kinds counted in {@code counts} (indexed by kind) and their counts. */
    static String tunnelKinds(long[] counts) {
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) continue;
            kinds.append(kinds.length() > 0 ? ", " : "").append(TUNNEL_NAMES[i]).append(": ").append(counts[i]);
        }
        return kinds.toString();
    }

    /** Decodes the packet (or the frame: 1 Ethernet, 2 802.11, 3 PPP) a tunnel carries at {@code at}, counting the tunnel. */
    private void inner(int kind, byte[] b, int at, int limit, int ipEnd, int frame) {
        enter(kind);
        if (frame == 1) innerEthernet(b, at, limit, ipEnd - at);
        else if (frame == 2) dot11(b, at, limit, ipEnd - at, false, capwapSwapped(b, at, limit));
        else if (frame == 3) ppp(b, at, limit, ipEnd - at);
        else if (frame == 4) nsh(b, at, limit, ipEnd - at, 0);
        else ipByVersion(b, at, limit, ipEnd - at);
        tunnelDepth--;
    }

    /**
     * Whether an 802.11 frame inside CAPWAP has its frame control bytes swapped, as Cisco's access points send them
     * (and Wireshark reads them by default): yes unless only the usual order makes it a data frame.
     */
    private static boolean capwapSwapped(byte[] b, int p, int limit) {
        if (p + 2 > limit) return false;
        boolean usualIsData = (b[p] & 0x0c) == 0x08, swappedIsData = (b[p + 1] & 0x0c) == 0x08;
        return !(usualIsData && !swappedIsData);
    }

    /** Where the IP packet of the GTP-U T-PDU (version 1) at {@code p} starts, or -1 when there is none. */
    private static int gtpTpduAt(byte[] b, int p, int limit) {
        if (limit - p < 8 || (b[p] & 0xf0) != 0x30 || (b[p + 1] & 0xff) != 0xff) return -1;
        int at = gtpPayload(b, p, limit);
        return at > 0 && at < limit && ((b[at] & 0xf0) == 0x40 || (b[at] & 0xf0) == 0x60) ? at : -1;
    }

    /** Where a GTP-U T-PDU's packet starts (after its optional fields and extension headers), or -1. */
    private static int gtpPayload(byte[] b, int p, int limit) {
        int at = p + 8;
        if ((b[p] & 0x07) == 0) return at;
        if (at + 4 > limit) return -1;
        int next = b[at + 3] & 0xff;
        at += 4;
        for (int i = 0; next != 0; i++) {
            if (i == 8 || at >= limit) return -1;
            int len = (b[at] & 0xff) * 4;
            if (len == 0 || at + len > limit) return -1;
            next = b[at + len - 1] & 0xff;
            at += len;
        }
        return at;
    }

    /**
     * Where a Teredo datagram's IPv6 packet starts, after an authentication indicator (type 1: client id and
     * authentication value lengths, then both, an 8-byte nonce and a confirmation byte) and an origin indicator
     * (type 0, 8 bytes); -1 unless an IPv6 header follows whose payload length fills the rest of the datagram.
     */
    private static int teredoPayload(byte[] b, int p, int limit, int ipEnd) {
        int at = p;
        if (at + 4 <= limit && b[at] == 0 && b[at + 1] == 1) at += 4 + (b[at + 2] & 0xff) + (b[at + 3] & 0xff) + 9;
        if (at + 8 <= limit && b[at] == 0 && b[at + 1] == 0) at += 8;
        if (at + 40 > limit || (b[at] & 0xf0) != 0x60) return -1;
        return 40 + Bytes.u16(b, at + 4) == ipEnd - at ? at : -1;
    }

    /** Replies map to their request type so that a request and its reply form one flow. */
    static int icmpKind(int proto, int type) {
        if (proto == 1) {
            switch (type) {
                case 0: return 8;
                case 14: return 13;
                case 16: return 15;
                case 18: return 17;
                default: return type;
            }
        }
        return type == 129 ? 128 : type;
    }

    private void problem(String message) {
        if (tunnelDepth > 0) { tunnelNoInner++; return; } // a tunnel's payload that is no packet: not the file's fault
        result.addProblem(new InputProblem(Evidence.ofPacket(file, packetNo, Timestamps.iso(micros), ""),
                message + " at byte offset " + frameOffset));
    }

    /**
     * True when what this decoder counted can be {@linkplain #absorb absorbed} by the decoder of the part before: it
     * saw no IP fragment (fragments are matched across packets) and its list of non-IP types is not full (a full list
     * drops types the part before may have listed).
     */
    boolean standsAlone() {
        return fragmentsSeen == 0 && otherTypeCount < otherTypes.length;
    }

    /**
     * Takes over the counts of the decoder that read the rest of the file on its own (packet numbers from 1, so
     * {@code packetOffset} is the number of packets before its part), as if this one had read on; that decoder saw
     * stood alone ({@link #standsAlone}) and reported no problem.
     */
    void absorb(PacketDecoder later, long packetOffset) {
        nonIp += later.nonIp;
        tooShort += later.tooShort;
        badTransportHeader += later.badTransportHeader;
        for (int i = 0; i < tunnelCounts.length; i++) tunnelCounts[i] += later.tunnelCounts[i];
        tunnelNoInner += later.tunnelNoInner;
        tunnelledPackets += later.tunnelledPackets;
        for (int j = 0; j < later.otherTypeCount; j++) {
            int type = later.otherTypes[j];
            int i = 0;
            while (i < otherTypeCount && otherTypes[i] != type) i++;
            if (i < otherTypeCount) {
                otherCounts[i] += later.otherCounts[j];
            } else if (otherTypeCount < otherTypes.length) {
                otherTypes[otherTypeCount] = type;
                otherCounts[otherTypeCount++] = later.otherCounts[j];
            }
        }
        for (Map.Entry<Integer, long[]> e : later.unsupported.entrySet()) {
            long[] u = unsupported.computeIfAbsent(e.getKey(), k -> new long[] {0, e.getValue()[1] + packetOffset});
            u[0] += e.getValue()[0];
        }
    }

    /** Adds the counted oddities to the result: notes for normal things, problems for unsupported link types. */
    void report() {
        if (nonIp > 0) {
            StringBuilder sb = new StringBuilder().append(nonIp).append(" non-IP frames (");
            for (int i = 0; i < otherTypeCount; i++) {
                if (i > 0) sb.append(", ");
                sb.append(etherName(otherTypes[i])).append(": ").append(otherCounts[i]);
            }
            result.addNote(sb.append(") not counted as flows").toString());
        }
        if (tooShort > 0) result.addNote(tooShort + " packets too short (snap length) to identify a flow");
        if (badTransportHeader > 0) result.addNote(badTransportHeaderNote(badTransportHeader));
        if (tunnelledPackets > 0) {
            result.addNote(tunnelledPackets + (tunnelledPackets == 1 ? " tunnelled packet" : " tunnelled packets")
                    + " opened (" + tunnelKinds(tunnelCounts) + "): each counts to the tunnel's flow and the packet inside to its own"
                    + (tunnelNoInner > 0 ? " (" + tunnelNoInner + " held no IP packet that names a flow)" : ""));
        }
        fragments.notes(result);
        for (Map.Entry<Integer, long[]> e : unsupported.entrySet()) {
            result.addProblem(new InputProblem(Evidence.ofPacket(file, e.getValue()[1], null, ""),
                    "link type " + e.getKey() + " is not supported: " + e.getValue()[0] + " packets skipped"));
        }
    }

    private static String etherName(int type) {
        switch (type) {
            case -1: return "not IP";
            case NFLOG_NO_PAYLOAD: return "NFLOG without packet";
            case DOT11_NOT_DATA: return "802.11 management/control";
            case DOT11_PROTECTED: return "802.11 encrypted data";
            case DOT11_NO_PAYLOAD: return "802.11 null data";
            case PKTAP_NO_PACKET: return "PKTAP record without packet";
            case ARCNET_FRAGMENT: return "ARCNET later fragment";
            case JUNIPER_NO_MAGIC: return "Juniper header without its MGC magic";
            case 0x8847: case 0x8848: return "MPLS";
            case 0x0806: return "ARP";
            case 0x8035: return "RARP";
            case 0x88cc: return "LLDP";
            case 0x8863: case 0x8864: return "PPPoE";
            case 0: return "802.3/LLC";
            default:
                if (type >= FR_NLPID) return String.format("Frame Relay NLPID 0x%02x", type - FR_NLPID);
                return type >= PPP_TYPE ? String.format("PPP 0x%04x", type - PPP_TYPE) : String.format("0x%04x", type);
        }
    }

}
