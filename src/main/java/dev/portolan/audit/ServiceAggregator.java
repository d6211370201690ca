package dev.portolan.audit;

import dev.portolan.model.Direction;
import dev.portolan.model.Flow;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.InOrder;
import dev.portolan.model.PortClass;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds flows into {@link ServiceGroup}s as they arrive (see {@link AuditUnits} for what is kept exactly).
 * Memory grows with the groups, never with the flows; the groups come out in input order of their earliest
 * flow, whatever order the flows arrived in. Not thread-safe.
 */
final class ServiceAggregator {
    private final AuditUnits units;
    private final EvidenceOrder order;
    private final Map<Key, GroupTally> groups = new HashMap<>();

    /** Everything a group is keyed by; an address is null when the unknown addresses of that side are folded. */
    record Key(Protocol proto, int ipProtocol, String origAddr, int origPort, PortClass origPortClass, String respAddr,
               int respPort, PortClass respPortClass, Direction direction, FlowTraits traits) {
        // written out (the same values as a record's own): a record's generated methods go through method handles,
        // and a key is hashed for every flow and connection row
        @Override
        public int hashCode() {
            int h = Objects.hashCode(proto);
            h = 31 * h + ipProtocol;
            h = 31 * h + Objects.hashCode(origAddr);
            h = 31 * h + origPort;
            h = 31 * h + Objects.hashCode(origPortClass);
            h = 31 * h + Objects.hashCode(respAddr);
            h = 31 * h + respPort;
            h = 31 * h + Objects.hashCode(respPortClass);
            h = 31 * h + Objects.hashCode(direction);
            return 31 * h + Objects.hashCode(traits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && proto == k.proto && ipProtocol == k.ipProtocol && origPort == k.origPort
                    && respPort == k.respPort && direction == k.direction && Objects.equals(origAddr, k.origAddr)
                    && Objects.equals(respAddr, k.respAddr) && Objects.equals(origPortClass, k.origPortClass)
                    && Objects.equals(respPortClass, k.respPortClass) && Objects.equals(traits, k.traits);
        }
    }

    ServiceAggregator(AuditUnits units, EvidenceOrder order) {
        this.units = units;
        this.order = order;
    }

    void add(Flow f) {
        Key k = keyOf(f.proto(), f.ipProtocol(), f.origAddr(), f.origPort(), f.respAddr(), f.respPort(), f.direction(),
                FlowTraits.of(f));
        List<dev.portolan.model.Evidence> ev = f.evidence();
        long position = ev.isEmpty() ? Long.MAX_VALUE : order.position(ev.get(0));
        groups.computeIfAbsent(k, x -> new GroupTally()).add(f, position, order);
    }

    /** The tally of a group, made empty when the group is new (a {@link LineFolding} adds lines to it). */
    GroupTally tally(Key k) {
        return groups.computeIfAbsent(k, x -> new GroupTally());
    }

    /** Adds a tally made elsewhere (oriented snapshot connections, another thread's fold) under its key; takes it over. */
    void add(Key k, GroupTally t) {
        GroupTally had = groups.putIfAbsent(k, t);
        if (had != null) had.addAll(t);
    }

    /** Adds every group of {@code other} (another thread's fold of the same host). */
    void addAll(ServiceAggregator other) {
        if (other.groups.size() < InOrder.PARALLEL_FROM) {
            for (Map.Entry<Key, GroupTally> e : other.groups.entrySet()) add(e.getKey(), e.getValue());
            return;
        }
        // a big fold into another (the reading threads' folds of one log): the groups both have merge tally into tally,
        // each on its own, on every core
        List<GroupTally[]> both = new ArrayList<>();
        for (Map.Entry<Key, GroupTally> e : other.groups.entrySet()) {
            GroupTally had = groups.putIfAbsent(e.getKey(), e.getValue());
            if (had != null) both.add(new GroupTally[] {had, e.getValue()});
        }
        both.parallelStream().forEach(pair -> pair[0].addAll(pair[1]));
    }

    Key keyOf(Protocol proto, int ipProtocol, String origAddr, int origPort, String respAddr, int respPort, Direction d,
              FlowTraits traits) {
        String orig = units.keepsAddress(origAddr, respAddr) ? origAddr : null;
        String resp = units.keepsAddress(respAddr, origAddr) ? respAddr : null;
        // the direction says the host itself originated; else a folded originator is nobody the audit knows
        boolean unknownOriginator = orig == null && d != Direction.OUTBOUND && d != Direction.LOCAL;
        PortClass pc = units.classOf(proto, origPort, unknownOriginator);
        PortClass rc = units.responderClassOf(proto, respPort);
        return new Key(proto, ipProtocol, orig, pc == null ? origPort : -1, pc, resp, rc == null ? respPort : -1, rc, d, traits);
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    List<ServiceGroup> groups() {
        // each group's earliest position read once: a comparator that read it at every comparison went through the
        // tally's sample again each time (thousands of groups in a big log's report)
        List<Ranked> ranked = new ArrayList<>(groups.size());
        for (Map.Entry<Key, GroupTally> e : groups.entrySet()) ranked.add(new Ranked(e.getValue().firstPosition(), e.getKey(), e.getValue()));
        ranked.sort(Ranked.ORDER);
        // each group is built from its own tally alone: a big log's thousands of groups on every core (the audit's
        // serial tail after the parallel read), in order
        return InOrder.map(ranked, ranked.size(), r -> {
            Key k = r.key;
            return r.tally.build(k.proto(), k.ipProtocol(), k.origAddr() == null, k.origPortClass(),
                    k.respAddr() == null, k.respPortClass(), k.direction(), k.traits());
        });
    }

    /** A group with its earliest position: input order, ties (groups without evidence) by the key's text. */
    private record Ranked(long position, Key key, GroupTally tally) {
        static final Comparator<Ranked> ORDER = (a, b) -> a.position != b.position ? Long.compare(a.position, b.position)
                : a.key.toString().compareTo(b.key.toString());
    }
}
