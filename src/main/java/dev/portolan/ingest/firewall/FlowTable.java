package dev.portolan.ingest.firewall;

import java.util.Arrays;

/**
 * Open-addressing index of compact 5-tuple keys, numbered in the order they were added (first-seen order).
 * A key is five longs: {@code k0} packs IP protocol, address families and both ports (and, for the firewall
 * reader, action and direction); {@code k1..k4} are the source and destination addresses (see
 * {@link dev.portolan.model.IpAddress}). Stored, most keys take two longs: {@code k0}, and both addresses' low 32 bits
 * when their other bits are 0 (every IPv4 pair); any other key takes {@code k0} with {@link #WIDE} set and the index
 * of its four address longs in the wide pages. Keys live in fixed-size pages, so growing never copies them (no
 * garbage, no second copy in memory: with millions of flows that is hundreds of MB); only the slot index is rebuilt.
 * What a key's flow counted lives elsewhere under the same number ({@link LogFlows}).
 */
final class FlowTable {
    private static final int STRIDE = 2;
    /** Set in a stored {@code k0} whose addresses are in the wide pages (no key packs a bit there: see {@link #packKey0}). */
    private static final long WIDE = 1L << 48;
    private static final int WIDE_STRIDE = 4;
    /**
     * Small pages, and page lists that start with one: a new page and a longer list are needed early and often, so
     * the JIT's profile sees those branches taken before it compiles the parser (a branch first taken after that
     * makes it throw the parser's compiled code away and compile it again, a second or so of CPU each time).
     */
    static final int PAGE_BITS = 12;
    static final int PAGE = 1 << PAGE_BITS;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private long[][] keyPages = new long[1][];
    private int size;
    /** The four address longs of each wide key, in the order they were added. */
    private long[][] widePages = new long[1][];
    private int wideSize;
    /** Slot to (hash << 32 | index + 1); 0 = empty. The hash tag rejects most misses without touching keys. */
    private long[] slots = new long[1024];
    private int mask = 1023;

    static long packKey0(int ipProtocol, boolean srcV6, boolean dstV6, int srcPort, int dstPort) {
        return ((long) ipProtocol << 40) | (srcV6 ? 1L << 49 : 0) | (dstV6 ? 1L << 50 : 0)
                | ((long) srcPort << 16) | dstPort;
    }

    static int hash(long k0, long k1, long k2, long k3, long k4) {
        return (int) keyHash(k0, k1, k2, k3, k4);
    }

    /**
     * The 64 bits {@link #hash} is the low half of: a product chain, then murmur3's finaliser's first half (the slot index
     * uses the low bits, which a product alone leaves weak). A caller that needs both hashes of a key makes this once.
     */
    static long keyHash(long k0, long k1, long k2, long k3, long k4) {
        long h = k0 * MIX;
        h = (h ^ k1) * MIX;
        h = (h ^ k2) * MIX;
        h = (h ^ k3) * MIX;
        h = (h ^ k4) * MIX;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }

