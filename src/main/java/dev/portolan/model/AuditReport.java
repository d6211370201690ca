package dev.portolan.model;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The result of one audit run: one {@link HostReport} per host, plus when and by which version. */
public record AuditReport(List<HostReport> hosts, Instant generatedAt, String toolVersion) {

    public AuditReport {
        hosts = List.copyOf(hosts);
    }

    public int findingCount() {
        int n = 0;
        for (HostReport h : hosts) n += h.findings().size();
        return n;
    }

    /** True when any finding is at or above the threshold; a null threshold ("never") is never reached. */
    public boolean reaches(Severity threshold) {
        if (threshold == null) return false;
        for (HostReport h : hosts)
            for (Finding f : h.findings()) if (f.severity().atLeast(threshold)) return true;
        return false;
    }

    public Map<FindingCode, Integer> summary() {
        Map<FindingCode, Integer> m = new EnumMap<>(FindingCode.class);
        for (HostReport h : hosts) h.summary().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return m;
    }
}
