package dev.portolan.ingest.pcap;

/**
 * Unsigned reads from byte arrays with plain shifts. A capture is read in well under a second, most of it before
 * the JIT's second tier has compiled the packet loop; VarHandle views cost a chain of calls each in the interpreter
 * and in C1 code (JFR showed them at the top of the profile), shifts cost a few instructions in every tier. Every
 * method here stays under C1's inlining limit of 35 bytecode bytes (32-bit reads are two 16-bit ones), so compiled
 * callers read fields inline instead of calling (a 3 M-packet capture made 24 M such calls).
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
        return u16(b, i) << 16 | u16(b, i + 2);
    }

    static long i64(byte[] b, int i) {
        return (long) i32(b, i) << 32 | (i32(b, i + 4) & 0xffffffffL);
    }

    private static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int i32le(byte[] b, int i) {
        return u16le(b, i) | u16le(b, i + 2) << 16;
    }

    /** File-header fields, whose byte order depends on the capture. */
    static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? u16(b, i) : u16le(b, i);
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? i32(b, i) : i32le(b, i);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }
}
