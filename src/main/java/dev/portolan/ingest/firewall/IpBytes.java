package dev.portolan.ingest.firewall;

/**
 * Parses IPv4/IPv6 addresses straight from log bytes into two longs (no String, no regex), and
 * formats them back canonically. IPv4 is {@code hi = 0, lo = a.b.c.d}; a flag tells the families
 * apart so {@code ::1.2.3.4} and {@code 1.2.3.4} never collide.
 */
final class IpBytes {
    /** Result slots of the last successful parse (one parser instance per thread). */
    long hi;
    long lo;
    boolean v6;
    private final int[] groups = new int[8];
    private final int[] full = new int[8];

    /** Parses {@code b[from, to)}; returns false when it is not a valid address. */
    boolean parse(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ':') return parseV6(b, from, to);
        }
        long v4 = parseV4(b, from, to);
        if (v4 < 0) return false;
        hi = 0;
        lo = v4;
        v6 = false;
        return true;
    }

    /** Dotted quad as an unsigned 32-bit value, or -1. */
    static long parseV4(byte[] b, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int n = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                n = n * 10 + (b[i] - '0');
                i++;
                if (i - start > 3) return -1;
            }
            if (i == start || n > 255) return -1;
            value = (value << 8) | n;
            octets++;
            if (i == to) break;
            if (b[i] != '.' || octets == 4) return -1;
            i++;
            if (i == to) return -1;
        }
        return octets == 4 ? value : -1;
    }

    private boolean parseV6(byte[] b, int from, int to) {
        // a zone index ("%12") names the interface, not the address: ignore it
        for (int i = from; i < to; i++) {
            if (b[i] == '%') {
                to = i;
                break;
            }
        }
        int[] groups = this.groups;
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && b[from] == ':' && b[from + 1] == ':') {
            gap = 0;
            i = from + 2;
        } else if (to > from && b[from] == ':') {
            return false;
        }
        while (i < to) {
            int start = i;
            int g = 0;
            while (i < to && hexValue(b[i]) >= 0) {
                g = (g << 4) | hexValue(b[i]);
                i++;
                if (i - start > 4) return false;
            }
            if (i < to && b[i] == '.') {
                // embedded IPv4 tail (::ffff:1.2.3.4)
                long v4 = parseV4(b, start, to);
                if (v4 < 0 || count > 6) return false;
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            if (i == start || count == 8) return false;
            groups[count++] = g;
            if (i == to) break;
            if (b[i] != ':') return false;
            i++;
            if (i < to && b[i] == ':') {
                if (gap >= 0) return false;
                gap = count;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        if (gap < 0 && count != 8) return false;
        if (gap >= 0 && count > 7) return false;
        int[] full = this.full;
        java.util.Arrays.fill(full, 0);
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long h = 0;
        long l = 0;
        for (int k = 0; k < 4; k++) h = (h << 16) | full[k];
        for (int k = 4; k < 8; k++) l = (l << 16) | full[k];
        hi = h;
        lo = l;
        v6 = true;
        return true;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Dotted quad for IPv4, RFC 5952 text (lower case, longest zero run as ::) for IPv6. */
    static String format(boolean v6, long hi, long lo) {
        if (!v6) {
            return ((lo >>> 24) & 255) + "." + ((lo >>> 16) & 255) + "." + ((lo >>> 8) & 255) + "." + (lo & 255);
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFF) {
            // IPv4-mapped: RFC 5952 writes the IPv4 part dotted
            return "::ffff:" + format(false, 0, lo & 0xFFFFFFFFL);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
        }
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
}
