package dev.portolan.model;

/**
 * Counts distinct values by their 64-bit hashes in bounded memory: exact up to {@link #EXACT_UP_TO} values,
 * above that an estimate from the {@code EXACT_UP_TO} smallest hashes (a "k minimum values" sketch, about 6 %
 * relative error), flagged by {@link #isExact()}. Two counts merge into the count of the union, so counts made
 * over parts of an input, in any order, add up to the count over the whole. Not thread-safe.
 */
public final class DistinctCount {
    public static final int EXACT_UP_TO = 256;

    /** Open addressing; 0 marks an empty slot (a hash of 0 is stored as 1). */
    private long[] slots = new long[8];
    private int size;
    /** True once more than EXACT_UP_TO distinct hashes were seen: only the smallest are kept. */
    private boolean saturated;
    /** The largest kept hash (unsigned) while saturated: nothing at or above it is kept. */
    private long ceiling;

    public void add(long hash) {
        long h = hash == 0 ? 1 : hash;
        if (saturated && Long.compareUnsigned(h, ceiling) >= 0) return;
        if (!insert(h)) return;
        if (size > EXACT_UP_TO) {
            saturated = true;
            remove(max());
            ceiling = max();
        }
    }

    /** Adds every value of {@code other}: this becomes the count of the union. */
    public void addAll(DistinctCount other) {
        for (long h : other.slots) if (h != 0) add(h);
        if (other.saturated) {
            // the other never kept values above its ceiling, so neither may the union: its smallest values are
            // then the smallest of the union
            saturated = true;
            for (long h : slots.clone()) if (h != 0 && Long.compareUnsigned(h, other.ceiling) > 0) remove(h);
            ceiling = max();
        }
    }

    public DistinctCount copy() {
        DistinctCount c = new DistinctCount();
        c.slots = slots.clone();
        c.size = size;
        c.saturated = saturated;
        c.ceiling = ceiling;
        return c;
    }

    public boolean isExact() {
        return !saturated;
    }

    /** The exact count, or the estimate when {@link #isExact()} is false. */
    public long count() {
        if (!saturated) return size;
        double fraction = unsigned(ceiling) / 18446744073709551616.0;
        return Math.max(size, Math.round((size - 1) / fraction));
    }

    /** "12" or "~5300". */
    public String label() {
        return (saturated ? "~" : "") + count();
    }

    private static double unsigned(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    private boolean insert(long h) {
        int mask = slots.length - 1;
        int i = (int) mix(h) & mask;
        while (slots[i] != 0) {
            if (slots[i] == h) return false;
            i = (i + 1) & mask;
        }
        slots[i] = h;
        size++;
        if (size * 2 > slots.length) rebuild(slots.length * 2, 0);
        return true;
    }

    private void remove(long h) {
        rebuild(slots.length, h);
    }

    /** Re-inserts all kept hashes except {@code drop} into a table of the given capacity. */
    private void rebuild(int capacity, long drop) {
        long[] old = slots;
        slots = new long[capacity];
        size = 0;
        int mask = capacity - 1;
        for (long h : old) {
            if (h == 0 || h == drop) continue;
            int i = (int) mix(h) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = h;
            size++;
        }
    }

    private long max() {
        long m = 0;
        for (long h : slots) if (h != 0 && Long.compareUnsigned(h, m) > 0) m = h;
        return m;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    /** A 64-bit hash of a text (FNV-1a over its chars, then mixed). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** Combines hashes of the parts of a compound value. */
    public static long combine(long a, long b) {
        return mix(a * 0x9E3779B97F4A7C15L + b);
    }

    @Override
    public String toString() {
        return label();
    }
}
