package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputSummary;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels and orderings shared by the renderers, so that "tcp/135", "clientmanager:manager" and the
 * severity order read the same in every format. Returns raw (unescaped) text; each renderer escapes it.
 */
public final class Labels {
    /** Most severe first: the order findings are grouped and counted in. */
    static final List<Severity> SEVERITIES_DESC = List.of(Severity.ERROR, Severity.WARNING, Severity.NOTICE, Severity.INFO);

    private Labels() {
    }

    /** "tcp/135", "tcp" when there is no port, "" when there is no protocol either. */
    /**
     * One accepted finding, as every text format lists it: "HOST: CODE tcp/4444 product:role — reason (file:line,
     * expires DATE)".
     */
    public static String suppressed(dev.portolan.batch.Suppressions.Suppressed s) {
        Finding f = s.finding();
        StringBuilder b = new StringBuilder(s.host()).append(": ").append(f.code().name());
        String pp = protoPort(f);
        if (!pp.isEmpty()) b.append(' ').append(pp);
        String pr = productRole(f);
        if (!pr.isEmpty()) b.append(' ').append(pr);
        b.append(" — ").append(s.rule().reason()).append(" (").append(s.rule().location());
        if (s.rule().expires() != null) b.append(", expires ").append(s.rule().expires());
        return b.append(')').toString();
    }

    /** A note of the suppression file: "warning: TEXT" or "info: TEXT". */
    public static String note(dev.portolan.batch.Suppressions.Note n) {
        return (n.warning() ? "warning: " : "info: ") + n.text();
    }

    public static String protoPort(Finding f) {
        String proto = f.proto() == null ? "" : f.proto().label();
        if (f.port() < 0) return proto;
        return proto.isEmpty() ? Integer.toString(f.port()) : proto + "/" + f.port();
    }

    /** "product:role", or whichever half is known, or "". */
    public static String productRole(Finding f) {
        String p = nz(f.product());
        String r = nz(f.role());
        if (p.isEmpty()) return r;
        if (r.isEmpty() || r.startsWith(p + ":")) return r.isEmpty() ? p : r;
        return p + ":" + r;
    }

    /** "clientmanager:manager" for a given role, "clientmanager:agent (inferred 0.85: 2856, 2921)" for an inferred one. */
    static String role(RoleAssignment r) {
        if (!r.inferred()) return r.role();
        String how = "inferred " + confidence(r.confidence());
        if (!r.decidedBy().isEmpty()) how += ": " + String.join(", ", r.decidedBy());
        return r.role() + " (" + how + ")";
    }

    static String confidence(double c) {
        return String.format(Locale.ROOT, "%.2f", c);
    }

    /** Host addresses in a stable order (the model keeps them in a Set without a defined order). */
    static List<String> addresses(Host h) {
        List<String> a = new ArrayList<>(h.addresses());
        a.sort(null);
        return a;
    }

    /** Host settings sorted by key (the model keeps them in a Map without a defined order). */
    static Map<String, String> settings(Host h) {
        return new TreeMap<>(h.settings());
    }

    /** "key=value, key=value" or "". */
    static String settingsLine(Host h) {
        List<String> parts = new ArrayList<>();
        settings(h).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    /** Findings grouped by severity, most severe first, keeping the report's order within a group; empty groups omitted. */
    static Map<Severity, List<Finding>> bySeverity(List<Finding> findings) {
        Map<Severity, List<Finding>> m = new LinkedHashMap<>();
        for (Severity s : SEVERITIES_DESC) {
            List<Finding> group = new ArrayList<>();
            for (Finding f : findings) if (f.severity() == s) group.add(f);
            if (!group.isEmpty()) m.put(s, group);
        }
        return m;
    }

    /** Every finding, most severe first, keeping the report's order within a severity. */
    static List<Finding> ordered(List<Finding> findings) {
        List<Finding> all = new ArrayList<>(findings.size());
        bySeverity(findings).values().forEach(all::addAll);
        return all;
    }

    /** Count per severity for every severity (zeros included). */
    static Map<Severity, Integer> severityCounts(List<Finding> findings) {
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) m.put(s, 0);
        for (Finding f : findings) m.merge(f.severity(), 1, Integer::sum);
        return m;
    }

