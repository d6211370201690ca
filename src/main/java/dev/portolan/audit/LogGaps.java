package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.LogGap;

import java.util.ArrayList;
import java.util.List;

/**
 * Logs that say they are incomplete: one {@code LOG_GAP} finding per file (count and time summed), and every
 * {@code NOT_OBSERVED} finding of the host says that its traffic may have been among the events not logged.
 */
final class LogGaps {
    private LogGaps() {
    }

    static List<Finding> apply(List<Finding> findings, List<FileSummary> inputs) {
        List<LogGap> gaps = new ArrayList<>();
        for (FileSummary r : inputs) if (r.logGap() != null) gaps.add(r.logGap());
        if (gaps.isEmpty()) return findings;
        List<Finding> out = new ArrayList<>(findings.size() + gaps.size());
        String caveat = caveat(gaps);
        for (Finding f : findings) {
            if (f.code() != FindingCode.NOT_OBSERVED) {
                out.add(f);
                continue;
            }
            out.add(new Finding(f.code(), f.severity(), f.proto(), f.port(), f.address(), f.peer(), f.product(), f.role(),
                    f.message() + "; " + caveat, f.evidence(), f.entryId(), f.entrySource(), f.firewallException()));
        }
        for (LogGap g : gaps) {
            out.add(Finding.of(FindingCode.LOG_GAP).evidence(g.evidence())
                    .message(g.file() + " says " + g.eventsText() + " were not logged (" + g.records()
                            + " INFO-EVENTS-LOST record(s), " + g.timeText() + "): the log was read, but it is incomplete;"
                            + " traffic in that time may be missing from the findings")
                    .build());
        }
        return out;
    }

    private static String caveat(List<LogGap> gaps) {
        List<String> parts = new ArrayList<>();
        for (LogGap g : gaps) parts.add(g.file() + " lost " + g.eventsText() + " " + g.timeText());
        return "the firewall log has gaps (" + String.join("; ", parts) + "), so this traffic may have been among the events not logged";
    }
}
