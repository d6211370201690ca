package dev.portolan.model;

/**
 * A stretch of ports (originator ports, and responder ports of TCP/UDP from 1024 up) that no catalog entry names and that lies wholly inside or wholly outside every
 * ephemeral range in play: to the audit all its ports are alike, so flows from them fold into one service group.
 */
public record PortClass(int low, int high) {

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    // written out (the same values as a record's own): hashed with every flow and connection row of an audit
    @Override
    public int hashCode() {
        return 31 * low + high;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortClass p && low == p.low && high == p.high;
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
