package dev.portolan.audit;

import dev.portolan.catalog.CatalogEntry;
import dev.portolan.model.Addresses;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one flow matcher, whatever the flows came from (capture, firewall log, netstat connection rows):
 * EXPECTED, BLOCKED_EXPECTED, DIRECTION_MISMATCH, EXPOSED_INTERNAL, UNEXPECTED_FLOW, MISSING_LISTENER
 * (unanswered TCP attempts), NOT_OBSERVED. Findings are aggregated per service so that thousands of
 * ephemeral source ports make one finding.
 */
final class FlowAudit {
    private final RoleView self;
    /** The view of a known peer by address (without zone), or null. */
    private final java.util.function.Function<String, RoleView> others;
    private final boolean snapshotOnly;
    private final EvidenceOrder order;
    private static final FirewallAction[] ACTIONS = FirewallAction.values();
    /** Evidence items a finding carries. */
    static final int EVIDENCE = 6;
    private final Map<GroupKey, Agg> groups = new LinkedHashMap<>();
    private final Set<ServiceKey> observedServices = new java.util.HashSet<>();
    /** Flows neither of whose ends is a known host: not audited, and said so in the report. */
    private long unplaced;
    /** The groups of {@link #unplaced}, in input order. */
    private final List<ServiceGroup> unplacedGroups = new ArrayList<>();

