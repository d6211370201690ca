package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.AuditReport;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ReportWriter} of a document format that states run totals (or a rule list) before its hosts:
 * it keeps the host reports, which hold findings and evidence samples but no raw observations, and writes
 * the document at {@link #end}.
 */
final class WholeReport implements ReportWriter {
    /** Writes the whole document; {@code accepted} lists what a suppression file took out (often nothing). */
    @FunctionalInterface
    interface Body {
        void write(AuditReport report, Accepted accepted, Writer out) throws IOException;
    }

    /** The findings a suppression file accepted, every host's in host order, and the file's own notes. */
    record Accepted(List<Suppressions.Suppressed> findings, List<Suppressions.Note> notes) {
        Accepted {
            findings = List.copyOf(findings);
            notes = List.copyOf(notes);
        }

        boolean isEmpty() {
            return findings.isEmpty() && notes.isEmpty();
        }
    }

    private final Writer out;
    private final RunInfo run;
    private final Body body;
    private final List<HostReport> hosts = new ArrayList<>();
    private final List<Suppressions.Suppressed> suppressed = new ArrayList<>();

    WholeReport(Writer out, RunInfo run, Body body) {
        this.out = out;
        this.run = run;
        this.body = body;
    }

    @Override
    public void host(HostReport host) {
        hosts.add(host);
    }

    @Override
    public void host(HostReport host, List<Suppressions.Suppressed> accepted) {
        hosts.add(host);
        suppressed.addAll(accepted);
    }

    @Override
    public void end(RunSummary summary) throws IOException {
        body.write(new AuditReport(hosts, run.generatedAt(), run.toolVersion()), new Accepted(suppressed, summary.notes()), out);
        out.flush();
    }
}
