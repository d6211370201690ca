package dev.portolan.model;

import java.util.Arrays;

/**
 * Counts distinct values by their 64-bit hashes in bounded memory: exact up to a bound ({@link #EXACT_UP_TO} values
 * unless made {@link #upTo} another), above that an estimate from the bound's number of smallest hashes (a "k minimum
 * values" sketch: about 6 % relative error at 256, 0.4 % at 65,536), flagged by {@link #isExact()}. Two counts of
 * the same bound merge into the count of the union, so counts made over parts of an input, in any order, add up to
 * the count over the whole. Not thread-safe, not even to read (a read inserts hashes still gathered), unless
 * {@linkplain #frozen frozen}.
 */
public final class DistinctCount {
    /** The bound of a service group's counts. */
    public static final int EXACT_UP_TO = 256;
    private static final Bound GROUP = new Bound(EXACT_UP_TO);

    /**
     * A count's bound {@code k}, and what follows from it: while saturated, kept hashes may pile up to {@code pruneAt}
     * before the largest are pruned (amortised pruning), in a table of {@code saturatedSlots} (at most pruneAt taken).
     * A service group's is small, as a log's busiest groups each probe theirs on most lines: 4 KB instead of 8 KB each
     * kept more of them in the cache (generated 5 M-line log).
     */
    private record Bound(int k, int pruneAt, int saturatedSlots) {
        Bound(int k) {
            this(k, k + k / 4, Integer.highestOneBit(k + k / 4) * 2);
        }
    }

    private final Bound bound;

    /** Open addressing; 0 marks an empty slot (a hash of 0 is stored as 1). */
    private long[] slots = new long[8];
    private int size;
    /** True once more than k distinct hashes were seen: only the smallest are kept. */
    private boolean saturated;
    /**
     * While saturated: the largest hash (unsigned) that may be kept; every hash seen at or below it is kept, none
     * above. Pruning lowers it to the k-th smallest kept hash.
     */
    private long ceiling;

    /** A count exact up to {@link #EXACT_UP_TO}. */
    public DistinctCount() {
        this(GROUP);
    }

    private DistinctCount(Bound bound) {
        this.bound = bound;
    }

    /** A count exact up to {@code k} values (at least 16), estimated from the k smallest hashes above that. */
    public static DistinctCount upTo(int k) {
        if (k < 16) throw new IllegalArgumentException("a bound below 16: " + k);
        return new DistinctCount(k == EXACT_UP_TO ? GROUP : new Bound(k));
    }

    /**
     * Counts one value by its hash. False when that hash was surely counted before (it is kept, and the count holds
     * fewer than {@link #BUFFERED_FROM} hashes); true when it is new, or when the count cannot tell (it holds more, or
     * it is saturated and the hash above the ones it keeps).
     */
    public boolean add(long hash) {
        if (frozen) throw new IllegalStateException("a frozen count takes no more values");
        long h = hash == 0 ? 1 : hash;
        if (size < BUFFERED_FROM) return addNow(h);
        // a hash above the ceiling is never kept: not gathered either
        if (saturated && above(h, ceiling)) return true;
        long[] p = pending;
        if (p == null) p = pending = new long[PENDING];
        p[pendingCount++] = h;
        if (pendingCount == PENDING) flush();
        return true;
    }

    /**
     * From this many kept hashes on, {@link #add} gathers hashes and inserts {@link #PENDING} at a time: a big log's
     * groups' tables do not fit in the cache together (the generated 5 M-line log: 13,000 groups, up to three 4 KB
     * tables each), and each insert was a miss to memory. Read together first ({@link #flush}), the misses of a
     * batch overlap instead of coming one after the other. Below it a count answers {@link #add} exactly (a group's
     * samples of originators and ports, at most ten, are full long before).
     */
    static final int BUFFERED_FROM = 64;
    private static final int PENDING = 16;
    private long[] pending;
    private int pendingCount;
    /** What {@link #flush} read ahead (kept only so that its loads are made). */
    private long touched;

    /** Inserts the gathered hashes: reads all their first slots, then inserts them in the order they came. */
    private void flush() {
        int n = pendingCount;
        if (n == 0) return;
        pendingCount = 0;
        long[] p = pending;
        long[] s = slots;
        int mask = s.length - 1;
        long x = 0;
        for (int j = 0; j < n; j++) x ^= s[(int) mix(p[j]) & mask];
        touched = x;
        // in order; each again against the ceiling (addNow), which a prune among them may have lowered
        for (int j = 0; j < n; j++) addNow(p[j]);
    }

    /** {@link #add} of a non-zero hash at once. */
    private boolean addNow(long h) {
        if (saturated && above(h, ceiling)) return true;
        if (!insert(h)) return false;
        if (!saturated && size > bound.k) {
            saturated = true;
            ceiling = -1L; // the largest unsigned value: nothing was dropped yet
            prune();
        } else if (saturated && size > bound.pruneAt) {
            prune();
        }
        return true;
    }

    /**
     * This count, read-only from now on: adding to it throws, and {@link #copy} returns it (nothing can change it, so
     * it may be shared, and read from any thread once published). A service group's tally hands its counts over this
     * way when it builds the group: a copy of each was some 150 MB of a big log's audit (13,000 groups, three 4 KB
     * tables each), made and then moved to the old generation by a collection in the audit's last half second.
     */
    public DistinctCount frozen() {
        flush();
        frozen = true;
        return this;
    }

    private boolean frozen;

