package dev.portolan.ingest;

/**
 * Takes firewall log lines one by one, each folded where the sink would have folded the flow of that one line
 * (see {@link ObservationSink#logLineFold()}): a reader then makes no {@link dev.portolan.model.Flow} and no evidence
 * text per line. The reader hands the first line of a flow (its 5-tuple, action and direction) to {@link #first} and
 * later lines of the same flow, with what {@code first} returned, to {@link #again}, which needs to redo nothing the
 * flow's key decides; it may forget a flow at any time and start it again with {@code first}. One fold serves one
 * reading thread, which hands it its lines in file order. Its lines count only once the reader calls {@link #done()}:
 * a reader that gives up a way of reading (parallel chunks, then a sequential read after all) leaves that way's folds
 * undone, and they count for nothing.
 */
public interface LogLineFold {
    /** What a fold keeps for a flow it was handed the first line of. */
    interface Handle {
    }

    /** A line of a flow not handed over lately. */
    Handle first(LogLine line);

    /** A later line of the flow {@code flow} stands for (what {@link #first} returned for its first line). */
    void again(Handle flow, LogLine line);

    /** Every line of this fold was handed over and is to be counted. Called once, from any thread. */
    void done();
}
