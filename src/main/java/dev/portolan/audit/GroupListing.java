package dev.portolan.audit;

import dev.portolan.model.Addresses;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.InOrder;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortClass;
import dev.portolan.model.PortRange;
import dev.portolan.model.ServiceGroup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Sizes a host's list of service groups for people, after the audit (findings are made from the groups as they are).
 * The audit keeps some details exactly because a rule may need them: a loopback address and the address of a host
 * that talks to itself (such traffic stays on one host), and an originator's port of 1024 and up that some catalog
 * row names and that lies in the host's ephemeral range or a current OS default one. When a list holds more than {@link #KEPT_UP_TO} distinct values of one of these kinds, its groups that
 * differ only in such values are listed as one: addresses shown as a class ({@link #LOOPBACK} for IPv4 loopback
 * addresses, {@link #SELF} on both sides for an unknown address talking to itself), originator ports as the class
 * they fall in. Counts stay exact sums and unions; evidence stays the earliest lines; the sampled originators and
 * ports are taken from the earliest groups first. The host's own addresses are never folded.
 */
final class GroupListing {
    /** Distinct values of one kind a list may name before they are folded into their classes. */
    static final int KEPT_UP_TO = 8;
    /** The class of IPv4 loopback addresses (also written as {@code ::ffff:127.x.y.z}). */
    static final String LOOPBACK = "127.0.0.0/8";
    /** The class of addresses (other than the audited host's) that talk to themselves, on both sides of a group. */
    static final String SELF = "self";

    private GroupListing() {
    }

    /**
     * The groups of {@code groups} (in their order) with the kinds that have more than {@link #KEPT_UP_TO} distinct
     * values folded into their classes; the same list when nothing is folded.
     */
    static List<ServiceGroup> fold(List<ServiceGroup> groups, Host host, AuditUnits units, EvidenceOrder order) {
        Set<String> own = new HashSet<>();
        for (String a : host.addresses()) own.add(Addresses.stripScope(a));
        IntPredicate ephemeral = ephemeral(host.ephemeralRange());
        Set<String> loopback = new HashSet<>();
        Set<String> self = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (ServiceGroup g : groups) {
            if (loopbackToFold(g.origAddr(), g.origCollapsed(), own)) loopback.add(g.origAddr());
            if (loopbackToFold(g.respAddr(), g.respCollapsed(), own)) loopback.add(g.respAddr());
            if (selfToFold(g, own)) self.add(g.origAddr());
            if (portToFold(g, ephemeral)) ports.add(g.origPort());
        }
        boolean foldLoopback = loopback.size() > KEPT_UP_TO;
        boolean foldSelf = self.size() > KEPT_UP_TO;
        boolean foldPorts = ports.size() > KEPT_UP_TO;
        if (!foldLoopback && !foldSelf && !foldPorts) return groups;
        Map<Key, List<ServiceGroup>> byKey = new LinkedHashMap<>();
        for (ServiceGroup g : groups) {
            String origClass = null;
            String respClass = null;
            if (foldSelf && selfToFold(g, own)) {
                origClass = SELF;
                respClass = SELF;
            } else if (foldLoopback) {
                if (loopbackToFold(g.origAddr(), g.origCollapsed(), own)) origClass = LOOPBACK;
                if (loopbackToFold(g.respAddr(), g.respCollapsed(), own)) respClass = LOOPBACK;
            }
            PortClass origPorts = foldPorts && portToFold(g, ephemeral) ? units.classAt(g.origPort()) : g.origPortClass();
            byKey.computeIfAbsent(new Key(g, origClass, respClass, origPorts), k -> new ArrayList<>()).add(g);
        }
        if (byKey.size() == groups.size()) return groups;
        // each listed group is merged from its own members alone: on every core for a big list, in order
        List<Map.Entry<Key, List<ServiceGroup>>> entries = new ArrayList<>(byKey.entrySet());
        return InOrder.map(entries, groups.size(), e -> {
            List<ServiceGroup> members = e.getValue();
            Key k = e.getKey();
            return members.size() == 1 && k.origClass == null && k.respClass == null && k.origPortClass == members.get(0).origPortClass()
                    ? members.get(0) : merge(members, k.origClass, k.respClass, k.origPortClass, order);
        });
    }

    private static boolean loopbackToFold(String address, boolean collapsed, Set<String> own) {
        if (collapsed || address == null || !Addresses.isLoopback(address)) return false;
        String a = Addresses.stripScope(address);
        boolean v4 = a.startsWith("127.") || a.regionMatches(true, 0, "::ffff:127.", 0, 11);
        return v4 && !own.contains(a);
    }

    private static boolean selfToFold(ServiceGroup g, Set<String> own) {
        if (g.origCollapsed() || g.respCollapsed() || g.origAddr() == null || Addresses.isLoopback(g.origAddr())) return false;
        String a = Addresses.stripScope(g.origAddr());
        return Addresses.equalsStripped(a, g.respAddr()) && !own.contains(a);
    }

    /**
     * An originator port in an ephemeral range, kept exactly only because a catalog row names it: most such ports are
     * the ephemeral source ports the OS picked (below 1024 and outside the ranges, e.g. 5353 to 5353, they stay).
     */
    private static boolean portToFold(ServiceGroup g, IntPredicate ephemeral) {
        return g.origPortExact() && g.origPort() >= 1024 && g.proto().hasPorts() && ephemeral.test(g.origPort());
    }

    /** The host's own range and the current OS defaults (not the legacy 1025-5000, which holds many service ports). */
    private static IntPredicate ephemeral(PortRange own) {
        List<PortRange> ranges = List.of(own, OsFamily.WINDOWS.defaultEphemeralRange(), OsFamily.LINUX.defaultEphemeralRange(),
                OsFamily.MACOS.defaultEphemeralRange());
        return port -> {
            for (PortRange r : ranges) if (r.contains(port)) return true;
            return false;
        };
    }

    /** A group's key with the folded values replaced by their classes (a value kept when its class is null). */
    private record Key(Object proto, int ipProtocol, String orig, boolean origCollapsed, int origPort, PortClass origPortClass,
                       String resp, boolean respCollapsed, int respPort, Object respPortClass, Object direction,
                       Object traits, String origClass, String respClass) {
        Key(ServiceGroup g, String origClass, String respClass, PortClass origPortClass) {
            this(g.proto(), g.ipProtocol(), origClass != null || g.origCollapsed() ? null : g.origAddr(), g.origCollapsed(),
                    origPortClass == null ? g.origPort() : -1, origPortClass,
                    respClass != null || g.respCollapsed() ? null : g.respAddr(), g.respCollapsed(),
                    g.respPortExact() ? g.respPort() : -1, g.respPortClass(), g.direction(), g.traits(), origClass, respClass);
        }

        // written out: see CatalogEntry.equals
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && ipProtocol == k.ipProtocol && origCollapsed == k.origCollapsed && origPort == k.origPort
                    && respCollapsed == k.respCollapsed && respPort == k.respPort && Objects.equals(proto, k.proto)
                    && Objects.equals(orig, k.orig) && Objects.equals(origPortClass, k.origPortClass)
                    && Objects.equals(resp, k.resp) && Objects.equals(respPortClass, k.respPortClass)
                    && Objects.equals(direction, k.direction) && Objects.equals(traits, k.traits)
                    && Objects.equals(origClass, k.origClass) && Objects.equals(respClass, k.respClass);
        }

        @Override
        public int hashCode() {
            return Objects.hash(proto, ipProtocol, orig, origCollapsed, origPort, origPortClass, resp, respCollapsed, respPort,
                    respPortClass, direction, traits, origClass, respClass);
        }
    }

    /** One group of {@code members} (in list order, the earliest first), shown with the given classes. */
    private static ServiceGroup merge(List<ServiceGroup> members, String origClass, String respClass, PortClass origPortClass,
                                      EvidenceOrder order) {
        ServiceGroup first = members.get(0);
        DistinctCount flows = new DistinctCount();
        DistinctCount originators = new DistinctCount();
        ResponderSample responders = new ResponderSample();
        DistinctCount respPorts = new DistinctCount();
        Sample<String> sampleOriginators = new Sample<>(ServiceGroup.MAX_SAMPLE_ORIGINATORS);
        Sample<Integer> sampleRespPorts = new Sample<>(ServiceGroup.MAX_SAMPLE_PORTS);
        Sample<Evidence> evidence = new Sample<>(Flow.MAX_EVIDENCE);
        Map<FirewallAction, Long> actions = new EnumMap<>(FirewallAction.class);
        long packets = 0;
        long bytes = 0;
        long firstMicros = Long.MAX_VALUE;
        long lastMicros = Long.MIN_VALUE;
        long evidenceCount = 0;
        long rank = 0;
        for (ServiceGroup g : members) {
            flows.addAll(g.flows());
            originators.addAll(g.originators());
            respPorts.addAll(g.respPorts());
            // samples without positions of their own: the earliest group's items first, each group's in its order
            for (String o : g.sampleOriginators()) sampleOriginators.add(o, rank++);
            responders.addAll(g, rank);
            rank += g.sampleResponders().size();
            for (Integer p : g.sampleRespPorts()) sampleRespPorts.add(p, rank++);
            for (Evidence ev : g.evidence()) evidence.add(ev, order.position(ev));
            for (Map.Entry<FirewallAction, Long> a : g.actions().entrySet()) actions.merge(a.getKey(), a.getValue(), Long::sum);
            packets += g.packets();
            bytes += g.bytes();
            firstMicros = Math.min(firstMicros, g.firstMicros());
            lastMicros = Math.max(lastMicros, g.lastMicros());
            evidenceCount += g.evidenceCount();
        }
        return new ServiceGroup(first.proto(), first.ipProtocol(), first.origAddr(), first.origCollapsed(), first.origPort(),
                origPortClass, first.respAddr(), first.respCollapsed(), first.respPort(), first.respPortClass(),
                respPorts.frozen(), sampleRespPorts.items(), first.direction(), first.traits(), flows.frozen(), originators.frozen(),
                sampleOriginators.items(), responders.names(), responders.more(), packets, bytes, actions, firstMicros, lastMicros, evidence.items(), evidenceCount,
                new ServiceGroup.Folded(origClass, respClass, members.size()));
    }
}
