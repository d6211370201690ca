package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.util.List;

/**
 * One report being written ({@link Renderer#open}): {@link #host} once per host as each completes, then
 * {@link #end} once; the end's {@link RunSummary#notes()} are the suppression file's own warnings, which every
 * format shows. Line formats (text, csv, jsonl) write each host at once; document formats that need
 * totals before their hosts (json, md, html, sarif, junit) keep the host reports until {@link #end}.
 * Does not close the writer it was opened on.
 */
public interface ReportWriter {

    void host(HostReport host) throws IOException;

    /**
     * A host and its findings that a suppression file accepted ({@code --suppress}): they are not among
     * {@code host.findings()}, do not count for any verdict, and every format lists them apart with the row's
     * reason. A format that cannot list them refuses them rather than dropping them.
     */
    default void host(HostReport host, List<Suppressions.Suppressed> suppressed) throws IOException {
        if (!suppressed.isEmpty()) throw new UnsupportedOperationException(getClass().getName() + " cannot list suppressed findings");
        host(host);
    }

    void end(RunSummary summary) throws IOException;

    /** A writer that lists suppressed findings: a host without any is the same call with an empty list. */
    interface Listing extends ReportWriter {
        @Override
        default void host(HostReport host) throws IOException {
            host(host, List.of());
        }

        @Override
        void host(HostReport host, List<Suppressions.Suppressed> suppressed) throws IOException;
    }
}
