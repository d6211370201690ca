package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes an audit in one format, host by host: {@link #open} starts a report on a writer, the returned
 * {@link ReportWriter} takes each host as it completes and ends with the run's totals. Renderers never open
 * files or stdout themselves; the caller passes the writer (and writes files atomically, see {@link AtomicOutput}).
 */
public interface Renderer {

    /** Format name used by {@code --format} (text, md, csv, json, jsonl, html, sarif, junit). */
    String name();

    /** Default file extension, without the dot. */
    String extension();

    /** Starts a report on {@code out}. */
    ReportWriter open(Writer out, RunInfo run) throws IOException;

    /** Writes a whole report at once: open, every host in order, end. */
    default void render(AuditReport report, Writer out) throws IOException {
        ReportWriter w = open(out, RunInfo.of(report));
        for (HostReport h : report.hosts()) w.host(h);
        w.end(RunSummary.of(report.hosts()));
    }
}
