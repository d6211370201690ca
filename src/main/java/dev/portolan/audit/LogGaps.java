package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.LogGap;

import java.util.ArrayList;
import java.util.List;

/**
 * Inputs that say they are incomplete (firewall logs' INFO-EVENTS-LOST records, captures' interface statistics): one
 * {@code LOG_GAP} finding per file (count and time summed), and every {@code NOT_OBSERVED} finding of the host says that
 * its traffic may have been among what is missing.
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
            String message = g.kind() == LogGap.Kind.CAPTURE
                    ? g.file() + " says " + g.eventsLost() + " packet(s) were lost while capturing (its interface statistics, "
                            + g.records() + " interface(s)): the capture was read, but it is incomplete; traffic may be missing"
                            + " from the findings and flows counted short"
                    : g.file() + " says " + g.eventsText() + " were not logged (" + g.records()
                            + " INFO-EVENTS-LOST record(s), " + g.timeText() + "): the log was read, but it is incomplete;"
                            + " traffic in that time may be missing from the findings";
            out.add(Finding.of(FindingCode.LOG_GAP).evidence(g.evidence()).message(message).build());
        }
        return out;
    }

    private static String caveat(List<LogGap> gaps) {
        List<String> logs = new ArrayList<>(), captures = new ArrayList<>();
        for (LogGap g : gaps) {
            if (g.kind() == LogGap.Kind.CAPTURE) captures.add(g.file() + " lost " + g.eventsLost() + " packet(s)");
            else logs.add(g.file() + " lost " + g.eventsText() + " " + g.timeText());
        }
        String log = "the firewall log has gaps (" + String.join("; ", logs) + ")";
        String capture = "the capture lost packets (" + String.join("; ", captures) + ")";
        if (captures.isEmpty()) return log + ", so this traffic may have been among the events not logged";
        if (logs.isEmpty()) return capture + ", so this traffic may have been among them";
        return log + " and " + capture + ", so this traffic may have been among what is missing";
    }
}
