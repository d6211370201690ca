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
        // written out (the same values as a record's own): a record's generated methods go through method handles,
        // and this key is hashed for every row
        @Override
        public int hashCode() {
            int h = proto.hashCode();
            h = 31 * h + java.util.Objects.hashCode(local);
            h = 31 * h + localPort;
            h = 31 * h + (remote == null ? 0 : remote.hashCode());
            h = 31 * h + remotePort;
            return 31 * h + (remoteClass == null ? 0 : remoteClass.hashCode());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && proto == k.proto && localPort == k.localPort && remotePort == k.remotePort
                    && java.util.Objects.equals(local, k.local) && java.util.Objects.equals(remote, k.remote)
                    && java.util.Objects.equals(remoteClass, k.remoteClass);
        }
    }

    /**
     * The rows of one key: the earliest row stands for them all. Most folds hold a single row (an outbound
     * connection, from a port of its own): their counts are made only when a second row comes.
     */
    private static final class Fold {
        Connection first;
        long firstPosition = Long.MAX_VALUE;
        long rows;
        /** The row added first and its position, while it is the only one. */
        Connection only;
        long onlyPosition;
        /** Null while the fold holds one row. */
        Counts counts;
    }

    /** What a fold of several rows counts. */
    private static final class Counts {
        final DistinctCount sockets = new DistinctCount();
        final DistinctCount remotes = new DistinctCount();
        final DistinctCount remotePorts = new DistinctCount();
        final Sample<Integer> remotePortSample = new Sample<>(dev.portolan.model.ServiceGroup.MAX_SAMPLE_PORTS);
        final Sample<String> remoteSample = new Sample<>(dev.portolan.model.ServiceGroup.MAX_SAMPLE_ORIGINATORS);
        final Sample<Evidence> evidence = new Sample<>(dev.portolan.model.Flow.MAX_EVIDENCE);

        void add(Connection c, long at) {
            sockets.add(socket(c));
            remotes.add(DistinctCount.hash(c.remoteAddress()));
            remoteSample.add(c.remoteAddress(), at);
            remotePorts.add(DistinctCount.combine(0, c.remotePort()));
            remotePortSample.add(c.remotePort(), at);
            if (c.evidence() != null) evidence.add(c.evidence(), at);
        }
    }

    /** A row's socket pair as the distinct flows count it. */
    private static long socket(Connection c) {
        return DistinctCount.combine(DistinctCount.hash(c.remoteAddress()), ((long) c.localPort() << 16) | c.remotePort());
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
        if (++f.rows == 1) {
            f.only = c;
            f.onlyPosition = at;
            return;
        }
        if (f.counts == null) {
            f.counts = new Counts();
            f.counts.add(f.only, f.onlyPosition);
            f.only = null;
        }
        f.counts.add(c, at);
    }

    boolean isEmpty() {
        return folds.isEmpty();
    }

    /**
     * Orients every fold (who initiated is guessed from which side holds a listener port, else which side's port
     * is ephemeral) and adds it to its service group in {@code into}: folds of one group (the outbound connections
     * of one remote service, each from its own port) go straight into the group's tally.
     */
    void orient(Set<Long> listening, RoleView self, ServiceAggregator into) {
        FlowTraits snapshot = new FlowTraits(false, false, false, FlowTraits.Attempt.NONE);
        for (Fold f : folds.values()) {
            Connection c = f.first;
            boolean localListens = listening.contains(ListenerAudit.key(c.proto(), c.localPort()));
            boolean inbound = localListens || (!self.isEphemeral(c.localPort()) && self.isEphemeral(c.remotePort()));
            boolean local = Addresses.isLoopback(c.remoteAddress()) || c.remoteAddress().equals(c.localAddress());
            Direction d = local ? Direction.LOCAL : inbound ? Direction.INBOUND : Direction.OUTBOUND;
            GroupTally t = inbound
                    ? into.tally(into.keyOf(c.proto(), 0, c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort(), d, snapshot))
                    : into.tally(into.keyOf(c.proto(), 0, c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort(), d, snapshot));
            Counts n = f.counts;
            Connection only = f.only;
            if (n == null) {
                t.flows.add(socket(only));
            } else {
                t.flows.addAll(n.sockets);
            }
            t.packets += f.rows;
            t.evidenceCount += f.rows;
            if (n == null) {
                if (only.evidence() != null) t.evidence.add(only.evidence(), order.position(only.evidence()));
            } else {
                for (Evidence e : n.evidence.items()) t.evidence.add(e, order.position(e));
            }
            if (inbound) {
                if (n == null) {
                    t.originators.add(DistinctCount.hash(only.remoteAddress()));
                    t.sampleOriginators.add(only.remoteAddress(), f.onlyPosition);
                } else {
                    t.originators.addAll(n.remotes);
                    t.sampleOriginators.addAll(n.remoteSample);
                }
                t.firstOriginator.add(new GroupTally.Endpoint(c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort()),
                        f.firstPosition);
                t.respPorts.add(DistinctCount.combine(0, c.localPort()));
                t.sampleRespPorts.add(c.localPort(), f.firstPosition);
            } else {
                t.originators.add(DistinctCount.hash(c.localAddress()));
                t.sampleOriginators.add(c.localAddress(), f.firstPosition);
                t.firstOriginator.add(new GroupTally.Endpoint(c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort()),
                        f.firstPosition);
                if (n == null) {
                    t.respPorts.add(DistinctCount.combine(0, only.remotePort()));
                    t.sampleRespPorts.add(only.remotePort(), f.onlyPosition);
                } else {
                    t.respPorts.addAll(n.remotePorts);
                    t.sampleRespPorts.addAll(n.remotePortSample);
                }
            }
        }
    }
}
