package dev.portolan.model;

/** Direction of a flow relative to the audited host. */
public enum Direction {
    INBOUND, OUTBOUND, FORWARD, LOCAL, UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
