package dev.portolan.ingest.pcap;

/**
 * Where the LLC header of a frame starts, for the link types of wireless and FDDI captures, read from the
 * format descriptions (IEEE 802.11 MAC header, radiotap.org, the PPI specification, the Prism/AVS capture
 * headers of the linux-wlan-ng driver, FDDI). Pure functions over the captured bytes; every read is bounded
 * by {@code end}. A negative result is a reason the frame carries no IP packet we can read.
 */
final class WirelessFrames {
    /** A management or control frame (beacons, probes, ACKs …): no upper-layer payload. */
    static final int NOT_DATA = -1;
    /** A data frame whose payload is encrypted (the frame's Protected bit). */
    static final int PROTECTED = -2;
    /** A data frame without payload (null function, QoS null). */
    static final int NO_PAYLOAD = -3;
    /** The captured bytes end before the header does. */
    static final int TOO_SHORT = -4;

    /** Radiotap flags (field 1): frames end with the 4-byte FCS; the header is padded to 32 bits. */
    static final int RADIOTAP_FCS = 0x10, RADIOTAP_DATA_PAD = 0x20;

    private WirelessFrames() {
    }

    /**
     * The offset of the payload (the LLC header) of an 802.11 frame at {@code p}, or a negative reason.
     * {@code dataPad}: the capture header says the MAC header is padded to a multiple of 4 bytes.
     */
    static int dot11Payload(byte[] b, int p, int end, boolean dataPad) {
        return dot11Payload(b, p, end, dataPad, false);
    }

    /**
     * As {@link #dot11Payload(byte[], int, int, boolean)}; {@code swapped}: the two frame control bytes come in the
     * other order, as Cisco's access points send them inside CAPWAP.
     */
    static int dot11Payload(byte[] b, int p, int end, boolean dataPad, boolean swapped) {
        if (p + 2 > end) return TOO_SHORT;
        int fc = b[swapped ? p + 1 : p] & 0xff;
        int flags = b[swapped ? p : p + 1] & 0xff;
        int type = (fc >>> 2) & 3;
        int subtype = fc >>> 4;
        if (type != 2) return NOT_DATA;
        if ((subtype & 0x4) != 0) return NO_PAYLOAD;
        if ((flags & 0x40) != 0) return PROTECTED;
        int header = 24;
        if ((flags & 3) == 3) header += 6; // to-DS and from-DS: a fourth address
        if ((subtype & 0x8) != 0) {
            header += 2; // QoS control
            if ((flags & 0x80) != 0) header += 4; // +HTC: the order bit of a QoS data frame
        }
        if (dataPad) header = (header + 3) & ~3;
        return p + header <= end ? p + header : TOO_SHORT;
    }

    /**
     * Radiotap header at {@code p}: its length in the low 16 bits and the flags field (0 when absent) in bits
     * 16-23, or a negative reason. The flags field follows the presence words, after TSFT when present.
     */
    static int radiotap(byte[] b, int p, int end) {
        if (p + 8 > end || b[p] != 0) return TOO_SHORT;
        int len = u16le(b, p + 2);
        if (len < 8 || p + len > end) return TOO_SHORT;
        int present = i32le(b, p + 4);
        int q = p + 8;
        for (int word = present; (word & 0x80000000) != 0; q += 4) {
            if (q + 4 > p + len) return TOO_SHORT;
            word = i32le(b, q);
        }
        int flags = 0;
        if ((present & 1) != 0) q = p + ((q - p + 7) & ~7) + 8; // TSFT: 8 bytes, 8-aligned
        if ((present & 2) != 0) {
            if (q >= p + len) return TOO_SHORT;
            flags = b[q] & 0xff;
        }
        return len | flags << 16;
    }

    /**
     * PPI header at {@code p}: its length in the low 16 bits and, in bit 16, whether the 802.11-Common field says
     * the frame ends with an FCS; or a negative reason. The inner link type is {@link #ppiLinkType}.
     */
    static int ppi(byte[] b, int p, int end) {
        if (p + 8 > end || b[p] != 0) return TOO_SHORT;
        int len = u16le(b, p + 2);
        if (len < 8 || p + len > end) return TOO_SHORT;
        boolean fcs = false;
        for (int q = p + 8; q + 4 <= p + len; ) {
            int type = u16le(b, q);
            int flen = u16le(b, q + 2);
            if (q + 4 + flen > p + len) break;
            if (type == 2 && flen >= 10) fcs = (u16le(b, q + 4 + 8) & 1) != 0; // 802.11-Common: TSF timer, then flags
            q += 4 + flen;
        }
        return len | (fcs ? 1 << 16 : 0);
    }

    static int ppiLinkType(byte[] b, int p) {
        return i32le(b, p + 4);
    }

    /** True when the frame at {@code p} starts with an AVS capture header (magic 0x8021100x, big-endian). */
    static boolean isAvs(byte[] b, int p, int end) {
        return p + 8 <= end && (Bytes.i32(b, p) & 0xfffffff0) == 0x80211000;
    }

    /** AVS header length (big-endian word after the magic), or a negative reason. */
    static int avsLength(byte[] b, int p, int end) {
        if (p + 8 > end) return TOO_SHORT;
        int len = Bytes.i32(b, p + 4);
        return len >= 8 && p + len <= end ? len : TOO_SHORT;
    }

    /** Prism header length: the message length word (host byte order of the capturing machine), else 144. */
    static int prismLength(byte[] b, int p, int end) {
        if (p + 8 > end) return TOO_SHORT;
        int le = i32le(b, p + 4);
        int be = Bytes.i32(b, p + 4);
        int len = le >= 8 && p + le <= end ? le : be >= 8 && p + be <= end ? be : 144;
        return p + len <= end ? len : TOO_SHORT;
    }

    /**
     * FDDI: frame control and two 6-byte addresses (13 bytes), then LLC. Some BSD captures put 3 bytes of padding
     * in front; the LLC SNAP header (aa aa 03) tells where it starts.
     */
    static int fddiPayload(byte[] b, int p, int end) {
        if (p + 13 > end) return TOO_SHORT;
        if (p + 19 <= end && b[p + 13] != (byte) 0xaa && b[p + 16] == (byte) 0xaa && b[p + 17] == (byte) 0xaa) return p + 16;
        return p + 13;
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int i32le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
