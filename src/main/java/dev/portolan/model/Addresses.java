package dev.portolan.model;


/** Small, allocation-light helpers for addresses as text (no DNS lookups, ever). */
public final class Addresses {
    private Addresses() {
    }

    /** True for 127.0.0.0/8, ::1, ::ffff:127.x and "localhost". */
    public static boolean isLoopback(String address) {
        if (address == null) return false;
        String a = stripScope(address);
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1") || a.regionMatches(true, 0, "::ffff:127.", 0, 11)
                || a.equalsIgnoreCase("localhost");
    }

    /** True for the unspecified (wildcard) addresses 0.0.0.0, ::, *, and empty. */
    public static boolean isWildcard(String address) {
        if (address == null) return true;
        String a = stripScope(address);
        return a.isEmpty() || a.equals("*") || a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]")
                || a.equals("0:0:0:0:0:0:0:0");
    }

    /** Removes an IPv6 zone ("fe80::1%4" becomes "fe80::1") and surrounding brackets. */
    public static String stripScope(String address) {
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        int pct = a.indexOf('%');
        return pct >= 0 ? a.substring(0, pct) : a;
    }

    public static boolean isIpv6(String address) {
        return address != null && address.indexOf(':') >= 0;
    }

    /** "1.2.3.4:80" or "[::1]:80". */
    public static String endpoint(String address, int port) {
        if (address == null || address.isEmpty()) address = "*";
        return isIpv6(address) ? "[" + address + "]:" + port : address + ":" + port;
    }
}
