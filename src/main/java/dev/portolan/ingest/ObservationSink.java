package dev.portolan.ingest;

import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

/**
 * Where a reader pushes what one input yields, in input order, as it reads: listening sockets and
 * connection rows of a netstat/ss dump, flows (a conversation of a capture, or one firewall log line or group
 * of lines, each with its evidence) and lines or records that could not be read. Nobody downstream receives
 * a whole file; the reader returns a {@link FileSummary} when the file is done. A reader may push flows from several
 * threads at once (a large firewall log is parsed in chunks): {@link #flow} and {@link #flows} must be thread-safe.
 */
public interface ObservationSink {

    void listener(Listener listener);

    /** A non-listening socket row of a snapshot. */
    void connection(Connection connection);

    void flow(Flow flow);

    /** Several flows at once (a reader flushing a table); same as one {@link #flow} each. */
    default void flows(java.util.Collection<Flow> batch) {
        for (Flow f : batch) flow(f);
    }

    /** Flows handed on in batches of this many by the default {@link #flowTable}. */
    int FLOW_TABLE_BATCH = 8192;

    /**
     * A reader's whole per-5-tuple flow table of one input, in first-seen order, none of them a continuation. The list
     * may make each flow as it is got (a firewall log's table keeps numbers, not objects): a sink that keeps the flows
     * may keep the list itself. By default the flows go on through {@link #flows} in batches, each flow made once.
     */
    default void flowTable(java.util.List<Flow> table) {
        for (int from = 0; from < table.size(); from += FLOW_TABLE_BATCH) {
            flows(new java.util.ArrayList<>(table.subList(from, Math.min(table.size(), from + FLOW_TABLE_BATCH))));
        }
    }

    void problem(InputProblem problem);

    /**
     * A fold for the firewall log lines of one reading thread, for a sink that folds flows by something coarser than
     * the 5-tuple: the reader hands it each line (see {@link LogLine}) instead of pushing a flow per 5-tuple, which
     * must come to the same as the flows would have. Each call returns a new fold, used by one reading thread only.
     * Null (the default): this sink takes flows.
     */
    default LogLineFold logLineFold() {
        return null;
    }

    /** Discards everything (for sniffing and counting). */
    ObservationSink IGNORE = new ObservationSink() {
        @Override
        public void listener(Listener listener) {
        }

        @Override
        public void connection(Connection connection) {
        }

        @Override
        public void flow(Flow flow) {
        }

        @Override
        public void problem(InputProblem problem) {
        }
    };
}
