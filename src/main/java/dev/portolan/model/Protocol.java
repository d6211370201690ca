package dev.portolan.model;

import java.util.Locale;

/** Transport protocol of a listener, flow or catalog entry. */
public enum Protocol {
    TCP, UDP, ICMP, ICMPV6, OTHER;

    /** The lower-case name, made once (reports print it for every flow and evidence line). */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** Parses tcp/udp/icmp/icmpv6 (any case, "tcp6"/"udp4" suffixes allowed) or an IP protocol number. */
    public static Protocol parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("protocol is missing");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("tcp")) return TCP;
        if (t.startsWith("udp")) return UDP;
        if (t.equals("icmpv6") || t.equals("ipv6-icmp") || t.equals("icmp6") || t.equals("58")) return ICMPV6;
        if (t.startsWith("icmp") || t.equals("1")) return ICMP;
        if (t.equals("6")) return TCP;
        if (t.equals("17")) return UDP;
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) return OTHER;
        throw new IllegalArgumentException("unknown protocol '" + text + "' (expected tcp, udp, icmp, icmpv6 or a protocol number)");
    }

    /** Protocol for an IP protocol number (6, 17, 1, 58); anything else is OTHER. */
    public static Protocol ofNumber(int number) {
        switch (number) {
            case 6: return TCP;
            case 17: return UDP;
            case 1: return ICMP;
            case 58: return ICMPV6;
            default: return OTHER;
        }
    }

    public String label() {
        return label;
    }

    public boolean hasPorts() {
        return this == TCP || this == UDP;
    }
}
