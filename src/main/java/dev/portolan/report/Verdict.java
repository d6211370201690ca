package dev.portolan.report;

import dev.portolan.model.Finding;
import dev.portolan.model.Severity;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * PASS or FAIL of a host (or of a whole run) against the fail-on threshold, with the counts by severity:
 * the first thing every report format says. The exit code follows the same rule
 * ({@link dev.portolan.model.AuditReport#reaches(Severity)}).
 *
 * @param failOn  the threshold; null = "never"
 * @param failing how many findings are at or above it
 * @param counts  findings per severity, every severity present (zeros included)
 */
public record Verdict(boolean failed, Severity failOn, int failing, Map<Severity, Integer> counts) {

    public Verdict {
        counts = Collections.unmodifiableMap(counts);
    }

    /** The verdict of a whole run from its counts by severity. */
    public static Verdict of(RunSummary summary, Severity failOn) {
        int failing = 0;
        for (var en : summary.bySeverity().entrySet()) if (failOn != null && en.getKey().atLeast(failOn)) failing += en.getValue();
        return new Verdict(failing > 0, failOn, failing, summary.bySeverity());
    }

    public static Verdict of(List<Finding> findings, Severity failOn) {
        int failing = 0;
        for (Finding f : findings) if (failOn != null && f.severity().atLeast(failOn)) failing++;
        return new Verdict(failing > 0, failOn, failing, Labels.severityCounts(findings));
    }

    /** "PASS" or "FAIL". */
    public String label() {
        return failed ? "FAIL" : "PASS";
    }

    /** "error", "warning", … or "never". */
    public String failOnLabel() {
        return failOn == null ? "never" : failOn.label();
    }

    /** "1 error, 2 warning, 0 notice, 12 info". */
    public String countsLine() {
        return Labels.severityLine(counts);
    }

    /** "FAIL (fail-on error): 1 error, 2 warning, 0 notice, 12 info". */
    public String line() {
        return label() + " (fail-on " + failOnLabel() + "): " + countsLine();
    }

    public int total() {
        int n = 0;
        for (int c : counts.values()) n += c;
        return n;
    }
}
