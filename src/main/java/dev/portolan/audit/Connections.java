package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.FlowTraits;

import java.util.Set;

/**
 * Connection rows of snapshots, kept as they arrive until anyone knows which side listens (that needs every
 * listener of the dump): at the end each row is oriented and folded into its service group. The rows wait in
 * {@link DeferredRows} (a bounded number in memory, the rest in a temporary file), so memory grows with the service
 * groups, never with the rows.
 */
final class Connections {
    private static final FlowTraits SNAPSHOT = new FlowTraits(false, false, false, FlowTraits.Attempt.NONE);
    private final EvidenceOrder order;
    private final DeferredRows rows;
    /** Which local ports face several remote ends (a server's, where no listening row says so). */
    private final dev.portolan.model.FanIn fanIn = new dev.portolan.model.FanIn();

    Connections(EvidenceOrder order) {
        this(order, new DeferredRows());
    }

    Connections(EvidenceOrder order, DeferredRows rows) {
        this.order = order;
        this.rows = rows;
    }

    void add(Connection c) {
        if (!c.proto().hasPorts() || c.remotePort() <= 0 || Addresses.isWildcard(c.remoteAddress())) return;
        rows.add(c, order.position(c.evidence()));
        fanIn.add(c);
    }

    boolean isEmpty() {
        return rows.size() == 0;
    }

    /**
     * Orients every row ({@link Connection#inbound}: who initiated is guessed from which side holds a listener port,
     * else which side's port is ephemeral, else which side's port is well-known, else whether the local port faces
     * several remote ends) and folds it into {@code into}; the rows are gone
     * afterwards.
     */
    void orient(Set<Long> listening, RoleView self, ServiceAggregator into) {
        rows.drain(r -> {
            Connection c = r.connection();
            boolean localListens = listening.contains(ListenerAudit.key(c.proto(), c.localPort()));
            boolean inbound = c.inbound(localListens, fanIn, self.host.ephemeralRange());
            boolean local = Addresses.isLoopback(c.remoteAddress()) || c.remoteAddress().equals(c.localAddress());
            Direction d = local ? Direction.LOCAL : inbound ? Direction.INBOUND : Direction.OUTBOUND;
            String orig = inbound ? c.remoteAddress() : c.localAddress();
            int origPort = inbound ? c.remotePort() : c.localPort();
            String resp = inbound ? c.localAddress() : c.remoteAddress();
            int respPort = inbound ? c.localPort() : c.remotePort();
            long remoteHash = DistinctCount.hash(c.remoteAddress());
            into.tally(into.keyOf(c.proto(), 0, orig, origPort, resp, respPort, d, SNAPSHOT)).addRow(orig,
                    inbound ? remoteHash : DistinctCount.hash(orig), origPort, resp, respPort,
                    // a socket is told apart by the remote address and both ports (as in every earlier fold of rows)
                    DistinctCount.combine(remoteHash, ((long) c.localPort() << 16) | c.remotePort()), c.evidence(), r.position());
        });
    }
}
