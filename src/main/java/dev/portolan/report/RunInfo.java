package dev.portolan.report;

import dev.portolan.model.AuditReport;

import java.time.Instant;

/** What a report says about the run before any host is written: when it was generated and by which version. */
public record RunInfo(Instant generatedAt, String toolVersion) {

    public static RunInfo of(AuditReport report) {
        return new RunInfo(report.generatedAt(), report.toolVersion());
    }
}
