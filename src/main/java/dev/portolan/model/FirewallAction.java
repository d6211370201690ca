package dev.portolan.model;

import java.util.Locale;

/** Actions a Windows Firewall log line can carry. */
public enum FirewallAction {
    ALLOW, DROP, OPEN, CLOSE, OPEN_INBOUND, INFO_EVENTS_LOST, OTHER;

    /** values() without a new array per call (it is read per flow); never written. */
    static final FirewallAction[] ALL = values();

    public static FirewallAction parse(String text) {
        switch (text.toUpperCase(Locale.ROOT)) {
            case "ALLOW": return ALLOW;
            case "DROP": return DROP;
            case "OPEN": return OPEN;
            case "CLOSE": return CLOSE;
            case "OPEN-INBOUND": return OPEN_INBOUND;
            case "INFO-EVENTS-LOST": return INFO_EVENTS_LOST;
            default: return OTHER;
        }
    }

    /** True for actions that let the traffic through (ALLOW, OPEN, OPEN-INBOUND). */
    public boolean passes() {
        return this == ALLOW || this == OPEN || this == OPEN_INBOUND;
    }

    public String label() {
        return name().replace('_', '-');
    }
}
