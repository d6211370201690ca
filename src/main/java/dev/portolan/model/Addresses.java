package dev.portolan.model;


/** Small, allocation-light helpers for addresses as text (no DNS lookups, ever). */
public final class Addresses {
    private Addresses() {
    }

    /** True for 127.0.0.0/8, ::1, ::ffff:127.x and "localhost". */
    public static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) return false;
        // most addresses are decided by their first character (a zone or brackets never change the first digit)
        char c = address.charAt(0);
        if (c >= '2' && c <= '9') return false;
        if (c == '1') return address.startsWith("127.");
        // on the address without zone and brackets, in place (called for every connection row of a fleet)
        int from = strippedFrom(address);
        int n = strippedTo(address, from) - from;
        return (n >= 4 && address.startsWith("127.", from))
                || (n == 3 && address.startsWith("::1", from))
                || (n == 15 && address.startsWith("0:0:0:0:0:0:0:1", from))
                || (n >= 11 && address.regionMatches(true, from, "::ffff:127.", 0, 11))
                || (n == 9 && address.regionMatches(true, from, "localhost", 0, 9))
                // Debian's /etc/hosts names ::1 so; netstat and lsof without -n print it
                || (n == 13 && address.regionMatches(true, from, "ip6-localhost", 0, 13))
                || (n == 12 && address.regionMatches(true, from, "ip6-loopback", 0, 12))
                // a link-local address on the loopback interface (BSD and macOS give lo0 fe80::1): reachable from the
                // host alone
                || (n >= 5 && address.regionMatches(true, from, "fe80:", 0, 5) && loopbackZone(address));
    }

    /** The zone after '%' names the loopback interface: "lo0" (BSD, macOS) or "lo" (Linux). */
    private static boolean loopbackZone(String address) {
        int pct = address.indexOf('%');
        if (pct < 0) return false;
        int end = address.length();
        if (address.charAt(end - 1) == ']') end--;
        int n = end - pct - 1;
        return (n == 3 && address.regionMatches(true, pct + 1, "lo0", 0, 3)) || (n == 2 && address.regionMatches(true, pct + 1, "lo", 0, 2));
    }

    /** True for the unspecified (wildcard) addresses 0.0.0.0, ::, *, and empty. */
    public static boolean isWildcard(String address) {
        if (address == null || address.isEmpty()) return true;
        char c = address.charAt(0);
        if (c >= '1' && c <= '9') return false;
        int from = strippedFrom(address);
        int n = strippedTo(address, from) - from;
        return n == 0
                || (n == 1 && address.charAt(from) == '*')
                || (n == 7 && address.startsWith("0.0.0.0", from))
                || (n == 2 && address.startsWith("::", from))
                || (n == 4 && address.startsWith("[::]", from))
                || (n == 15 && address.startsWith("0:0:0:0:0:0:0:0", from));
    }

    /** {@code text.equals(stripScope(address))}, without making the stripped copy. */
    public static boolean equalsStripped(String text, String address) {
        int from = strippedFrom(address);
        int n = strippedTo(address, from) - from;
        return text.length() == n && text.regionMatches(0, address, from, n);
    }

    /** Where {@link #stripScope}'s result starts in {@code a}. */
    private static int strippedFrom(String a) {
        return a.startsWith("[") && a.endsWith("]") ? 1 : 0;
    }

    /** Where {@link #stripScope}'s result ends in {@code a}, given where it starts. */
    private static int strippedTo(String a, int from) {
        int to = from == 1 ? a.length() - 1 : a.length();
        int pct = a.indexOf('%', from);
        return pct >= 0 && pct < to ? pct : to;
    }

    /** Removes an IPv6 zone ("fe80::1%4" becomes "fe80::1") and surrounding brackets. */
    public static String stripScope(String address) {
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        int pct = a.indexOf('%');
        return pct >= 0 ? a.substring(0, pct) : a;
    }

    /**
     * True for an address that tells no one host's own: the wildcard, loopback, multicast, broadcast (255.255.255.255 and
     * any x.x.x.255, a /24's), link-local (169.254/16, fe80::/16) — and anything that is no address. A firewall log's
     * "own side" of SSDP or mDNS traffic is such a group address, which every host on the network receives.
     */
    public static boolean namesNoOneHost(String address) {
        if (address == null || isWildcard(address) || isLoopback(address)) return true;
        IpAddress ip = IpAddress.parse(stripScope(address));
        if (ip == null || IpAddress.isGroup(ip.v6(), ip.hi(), ip.lo())) return true;
        if (ip.v6() && !(ip.hi() == 0 && ip.lo() >>> 32 == 0xFFFF)) return (ip.hi() >>> 48) == 0xFE80;
        long v4 = ip.lo() & 0xFFFFFFFFL;
        return (v4 & 0xFF) == 0xFF || (v4 >>> 16) == 0xA9FE;
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
