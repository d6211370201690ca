package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.HostReport;
import dev.portolan.model.ListeningService;
import dev.portolan.model.PortRange;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Severity;
import dev.portolan.report.Labels;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fleet report, a diff or a baseline needs of one audited host, whether it comes from a live audit
 * ({@link #of(HostReport)}) or is read back from the JSON/JSONL that {@code audit} wrote ({@link AuditResults}).
 * {@code ephemeral} is null and {@code listeners}/{@code services} are empty when the source did not carry them
 * (JSON Lines holds findings only); {@code observed} says whether they were carried.
 */
public record HostResult(String host, String os, PortRange ephemeral, List<String> roles, List<Finding> findings,
                         List<String> listeners, List<String> services, boolean observed) {

    public HostResult {
        roles = List.copyOf(roles);
        findings = List.copyOf(findings);
        listeners = List.copyOf(listeners);
        services = List.copyOf(services);
    }

    /** A live host's result; listener and service keys only when {@code withObservations} (a diff needs them). */
    public static HostResult of(HostReport r, boolean withObservations) {
        List<String> roles = new ArrayList<>();
        for (RoleAssignment a : r.host().roles()) roles.add(a.role());
        PortRange eph = r.host().ephemeralRange();
        List<String> listeners = new ArrayList<>();
        List<String> services = new ArrayList<>();
        if (!withObservations) return new HostResult(r.host().name(), r.host().os().label(), eph, roles, r.findings(), listeners, services, false);
        for (ListeningService l : r.listeners()) listeners.add(listenerKey(l.proto().label(), l.port(), l.address(), eph));
        // the audit's service groups, one key per (protocol, responder port, direction)
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (ServiceGroup g : r.services()) {
            seen.add(g.respPortExact() ? serviceKey(g.proto().label(), g.respPort(), g.direction().label(), eph)
                    : g.direction().label() + " " + g.proto().label() + "/" + g.respPortClass());
        }
        services.addAll(seen);
        return new HostResult(r.host().name(), r.host().os().label(), eph, roles, r.findings(), listeners, services, true);
    }

    /** The same host with other findings (after suppression). */
    public HostResult withFindings(List<Finding> kept) {
        return new HostResult(host, os, ephemeral, roles, kept, listeners, services, observed);
    }

    /** Most severe severity among the findings, or null when there are none. */
    public Severity worst() {
        Severity w = null;
        for (Finding f : findings) if (w == null || f.severity().compareTo(w) > 0) w = f.severity();
        return w;
    }

    public boolean reaches(Severity threshold) {
        if (threshold == null) return false;
        for (Finding f : findings) if (f.severity().atLeast(threshold)) return true;
        return false;
    }

    /** Count of findings per severity, indexed by {@link Severity#ordinal()}. */
    public int[] severityCounts() {
        int[] c = new int[Severity.values().length];
        for (Finding f : findings) c[f.severity().ordinal()]++;
        return c;
    }

    /**
     * A port as it should compare between two runs: ports inside the ephemeral range change from run to run,
     * so they all read "ephemeral".
     */
    static String portLabel(int port, PortRange ephemeral, boolean ephemeralByCode) {
        if (port < 0) return "-";
        if (ephemeralByCode || (ephemeral != null && ephemeral.contains(port))) return "ephemeral";
        return Integer.toString(port);
    }

    static String listenerKey(String proto, int port, String address, PortRange eph) {
        return proto + "/" + portLabel(port, eph, false) + " on " + address;
    }

    static String serviceKey(String proto, int port, String direction, PortRange eph) {
        return direction + " " + proto + "/" + portLabel(port, eph, false);
    }

    /**
     * What identifies a finding from one run to the next: code, protocol, port (an EPHEMERAL_LISTENER's port as
     * "ephemeral"), bind address for listener findings, and product:role, never PIDs, peers, messages or times.
     * It does not depend on whether the source carried the ephemeral range (JSON Lines does not).
     */
    public String findingKey(Finding f) {
        StringBuilder b = new StringBuilder(f.code().name());
        if (f.proto() != null) b.append(' ').append(f.proto().label()).append('/')
                .append(portLabel(f.port(), null, f.code() == FindingCode.EPHEMERAL_LISTENER));
        if (isListenerCode(f.code()) && f.address() != null) b.append(" on ").append(f.address());
        String role = Labels.productRole(f);
        if (!role.isEmpty()) b.append(' ').append(role);
        if (f.code() == FindingCode.INPUT_PROBLEM && !f.evidence().isEmpty()) b.append(' ').append(baseName(f.evidence().get(0).file()));
        return b.toString();
    }

    private static boolean isListenerCode(FindingCode c) {
        return c == FindingCode.UNKNOWN_LISTENER || c == FindingCode.EPHEMERAL_LISTENER || c == FindingCode.EXPOSED_INTERNAL
                || c == FindingCode.FALLBACK_PORT;
    }

    private static String baseName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }
}
