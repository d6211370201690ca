package dev.portolan.ingest.firewall;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Recent valid record lines by their tail: the bytes after their first two fields (the date and the time) to the line's
 * end, under the same layout. A line whose tail is byte for byte a kept line's has that line's fields from its third
 * on, so it needs neither to be split into fields nor parsed beyond its date and time: its key and size are the kept
 * line's. Real logs that log allowed connections repeat whole lines but for their times (the same process, the same
 * flow, size 0) thousands of times; where tails rarely repeat (sizes, TCP sequence numbers, generated logs) it switches
 * itself off for good, and {@link RecentLines} still finds the lines' keys. Two-way set-associative, fixed size, one
 * per parser; not thread-safe.
 */
final class RecentTails {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SETS = 4096;
    private static final int SLOT = 128;
    /** Longest tail kept; a kept tail ends at least eight bytes before its slot does ({@link RecentLines#sameBytes}). */
    static final int MAX_TAIL = SLOT - 8;
    /**
     * Look-ups per verdict on whether looking pays, and the hits that make it pay: a miss costs a hash, a probe and a
     * copy, a hit saves splitting and parsing, so it pays from about a quarter of the lines on.
     */
    private static final int FIRST_TRIAL = 1 << 12;
    private static final int TRIAL = 1 << 16;

    private final byte[] texts = new byte[2 * SETS * SLOT];
    private final int[] lengths = new int[2 * SETS];
    private final int[] tags = new int[2 * SETS];
    private final Columns[] layouts = new Columns[2 * SETS];
    private final RecentLines.Entry[] entries = new RecentLines.Entry[2 * SETS];
    private final long[] sizes = new long[2 * SETS];

    /** The tail last looked up and not found: where it starts, its length and hash, its layout (null: none). */
    private int lookedFrom;
    private int lookedLength;
    private int lookedHash;
    private Columns lookedLayout;
    /** The way {@link #find} last found, for {@link #size}. */
    private int found;

    private int trial = FIRST_TRIAL;
    private int lookups;
    private int hits;
    private boolean off;

    /** False once switched off: no look-up pays any more. */
    boolean on() {
        return !off;
    }

    /**
     * The entry of the line whose tail is {@code b[from, end)} when a kept line under {@code layout} has the same
     * tail, or null; after a null {@link #keep} may keep this line's tail.
     */
    RecentLines.Entry find(byte[] b, int from, int end, Columns layout) {
        lookedLayout = null;
        if (off) return null;
        if (++lookups == trial) {
            if (hits < trial / 4) {
                off = true;
                return null;
            }
            trial = TRIAL;
            lookups = 0;
            hits = 0;
        }
        int len = end - from;
        if (len > MAX_TAIL) return null;
        int h = hash(b, from, len);
        lookedFrom = from;
        lookedLength = len;
        lookedHash = h;
        lookedLayout = layout;
        int set = (h & (SETS - 1)) * 2;
        for (int way = set; way < set + 2; way++) {
            if (tags[way] != h || lengths[way] != len || layouts[way] != layout) continue;
            if (RecentLines.sameBytes(b, from, texts, way * SLOT, len)) {
                hits++;
                found = way;
                lookedLayout = null;
                return entries[way];
            }
        }
        return null;
    }

    /** The size field's value of the line {@link #find} last found. */
    long size() {
        return sizes[found];
    }

    /**
     * Keeps the tail last looked up (which found nothing), starting at {@code from} of {@code b}, with its line's parsed
     * key and size; the older way of its set makes room. Does nothing when that look-up is not this tail's.
     */
    void keep(byte[] b, int from, int end, RecentLines.Entry key, long size) {
        if (lookedLayout == null || lookedFrom != from || lookedLength != end - from || key.layout != lookedLayout) return;
        int way = (lookedHash & (SETS - 1)) * 2;
        RecentLines.Entry e = entries[way + 1];
        entries[way + 1] = entries[way];
        tags[way + 1] = tags[way];
        lengths[way + 1] = lengths[way];
        layouts[way + 1] = layouts[way];
        sizes[way + 1] = sizes[way];
        System.arraycopy(texts, way * SLOT, texts, (way + 1) * SLOT, lengths[way]);
        if (e == null) e = new RecentLines.Entry();
        e.copyKey(key);
        entries[way] = e;
        tags[way] = lookedHash;
        lengths[way] = lookedLength;
        layouts[way] = lookedLayout;
        sizes[way] = size;
        System.arraycopy(b, from, texts, way * SLOT, lookedLength);
        lookedLayout = null;
    }

    /** A hash of {@code b[from, from + len)}, eight bytes at a time. */
    private static int hash(byte[] b, int from, int len) {
        long h = len;
        int i = 0;
        if (from + len + 8 <= b.length) {
            for (; i + 8 <= len; i += 8) h = (h ^ (long) LONGS.get(b, from + i)) * 0x9E3779B97F4A7C15L;
            if (i < len) h = (h ^ ((long) LONGS.get(b, from + i) & (-1L >>> (8 * (8 - (len - i)))))) * 0x9E3779B97F4A7C15L;
        } else {
            for (; i < len; i++) h = (h ^ (b[from + i] & 0xFF)) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 29;
        return (int) h ^ (int) (h >>> 32);
    }
}
