package dev.portolan.report;

import dev.portolan.batch.AuditResults;
import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Fleet reports from results read back rather than from a live batch: the json/jsonl files that {@code audit}
 * (or one task per host of a Spark job) wrote. Hosts stream through one at a time, so the files may hold any
 * number of hosts; they appear in the order read (write them sorted by host for a stable page).
 */
public final class FleetReports {
    private FleetReports() {
    }

    /** The fleet formats: {@code html} (the fleet page) and {@code md} (the ticket). */
    public static FleetReport forFormat(String format, Severity threshold) throws IOException {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "html", "htm" -> new FleetHtmlRenderer(threshold);
            case "md", "markdown" -> new FleetMarkdownRenderer(threshold);
            default -> throw new IllegalArgumentException("unknown fleet report format '" + format + "' (expected html or md)");
        };
    }

    /**
     * Reads every result file, applies the suppressions and writes the fleet report.
     *
     * @param output where {@code out} ends up (side pages and attachments go beside it), or null for a stream
     * @return the summary, for the exit code ({@link FleetSummary#reachesThreshold()})
     * @throws IOException naming file and line when a result cannot be read
     */
    public static FleetSummary render(List<Path> results, String format, Severity threshold, Suppressions suppressions,
                                      Path output, Writer out, String version) throws IOException {
        FleetSummary summary = new FleetSummary(threshold);
        try (FleetReport report = forFormat(format, threshold)) {
            for (Path p : results) {
                AuditResults.read(p, h -> {
                    Suppressions.Applied a = suppressions.apply(h);
                    summary.add(a.kept(), a.suppressed().size());
                    report.host(a.kept(), a.suppressed());
                });
            }
            report.end(new FleetReport.End(summary, null, suppressions.notes(), suppressions.rules(), List.of(), Instant.now(), version, output), out);
        }
        return summary;
    }
}
