package dev.portolan.ingest.pcap;

/**
 * Unsigned reads from byte arrays with plain shifts. A capture is read in well under a second, most of it before
 * the JIT's second tier has compiled the packet loop; VarHandle views cost a chain of calls each in the interpreter
 * and in C1 code (JFR showed them at the top of the profile), shifts cost a few instructions in every tier.
 */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    /** Network byte order (packet headers). */
    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int i32(byte[] b, int i) {
        return b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    static long i64(byte[] b, int i) {
        return (long) i32(b, i) << 32 | (i32(b, i + 4) & 0xffffffffL);
    }

    /** File-header fields, whose byte order depends on the capture. */
    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? u16(b, i) : (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? i32(b, i) : (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }
}
