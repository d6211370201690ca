package dev.portolan.model;

import java.util.Locale;

/** Transport protocol of a listener, flow or catalog entry. */
public enum Protocol {
    // SCTP, DCCP and UDP-Lite come last so that the older values keep their ordinals (spilled rows and fan-in keys
    // carry them) and their order among themselves
    TCP, UDP, ICMP, ICMPV6, OTHER, SCTP, DCCP, UDPLITE;

    /** The lower-case name, made once (reports print it for every flow and evidence line). */
    private final String label = name().toLowerCase(Locale.ROOT);

    /**
     * Parses tcp/udp/sctp/dccp/udplite/icmp/icmpv6 (any case, "tcp6"/"udp4" suffixes allowed) or an IP protocol
     * number.
     */
    public static Protocol parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("protocol is missing");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        // before "udp": UDP-Lite is a protocol of its own (136), not UDP
        if (t.equals("udplite") || t.equals("udp-lite") || t.equals("136")) return UDPLITE;
        if (t.startsWith("tcp")) return TCP;
        if (t.startsWith("udp")) return UDP;
        if (t.startsWith("sctp") || t.equals("132")) return SCTP;
        if (t.startsWith("dccp") || t.equals("33")) return DCCP;
        if (t.equals("icmpv6") || t.equals("ipv6-icmp") || t.equals("icmp6") || t.equals("58")) return ICMPV6;
        if (t.startsWith("icmp") || t.equals("1")) return ICMP;
        if (t.equals("6")) return TCP;
        if (t.equals("17")) return UDP;
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) return OTHER;
        throw new IllegalArgumentException("unknown protocol '" + text
                + "' (expected tcp, udp, sctp, dccp, udplite, icmp, icmpv6 or a protocol number)");
    }

    /** Protocol for an IP protocol number (6, 17, 132, 33, 136, 1, 58); anything else is OTHER. */
    public static Protocol ofNumber(int number) {
        switch (number) {
            case 6: return TCP;
            case 17: return UDP;
            case 1: return ICMP;
            case 58: return ICMPV6;
            case 132: return SCTP;
            case 33: return DCCP;
            case 136: return UDPLITE;
            default: return OTHER;
        }
    }

    /**
     * The protocol of a firewall log's line of IP protocol {@code number}: as {@link #ofNumber}, except the transports
     * whose ports the Windows Firewall log does not give (it writes src-port and dst-port for TCP and UDP only, '-'
     * else): SCTP, DCCP and UDP-Lite lines stay OTHER, a flow between two hosts, not one of port 0 to port 0.
     */
    public static Protocol ofLoggedNumber(int number) {
        Protocol p = ofNumber(number);
        return p == SCTP || p == DCCP || p == UDPLITE ? OTHER : p;
    }

    public String label() {
        return label;
    }

    /** TCP, UDP and the transports that share their port layout (SCTP, DCCP, UDP-Lite): flows and catalog rows have ports. */
    public boolean hasPorts() {
        return this == TCP || this == UDP || this == SCTP || this == DCCP || this == UDPLITE;
    }

    /**
     * The protocols with ports as a message lists them, each after {@code prefix}: "tcp, udp, sctp, dccp or udplite"
     * ({@code ""}), "/tcp, /udp, … or /udplite" ({@code "/"}).
     */
    public static String portedLabels(String prefix) {
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (Protocol p : values()) if (p.hasPorts()) labels.add(prefix + p.label());
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
}
