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
 * <p>
 * A way's slot holds a header word (the tail's hash, its length and the number of its layout) and then the tail, so a
 * look-up reads one region of memory before the kept line's entry: nothing in other arrays.
 */
final class RecentTails {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SETS = 4096;
    private static final int SLOT = 128;
    private static final int HEADER = 8;
    /** Longest tail kept; a kept tail ends at least eight bytes before its slot does ({@link RecentLines#sameBytes}). */
    static final int MAX_TAIL = SLOT - HEADER - 8;
    /** Layout numbers fit in the header's low 16 bits; past them the table starts again empty. */
    private static final int MAX_LAYOUTS = 1 << 16;

    /** Each way's header word and tail; a header of 0 is an empty way (a kept tail's header has a length above 0). */
    private final byte[] slots = new byte[2 * SETS * SLOT];
    private final RecentLines.Entry[] entries = new RecentLines.Entry[2 * SETS];

    /** The layout the number {@link #layoutNumber} belongs to: a layout's lines are kept under its number. */
    private Columns layout;
    private int layoutNumber;

    /** The tail last looked up and not found: where it starts, its header word (0: none). */
    private int lookedFrom;
    private long lookedHeader;

    /**
     * A miss costs a hash, a probe and a copy, a hit saves splitting and parsing: looking pays while at least a quarter
     * of the look-ups find a kept tail.
     */
    private final LookupTrial trial = new LookupTrial(4);

    /** False once switched off: no look-up pays any more. */
    boolean on() {
        return trial.on();
    }

    /**
     * The entry of the line whose tail is {@code b[from, end)} when a kept line under {@code layout} has the same
     * tail, or null; after a null {@link #keep} may keep this line's tail. The entry's {@link RecentLines.Entry#size} is
     * that line's size.
     */
    RecentLines.Entry find(byte[] b, int from, int end, Columns layout) {
        lookedHeader = 0;
        if (!trial.look()) return null;
        int len = end - from;
        if (len > MAX_TAIL) return null;
        if (layout != this.layout) newLayout(layout);
        int h = hash(b, from, len);
        long header = ((long) h << 32) | ((long) len << 16) | layoutNumber;
        lookedFrom = from;
        lookedHeader = header;
        int way = (h & (SETS - 1)) * 2;
        for (int w = way; w < way + 2; w++) {
            int o = w * SLOT;
            if ((long) LONGS.get(slots, o) == header && RecentLines.sameBytes(b, from, slots, o + HEADER, len)) {
                trial.hit();
                lookedHeader = 0;
                return entries[w];
            }
        }
        return null;
    }

    /** A layout other than the last one: a number of its own, never one a kept tail has (the table is emptied first when they run out). */
    private void newLayout(Columns c) {
        layout = c;
        if (++layoutNumber == MAX_LAYOUTS) {
            java.util.Arrays.fill(slots, (byte) 0);
            java.util.Arrays.fill(entries, null);
            layoutNumber = 1;
        }
    }

    /**
     * Keeps the tail last looked up (which found nothing), starting at {@code from} of {@code b} and ending at {@code end},
     * with its line's parsed key and size; the older way of its set makes room. Does nothing when that look-up is not
     * this tail's.
     */
    void keep(byte[] b, int from, int end, RecentLines.Entry key, long size) {
        if (lookedHeader == 0 || lookedFrom != from || (int) (lookedHeader >>> 16 & 0xFFFF) != end - from || key.layout != layout) return;
        int way = ((int) (lookedHeader >>> 32) & (SETS - 1)) * 2;
        RecentLines.Entry e = entries[way + 1];
        entries[way + 1] = entries[way];
        int len0 = (int) ((long) LONGS.get(slots, way * SLOT) >>> 16 & 0xFFFF);
        System.arraycopy(slots, way * SLOT, slots, (way + 1) * SLOT, HEADER + len0);
        if (e == null) e = new RecentLines.Entry();
        e.copyKey(key);
        e.size = size;
        entries[way] = e;
        LONGS.set(slots, way * SLOT, lookedHeader);
        System.arraycopy(b, from, slots, way * SLOT + HEADER, end - from);
        lookedHeader = 0;
    }

    /** A hash of {@code b[from, from + len)}, eight bytes at a time. */
    private static int hash(byte[] b, int from, int len) {
        long h = Swar.mixBytes(len, b, from, len);
        h ^= h >>> 29;
        return (int) h ^ (int) (h >>> 32);
    }
}
