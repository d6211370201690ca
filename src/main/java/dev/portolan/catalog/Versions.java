package dev.portolan.catalog;

/** Compares dotted version strings part by part numerically ("4.33" > "4.4" > "4.0"), however long the numbers;
 * other text lexically. */
final class Versions {
    private Versions() {
    }

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("v?\\d+(\\.\\d+)*");

    static boolean isVersion(String s) {
        return !s.isEmpty() && VERSION.matcher(s).matches();
    }

    static int compare(String a, String b) {
        String x = a.startsWith("v") ? a.substring(1) : a;
        String y = b.startsWith("v") ? b.substring(1) : b;
        if (!isVersion(x) || !isVersion(y)) return x.compareTo(y);
        String[] p = x.split("\\.");
        String[] q = y.split("\\.");
        for (int i = 0; i < Math.max(p.length, q.length); i++) {
            int c = compareNumbers(i < p.length ? p[i] : "0", i < q.length ? q[i] : "0");
            if (c != 0) return c;
        }
        return 0;
    }

    /** Compares two digit strings as numbers of any length (no overflow: 99999999999999999999 is just long). */
    static int compareNumbers(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) return Integer.compare(x.length(), y.length());
        return x.compareTo(y);
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
        return digits.substring(i);
    }
}
