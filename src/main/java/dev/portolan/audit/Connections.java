package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.Evidence;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.PortClass;
import dev.portolan.model.Protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Connection rows of snapshots folded as they arrive, before anyone knows which side listens (that needs every
 * listener of the dump): by local endpoint and by remote address and port as far as the audit distinguishes them
 * ({@link AuditUnits}). At the end each fold is oriented like one row and added to the service groups.
 */
final class Connections {
    private final AuditUnits units;
    private final EvidenceOrder order;
    private final Map<Key, Fold> folds = new LinkedHashMap<>();

    private record Key(Protocol proto, String local, int localPort, String remote, int remotePort, PortClass remoteClass) {
    }

    /** The rows of one key: the earliest row stands for them all. */
    private static final class Fold {
        Connection first;
        long firstPosition = Long.MAX_VALUE;
        long rows;
        final DistinctCount sockets = new DistinctCount();
        final DistinctCount remotes = new DistinctCount();
        final DistinctCount remotePorts = new DistinctCount();
        final Sample<Integer> remotePortSample = new Sample<>(dev.portolan.model.ServiceGroup.MAX_SAMPLE_PORTS);
        final Sample<String> remoteSample = new Sample<>(dev.portolan.model.ServiceGroup.MAX_SAMPLE_ORIGINATORS);
        final Sample<Evidence> evidence = new Sample<>(dev.portolan.model.Flow.MAX_EVIDENCE);
    }

    Connections(AuditUnits units, EvidenceOrder order) {
        this.units = units;
        this.order = order;
    }

    void add(Connection c) {
        if (!c.proto().hasPorts() || c.remotePort() <= 0 || Addresses.isWildcard(c.remoteAddress())) return;
        PortClass rc = units.classOf(c.proto(), c.remotePort(), false);
        String remote = units.keepsAddress(c.remoteAddress(), c.localAddress()) ? c.remoteAddress() : null;
        Fold f = folds.computeIfAbsent(new Key(c.proto(), c.localAddress(), c.localPort(), remote, rc == null ? c.remotePort() : -1, rc),
                k -> new Fold());
        long at = order.position(c.evidence());
        if (at < f.firstPosition || f.first == null) {
            f.first = c;
            f.firstPosition = at;
        }
        f.rows++;
        f.sockets.add(DistinctCount.combine(DistinctCount.hash(c.remoteAddress()), ((long) c.localPort() << 16) | c.remotePort()));
        f.remotes.add(DistinctCount.hash(c.remoteAddress()));
        f.remoteSample.add(c.remoteAddress(), at);
        f.remotePorts.add(DistinctCount.combine(0, c.remotePort()));
        f.remotePortSample.add(c.remotePort(), at);
        if (c.evidence() != null) f.evidence.add(c.evidence(), at);
    }

    boolean isEmpty() {
        return folds.isEmpty();
    }

    /**
     * Orients every fold (who initiated is guessed from which side holds a listener port, else which side's port
     * is ephemeral) and adds it to {@code into}.
     */
    void orient(Set<Long> listening, RoleView self, ServiceAggregator into) {
        FlowTraits snapshot = new FlowTraits(false, false, false, FlowTraits.Attempt.NONE);
        for (Fold f : folds.values()) {
            Connection c = f.first;
            boolean localListens = listening.contains(ListenerAudit.key(c.proto(), c.localPort()));
            boolean inbound = localListens || (!self.isEphemeral(c.localPort()) && self.isEphemeral(c.remotePort()));
            boolean local = Addresses.isLoopback(c.remoteAddress()) || c.remoteAddress().equals(c.localAddress());
            Direction d = local ? Direction.LOCAL : inbound ? Direction.INBOUND : Direction.OUTBOUND;
            GroupTally t = new GroupTally();
            t.flows.addAll(f.sockets);
            t.packets = f.rows;
            t.evidenceCount = f.rows;
            for (Evidence e : f.evidence.items()) t.evidence.add(e, order.position(e));
            ServiceAggregator.Key k;
            if (inbound) {
                t.originators.addAll(f.remotes);
                t.sampleOriginators.addAll(f.remoteSample);
                t.firstOriginator.add(new GroupTally.Endpoint(c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort()),
                        f.firstPosition);
                t.respPorts.add(DistinctCount.combine(0, c.localPort()));
                t.sampleRespPorts.add(c.localPort(), f.firstPosition);
                k = into.keyOf(c.proto(), 0, c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort(), d, snapshot);
            } else {
                t.originators.add(DistinctCount.hash(c.localAddress()));
                t.sampleOriginators.add(c.localAddress(), f.firstPosition);
                t.firstOriginator.add(new GroupTally.Endpoint(c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort()),
                        f.firstPosition);
                t.respPorts.addAll(f.remotePorts);
                t.sampleRespPorts.addAll(f.remotePortSample);
                k = into.keyOf(c.proto(), 0, c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort(), d, snapshot);
            }
            into.add(k, t);
        }
    }
}