    private record ServiceKey(String host, Protocol proto, int port) {
        // written out: see CatalogEntry.equals
        @Override
        public boolean equals(Object o) {
            return o instanceof ServiceKey k && proto == k.proto && port == k.port && Objects.equals(host, k.host);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(host) * 31 + Objects.hashCode(proto)) * 31 + port;
        }
    }

    /**
     * @param snapshotOnly true for netstat connection rows: only mismatches and exposures are reported
     *                     (the listener audit already covers the rest)
     */
    FlowAudit(RoleView self, java.util.function.Function<String, RoleView> others, boolean snapshotOnly, EvidenceOrder order) {
        this.order = order;
        this.self = self;
        this.others = others;
        this.snapshotOnly = snapshotOnly;
    }

    /** A finding being aggregated over many flows. */
    private static final class Agg {
        final Finding.Builder builder;
        final FindingCode code;
        final String what;
        final DistinctCount flows = new DistinctCount();
        final DistinctCount originators = new DistinctCount();
        final Sample<String> sampleOriginators = new Sample<>(5);
        final Sample<Evidence> evidence = new Sample<>(EVIDENCE);
        /** The responder ports of a folded port class (see {@link ServiceGroup#respPortClass()}). */
        final DistinctCount respPorts = new DistinctCount();
        final Sample<Integer> sampleRespPorts = new Sample<>(5);
        /** The responders when unknown ones are folded together (see {@link ServiceGroup#respCollapsed()}). */
        final ResponderSample responders = new ResponderSample();
        /** The message for several ports of a folded class or several folded responders; null = {@link #what} says it. */
        Words words;
        /** For dropped traffic: what the catalog says of a firewall exception for it (its first group's, as the message). */
        String firewallException;
        long packets;
        long drops;
        long allows;

        Agg(FindingCode code, Finding.Builder builder, String what) {
            this.code = code;
            this.builder = builder;
            this.what = what;
        }
    }

    /**
     * A finding's message naming its ports and responder: {@code ports} describes several ports of a folded class,
     * {@code responders} several folded responder addresses; null = the first flow's one port or address.
     */
    @FunctionalInterface
    private interface Words {
        String say(String ports, String responders);
    }

    void add(ServiceGroup f) {
        RoleView o = side(f, true);
        RoleView r = side(f, false);
        if (o == null && r == null) {
            // ICMP and other protocols too: a ping or a GRE tunnel between two other hosts is not this host's service
            unplaced += f.flowCount();
            unplacedGroups.add(f);
            return;
        }
        if (!f.proto().hasPorts()) return;
        if (r != null && f.respPortExact()) observedServices.add(new ServiceKey(r.host.name(), f.proto(), f.respPort()));
        CatalogEntry fwd = forward(f, o, r);
        if (fwd != null) {
            onDocumented(f, fwd, o, r);
            return;
        }
        CatalogEntry rev = reverse(f, o, r);
        if (rev != null) {
            String who = o != null ? o.listeningRole(rev) : String.join("|", rev.roles());
            Supplier<String> msg = () -> f.describe() + " runs opposite to the catalog: " + who + " is the documented listener of "
                    + rev.ports() + "/" + rev.protocolLabel() + " (" + rev.purpose() + ") and "
                    + String.join("|", rev.initiators()) + " the initiator"
                    + (fromListenerPort(f, rev) ? ", but it connected out from that port to an ephemeral port"
                    : ", but it connected out from an ephemeral port to the initiator's port " + f.respPort());
            // name the documented listener port: the originator's own port when it used it as the source
            boolean fromListenerPort = fromListenerPort(f, rev);
            Supplier<Finding.Builder> b = () -> Finding.of(FindingCode.DIRECTION_MISMATCH).proto(f.proto())
                    .port(fromListenerPort ? f.origPort() : f.respPort()).address(fromListenerPort ? f.origAddr() : f.respAddr())
                    .product(rev.product()).role(who).entry(rev.id(), rev.source());
            record(FindingCode.DIRECTION_MISMATCH, rev, f, who, msg, true, b);
            return;
        }
        if (snapshotOnly) return;
        if (r != null && r.hasAnyRole()) {
            CatalogEntry base = baseline(f, r);
            if (base != null) {
                if (f.wasAllowed() || f.traits().answered() || !f.wasDropped()) {
                    record(FindingCode.EXPECTED, base, f, base.roles().get(0), () -> "OS baseline service: " + base.purpose(), false);
                }
                return;
            }
            boolean inbound = r == self && (f.direction() == Direction.INBOUND || f.direction() == Direction.UNKNOWN);
            boolean passed = f.wasAllowed() || !f.wasDropped();
            if ((inbound || r != self) && passed && !r.isEphemeral(f.respPort())) {
                Supplier<Finding.Builder> b = () -> Finding.of(FindingCode.UNEXPECTED_FLOW).proto(f.proto()).port(f.respPort())
                        .address(f.respAddr());
                String roles = String.join(", ", r.roles);
                Words what = (ports, resps) -> "traffic to " + (ports != null ? ports : f.proto().label() + "/" + f.respPort())
                        + " on " + (resps != null ? resps : f.respAddr()) + " (" + roles + ") that no role documents";
                Agg agg = record(FindingCode.UNEXPECTED_FLOW, null, f, null, () -> what.say(null, null), false, b);
                agg.words = what;
            }
        }
    }

    private void onDocumented(ServiceGroup f, CatalogEntry e, RoleView o, RoleView r) {
        String role = r != null && r.listeningRole(e) != null ? r.listeningRole(e) : String.join("|", e.roles());
        boolean sameHost = f.origAddr().equals(f.respAddr()) || (Addresses.isLoopback(f.origAddr()) && Addresses.isLoopback(f.respAddr()))
                || (o != null && o == r);
        if (e.isInternalOnly() && !sameHost) {
            record(FindingCode.EXPOSED_INTERNAL, e, f, role, () -> f.proto().label() + "/" + f.respPort()
                    + " is documented for same-host use only (" + e.purpose() + ") but was reached from another host "
                    + f.origAddr(), false);
            return;
        }
        if (e.sourcePort() >= 0 && f.origPort() != e.sourcePort()) {
            record(FindingCode.DIRECTION_MISMATCH, e, f, role, () -> f.describe() + ": the catalog expects source port "
                    + e.sourcePort() + " (" + e.purpose() + "), but " + f.origPort() + " was used", true);
            return;
        }
        if (snapshotOnly) return;
        if (f.wasDropped()) {
            String exception = r != null ? e.firewallException().resolve(r.host.settings()) : e.firewallException().toString();
            Words what = (ports, resps) -> "the firewall dropped " + f.proto().label() + "/" + f.respPort()
                    + " to " + (resps != null ? resps : f.respAddr()) + ", which the catalog expects (" + e.purpose() + "; initiator "
                    + String.join("|", e.initiators()) + "); " + exceptionAdvice(exception, f.proto().label() + "/" + f.respPort());
            Agg agg = record(FindingCode.BLOCKED_EXPECTED, e, f, role, () -> what.say(null, null), false);
            agg.words = what;
            if (agg.firewallException == null) agg.firewallException = exception;
            return;
        }
        if (f.traits().attempt() != FlowTraits.Attempt.NONE) {
            Words what = (ports, resps) -> "TCP connection attempts to the expected listener "
                    + f.proto().label() + "/" + f.respPort() + " on " + (resps != null ? resps : f.respAddr()) + " got "
                    + (f.traits().attempt() == FlowTraits.Attempt.REFUSED ? "a reset (nothing listening)" : "no answer") + " (" + e.purpose() + ")";
            record(FindingCode.MISSING_LISTENER, e, f, role, () -> what.say(null, null), false).words = what;
            return;
        }
        record(FindingCode.EXPECTED, e, f, role, e::purpose, false);
    }

    /** The entry documenting the flow as it ran: the responder listens, the originator initiates. */
    private CatalogEntry forward(ServiceGroup f, RoleView o, RoleView r) {
        CatalogEntry best = null;
        for (CatalogEntry e : self.catalog.claiming(f.proto(), f.respPort())) {
            if (e.isBaseline()) continue;
            Boolean rOk = r != null && r.hasAnyRole() ? (Boolean) (r.listeningRole(e) != null && r.truth(e).possible()) : null;
            Boolean oOk = o != null && o.hasAnyRole() ? (Boolean) (o.initiatingRole(e) != null || groupcast(e)) : null;
            if (Boolean.TRUE.equals(rOk) && e.isInternalOnly()) oOk = Boolean.TRUE;
            if (Boolean.FALSE.equals(rOk) || Boolean.FALSE.equals(oOk)) continue;
            if (!Boolean.TRUE.equals(rOk) && !Boolean.TRUE.equals(oOk)) continue;
            if (best == null || (best.fallbackPort(f.respPort()) && e.primaryPort(f.respPort()))) best = e;
        }
        return best;
    }

    /** True when the originator used the documented listener port as its source port. */
    private static boolean fromListenerPort(ServiceGroup f, CatalogEntry rev) {
        return f.origPortExact() && f.origPort() != 0 && rev.primaryPort(f.origPort());
    }

    private static boolean groupcast(CatalogEntry e) {
        return e.initiators().contains(CatalogEntry.BROADCAST) || e.initiators().contains(CatalogEntry.MULTICAST);
    }

    /** The entry the flow contradicts: the originator is the documented listener, the responder the initiator. */
    private CatalogEntry reverse(ServiceGroup f, RoleView o, RoleView r) {
        if (o == null || !o.hasAnyRole()) return null;
        // A: the originator used its own listener port as the source port, towards an ephemeral port
        boolean respEphemeral = r != null ? r.isEphemeral(f.respPort()) : self.isEphemeral(f.respPort());
        if (respEphemeral && f.origPortExact()) {
            for (CatalogEntry e : self.catalog.claiming(f.proto(), f.origPort())) {
                if (e.isBaseline() || o.listeningRole(e) == null || !o.truth(e).possible()) continue;
                if (r == null || !r.hasAnyRole() || r.initiatingRole(e) != null) return e;
            }
        }
        // B: the documented listener connected from an ephemeral port to the documented initiator's port
        if (o.isEphemeral(f.origPort())) {
            for (CatalogEntry e : self.catalog.claiming(f.proto(), f.respPort())) {
                if (e.isBaseline() || o.listeningRole(e) == null || !e.primaryPort(f.respPort())) continue;
                if (r != null && r.hasAnyRole() && r.initiatingRole(e) == null) continue;
                return e;
            }
        }
        return null;
    }

    private CatalogEntry baseline(ServiceGroup f, RoleView r) {
        for (CatalogEntry e : self.catalog.claiming(f.proto(), f.respPort())) if (r.isBaseline(e)) return e;
        return null;
    }

    /** Which host view an endpoint of the flow belongs to, or null when unknown. */
    private RoleView side(ServiceGroup f, boolean orig) {
        String addr = orig ? f.origAddr() : f.respAddr();
        if (f.direction() == Direction.INBOUND && !orig) return self;
        if (f.direction() == Direction.OUTBOUND && orig) return self;
        if (f.direction() == Direction.LOCAL) return self;
        if (self.host.addresses().contains(Addresses.stripScope(addr))) return self;
        RoleView other = others.apply(Addresses.stripScope(addr));
        if (other != null) return other;
        if (f.direction() == Direction.UNKNOWN && self.host.addresses().isEmpty() && Addresses.isLoopback(addr)) return self;
        return null;
    }

    private Agg record(FindingCode code, CatalogEntry e, ServiceGroup f, String role, Supplier<String> message, boolean perPair) {
        return record(code, e, f, role, message, perPair, () -> {
            Finding.Builder b = Finding.of(code).proto(f.proto()).port(f.respPort()).address(f.respAddr());
            if (e != null) b.product(e.product()).role(role).entry(e.id(), e.source());
            return b;
        });
    }

    /** Aggregation key: one finding per code, catalog row and service (and per connection pair for mismatches). */
    private record GroupKey(FindingCode code, String entryId, Protocol proto, String respAddr, int respPort, String origAddr,
                            int origPort) {
        // written out: see CatalogEntry.equals
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && code == k.code && proto == k.proto && respPort == k.respPort
                    && origPort == k.origPort && Objects.equals(entryId, k.entryId) && Objects.equals(respAddr, k.respAddr)
                    && Objects.equals(origAddr, k.origAddr);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, entryId, proto, respAddr, respPort, origAddr, origPort);
        }
    }

    /** Adds a flow to its finding; the message and the finding are only built for the first flow of a group. */
    private Agg record(FindingCode code, CatalogEntry e, ServiceGroup f, String role, Supplier<String> message, boolean perPair,
                       Supplier<Finding.Builder> builder) {
        // folded addresses and port classes key as what they stand for, never as their sample
        GroupKey key = new GroupKey(code, e == null ? null : e.id(), f.proto(), f.respCollapsed() ? null : f.respAddr(),
                f.respPortExact() ? f.respPort() : -1 - f.respPortClass().low(), perPair && !f.origCollapsed() ? f.origAddr() : null,
                !perPair ? -1 : f.origPortExact() ? f.origPort() : -1 - f.origPortClass().low());
        Agg agg = groups.get(key);
        if (agg == null) {
            Finding.Builder b = builder.get();
            agg = new Agg(code, b, message.get());
            groups.put(key, agg);
            if (perPair) {
                boolean origIsAddress = f.origAddr().equals(b.build().address());
                b.peer(origIsAddress ? Addresses.endpoint(f.respAddr(), f.respPort()) : Addresses.endpoint(f.origAddr(), f.origPort()));
            } else {
                b.peer(f.origAddr());
            }
        }
        agg.flows.addAll(f.flows());
        agg.respPorts.addAll(f.respPorts());
        agg.originators.addAll(f.originators());
        List<String> origs = f.sampleOriginators();
        long at = order.position(f.evidence().isEmpty() ? null : f.evidence().get(0));
        for (int i = 0; i < origs.size(); i++) agg.sampleOriginators.add(origs.get(i), at + i);
        agg.responders.addAll(f, at);
        List<Integer> ports = f.sampleRespPorts();
        for (int i = 0; i < ports.size(); i++) agg.sampleRespPorts.add(ports.get(i), at + i);
        for (Evidence ev : f.evidence()) agg.evidence.add(ev, order.position(ev));
        agg.packets += f.packets();
        agg.drops += f.actionCount(FirewallAction.DROP);
        for (FirewallAction a : ACTIONS) if (a.passes()) agg.allows += f.actionCount(a);
        return agg;
    }

    /**
     * What to do about a drop, worded by what the vendor document says of the exception: only a stated "yes" tells
     * the reader to add one; where the document is silent ("unspecified") the advice is to check whether it must pass.
     */
    static String exceptionAdvice(String exception, String service) {
        String head = "catalog firewall_exception: " + exception + " - ";
        switch (exception) {
            case "yes":
                return head + "add a firewall exception for " + service + " on the listening host";
            case "auto":
                return head + "the installer adds the exception; check that the exception for " + service
                        + " exists and is enabled on the listening host";
            case "no":
                return head + "the vendor document says no exception is needed, yet " + service
                        + " was dropped; check which firewall rule on the listening host blocks it";
            case "unspecified":
                return head + "the vendor document does not state whether " + service + " needs a firewall exception;"
                        + " check whether it must pass the firewall on the listening host and add an exception if so";
            default:
                return head + "it depends on host settings that were not given; check whether " + service
                        + " must pass the firewall on the listening host";
        }
    }

    /** How many flows could not be audited because neither end is a known host. */
    long unplaced() {
        return unplaced;
    }

    /** The service groups neither end of which is a known host: not audited, listed as untouched. */
    List<ServiceGroup> unplacedGroups() {
        return unplacedGroups;
    }

    /** The aggregated findings, plus NOT_OBSERVED for expected inbound services never seen. */
    List<Finding> findings(boolean reportNotObserved) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<GroupKey, Agg> en : groups.entrySet()) {
            Agg a = en.getValue();
            long ports = a.respPorts.count();
            // a finding's responders are several only where unknown ones were folded together: named as the originators are
            int resps = a.responders.names().size();
            String respList = String.join(" ", a.responders.names()) + (a.responders.more() ? " …" : "");
            String respCount = a.responders.more() ? "more than " + resps : Integer.toString(resps);
            StringBuilder msg = new StringBuilder(a.words == null || (ports < 2 && resps < 2) ? a.what
                    : a.words.say(ports < 2 ? null : a.respPorts.label() + " " + en.getKey().proto().label() + " ports " + portsSample(a),
                    resps < 2 ? null : respCount + " addresses (" + respList + ")"));
            long flows = a.flows.count();
            long origs = a.originators.count();
            if (flows > 1 || origs > 1) {
                msg.append(" [").append(a.flows.label()).append(" flow").append(flows == 1 ? "" : "s").append(" from ")
                        .append(a.originators.label()).append(" originator").append(origs == 1 ? "" : "s");
                if (resps > 1) msg.append(" to ").append(respCount).append(" responders");
                msg.append(']');
            }
            if (a.drops > 0 || a.allows > 0) msg.append(" (firewall: ").append(a.drops).append(" dropped, ").append(a.allows).append(" allowed)");
            if (origs > 1) a.builder.peer(String.join(" ", a.sampleOriginators.items()) + (origs > a.sampleOriginators.items().size() ? " …" : ""));
            String address = a.builder.build().address();
            if (resps > 1 && address != null && a.responders.names().contains(address)) a.builder.address(respList);
            out.add(a.builder.message(msg.toString()).evidence(a.evidence.items()).firewallException(a.firewallException).build());
        }
        if (reportNotObserved) out.addAll(notObserved(self));
        return out;
    }

    /** "(4444, 8081, 9000 …)": the earliest ports of a folded class. */
    private static String portsSample(Agg a) {
        List<Integer> items = a.sampleRespPorts.items();
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) b.append(i == 0 ? "" : ", ").append(items.get(i));
        return b.append(a.respPorts.count() > items.size() ? " …)" : ")").toString();
    }

    private List<Finding> notObserved(RoleView v) {
        List<Finding> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (CatalogEntry e : v.ownListenerEntries()) {
            if (!e.required() || !e.ports().isNumeric() || e.isInternalOnly() || v.truth(e) != dev.portolan.catalog.Truth.TRUE) continue;
            for (Protocol p : e.protocols()) {
                java.util.function.IntPredicate observed = port -> observedServices.contains(new ServiceKey(v.host.name(), p, port));
                boolean seen = e.ports().anyMatch(observed) || (e.fallback() != null && e.fallback().anyMatch(observed));
                if (seen || !done.add(p + "/" + e.ports())) continue;
                out.add(Finding.of(FindingCode.NOT_OBSERVED).proto(p).port(e.ports().first()).product(e.product())
                        .role(v.listeningRole(e)).entry(e.id(), e.source())
                        .message("no traffic to " + p.label() + "/" + e.ports() + " (" + e.purpose() + ") in the inputs' time span;"
                                + " it may simply not have happened")
                        .build());
            }
        }
        return out;
    }
}
