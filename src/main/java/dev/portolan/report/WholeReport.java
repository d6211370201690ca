package dev.portolan.report;

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
    /** Writes the whole document. */
    @FunctionalInterface
    interface Body {
        void write(AuditReport report, Writer out) throws IOException;
    }

    private final Writer out;
    private final RunInfo run;
    private final Body body;
    private final List<HostReport> hosts = new ArrayList<>();

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
    public void end(RunSummary summary) throws IOException {
        body.write(new AuditReport(hosts, run.generatedAt(), run.toolVersion()), out);
        out.flush();
    }
}
