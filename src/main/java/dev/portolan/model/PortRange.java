package dev.portolan.model;

/** An inclusive port range; a single port has {@code low == high}. */
public record PortRange(int low, int high) implements Comparable<PortRange> {

    public PortRange {
        if (low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException("bad port range " + low + "-" + high + " (expected 0-65535, low <= high)");
        }
    }

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Parses "80" or "56700-56899" (also with "~" or "〜" as the dash, as in the Japanese seeds). */
    public static PortRange parse(String text) {
        String t = text.trim().replace('~', '-').replace('〜', '-').replace('～', '-').replace('–', '-');
        int dash = t.indexOf('-', 1);
        try {
            if (dash < 0) return of(Integer.parseInt(t));
            return new PortRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + text + "' (expected a number 0-65535 or a range like 56700-56899)");
        }
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** True when some port of the range satisfies the test. */
    public boolean anyMatch(java.util.function.IntPredicate test) {
        for (int port = low; port <= high; port++) if (test.test(port)) return true;
        return false;
    }

    public boolean overlaps(PortRange other) {
        return low <= other.high && other.low <= high;
    }

    public int size() {
        return high - low + 1;
    }

    @Override
    public int compareTo(PortRange o) {
        return low != o.low ? Integer.compare(low, o.low) : Integer.compare(high, o.high);
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
    // written out, as in every record compared at run time: a record's generated equals/hashCode bootstrap through
    // method handles on first use, spinning classes the JIT then compiles (README, "Performance")
    @Override
    public boolean equals(Object o) {
        return o instanceof PortRange r && low == r.low && high == r.high;
    }

    @Override
    public int hashCode() {
        return low * 65537 + high;
    }
}
