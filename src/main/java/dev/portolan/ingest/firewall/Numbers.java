package dev.portolan.ingest.firewall;

/** Decimal numbers straight from bytes. */
final class Numbers {
    private Numbers() {
    }

    /** Non-negative decimal in {@code b[s, e)} (at most 18 digits), or -1. */
    static long parse(byte[] b, int s, int e) {
        if (e <= s || e - s > 18) return -1;
        long n = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            n = n * 10 + d;
        }
        return n;
    }
}
