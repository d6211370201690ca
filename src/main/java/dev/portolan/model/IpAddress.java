package dev.portolan.model;

/**
 * An IPv4 or IPv6 address as a value of two longs, and the one text form every input path uses for it: dotted quad
 * for IPv4, RFC 5952 for IPv6 (lower case, the longest run of zero groups as {@code ::}) with an IPv4-mapped address
 * written {@code ::ffff:10.0.0.5}. IPv4 is {@code hi = 0, lo = a.b.c.d}; {@code v6} tells the families apart, so
 * {@code ::1.2.3.4} and {@code 1.2.3.4} never collide. Parsing works on bytes in place: no String, no regex.
 */
public record IpAddress(boolean v6, long hi, long lo) {

    /** The address in {@code b[from, to)}, or null when it is not a valid address. A zone ("%12") is ignored. */
    public static IpAddress parse(byte[] b, int from, int to) {
        // a text with a ':' is never a dotted quad, so trying the quad first decides the same
        long v4 = parseV4(b, from, to);
        return v4 >= 0 ? new IpAddress(false, 0, v4) : parseNonQuad(b, from, to);
    }

    /** What {@link #parse} makes of a text {@link #parseV4} found no dotted quad in: an IPv6 address, or null. */
    public static IpAddress parseNonQuad(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ':') return parseV6(b, from, to);
        }
        return null;
    }

    /** The address a text holds, or null. */
    public static IpAddress parse(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return parse(b, 0, b.length);
    }

    /** Dotted quad as an unsigned 32-bit value, or -1. */
    public static long parseV4(byte[] b, int from, int to) {
        long value = 0;
        int i = from;
        // each octet: one to three digits (at most 255), unrolled: a log line holds two addresses to read
        for (int octet = 0; ; octet++) {
            if (i >= to) return -1;
            int n = b[i] - '0';
            if (n < 0 || n > 9) return -1;
            i++;
            int d;
            if (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
                n = n * 10 + d;
                i++;
                if (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
                    n = n * 10 + d;
                    i++;
                    // a fourth digit is neither a dot nor the end: rejected below
                    if (n > 255) return -1;
                }
            }
            value = (value << 8) | n;
            if (octet == 3) return i == to ? value : -1;
            if (i >= to || b[i] != '.') return -1;
            i++;
        }
    }

    private static IpAddress parseV6(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '%') {
                to = i;
                break;
            }
        }
        // the groups are shifted into a 128-bit register (hi, lo) as they come; the zero groups of a "::" are
        // inserted at the end, so no array is needed
        long hi = 0;
        long lo = 0;
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && b[from] == ':' && b[from + 1] == ':') {
            gap = 0;
            i = from + 2;
        } else if (to > from && b[from] == ':') {
            return null;
        }
        while (i < to) {
            int start = i;
            int g = 0;
            int v;
            while (i < to && (v = hexValue(b[i])) >= 0) {
                g = (g << 4) | v;
                i++;
                if (i - start > 4) return null;
            }
            if (i < to && b[i] == '.') {
                // embedded IPv4 tail (::ffff:1.2.3.4)
                long v4 = parseV4(b, start, to);
                if (v4 < 0 || count > 6) return null;
                hi = (hi << 32) | (lo >>> 32);
                lo = (lo << 32) | v4;
                count += 2;
                break;
            }
            if (i == start || count == 8) return null;
            hi = (hi << 16) | (lo >>> 48);
            lo = (lo << 16) | g;
            count++;
            if (i == to) break;
            if (b[i] != ':') return null;
            i++;
            if (i < to && b[i] == ':') {
                if (gap >= 0) return null;
                gap = count;
                i++;
            } else if (i == to) {
                return null;
            }
        }
        if (gap < 0 && count != 8) return null;
        if (gap >= 0 && count > 7) return null;
        if (gap >= 0) {
            // the groups after the gap stay in the low bits; those before it move up past the missing zero groups
            int tailBits = 16 * (count - gap);
            int shift = 16 * (8 - count);
            long tailHi = tailBits > 64 ? hi & ((1L << (tailBits - 64)) - 1) : 0;
            long tailLo = tailBits >= 64 ? lo : tailBits == 0 ? 0 : lo & ((1L << tailBits) - 1);
            long frontHi = tailBits >= 64 ? hi & ~((tailBits == 64 ? 0 : (1L << (tailBits - 64)) - 1)) : hi;
            long frontLo = tailBits >= 64 ? 0 : tailBits == 0 ? lo : lo & ~((1L << tailBits) - 1);
            // (frontHi, frontLo) << shift
            long sHi;
            long sLo;
            if (shift == 0) {
                sHi = frontHi;
                sLo = frontLo;
            } else if (shift < 64) {
                sHi = (frontHi << shift) | (frontLo >>> (64 - shift));
                sLo = frontLo << shift;
            } else {
                sHi = frontLo << (shift - 64);
                sLo = 0;
            }
            hi = sHi | tailHi;
            lo = sLo | tailLo;
        }
        return new IpAddress(true, hi, lo);
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** The canonical text (see the class comment). */
    public String text() {
        return format(v6, hi, lo);
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * Whether (v6, hi, lo) is a group address, one that only ever receives: IPv4 multicast (224/4) or the limited
     * broadcast 255.255.255.255 (also IPv4-mapped), IPv6 multicast (ff00::/8).
     */
    public static boolean isGroup(boolean v6, long hi, long lo) {
        if (v6 && !(hi == 0 && lo >>> 32 == 0xFFFF)) return (hi >>> 56) == 0xFF;
        long v4 = lo & 0xFFFFFFFFL;
        return (v4 >>> 28) == 0xE || v4 == 0xFFFFFFFFL;
    }

    /** The canonical text of an address given as its two longs. */
    public static String format(boolean v6, long hi, long lo) {
        if (!v6) {
            return ((lo >>> 24) & 255) + "." + ((lo >>> 16) & 255) + "." + ((lo >>> 8) & 255) + "." + (lo & 255);
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFF) {
            // IPv4-mapped: RFC 5952 section 5 writes the IPv4 part dotted
            return "::ffff:" + format(false, 0, lo & 0xFFFFFFFFL);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
        }
        // the longest run of two or more zero groups, the first one on ties
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int s = k;
            while (k < 8 && g[k] == 0) k++;
            if (k - s > bestLen) {
                bestStart = s;
                bestLen = k - s;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
    // written out, as in every record compared at run time: a record's generated equals/hashCode bootstrap through
    // method handles on first use, spinning classes the JIT then compiles (README, "Performance")
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && lo == a.lo && hi == a.hi && v6 == a.v6;
    }

    @Override
    public int hashCode() {
        long h = (lo ^ (v6 ? 0x5BD1E9955BD1E995L : 0)) * 0x9E3779B97F4A7C15L + hi;
        return (int) (h ^ (h >>> 32));
    }
}