    /** Count per severity over all hosts of a fleet. */
    static Map<Severity, Integer> fleetSeverityCounts(List<HostReport> hosts) {
        List<Finding> all = new ArrayList<>();
        for (HostReport h : hosts) all.addAll(h.findings());
        return severityCounts(all);
    }

    /** "3 error, 5 warning, 0 notice, 12 info". */
    static String severityLine(Map<Severity, Integer> counts) {
        List<String> parts = new ArrayList<>();
        for (Severity s : SEVERITIES_DESC) parts.add(counts.getOrDefault(s, 0) + " " + s.label());
        return String.join(", ", parts);
    }

    /** "EXPECTED 6, MISSING_LISTENER 1" in code order. */
    static String codeLine(Map<FindingCode, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k.name() + " " + v));
        return String.join(", ", parts);
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** "1 flow", "2 flows". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "file (format variant): 10 records, 8 listeners, 1 connection, 0 flows, 0 problems", unescaped. */
    /** Files passed over that a report names one by one; more are one line ({@link #passedOver}). */
    static final int PASSED_OVER_LISTED = 3;

    /**
     * The inputs a report lists one by one: all of them, unless more than {@link #PASSED_OVER_LISTED} were passed over
     * (a support bundle's other files), which {@link #passedOver} then sums up in one line.
     */
    static List<InputSummary> listedInputs(List<InputSummary> inputs) {
        if (inputs.stream().filter(InputSummary::passedOver).count() <= PASSED_OVER_LISTED) return inputs;
        return inputs.stream().filter(in -> !in.passedOver()).toList();
    }

    /** "31 files passed over (the notices say why): a.conf, b.conf, … and 28 more", or empty when each is listed. */
    static java.util.Optional<String> passedOver(List<InputSummary> inputs) {
        List<String> files = inputs.stream().filter(InputSummary::passedOver).map(InputSummary::file).toList();
        if (files.size() <= PASSED_OVER_LISTED) return java.util.Optional.empty();
        return java.util.Optional.of(files.size() + " files passed over (the notices say why): " + firstOf(files, PASSED_OVER_LISTED));
    }

    /** "a, b, c and 28 more": the first {@code shown} names, the rest counted (all of them when there are no more). */
    public static String firstOf(List<String> names, int shown) {
        if (names.size() <= shown) return String.join(", ", names);
        return String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
    }

    static String input(InputSummary in) {
        if (in.passedOver()) return in.file() + " (passed over: the notices say why)";
        String kind = nz(in.format()) + (in.variant() == null || in.variant().isEmpty() ? "" : " " + in.variant());
        return in.file() + " (" + kind + "): " + count(in.records(), "record") + ", " + count(in.listeners(), "listener")
                + ", " + count(in.connections(), "connection") + ", " + (in.flowsExact() ? "" : "~") + count(in.flows(), "flow") + ", "
                + count(in.problems(), "problem");
    }

    /** "3 flows (2 service groups) with no audited host at either end: not audited (listed in the JSON report)". */
    static String untouched(List<dev.portolan.model.ServiceGroup> groups) {
        long flows = 0;
        boolean exact = true;
        for (dev.portolan.model.ServiceGroup g : groups) {
            flows += g.flowCount();
            exact &= g.flows().isExact();
        }
        return (exact ? "" : "~") + count(flows, "flow") + " (" + count(groups.size(), "service group")
                + ") with no audited host at either end: not audited (listed in the JSON report)";
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /** "10.0.0.5", "10.0.0.5 (peer 10.0.0.9)", "- (peer 10.0.0.9)" or "-". */
    static String addressWithPeer(Finding f) {
        String a = nz(f.address());
        if (f.peer() != null && !f.peer().isEmpty()) a = (a.isEmpty() ? "-" : a) + " (peer " + f.peer() + ")";
        return a.isEmpty() ? "-" : a;
    }
}