    /**
     * A 64-bit hash of a key for {@link dev.portolan.model.DistinctCount} (which needs all 64 bits spread evenly): its
     * {@link #keyHash} through the rest of murmur3's finaliser.
     */
    static long distinctHash(long keyHash) {
        long h = keyHash * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** True when the key is stored in two longs: both addresses' bits outside the low 32 are 0. */
    private static boolean compact(long k1, long k2, long k3, long k4) {
        return (k1 | k3 | ((k2 | k4) >>> 32)) == 0;
    }

    /** Index of the key, or ~slot of the empty slot where the probe ended. No side effects. */
    private int lookup(int h, long k0, long k1, long k2, long k3, long k4) {
        boolean narrow = compact(k1, k2, k3, k4);
        long a = narrow ? k0 : k0 | WIDE;
        long b = (k2 << 32) | k4;
        int s = h & mask;
        while (true) {
            long v = slots[s];
            if (v == 0) return ~s;
            if ((int) (v >>> 32) == h) {
                int idx = (int) v - 1;
                long[] page = keyPages[idx >>> PAGE_BITS];
                int o = (idx & (PAGE - 1)) * STRIDE;
                if (page[o] == a && (narrow ? page[o + 1] == b : sameWide((int) page[o + 1], k1, k2, k3, k4))) return idx;
            }
            s = (s + 1) & mask;
        }
    }

    private boolean sameWide(int w, long k1, long k2, long k3, long k4) {
        long[] page = widePages[w >>> PAGE_BITS];
        int o = (w & (PAGE - 1)) * WIDE_STRIDE;
        return page[o] == k1 && page[o + 1] == k2 && page[o + 2] == k3 && page[o + 3] == k4;
    }

    /** The index of the key (in the order keys were added), or {@code ~index} of the key just added because the table did not hold it. */
    int indexOrAdd(long k0, long k1, long k2, long k3, long k4) {
        return indexOrAdd(hash(k0, k1, k2, k3, k4), k0, k1, k2, k3, k4);
    }

    /** As {@link #indexOrAdd(long, long, long, long, long)} for a key whose {@link #hash} is {@code h}. */
    int indexOrAdd(int h, long k0, long k1, long k2, long k3, long k4) {
        int r = lookup(h, k0, k1, k2, k3, k4);
        return r >= 0 ? r : ~store(h, k0, k1, k2, k3, k4);
    }

    /**
     * Reads the index slots where the keys of these hashes start their probes, all at once: their cache misses then
     * overlap (the loads do not wait for each other), and the look-ups that follow find the slots in the cache.
     */
    void touch(int[] hashes, int n) {
        long[] s = slots;
        int m = mask;
        long x = 0;
        for (int i = 0; i < n; i++) x ^= s[hashes[i] & m];
        touched = x; // used, so the loads are made
    }

    /** What {@link #touch} read last (kept only so that its loads are not left out). */
    private long touched;

    private int store(int h, long k0, long k1, long k2, long k3, long k4) {
        int p = size >>> PAGE_BITS;
        if (p == keyPages.length) keyPages = Arrays.copyOf(keyPages, p * 2);
        if (keyPages[p] == null) keyPages[p] = new long[PAGE * STRIDE];
        long[] page = keyPages[p];
        int o = (size & (PAGE - 1)) * STRIDE;
        if (compact(k1, k2, k3, k4)) {
            page[o] = k0;
            page[o + 1] = (k2 << 32) | k4;
        } else {
            page[o] = k0 | WIDE;
            page[o + 1] = storeWide(k1, k2, k3, k4);
        }
        size++;
        // grow first (it re-inserts only the keys already indexed), then index the new key
        if ((long) size * 4 > (long) slots.length * 3) rehash(slots.length * 2);
        insertSlot(h, size);
        return size - 1;
    }

    private int storeWide(long k1, long k2, long k3, long k4) {
        int p = wideSize >>> PAGE_BITS;
        if (p == widePages.length) widePages = Arrays.copyOf(widePages, p * 2);
        if (widePages[p] == null) widePages[p] = new long[PAGE * WIDE_STRIDE];
        long[] page = widePages[p];
        int o = (wideSize & (PAGE - 1)) * WIDE_STRIDE;
        page[o] = k1;
        page[o + 1] = k2;
        page[o + 2] = k3;
        page[o + 3] = k4;
        return wideSize++;
    }

    /** Forgets every key, keeping the memory for the next ones. */
    void clear() {
        Arrays.fill(slots, 0L);
        size = 0;
        wideSize = 0;
    }

    private void insertSlot(int h, int indexPlusOne) {
        int s = h & mask;
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = ((long) h << 32) | indexPlusOne;
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        mask = capacity - 1;
        // the hash tags are the full hashes: no key needs re-hashing
        for (long v : old) {
            if (v != 0) insertSlot((int) (v >>> 32), (int) v);
        }
    }

    /** The number of slots of the key index (a power of two): what {@link #matches} walks. */
    int slotCount() {
        return slots.length;
    }

    /** Told each key of a later table that this one holds too. */
    @FunctionalInterface
    interface Match {
        void at(int laterIndex, int index);
    }

    /**
     * Finds here the keys that {@code later} indexes in its slots {@code [from, to)} and tells {@code found} each one
     * this table holds ({@code skip}ped ones aside). Walking the later table's slots in order probes this table in
     * hash order, so the probes run through this index nearly front to back instead of one cache miss each, and a
     * later key is read only when its hash matches one here. Read-only on both tables: safe from many threads.
     */
    void matches(FlowTable later, int from, int to, boolean[] skip, Match found) {
        long[] theirs = later.slots;
        for (int s = from; s < to; s++) {
            long v = theirs[s];
            if (v == 0) continue;
            int li = (int) v - 1;
            if (skip[li]) continue;
            int h = (int) (v >>> 32);
            for (int t = h & mask; ; t = (t + 1) & mask) {
                long w = slots[t];
                if (w == 0) break;
                if ((int) (w >>> 32) == h && sameKey((int) w - 1, later, li)) {
                    found.at(li, (int) w - 1);
                    break;
                }
            }
        }
    }

    private boolean sameKey(int i, FlowTable other, int j) {
        long[] a = keyPages[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        long[] b = other.keyPages[j >>> PAGE_BITS];
        int u = (j & (PAGE - 1)) * STRIDE;
        if (a[o] != b[u]) return false;
        if ((a[o] & WIDE) == 0) return a[o + 1] == b[u + 1];
        int w = (int) b[u + 1];
        long[] page = other.widePages[w >>> PAGE_BITS];
        int q = (w & (PAGE - 1)) * WIDE_STRIDE;
        return sameWide((int) a[o + 1], page[q], page[q + 1], page[q + 2], page[q + 3]);
    }

    /** Part {@code part} (0-4) of the i-th key, as it was added. */
    long key(int i, int part) {
        long[] page = keyPages[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        long a = page[o];
        long b = page[o + 1];
        if (part == 0) return a & ~WIDE;
        if ((a & WIDE) == 0) {
            return switch (part) {
                case 2 -> b >>> 32;
                case 4 -> b & 0xFFFFFFFFL;
                default -> 0;
            };
        }
        int w = (int) b;
        return widePages[w >>> PAGE_BITS][(w & (PAGE - 1)) * WIDE_STRIDE + part - 1];
    }

    int size() {
        return size;
    }
}
