package dev.portolan.report;

import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.HostResult;
import dev.portolan.batch.ResultDiff;
import dev.portolan.batch.Suppressions;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A fleet report (HTML page or Markdown ticket) written in two steps: every host as it is audited, in host-name
 * order ({@link #host}), which keeps only a compact row and, for hosts at or above the threshold, a detail
 * fragment spilled to a temporary file; then the page ({@link #end}) from the {@link FleetSummary} and the spill.
 * Memory does not grow with the number of hosts. The same two steps serve a live batch and results read back
 * from JSON Lines ({@code portolan report}).
 */
public interface FleetReport extends Closeable {

    /** What the page needs beyond the hosts. {@code changes} null without a baseline; {@code output} null for stdout. */
    record End(FleetSummary summary, ResultDiff.Result changes, List<Suppressions.Note> notes,
               List<Suppressions.Rule> rules, List<String> unreadable, Instant generated, String version, Path output) {
        public End {
            notes = List.copyOf(notes);
            rules = List.copyOf(rules);
            unreadable = List.copyOf(unreadable);
        }
    }

    void host(HostResult kept, List<Suppressions.Suppressed> suppressed) throws IOException;

    /** Writes the report; side files (detail pages, attachment) go beside {@code end.output()}. */
    void end(End end, Writer out) throws IOException;

    /** Deletes the spill. */
    @Override
    void close() throws IOException;
}
