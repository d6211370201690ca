package dev.portolan.ingest.firewall;

import dev.portolan.model.Flow;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Open-addressing map from a compact 5-tuple key to a {@link Flow}, in first-seen order.
 * The key is five longs: {@code k0} packs IP protocol, address families and both ports;
 * {@code k1..k4} are the source and destination addresses (see {@link dev.portolan.model.IpAddress}). Keys and flows
 * live in fixed-size pages, so growing never copies them (no garbage, no second copy in memory:
 * with millions of flows that is hundreds of MB); only the slot index is rebuilt.
 */
final class FlowTable {
    private static final int STRIDE = 5;
    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private long[][] keyPages = new long[16][];
    private Flow[][] flowPages = new Flow[16][];
    private int size;
    /** Slot to (hash << 32 | index + 1); 0 = empty. The hash tag rejects most misses without touching keys. */
    private long[] slots = new long[1024];
    private int mask = 1023;

    static long packKey0(int ipProtocol, boolean srcV6, boolean dstV6, int srcPort, int dstPort) {
        return ((long) ipProtocol << 40) | (srcV6 ? 1L << 49 : 0) | (dstV6 ? 1L << 50 : 0)
                | ((long) srcPort << 16) | dstPort;
    }

    private static int hash(long k0, long k1, long k2, long k3, long k4) {
        long h = k0 * MIX;
        h = (h ^ k1) * MIX;
        h = (h ^ k2) * MIX;
        h = (h ^ k3) * MIX;
        h = (h ^ k4) * MIX;
        // murmur3 finaliser: the slot index uses the low bits, which a product alone leaves weak
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The flow for this key, or null. No side effects. */
    Flow get(long k0, long k1, long k2, long k3, long k4) {
        int r = lookup(hash(k0, k1, k2, k3, k4), k0, k1, k2, k3, k4);
        return r >= 0 ? flowAt(r) : null;
    }

    /** Index of the key's flow, or ~slot of the empty slot where the probe ended. No side effects. */
    private int lookup(int h, long k0, long k1, long k2, long k3, long k4) {
        int s = h & mask;
        while (true) {
            long v = slots[s];
            if (v == 0) return ~s;
            if ((int) (v >>> 32) == h) {
                int idx = (int) v - 1;
                long[] page = keyPages[idx >>> PAGE_BITS];
                int o = (idx & (PAGE - 1)) * STRIDE;
                if (page[o] == k0 && page[o + 1] == k1 && page[o + 2] == k2 && page[o + 3] == k3 && page[o + 4] == k4) {
                    return idx;
                }
            }
            s = (s + 1) & mask;
        }
    }

    /** Adds a flow under a key the table does not hold yet. Single-threaded use. */
    void put(long k0, long k1, long k2, long k3, long k4, Flow flow) {
        int p = size >>> PAGE_BITS;
        if (p == keyPages.length) {
            keyPages = Arrays.copyOf(keyPages, p * 2);
            flowPages = Arrays.copyOf(flowPages, p * 2);
        }
        if (keyPages[p] == null) {
            keyPages[p] = new long[PAGE * STRIDE];
            flowPages[p] = new Flow[PAGE];
        }
        long[] page = keyPages[p];
        int o = (size & (PAGE - 1)) * STRIDE;
        page[o] = k0;
        page[o + 1] = k1;
        page[o + 2] = k2;
        page[o + 3] = k3;
        page[o + 4] = k4;
        flowPages[p][size & (PAGE - 1)] = flow;
        size++;
        // grow first (it re-inserts only the keys already indexed), then index the new key
        if (size * 2 > slots.length) rehash(slots.length * 2);
        insertSlot(hash(k0, k1, k2, k3, k4), size);
    }

    /** The index of a key (in the order keys were added), or -1. */
    int indexOf(long k0, long k1, long k2, long k3, long k4) {
        int r = lookup(hash(k0, k1, k2, k3, k4), k0, k1, k2, k3, k4);
        return r >= 0 ? r : -1;
    }

    /** Adds a key the table does not hold yet, with no flow (a table of keys only); returns its index. */
    int add(long k0, long k1, long k2, long k3, long k4) {
        put(k0, k1, k2, k3, k4, null);
        return size - 1;
    }

    /** Forgets every key and flow, keeping the memory for the next ones. */
    void clear() {
        java.util.Arrays.fill(slots, 0L);
        for (Flow[] page : flowPages) if (page != null) java.util.Arrays.fill(page, null);
        size = 0;
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

    /** This table's flow with the key of {@code other}'s i-th flow, or null. Read-only: safe from many threads. */
    Flow getKeyOf(FlowTable other, int i) {
        long[] k = other.keyPages[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        int r = lookup(hash(k[o], k[o + 1], k[o + 2], k[o + 3], k[o + 4]), k[o], k[o + 1], k[o + 2], k[o + 3], k[o + 4]);
        return r >= 0 ? flowAt(r) : null;
    }

    Flow flowAt(int i) {
        return flowPages[i >>> PAGE_BITS][i & (PAGE - 1)];
    }

    int size() {
        return size;
    }

    /** The flows in first-seen order (a view). */
    List<Flow> flows() {
        return new AbstractList<>() {
            @Override
            public Flow get(int index) {
                return flowAt(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
