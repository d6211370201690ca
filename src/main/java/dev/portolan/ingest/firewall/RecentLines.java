package dev.portolan.ingest.firewall;

import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.IpAddress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The parsed keys of recent valid record lines, found again by the raw bytes of the fields the key is made of (action,
 * protocol, addresses, ports, ICMP type, path) under the same layout. Bytes equal to a valid line's parse to the same
 * values, so a line found here skips parsing its addresses, ports, protocol and direction: a real log repeats a few
 * thousand keys millions of times. Two-way set-associative, fixed size; a found entry also remembers where its flow
 * sat in the parser's window of flows ({@link #at}, valid while {@link #window} is the parser's current window).
 * Where lines rarely repeat (generated logs: every line a new flow) it switches itself off for good, as looking and
 * storing would only cost: switching back on after millions of lines would first run code the JIT compiled the
 * parser without, which undoes the compiled parser. One per parser; not thread-safe.
 */
final class RecentLines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SETS = 4096;
    /** Longest key text kept (the fields with a space after each); longer keys are never kept. */
    static final int MAX_KEY = 120;
    private static final int SLOT = 128;
    /**
     * Look-ups per verdict on whether looking pays, and the hits that make it pay; the first verdict comes early, while
     * the code is still being profiled (a later first switch would undo the compiled parser).
     */
    private static final int FIRST_TRIAL = 1 << 12;
    private static final int TRIAL = 1 << 16;

    private final byte[] texts = new byte[2 * SETS * SLOT];
    private final int[] lengths = new int[2 * SETS];
    private final int[] tags = new int[2 * SETS];
    private final Entry[] entries = new Entry[2 * SETS];
    /** The key text of the line last looked up, with room for an eight-byte copy past its end. */
    private final byte[] key = new byte[MAX_KEY + 8];
    private int keyLength;
    private int keyHash;
    private Columns keyLayout;
    /** The runs of {@link #fieldsOf}'s layout. */
    private int[] keyFields = new int[0];
    private Columns fieldsOf;

    private int trial = FIRST_TRIAL;
    private int lookups;
    private int hits;
    /** Set for good once a trial found too few hits. */
    private boolean off;

    /** One kept line's parsed key and where its flow sat in the parser's window. */
    static final class Entry {
        Columns layout;
        int ipProtocol;
        IpAddress src;
        int srcPort;
        IpAddress dst;
        int dstPort;
        FirewallAction action;
        Direction direction;
        long k0;
        int at;
        long window;
    }

    /**
     * The entry of a line whose key fields ({@code fs/fe} as tokenized, under {@code layout}) are byte for byte those
     * of a kept line, or null; after a null {@link #keep} may keep this line. Costs nothing once switched off.
     */
    Entry find(byte[] b, int[] fs, int[] fe, Columns layout) {
        keyLayout = null;
        if (off) return null;
        if (++lookups == trial) {
            if (hits < trial / 8) {
                off = true;
                return null;
            }
            trial = TRIAL;
            lookups = 0;
            hits = 0;
        }
        if (!keyText(b, fs, fe, layout)) return null;
        keyLayout = layout;
        int set = (keyHash & (SETS - 1)) * 2;
        for (int way = set; way < set + 2; way++) {
            Entry e = entries[way];
            if (e != null && tags[way] == keyHash && lengths[way] == keyLength && e.layout == layout
                    && Arrays.equals(texts, way * SLOT, way * SLOT + keyLength, key, 0, keyLength)) {
                hits++;
                return e;
            }
        }
        return null;
    }

    /**
     * Keeps the line last given to {@link #find} (which found nothing) with its parsed key; the older way makes room.
     * Returns its entry, or null when the line is not kept (switched off, or its key too long).
     */
    Entry keep(int ipProtocol, IpAddress src, int srcPort, IpAddress dst, int dstPort, FirewallAction action,
               Direction direction, long k0, int at, long window) {
        if (keyLayout == null) return null;
        int way = (keyHash & (SETS - 1)) * 2;
        // the first way holds the newest entry: move it to the second
        Entry e = entries[way + 1];
        entries[way + 1] = entries[way];
        tags[way + 1] = tags[way];
        lengths[way + 1] = lengths[way];
        System.arraycopy(texts, way * SLOT, texts, (way + 1) * SLOT, lengths[way]);
        if (e == null) e = new Entry();
        e.layout = keyLayout;
        e.ipProtocol = ipProtocol;
        e.src = src;
        e.srcPort = srcPort;
        e.dst = dst;
        e.dstPort = dstPort;
        e.action = action;
        e.direction = direction;
        e.k0 = k0;
        e.at = at;
        e.window = window;
        entries[way] = e;
        tags[way] = keyHash;
        lengths[way] = keyLength;
        System.arraycopy(key, 0, texts, way * SLOT, keyLength);
        keyLayout = null;
        return e;
    }

    /**
     * Copies the key fields into {@link #key} and hashes them; false when too long. Fields next to each other in the
     * layout are copied as one run with what separates them (equal runs of bytes hold equal fields); each run is
     * followed by a space.
     */
    private boolean keyText(byte[] b, int[] fs, int[] fe, Columns layout) {
        int[] runs = fieldsOf == layout ? keyFields : fieldsOf(layout);
        int n = 0;
        for (int r = 0; r < runs.length; r += 2) {
            int s = fs[runs[r]];
            int len = fe[runs[r + 1]] - s;
            if (n + len + 1 > MAX_KEY) return false;
            if (s + len + 8 <= b.length) {
                for (int k = 0; k < len; k += 8) LONGS.set(key, n + k, (long) LONGS.get(b, s + k));
            } else {
                System.arraycopy(b, s, key, n, len);
            }
            n += len;
            key[n++] = ' ';
        }
        long h = n;
        int i = 0;
        for (; i + 8 <= n; i += 8) h = (h ^ (long) LONGS.get(key, i)) * 0x9E3779B97F4A7C15L;
        if (i < n) {
            long w = (long) LONGS.get(key, i) & (-1L >>> (8 * (8 - (n - i))));
            h = (h ^ w) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 29;
        keyLength = n;
        keyHash = (int) h ^ (int) (h >>> 32);
        return true;
    }

    /**
     * The layout's fields a line's key is parsed from (a missing field is simply not there in every line), as runs of
     * consecutive fields: first and last field of each run.
     */
    private int[] fieldsOf(Columns c) {
        int[] fields = java.util.stream.IntStream.of(c.action, c.protocol, c.srcIp, c.dstIp, c.srcPort, c.dstPort, c.icmpType, c.path)
                .filter(f -> f >= 0).sorted().toArray();
        int[] runs = new int[2 * fields.length];
        int n = 0;
        for (int i = 0; i < fields.length; i++) {
            if (n > 0 && runs[n - 1] == fields[i] - 1) {
                runs[n - 1] = fields[i];
            } else {
                runs[n++] = fields[i];
                runs[n++] = fields[i];
            }
        }
        keyFields = Arrays.copyOf(runs, n);
        fieldsOf = c;
        return keyFields;
    }
}
