package dev.portolan.ingest.pcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unsigned reads from byte arrays; VarHandle views compile to single loads, which keeps the packet loop cheap. */
final class Bytes {
    private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    /** Network byte order (packet headers). */
    static int u16(byte[] b, int i) {
        return ((short) I16_BE.get(b, i)) & 0xffff;
    }

    static int i32(byte[] b, int i) {
        return (int) I32_BE.get(b, i);
    }

    static long i64(byte[] b, int i) {
        return (long) I64_BE.get(b, i);
    }

    /** File-header fields, whose byte order depends on the capture. */
    static int u16(byte[] b, int i, boolean bigEndian) {
        return ((short) (bigEndian ? I16_BE.get(b, i) : I16_LE.get(b, i))) & 0xffff;
    }

    static int i32(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? (int) I32_BE.get(b, i) : (int) I32_LE.get(b, i);
    }

    static long u32(byte[] b, int i, boolean bigEndian) {
        return i32(b, i, bigEndian) & 0xffffffffL;
    }
}
