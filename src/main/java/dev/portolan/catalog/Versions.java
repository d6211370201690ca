package dev.portolan.catalog;

/** Compares dotted version strings part by part numerically ("4.33" > "4.4" > "4.0"); other text lexically. */
final class Versions {
    private Versions() {
    }

    static boolean isVersion(String s) {
        return !s.isEmpty() && s.matches("v?\\d+(\\.\\d+)*");
    }

    static int compare(String a, String b) {
        String x = a.startsWith("v") ? a.substring(1) : a;
        String y = b.startsWith("v") ? b.substring(1) : b;
        if (!isVersion(x) || !isVersion(y)) return x.compareTo(y);
        String[] p = x.split("\\.");
        String[] q = y.split("\\.");
        for (int i = 0; i < Math.max(p.length, q.length); i++) {
            long u = i < p.length ? Long.parseLong(p[i]) : 0;
            long v = i < q.length ? Long.parseLong(q[i]) : 0;
            if (u != v) return Long.compare(u, v);
        }
        return 0;
    }
}
