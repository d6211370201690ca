package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;
import dev.portolan.model.InputSummary;
import dev.portolan.model.Initiator;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.RoleAssignment;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits one host: its observations (from any mix of netstat/ss dumps, firewall logs and captures)
 * against the catalog for its roles. Thread-safe: holds only the immutable catalog.
 */
public final class Auditor {
    /** Input problems listed one by one per file; the rest are summarised in one finding. */
    public static final int PROBLEMS_LISTED = 50;

    private final Catalog catalog;

    public Auditor(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * @param host       the audited host (roles, settings, OS; addresses for captures)
     * @param inputs     what its input files yielded
     * @param inferRoles propose roles from the observations and audit with them as well
     * @param peers      other known hosts by address (hosts manifest), for flows between hosts; may be empty
     */
    public HostReport audit(Host host, List<ReadResult> inputs, boolean inferRoles, Map<String, Host> peers) {
        Host.Builder hb = host.toBuilder();
        if (host.os() == OsFamily.UNKNOWN) hb.os(guessOs(inputs));
        if (hb.name() == null || hb.name().isEmpty()) hb.name(guessName(inputs));
        List<Listener> listeners = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<Flow> flows = new ArrayList<>();
        boolean snapshot = false;
        for (ReadResult r : inputs) {
            listeners.addAll(r.listeners());
            connections.addAll(r.connections());
            flows.addAll(r.flows());
            if (r.format() == InputFormat.NETSTAT) snapshot = true;
        }
        List<Listeners.Group> groups = Listeners.group(listeners);
        if (inferRoles) {
            for (RoleAssignment ra : RoleInference.infer(catalog, offeredServices(groups, flows, host))) {
                if (!hb.build().hasRole(ra.role())) hb.role(ra);
            }
        }
        Host effective = hb.build();
        RoleView self = new RoleView(catalog, effective);
        Map<String, RoleView> others = new LinkedHashMap<>();
        for (var en : peers.entrySet()) {
            if (en.getValue() != host && !effective.addresses().contains(en.getKey())) {
                others.put(en.getKey(), new RoleView(catalog, en.getValue()));
            }
        }

        List<Finding> findings = new ArrayList<>();
        if (snapshot) findings.addAll(new ListenerAudit(self).audit(groups));
        if (!connections.isEmpty()) {
            FlowAudit ca = new FlowAudit(self, others, true);
            Set<Long> listening = new HashSet<>();
            for (Listeners.Group g : groups) listening.add(ListenerAudit.key(g.proto(), g.port()));
            for (Connection c : connections) {
                Flow f = toFlow(c, listening, self);
                if (f != null) ca.add(f);
            }
            findings.addAll(ca.findings(false));
        }
        if (!flows.isEmpty()) {
            FlowAudit fa = new FlowAudit(self, others, false);
            for (Flow f : flows) fa.add(f);
            findings.addAll(fa.findings(true));
            Unaudited.flows(effective, fa.unplaced(), inputs).ifPresent(findings::add);
        }
        Unaudited.roles(effective, snapshot || !flows.isEmpty() || !connections.isEmpty()).ifPresent(findings::add);
        findings = mergeBlockedWithListeners(findings);
        findings = LogGaps.apply(findings, inputs);
        findings.addAll(InputProblemGroups.findings(inputs));
        findings.sort(Comparator.comparing((Finding f) -> f.severity()).reversed()
                .thenComparing(Finding::code).thenComparingInt(Finding::port));
        List<InputSummary> summaries = new ArrayList<>();
        for (ReadResult r : inputs) {
            summaries.add(new InputSummary(r.source().name(), r.format().label(), r.variant(), r.records(),
                    r.listeners().size(), r.connections().size(), r.flows().size(), r.problemCount(), r.notes()));
        }
        return new HostReport(effective, findings, listeners, connections, flows, summaries);
    }

    /** The services a host offers: its non-loopback listeners, else the responder ports of flows to it. */
    private static Set<String> offeredServices(List<Listeners.Group> groups, List<Flow> flows, Host host) {
        Set<String> out = new LinkedHashSet<>();
        for (Listeners.Group g : groups) if (!g.loopbackOnly()) out.add(g.proto().label() + "/" + g.port());
        for (Flow f : flows) {
            boolean toHost = f.direction() == Direction.INBOUND || host.addresses().contains(Addresses.stripScope(f.respAddr()));
            if (toHost && (f.respPackets() > 0 || f.wasAllowed() || f.wasDropped())) out.add(f.proto().label() + "/" + f.respPort());
        }
        return out;
    }

    /** Orients a snapshot connection row: who initiated is guessed from which side holds a listener port. */
    private static Flow toFlow(Connection c, Set<Long> listening, RoleView self) {
        if (!c.proto().hasPorts() || c.remotePort() <= 0 || Addresses.isWildcard(c.remoteAddress())) return null;
        boolean localListens = listening.contains(ListenerAudit.key(c.proto(), c.localPort()));
        boolean inbound = localListens || (!self.isEphemeral(c.localPort()) && self.isEphemeral(c.remotePort()));
        Flow f = inbound
                ? new Flow(c.proto(), 0, c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort(), Initiator.INFERRED)
                : new Flow(c.proto(), 0, c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort(), Initiator.INFERRED);
        boolean local = Addresses.isLoopback(c.remoteAddress()) || c.remoteAddress().equals(c.localAddress());
        f.setDirection(local ? Direction.LOCAL : inbound ? Direction.INBOUND : Direction.OUTBOUND);
        f.addPacket(true, Long.MIN_VALUE, 0, 0);
        f.addEvidence(c.evidence());
        return f;
    }

    /** A listener whose inbound traffic the firewall dropped is one finding with both kinds of evidence. */
    private static List<Finding> mergeBlockedWithListeners(List<Finding> in) {
        // the netstat EXPECTED finding of each listening service, by protocol/port (no peer: a listener, not a flow)
        Map<String, Finding> listenerFindings = new LinkedHashMap<>();
        boolean anyBlocked = false;
        for (Finding f : in) {
            if (f.code() == FindingCode.BLOCKED_EXPECTED) anyBlocked = true;
            if (f.code() == FindingCode.EXPECTED && f.peer() == null && !f.evidence().isEmpty() && f.evidence().get(0).line() > 0) {
                listenerFindings.putIfAbsent(f.proto() + "/" + f.port(), f);
            }
        }
        if (!anyBlocked || listenerFindings.isEmpty()) return new ArrayList<>(in);
        Set<Finding> absorbed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Finding> out = new ArrayList<>(in.size());
        for (Finding b : in) {
            if (b.code() != FindingCode.BLOCKED_EXPECTED) {
                out.add(b);
                continue;
            }
            Finding l = listenerFindings.get(b.proto() + "/" + b.port());
            if (l == null) {
                out.add(b);
                continue;
            }
            absorbed.add(l);
            List<Evidence> ev = new ArrayList<>(l.evidence());
            ev.addAll(b.evidence());
            out.add(new Finding(b.code(), b.severity(), b.proto(), b.port(), b.address(), b.peer(), b.product(),
                    b.role(), b.message() + "; the listener is up (" + l.evidence().get(0).location() + ")", ev,
                    b.entryId(), b.entrySource()));
        }
        out.removeIf(absorbed::contains);
        return out;
    }

    static OsFamily guessOs(List<ReadResult> inputs) {
        for (ReadResult r : inputs) {
            String v = r.variant() == null ? "" : r.variant();
            if (v.startsWith("windows") || v.startsWith("pfirewall")) return OsFamily.WINDOWS;
            if (v.startsWith("linux") || v.equals("ss") || v.startsWith("busybox")) return OsFamily.LINUX;
            if (v.startsWith("bsd") || v.startsWith("macos")) return OsFamily.MACOS;
        }
        return OsFamily.UNKNOWN;
    }

    static String guessName(List<ReadResult> inputs) {
        for (ReadResult r : inputs) if (r.hostName() != null && !r.hostName().isBlank()) return r.hostName();
        if (inputs.isEmpty()) return "host";
        if (inputs.get(0).source().name().equals(dev.portolan.ingest.Source.STDIN)) return dev.portolan.ingest.Source.STDIN;
        java.nio.file.Path p = Paths.get(inputs.get(0).source().name()).toAbsolutePath().normalize();
        if (p.getParent() != null && p.getParent().getFileName() != null) return p.getParent().getFileName().toString();
        String f = p.getFileName().toString();
        int dot = f.indexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
