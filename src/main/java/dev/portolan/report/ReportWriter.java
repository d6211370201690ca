package dev.portolan.report;

import dev.portolan.model.HostReport;

import java.io.IOException;

/**
 * One report being written ({@link Renderer#open}): {@link #host} once per host as each completes, then
 * {@link #end} once. Line formats (text, csv, jsonl) write each host at once; document formats that need
 * totals before their hosts (json, md, html, sarif, junit) keep the host reports until {@link #end}.
 * Does not close the writer it was opened on.
 */
public interface ReportWriter {

    void host(HostReport host) throws IOException;

    void end(RunSummary summary) throws IOException;
}
