package dev.portolan.ingest.firewall;

import dev.portolan.model.Direction;
import dev.portolan.model.FirewallAction;
import dev.portolan.ingest.LogLine;

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

    private final byte[] texts = new byte[2 * SETS * SLOT];
    private final int[] lengths = new int[2 * SETS];
    private final int[] tags = new int[2 * SETS];
    private final Entry[] entries = new Entry[2 * SETS];
    /**
     * The line last looked up: its buffer and where its key's runs of fields sit in it (read in place; copied only by
     * {@link #keep}), the length of its key text (the runs with a space after each) and that text's hash.
     */
    private byte[] keyBytes;
    private final int[] runFrom = new int[8];
    private final int[] runLength = new int[8];
    private int runCount;
    private int keyLength;
    private int keyHash;
    private Columns keyLayout;
    /** The runs of {@link #fieldsOf}'s layout. */
    private int[] keyFields = new int[0];
    private Columns fieldsOf;

    /** Looking pays while at least one look-up in eight finds a kept line. */
    private final LookupTrial trial = new LookupTrial(8);

    /** One kept line's parsed key and where its flow sat in the parser's window. */
    static final class Entry {
        Columns layout;
        int ipProtocol;
        boolean srcV6;
        long srcHi;
        long srcLo;
        int srcPort;
        boolean dstV6;
        long dstHi;
        long dstLo;
        int dstPort;
        FirewallAction action;
        Direction direction;
        long k0;
        int at;
        long window;
        /** The size field's value of the line an entry of {@link RecentTails} was kept for (its tail holds it). */
        long size;

        /** Takes {@code o}'s layout, key and place in the window. */
        void copyKey(Entry o) {
            layout = o.layout;
            ipProtocol = o.ipProtocol;
            srcV6 = o.srcV6;
            srcHi = o.srcHi;
            srcLo = o.srcLo;
            srcPort = o.srcPort;
            dstV6 = o.dstV6;
            dstHi = o.dstHi;
            dstLo = o.dstLo;
            dstPort = o.dstPort;
            action = o.action;
            direction = o.direction;
            k0 = o.k0;
            at = o.at;
            window = o.window;
        }
    }

    /**
     * The entry of a line whose key fields ({@code bounds} as tokenized, under {@code layout}) are byte for byte those
     * of a kept line, or null; after a null {@link #keep} may keep this line. Costs nothing once switched off.
     */
    Entry find(byte[] b, int[] bounds, Columns layout) {
        keyLayout = null;
        if (!trial.look()) return null;
        if (!keyOf(b, bounds, layout)) return null;
        keyLayout = layout;
        keyBytes = b;
        int set = (keyHash & (SETS - 1)) * 2;
        for (int way = set; way < set + 2; way++) {
            // the flat arrays first: an entry object is read only for a way whose hash and length match
            if (tags[way] != keyHash || lengths[way] != keyLength) continue;
            Entry e = entries[way];
            if (e != null && e.layout == layout && sameText(b, way)) {
                trial.hit();
                return e;
            }
        }
        return null;
    }

    /**
     * True when the key text kept in {@code way} (of {@link #keyLength} bytes) is the looked-up line's: each run's bytes,
     * then a space. Equal texts under one layout are equal runs: a run starts and ends with a field and holds a fixed
     * number of them, so the spaces after the runs fall at the same places.
     */
    private boolean sameText(byte[] b, int way) {
        int o = way * SLOT;
        for (int r = 0; r < runCount; r++) {
            int s = runFrom[r];
            int len = runLength[r];
            if (texts[o + len] != ' ' || !sameBytes(b, s, texts, o, len)) return false;
            o += len + 1;
        }
        return true;
    }

    /**
     * {@code b[s, s + len)} equals {@code t[o, o + len)}: eight bytes at a time (a call of {@link Arrays#equals} costs
     * more than these few words). {@code t} has eight bytes after {@code o + len} (a kept text ends at least eight bytes
     * before its slot does: {@link #MAX_KEY}); where {@code b} has not, byte by byte.
     */
    static boolean sameBytes(byte[] b, int s, byte[] t, int o, int len) {
        if (s + len + 8 > b.length) return Arrays.equals(b, s, s + len, t, o, o + len);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if ((long) LONGS.get(b, s + i) != (long) LONGS.get(t, o + i)) return false;
        }
        if (i == len) return true;
        long tail = -1L >>> (8 * (8 - (len - i)));
        return (((long) LONGS.get(b, s + i) ^ (long) LONGS.get(t, o + i)) & tail) == 0;
    }

    /** The hash of the key {@link #find} last looked up (tests look for two keys with one hash). */
    int lastHash() {
        return keyHash;
    }

    /**
     * Keeps the line last given to {@link #find} (which found nothing) with its parsed key ({@code key}'s protocol,
     * addresses, ports, action and direction); the older way makes room.
     * Returns its entry, or null when the line is not kept (switched off, or its key too long).
     */
    Entry keep(LogLine key, long k0, int at, long window) {
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
        e.ipProtocol = key.ipProtocol();
        e.srcV6 = key.srcV6();
        e.srcHi = key.srcHi();
        e.srcLo = key.srcLo();
        e.srcPort = key.srcPort();
        e.dstV6 = key.dstV6();
        e.dstHi = key.dstHi();
        e.dstLo = key.dstLo();
        e.dstPort = key.dstPort();
        e.action = key.action();
        e.direction = key.direction();
        e.k0 = k0;
        e.at = at;
        e.window = window;
        entries[way] = e;
        tags[way] = keyHash;
        lengths[way] = keyLength;
        int o = way * SLOT;
        for (int r = 0; r < runCount; r++) {
            System.arraycopy(keyBytes, runFrom[r], texts, o, runLength[r]);
            o += runLength[r];
            texts[o++] = ' ';
        }
        keyLayout = null;
        keyBytes = null;
        return e;
    }

    /**
     * Finds the key's runs of fields in the line (fields next to each other in the layout form one run, with what
     * separates them: equal runs of bytes hold equal fields) and hashes them where they are, eight bytes at a time;
     * false when the key text (each run followed by a space) would be longer than {@link #MAX_KEY}.
     */
    private boolean keyOf(byte[] b, int[] bounds, Columns layout) {
        int[] runs = fieldsOf == layout ? keyFields : fieldsOf(layout);
        int n = 0;
        long h = runs.length;
        int count = 0;
        for (int r = 0; r < runs.length; r += 2) {
            int s = bounds[2 * runs[r]];
            int len = bounds[2 * runs[r + 1] + 1] - s;
            n += len + 1;
            if (n > MAX_KEY) return false;
            runFrom[count] = s;
            runLength[count++] = len;
            h = (Swar.mixBytes(h, b, s, len) ^ len) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 29;
        runCount = count;
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
