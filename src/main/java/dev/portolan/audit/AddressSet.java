package dev.portolan.audit;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A fixed set of address texts, matched as text (like a {@code HashSet<String>}). Canonical dotted quads (four
 * decimal octets without leading zeros: the bulk of a fleet's manifest) are kept as 32-bit values in an
 * open-addressing table, so looking one up makes no object and touches one array; any other text (IPv6, a name,
 * "010.0.0.1") is kept as text. A canonical quad and its 32-bit value map one to one, so matching by value is
 * matching by text. Immutable, thread-safe.
 */
final class AddressSet {
    /** Values + 1 would overflow for 255.255.255.255, so 0 marks an empty slot and 0.0.0.0 has its own flag. */
    private final int[] v4;
    /**
     * One bit per first two octets of the kept quads (8 KB): most addresses looked up are no fleet host's (a client,
     * a web server), and their /16 usually holds none, so one bit answers without touching the table. Null for a
     * small set (a host's own addresses), whose table is as small.
     */
    private final long[] prefixes;
    private final boolean hasZero;
    private final Set<String> others;
    private final boolean empty;

    AddressSet(Collection<String> addresses) {
        int quads = 0;
        for (String a : addresses) if (quad(a) >= 0) quads++;
        // at most half full: the smallest power of two >= 2 * quads
        int[] table = new int[Integer.highestOneBit(Math.max(4, Math.min(quads, 1 << 28)) * 2 - 1) << 1];
        long[] prefix = quads >= 64 ? new long[1 << 10] : null;
        boolean zero = false;
        Set<String> rest = new HashSet<>();
        for (String a : addresses) {
            long q = quad(a);
            if (q < 0) {
                rest.add(a);
            } else if (q == 0) {
                zero = true;
            } else {
                insert(table, (int) q);
                if (prefix != null) prefix[(int) (q >>> 22)] |= 1L << (q >>> 16);
            }
        }
        this.v4 = table;
        this.prefixes = prefix;
        this.hasZero = zero;
        this.others = Set.copyOf(rest);
        this.empty = addresses.isEmpty();
    }

    boolean contains(String address) {
        return contains(address, quad(address));
    }

    /** {@link #contains(String)} when the caller has {@code quad = quad(address)} already. */
    boolean contains(String address, long quad) {
        if (quad < 0) return !empty && others.contains(address);
        return containsQuad(quad);
    }

    /** True when the set holds the dotted-quad text of this 32-bit value (see {@link #quad}). */
    boolean containsQuad(long q) {
        if (empty) return false;
        if (q == 0) return hasZero;
        int value = (int) q;
        if (prefixes != null && (prefixes[value >>> 22] & (1L << (value >>> 16))) == 0) return false;
        int mask = v4.length - 1;
        for (int i = slot(value, mask); ; i = (i + 1) & mask) {
            int s = v4[i];
            if (s == value) return true;
            if (s == 0) return false;
        }
    }

    private static void insert(int[] table, int value) {
        int mask = table.length - 1;
        int i = slot(value, mask);
        while (table[i] != 0 && table[i] != value) i = (i + 1) & mask;
        table[i] = value;
    }

    private static int slot(int value, int mask) {
        int h = value * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The 32-bit value of a canonical dotted quad, or -1 for any other text. */
    static long quad(String s) {
        int len = s.length();
        if (len < 7 || len > 15) return -1;
        long value = 0;
        int octets = 0;
        int i = 0;
        while (true) {
            int start = i;
            int n = 0;
            while (i < len) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') break;
                n = n * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || n > 255 || (digits > 1 && s.charAt(start) == '0')) return -1;
            value = (value << 8) | n;
            if (++octets == 4) return i == len ? value : -1;
            if (i == len || s.charAt(i) != '.') return -1;
            i++;
        }
    }
}
