package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.FindingCode;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a report says about the whole run once every host is written: how many hosts, findings by code and
 * by severity, and what the suppression file says about itself (expired rows, rows that matched nothing).
 * Built by {@link Tally} while hosts pass, so nobody has to keep the hosts for it.
 */
public record RunSummary(int hosts, Map<FindingCode, Integer> byCode, Map<Severity, Integer> bySeverity,
                         List<Suppressions.Note> notes) {

    public RunSummary(int hosts, Map<FindingCode, Integer> byCode, Map<Severity, Integer> bySeverity) {
        this(hosts, byCode, bySeverity, List.of());
    }

    /** The same totals with the suppression file's notes. */
    public RunSummary withNotes(List<Suppressions.Note> n) {
        return new RunSummary(hosts, byCode, bySeverity, n);
    }

    public RunSummary {
        notes = List.copyOf(notes);
        Map<FindingCode, Integer> codes = new EnumMap<>(FindingCode.class);
        codes.putAll(byCode);
        byCode = Collections.unmodifiableMap(codes);
        Map<Severity, Integer> severities = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) severities.put(s, bySeverity.getOrDefault(s, 0));
        bySeverity = Collections.unmodifiableMap(severities);
    }

    public int findingCount() {
        int n = 0;
        for (int c : byCode.values()) n += c;
        return n;
    }

    /** True when any finding is at or above the threshold; a null threshold ("never") is never reached. */
    public boolean reaches(Severity threshold) {
        if (threshold == null) return false;
        for (var en : bySeverity.entrySet()) if (en.getValue() > 0 && en.getKey().atLeast(threshold)) return true;
        return false;
    }

    public static RunSummary of(List<HostReport> hosts) {
        Tally t = new Tally();
        hosts.forEach(t::add);
        return t.summary();
    }

    /** Counts hosts and findings as they pass; {@link #summary()} gives the value so far. */
    public static final class Tally {
        private int hosts;
        private final Map<FindingCode, Integer> byCode = new EnumMap<>(FindingCode.class);
        private final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);

        public void add(HostReport h) {
            hosts++;
            h.summary().forEach((k, v) -> byCode.merge(k, v, Integer::sum));
            h.findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        }

        public RunSummary summary() {
            return new RunSummary(hosts, byCode, bySeverity);
        }
    }
}
