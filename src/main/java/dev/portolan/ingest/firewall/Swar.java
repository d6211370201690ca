package dev.portolan.ingest.firewall;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes at a time ("SIMD within a register") searches for line ends: the scanners' inner loops. */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = ONES * '\n';

    private Swar() {
    }

    /** Index of the first '\n' in {@code b[from, to)}, or -1. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            // the lowest flagged byte is exact (borrows only spoil bytes above a real match)
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) return i + lowestFlagged(t);
        }
        for (; i < to; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    /**
     * The index (0-7) of the lowest byte whose high bit is set in {@code flags}, which has no other bits set (a mask
     * of these scans; not 0). A multiply, not {@link Long#numberOfTrailingZeros}: the first compiler tier, which runs most
     * audits, makes a call of that and of {@link Long#bitCount} (12 % of a 5 M-line log's CPU in the tokenizer).
     */
    static int lowestFlagged(long flags) {
        // the lowest flag alone, moved to bit 8j: the product's top byte is then the constant's byte 7 - j, which is j
        return (int) ((((flags & -flags) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /** How many bytes have their high bit set in {@code flags}, which has no other bits set (at most 8). */
    static int countFlagged(long flags) {
        // each byte 0 or 1 after the shift: the product's top byte is their sum
        return (int) (((flags >>> 7) * ONES) >>> 56);
    }

    private static final long CRS = ONES * '\r';
    private static final long ABOVE_SPACE = ONES * (0x80 - 0x21);

    /** The 8 bytes at {@code i}, the first in the lowest byte. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** High bit set in each byte of {@code x} that is a field separator: unsigned value at most 0x20 (exact). */
    static long separatorMask(long x) {
        // (byte & 0x7F) + 0x5F carries into the high bit exactly when the low seven bits are 0x21 or more
        return ~(((x & LOWS) + ABOVE_SPACE) | x) & HIGHS;
    }

    private static final long BELOW_SO = ONES * 0x0E;

    /**
     * True when some byte of {@code x} is NUL or CR. Most words have no byte below 0x0E (SO) at all, which three
     * operations tell: a borrow only spoils the bytes above a byte that is below it, so the result is zero exactly
     * when none is.
     */
    static boolean hasNulOrCr(long x) {
        if (!anyBelowSo(x)) return false;
        long cr = x ^ CRS;
        return ((((x - ONES) & ~x) | ((cr - ONES) & ~cr)) & HIGHS) != 0;
    }

    /**
     * Whether some byte of {@code x} may be below 0x0E (exact when none is): the first test of {@link #hasNulOrCr},
     * small enough for the first compiler tier to inline into a scanner's loop (it calls the whole test).
     */
    static boolean anyBelowSo(long x) {
        return ((x - BELOW_SO) & ~x & HIGHS) != 0;
    }

    private static final long HASHES = ONES * '#';
    private static final long BOMS = ONES * 0xEF;

    /** High bit set in each byte of {@code x} that is '#', NUL or 0xEF (the first byte of a UTF-8 byte-order mark): exact. */
    static long startsHeaderMask(long x) {
        return zeroBytes(x) | zeroBytes(x ^ HASHES) | zeroBytes(x ^ BOMS);
    }

    /** High bit set in each zero byte of {@code x} (exact: the low seven bits are added without carrying across bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOWS) + LOWS) | x) & HIGHS;
    }

    /** High bit set in each byte of the 8 at {@code i} that is '\n' (exact, no borrow effects). */
    static long newlineMask(byte[] b, int i) {
        return zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
    }

    /**
     * Mixes {@code b[s, s + len)} into {@code h} eight bytes at a time (a byte at a time where fewer than eight bytes follow
     * the run in {@code b}): the caches' hash of raw bytes.
     */
    static long mixBytes(long h, byte[] b, int s, int len) {
        int i = 0;
        if (s + len + 8 <= b.length) {
            for (; i + 8 <= len; i += 8) h = (h ^ word(b, s + i)) * 0x9E3779B97F4A7C15L;
            if (i < len) h = (h ^ (word(b, s + i) & (-1L >>> (8 * (8 - (len - i)))))) * 0x9E3779B97F4A7C15L;
        } else {
            for (; i < len; i++) h = (h ^ (b[s + i] & 0xFF)) * 0x9E3779B97F4A7C15L;
        }
        return h;
    }
}