    /** Adds every value of {@code other}: this becomes the count of the union. */
    public void addAll(DistinctCount other) {
        if (frozen) throw new IllegalStateException("a frozen count takes no more values");
        if (other.bound.k != bound.k) throw new IllegalArgumentException("counts of other bounds: " + bound.k + ", " + other.bound.k);
        flush();
        other.flush();
        if (other.saturated) {
            // the other never kept values above its ceiling, so neither may the union: the values at or below the
            // lower of the two ceilings are then complete
            long c = saturated && Long.compareUnsigned(ceiling, other.ceiling) < 0 ? ceiling : other.ceiling;
            saturated = true;
            ceiling = c;
            dropAbove(c);
        }
        for (long h : other.slots) if (h != 0) addNow(h);
    }

    /** A count of the same values that changes independently of this one (this one itself when {@link #frozen}). */
    public DistinctCount copy() {
        if (frozen) return this;
        flush();
        DistinctCount c = new DistinctCount(bound);
        c.slots = slots.clone();
        c.size = size;
        c.saturated = saturated;
        c.ceiling = ceiling;
        return c;
    }

    public boolean isExact() {
        flush();
        return !saturated;
    }

    /** The exact count, or the estimate when {@link #isExact()} is false. */
    public long count() {
        flush();
        if (!saturated) return size;
        // the k-th smallest hash of a uniform sample of n values sits near k/n of the range (found by selection: a
        // report asks for the counts of thousands of groups, and sorting every group's kept hashes cost more)
        long[] kept = keptSigned();
        int k = Math.min(kept.length, bound.k);
        double fraction = unsigned(select(kept, kept.length, k - 1) ^ Long.MIN_VALUE) / 18446744073709551616.0;
        return Math.max(k, Math.round((k - 1) / fraction));
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
        // saturated, saturatedSlots slots are enough: add prunes as soon as it holds pruneAt + 1. Growing four times over
        // (8, 32, 128, 512: a group's tables reach their saturated size in three steps, not six) halves what a big log's
        // thousands of growing counts allocate and copy.
        if (size * 2 > slots.length && (!saturated || slots.length < bound.saturatedSlots)) {
            rebuild(saturated ? Math.min(slots.length * 4, bound.saturatedSlots) : slots.length * 4, -1L);
        }
        return true;
    }

    /** Keeps only the k smallest hashes; the ceiling becomes the largest of them. */
    private void prune() {
        int k = bound.k;
        if (size <= k) return;
        // in place, through a scratch array of this thread's (a busy log prunes its groups' counts every 64 new
        // smallest hashes: a new array each time was a third of a generated log's allocation)
        long[] kept = SCRATCH.get();
        if (kept.length < size) {
            kept = new long[Math.max(size, bound.saturatedSlots)];
            SCRATCH.set(kept);
        }
        int n = 0;
        for (long h : slots) if (h != 0) kept[n++] = h ^ Long.MIN_VALUE;
        ceiling = select(kept, n, k - 1) ^ Long.MIN_VALUE;
        int capacity = bound.saturatedSlots;
        if (slots.length == capacity) Arrays.fill(slots, 0L);
        else slots = new long[capacity];
        int mask = capacity - 1;
        size = 0;
        for (int j = 0; j < n; j++) {
            long h = kept[j] ^ Long.MIN_VALUE;
            if (above(h, ceiling)) continue;
            int i = (int) mix(h) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = h;
            size++;
        }
    }

    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[GROUP.saturatedSlots]);

    /** The kept hashes with their sign bit flipped, so that signed order is their unsigned order ({@link #select} works on them). */
    private long[] keptSigned() {
        long[] kept = new long[size];
        int n = 0;
        for (long h : slots) if (h != 0) kept[n++] = h ^ Long.MIN_VALUE;
        return kept;
    }

    /** The {@code k}-th smallest (0-based, signed order) of {@code a[0, n)}, which it reorders (quickselect). */
    private static long select(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // a[lo, j] <= pivot <= a[i, hi], and a(j, i) == pivot
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    private void dropAbove(long limit) {
        rebuild(slots.length, limit);
    }

    /** Re-inserts the kept hashes not above {@code limit} (unsigned) into a table of the given capacity. */
    private void rebuild(int capacity, long limit) {
        long[] old = slots;
        slots = new long[capacity];
        size = 0;
        int mask = capacity - 1;
        for (long h : old) {
            if (h == 0 || above(h, limit)) continue;
            int i = (int) mix(h) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = h;
            size++;
        }
    }

    /** {@code h} above {@code limit}, both unsigned (one comparison: the first JIT tier makes compareUnsigned two and a call). */
    private static boolean above(long h, long limit) {
        return (h ^ Long.MIN_VALUE) > (limit ^ Long.MIN_VALUE);
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

    /**
     * {@link #hash} of an IPv4 address's dotted-quad text (four decimal octets, no leading zeros), from its 32-bit value:
     * the same value without making the text.
     */
    public static long hashDottedQuad(long quad) {
        long h = 0xcbf29ce484222325L;
        for (int shift = 24; shift >= 0; shift -= 8) {
            // the octet's digits, first in the low byte (no division: the first JIT tier divides with an instruction)
            for (int d = OCTET_DIGITS[(int) (quad >>> shift) & 255]; d != 0; d >>>= 8) h = (h ^ (d & 0xFF)) * 0x100000001b3L;
            if (shift > 0) h = (h ^ '.') * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The decimal digits of 0 to 255 as ASCII bytes in an int, the first in the low byte. */
    private static final int[] OCTET_DIGITS = new int[256];

    static {
        for (int o = 0; o < 256; o++) {
            String digits = Integer.toString(o);
            int d = 0;
            for (int i = digits.length() - 1; i >= 0; i--) d = d << 8 | digits.charAt(i);
            OCTET_DIGITS[o] = d;
        }
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
