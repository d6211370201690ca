package dev.portolan.catalog;

import dev.portolan.model.PortRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The port column of a catalog row: one or more ranges, or a special value the documents use
 * instead of a number ({@code rpc-dynamic}: a DCE-RPC port assigned at run time; {@code odbc}:
 * whatever the ODBC driver uses).
 */
public final class PortSpec {
    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s,;]+");

    /** Ports that are not numbers in the vendor documents. */
    public enum Special { NONE, RPC_DYNAMIC, ODBC }

    private final List<PortRange> ranges;
    private final Special special;

    private PortSpec(List<PortRange> ranges, Special special) {
        this.ranges = List.copyOf(ranges);
        this.special = special;
    }

    public static PortSpec of(PortRange... ranges) {
        return new PortSpec(List.of(ranges), Special.NONE);
    }

    /** Parses "2856", "56700-56899", "3000 4935 5935", "rpc-dynamic", "odbc". */
    public static PortSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("port is empty (expected e.g. 2856, 56700-56899, '3000 4935 5935', rpc-dynamic or odbc)");
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("rpc-dynamic")) return new PortSpec(List.of(), Special.RPC_DYNAMIC);
        if (lower.equals("odbc")) return new PortSpec(List.of(), Special.ODBC);
        List<PortRange> out = new ArrayList<>();
        for (String part : SEPARATORS.split(t)) {
            if (!part.isEmpty()) out.add(PortRange.parse(part));
        }
        out.sort(null);
        return new PortSpec(out, Special.NONE);
    }

    public List<PortRange> ranges() {
        return ranges;
    }

    public Special special() {
        return special;
    }

    public boolean isNumeric() {
        return special == Special.NONE;
    }

    public boolean contains(int port) {
        for (PortRange r : ranges) if (r.contains(port)) return true;
        return false;
    }

    /** True when some port of the spec satisfies the test (never for specials: they have no numbers). */
    public boolean anyMatch(java.util.function.IntPredicate test) {
        for (PortRange r : ranges) if (r.anyMatch(test)) return true;
        return false;
    }

    public boolean overlaps(PortSpec other) {
        for (PortRange a : ranges)
            for (PortRange b : other.ranges) if (a.overlaps(b)) return true;
        return false;
    }

    /** Number of distinct ports (0 for specials). */
    public int size() {
        int n = 0;
        for (PortRange r : ranges) n += r.size();
        return n;
    }

    /** The first port, or -1 for specials. */
    public int first() {
        return ranges.isEmpty() ? -1 : ranges.get(0).low();
    }

    @Override
    public String toString() {
        if (special == Special.RPC_DYNAMIC) return "rpc-dynamic";
        if (special == Special.ODBC) return "odbc";
        StringBuilder sb = new StringBuilder();
        for (PortRange r : ranges) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(r);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSpec p && p.ranges.equals(ranges) && p.special == special;
    }

    @Override
    public int hashCode() {
        return ranges.hashCode() * 31 + special.hashCode();
    }
}
