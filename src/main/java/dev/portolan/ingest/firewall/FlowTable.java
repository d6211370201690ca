package dev.portolan.ingest.firewall;

import dev.portolan.model.Flow;

import java.util.Arrays;
import java.util.List;

/**
 * Open-addressing map from a compact 5-tuple key to a {@link Flow}, in first-seen order.
 * The key is five longs: {@code k0} packs IP protocol, address families and both ports;
 * {@code k1..k4} are the source and destination addresses (see {@link IpBytes}). Keys live in
 * one dense long[] so a lookup touches no objects until it hits.
 */
final class FlowTable {
    private static final int STRIDE = 5;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private long[] keys = new long[STRIDE * 1024];
    private Flow[] flows = new Flow[1024];
    private int size;
    /** Slot to (index + 1); 0 = empty. */
    private int[] slots = new int[2048];
    private int mask = 2047;

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

    /** The flow for this key, or null. */
    Flow get(long k0, long k1, long k2, long k3, long k4) {
        int s = hash(k0, k1, k2, k3, k4) & mask;
        while (true) {
            int idx = slots[s] - 1;
            if (idx < 0) return null;
            int o = idx * STRIDE;
            if (keys[o] == k0 && keys[o + 1] == k1 && keys[o + 2] == k2 && keys[o + 3] == k3 && keys[o + 4] == k4) {
                return flows[idx];
            }
            s = (s + 1) & mask;
        }
    }

    /** Adds a flow whose key is known to be absent. */
    void put(long k0, long k1, long k2, long k3, long k4, Flow flow) {
        if (size == flows.length) {
            flows = Arrays.copyOf(flows, size * 2);
            keys = Arrays.copyOf(keys, size * 2 * STRIDE);
        }
        int o = size * STRIDE;
        keys[o] = k0;
        keys[o + 1] = k1;
        keys[o + 2] = k2;
        keys[o + 3] = k3;
        keys[o + 4] = k4;
        flows[size] = flow;
        size++;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            insertSlot(hash(k0, k1, k2, k3, k4), size);
        }
    }

    private void insertSlot(int h, int indexPlusOne) {
        int s = h & mask;
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = indexPlusOne;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int o = i * STRIDE;
            insertSlot(hash(keys[o], keys[o + 1], keys[o + 2], keys[o + 3], keys[o + 4]), i + 1);
        }
    }

    int size() {
        return size;
    }

    /**
     * Merges a table built from a later part of the same file: flows seen before absorb the
     * later counts and evidence, new ones are appended, so first-seen order is kept.
     */
    void mergeLater(FlowTable later) {
        for (int i = 0; i < later.size; i++) {
            int o = i * STRIDE;
            long[] k = later.keys;
            Flow mine = get(k[o], k[o + 1], k[o + 2], k[o + 3], k[o + 4]);
            if (mine == null) {
                put(k[o], k[o + 1], k[o + 2], k[o + 3], k[o + 4], later.flows[i]);
            } else {
                mine.merge(later.flows[i]);
            }
        }
    }

    List<Flow> flows() {
        return Arrays.asList(flows).subList(0, size);
    }
}
