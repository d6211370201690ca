package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Severity;
import dev.portolan.report.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact, fleet-wide view that the fleet reports are drawn from: counts per severity and per finding code,
 * hosts per worst severity, and <b>finding groups</b> — the same finding (code, protocol/port, product:role) across
 * hosts, e.g. "UNKNOWN_LISTENER tcp/4444 — 589 hosts" with the first {@value #GROUP_HOST_SAMPLE} host names.
 * Its size depends on the distinct findings of the fleet, not on the number of hosts. It is built one host at
 * a time, from a live batch or from results read back ({@link AuditResults}); EXPECTED and other info findings
 * are counted but not grouped.
 */
public final class FleetSummary {
    /** Host names kept per group; the count is always exact. */
    public static final int GROUP_HOST_SAMPLE = 500;

    private final Severity threshold;
    private long hosts;
    private long failingHosts;
    private long suppressed;
    private final long[] hostsByWorst = new long[Severity.values().length + 1];
    private final long[] bySeverity = new long[Severity.values().length];
    private final Map<FindingCode, long[]> byCode = new EnumMap<>(FindingCode.class);
    private final Map<String, Group> groups = new HashMap<>();

    /** One finding across hosts. {@code hosts} holds the first names (in the order hosts were added). */
    public static final class Group {
        private final Severity severity;
        private final FindingCode code;
        private final String protoPort;
        private final String productRole;
        private long hostCount;
        private long findingCount;
        private final List<String> hosts = new ArrayList<>();
        private String lastHost;

        private Group(Severity severity, FindingCode code, String protoPort, String productRole) {
            this.severity = severity;
            this.code = code;
            this.protoPort = protoPort;
            this.productRole = productRole;
        }

        public Severity severity() { return severity; }
        public FindingCode code() { return code; }
        public String protoPort() { return protoPort; }
        public String productRole() { return productRole; }
        public long hostCount() { return hostCount; }
        public long findingCount() { return findingCount; }
        public List<String> hosts() { return hosts; }

        /** "UNKNOWN_LISTENER tcp/4444" (+ " clientmanager:manager" when a role is named). */
        public String title() {
            String t = code.name() + (protoPort.isEmpty() ? "" : " " + protoPort);
            return productRole.isEmpty() ? t : t + " " + productRole;
        }
    }

    /** @param threshold the --fail-on level that makes a host "failing" (null = never) */
    public FleetSummary(Severity threshold) {
        this.threshold = threshold;
    }

    /** Adds one host (after suppression) and how many of its findings were suppressed. */
    public void add(HostResult h, int suppressedFindings) {
        hosts++;
        suppressed += suppressedFindings;
        Severity worst = h.worst();
        hostsByWorst[worst == null ? 0 : worst.ordinal() + 1]++;
        if (h.reaches(threshold)) failingHosts++;
        for (Finding f : h.findings()) {
            bySeverity[f.severity().ordinal()]++;
            byCode.computeIfAbsent(f.code(), c -> new long[Severity.values().length])[f.severity().ordinal()]++;
            if (f.severity() == Severity.INFO) continue;
            String protoPort = Labels.protoPort(f);
            String role = Labels.productRole(f);
            String key = f.severity().ordinal() + "|" + f.code().ordinal() + "|" + protoPort + "|" + role;
            Group g = groups.computeIfAbsent(key, k -> new Group(f.severity(), f.code(), protoPort, role));
            g.findingCount++;
            if (!h.host().equals(g.lastHost)) {
                g.lastHost = h.host();
                g.hostCount++;
                if (g.hosts.size() < GROUP_HOST_SAMPLE) g.hosts.add(h.host());
            }
        }
    }

    public Severity threshold() { return threshold; }
    public long hosts() { return hosts; }
    /** Hosts with a finding at or above the threshold. */
    public long failingHosts() { return failingHosts; }
    public long suppressed() { return suppressed; }

    /** Hosts whose worst finding has this severity; {@code null} = hosts without any finding. */
    public long hostsWithWorst(Severity s) {
        return hostsByWorst[s == null ? 0 : s.ordinal() + 1];
    }

    public long findings(Severity s) {
        return bySeverity[s.ordinal()];
    }

    public long findings() {
        long n = 0;
        for (long c : bySeverity) n += c;
        return n;
    }

    /** Finding count per code (all severities), in code order, zero counts omitted. */
    public Map<FindingCode, Long> byCode() {
        Map<FindingCode, Long> m = new EnumMap<>(FindingCode.class);
        byCode.forEach((c, a) -> {
            long n = 0;
            for (long x : a) n += x;
            m.put(c, n);
        });
        return m;
    }

    public long findings(FindingCode code, Severity s) {
        long[] a = byCode.get(code);
        return a == null ? 0 : a[s.ordinal()];
    }

    /** True when any finding reached the threshold. */
    public boolean reachesThreshold() {
        return failingHosts > 0;
    }

    /** Groups, most severe first, then most hosts, then by title. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>(groups.values());
        out.sort(Comparator.comparing(Group::severity).reversed()
                .thenComparing(Comparator.comparingLong(Group::hostCount).reversed())
                .thenComparing(Group::title));
        return out;
    }
}
