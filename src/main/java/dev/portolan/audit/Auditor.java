package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Addresses;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;
import dev.portolan.model.InputSummary;
import dev.portolan.model.ListeningService;
import dev.portolan.model.OsFamily;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Severity;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits hosts: their observations (from any mix of netstat/ss dumps, firewall logs and captures) against the
 * catalog for their roles. {@link #start} returns a {@link HostAudit}, the sink readers push into while the
 * observations are folded into service groups; its {@code finish()} comes back here. Thread-safe: holds only
 * the immutable catalog.
 */
public final class Auditor {
    /** Input problems listed one by one per file; the rest are summarised in one finding. */
    public static final int PROBLEMS_LISTED = 50;

    private final Catalog catalog;
    private volatile AuditUnits.ExactPorts exactPorts;

    /**
     * @param inferRoles       propose roles from the observations and audit with them as well
     * @param peers            other known hosts by address (hosts manifest), for flows between hosts; may be empty
     * @param includeFlows     keep the per-5-tuple flows in the report (memory grows with them)
     * @param keepAllAddresses keep every address in the service groups (captures of several hosts)
     * @param defaultName      the host's name when neither the host nor its inputs name it; null = from the file path
     * @param rolesDeclared    the host's roles were stated (--role, or its row in a hosts manifest, even with no roles):
     *                         when false and the host ends with no role, the report says what that leaves unchecked
     * @param named            a hosts manifest's row by host name (null when none): a host that its inputs name
     *                         ({@code quail:135}) takes its row's roles, settings, OS and addresses, as one named up front
     */
    public record Options(boolean inferRoles, Peers peers, boolean includeFlows, boolean keepAllAddresses,
                          String defaultName, boolean rolesDeclared, java.util.function.Function<String, Host> named) {
        public Options {
            java.util.Objects.requireNonNull(peers, "peers");
        }

        /** Without a manifest to look a host's name up in. */
        public Options(boolean inferRoles, Peers peers, boolean includeFlows, boolean keepAllAddresses, String defaultName,
                       boolean rolesDeclared) {
            this(inferRoles, peers, includeFlows, keepAllAddresses, defaultName, rolesDeclared, null);
        }

        /** Roles taken as stated, whatever they are (library callers that build their hosts themselves). */
        public Options(boolean inferRoles, Peers peers, boolean includeFlows, boolean keepAllAddresses, String defaultName) {
            this(inferRoles, peers, includeFlows, keepAllAddresses, defaultName, true);
        }

        /** Options with peers by address; prepare {@link Peers} once instead when auditing many hosts. */
        public Options(boolean inferRoles, Map<String, Host> peers, boolean includeFlows, boolean keepAllAddresses,
                       String defaultName) {
            this(inferRoles, Peers.of(peers), includeFlows, keepAllAddresses, defaultName, true);
        }

        public static Options of(boolean inferRoles, Map<String, Host> peers) {
            return new Options(inferRoles, Peers.of(peers), false, false, null);
        }
    }

    public Auditor(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Starts the audit of one host; push its inputs into the returned sink, then call its {@code finish()}. */
    public HostAudit start(Host host, Options options) {
        return new HostAudit(this, host, options, AuditUnits.of(exactPorts(), host, options.peers(), options.keepAllAddresses()));
    }

    /** Folds flows into service groups as an audit would, keeping every address (library use, tests). */
    public List<ServiceGroup> fold(List<dev.portolan.model.Flow> flows) {
        EvidenceOrder order = new EvidenceOrder();
        for (dev.portolan.model.Flow f : flows) for (Evidence e : f.evidence()) order.file(e.file());
        ServiceAggregator a = new ServiceAggregator(AuditUnits.of(exactPorts(), List.of(), true), order);
        flows.forEach(a::add);
        return a.groups();
    }

    private AuditUnits.ExactPorts exactPorts() {
        AuditUnits.ExactPorts e = exactPorts;
        if (e == null) exactPorts = e = AuditUnits.ExactPorts.of(catalog);
        return e;
    }

    /**
     * Audits inputs already read into lists: replays them into {@link #start}'s sink, file by file, in order.
     *
     * @param host       the audited host (roles, settings, OS; addresses for captures)
     * @param inferRoles propose roles from the observations and audit with them as well
     * @param peers      other known hosts by address (hosts manifest), for flows between hosts; may be empty
     */
    public HostReport audit(Host host, List<ReadResult> inputs, boolean inferRoles, Map<String, Host> peers) {
        HostAudit a = start(host, Options.of(inferRoles, peers));
        replay(a, inputs);
        return a.finish();
    }

    static void replay(HostAudit a, List<ReadResult> inputs) {
        for (ReadResult r : inputs) a.file(r.source());
        for (ReadResult r : inputs) {
            r.listeners().forEach(a::listener);
            r.connections().forEach(a::connection);
            r.flows().forEach(a::flow);
            r.problems().forEach(a::problem);
            a.read(r.summary());
        }
    }

    HostReport finish(Host host, Options options, HostAudit.Folds folds) {
        Host.Builder hb = host.toBuilder();
        boolean rolesDeclared = options.rolesDeclared();
        // a name given (--host, a batch folder) that the inputs contradict: a file from another host, attached by mistake
        List<Finding> otherHost = hb.name() == null || hb.name().isEmpty() || !folds.withProblems() ? List.of()
                : Unaudited.otherHostNamed(hb.name(), folds.files());
        if (hb.name() == null || hb.name().isEmpty()) {
            String name = guessName(folds.files(), options.defaultName());
            hb.name(name);
            // named by its inputs (or its folder): the manifest's row of that name describes it
            Host row = options.named() == null ? null : options.named().apply(name);
            if (row != null) {
                for (RoleAssignment ra : row.roles()) if (!hb.build().hasRole(ra.role())) hb.role(ra);
                row.settings().forEach((k, v) -> { if (!host.settings().containsKey(k)) hb.setting(k, v); });
                row.addresses().forEach(hb::address);
                if (host.os() == OsFamily.UNKNOWN) hb.os(row.os());
                rolesDeclared = true;
            }
        }
        List<Finding> osContradicted = folds.withProblems() ? Unaudited.osContradicted(hb.build(), hb.build().os(), folds.files()) : List.of();
        if (hb.build().os() == OsFamily.UNKNOWN) hb.os(guessOs(folds.files()));
        List<ListeningService> listening = folds.listeners();
        if (options.inferRoles()) {
            for (RoleAssignment ra : RoleInference.infer(catalog, offeredServices(listening, folds.flowGroups(), host))) {
                if (!hb.build().hasRole(ra.role())) hb.role(ra);
            }
        }
        Host effective = hb.build();
        RoleView self = new RoleView(catalog, effective);
        java.util.function.Function<String, RoleView> others = address -> options.peers().other(catalog, host, effective, address);

        List<Finding> listenerFindings = folds.snapshot() ? new ListenerAudit(self).audit(listening) : List.of();
        List<Finding> flowFindings = new ArrayList<>();
        List<ServiceGroup> services = new ArrayList<>();
        if (!folds.connections().isEmpty()) {
            ServiceAggregator snapshot = new ServiceAggregator(folds.units(), folds.order());
            Set<Long> ports = new HashSet<>();
            for (ListeningService g : listening) ports.add(ListenerAudit.key(g.proto(), g.port()));
            folds.connections().orient(ports, self, snapshot);
            List<ServiceGroup> rows = snapshot.groups();
            services.addAll(rows);
            FlowAudit ca = new FlowAudit(self, others, true, folds.order());
            rows.forEach(ca::add);
            flowFindings.addAll(ca.findings(false));
        }
        List<ServiceGroup> untouched = new ArrayList<>(folds.untouched());
        if (!folds.flowGroups().isEmpty()) {
            FlowAudit fa = new FlowAudit(self, others, false, folds.order());
            folds.flowGroups().forEach(fa::add);
            flowFindings.addAll(fa.findings(true));
            // groups that touch no known host are not this host's services: they are counted and listed as untouched
            Set<ServiceGroup> unplaced = Collections.newSetFromMap(new IdentityHashMap<>());
            unplaced.addAll(fa.unplacedGroups());
            for (ServiceGroup g : folds.flowGroups()) if (!unplaced.contains(g)) services.add(g);
            untouched.addAll(fa.unplacedGroups());
            Unaudited.flows(effective, fa.unplaced(), folds.files()).ifPresent(flowFindings::add);
        }
        List<Finding> findings = mergeBlockedWithListeners(listenerFindings, flowFindings);
        if (!rolesDeclared && effective.roles().isEmpty() && (!listening.isEmpty() || !services.isEmpty())) {
            findings.add(Unaudited.noRoles(effective, options.inferRoles(), folds.files()));
        }
        if (folds.withProblems()) findings = LogGaps.apply(findings, folds.files());
        if (folds.withProblems()) findings.addAll(InputProblemGroups.findings(folds.files(), folds.problems(), folds.problemCounts()));
        findings.addAll(otherHost);
        findings.addAll(osContradicted);
        if (folds.withProblems()) {
            List<ServiceGroup> all = new ArrayList<>(services);
            all.addAll(untouched);
            Unaudited.addressNeverSeen(effective, listening, all, folds.files(), a -> {
                RoleView v = others.apply(a);
                return v == null ? null : v.host.name();
            }).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparing((Finding f) -> f.severity()).reversed()
                .thenComparing(Finding::code).thenComparingInt(Finding::port));
        List<InputSummary> summaries = new ArrayList<>();
        for (FileSummary r : folds.files()) {
            summaries.add(new InputSummary(r.source().name(), r.format().label(),
                    r.skippedReason() != null ? InputSummary.PASSED_OVER : r.variant(), r.records(),
                    r.listeners(), r.connections(), r.flows(), folds.withProblems() ? r.problems() : 0,
                    r.notes(), r.flowsExact()));
        }
        // the lists sized for people, after the audit (findings name every address and port as the audit kept them)
        return new HostReport(effective, findings, listening, GroupListing.fold(services, effective, folds.units(), folds.order()),
                folds.rawFlows(), GroupListing.fold(untouched, effective, folds.units(), folds.order()), summaries);
    }

    /** The services a host offers: its non-loopback listeners, else the responder ports of flows to it. */
    private static Set<String> offeredServices(List<ListeningService> listening, List<ServiceGroup> groups, Host host) {
        Set<String> out = new LinkedHashSet<>();
        for (ListeningService g : listening) if (!g.loopbackOnly()) out.add(g.proto().label() + "/" + g.port());
        for (ServiceGroup f : groups) {
            boolean toHost = f.direction() == Direction.INBOUND || host.addresses().contains(Addresses.stripScope(f.respAddr()));
            if (toHost && f.respPortExact() && (f.traits().answered() || f.wasAllowed() || f.wasDropped())) out.add(f.proto().label() + "/" + f.respPort());
        }
        return out;
    }

    /**
     * A listener whose inbound traffic the firewall dropped is one finding with both kinds of evidence: the
     * listener's EXPECTED finding is absorbed into the BLOCKED_EXPECTED finding of the same protocol/port.
     */
    private static List<Finding> mergeBlockedWithListeners(List<Finding> listenerFindings, List<Finding> flowFindings) {
        Map<String, Finding> expected = new LinkedHashMap<>();
        for (Finding f : listenerFindings) {
            if (f.code() == FindingCode.EXPECTED && !f.evidence().isEmpty()) expected.putIfAbsent(f.proto() + "/" + f.port(), f);
        }
        Set<Finding> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Finding> merged = new ArrayList<>(flowFindings.size());
        for (Finding b : flowFindings) {
            Finding l = b.code() == FindingCode.BLOCKED_EXPECTED ? expected.get(b.proto() + "/" + b.port()) : null;
            if (l == null) {
                merged.add(b);
                continue;
            }
            absorbed.add(l);
            List<Evidence> ev = new ArrayList<>(l.evidence());
            ev.addAll(b.evidence());
            merged.add(new Finding(b.code(), b.severity(), b.proto(), b.port(), b.address(), b.peer(), b.product(),
                    b.role(), b.message() + "; the listener is up (" + l.evidence().get(0).location() + ")", ev,
                    b.entryId(), b.entrySource(), b.firewallException()));
        }
        List<Finding> out = new ArrayList<>(listenerFindings.size() + merged.size());
        for (Finding f : listenerFindings) if (!absorbed.contains(f)) out.add(f);
        out.addAll(merged);
        return out;
    }

    static OsFamily guessOs(List<FileSummary> inputs) {
        for (FileSummary r : inputs) {
            OsFamily os = OsFamily.ofInputVariant(r.variant());
            if (os != OsFamily.UNKNOWN) return os;
        }
        return OsFamily.UNKNOWN;
    }

    /** The first input that was read (not passed over), else the first. */
    static FileSummary firstRead(List<FileSummary> inputs) {
        for (FileSummary r : inputs) if (r.skippedReason() == null) return r;
        return inputs.get(0);
    }

    static String guessName(List<FileSummary> inputs, String defaultName) {
        for (FileSummary r : inputs) if (r.hostName() != null && !r.hostName().isBlank()) return r.hostName();
        if (defaultName != null) return defaultName;
        if (inputs.isEmpty()) return "host";
        String name = firstRead(inputs).source().name();
        if (name.equals(dev.portolan.ingest.Source.STDIN)) return dev.portolan.ingest.Source.STDIN;
        String inArchive = dev.portolan.ingest.ZipArchives.folderName(name);
        if (inArchive != null) return inArchive;
        java.nio.file.Path p = Paths.get(name).toAbsolutePath().normalize();
        if (p.getParent() != null && p.getParent().getFileName() != null) return p.getParent().getFileName().toString();
        String f = p.getFileName().toString();
        int dot = f.indexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
