package dev.portolan.ingest;

/**
 * Takes firewall log lines one by one, each folded where the sink would have folded the flow of that one line
 * (see {@link ObservationSink#logLineFold()}): a reader then makes no {@link dev.portolan.model.Flow} and no evidence
 * text per line. One fold serves one reading thread. Its lines count only once the reader calls {@link #done()}: a
 * reader that gives up a way of reading (parallel chunks, then a sequential read after all) leaves that way's folds
 * undone, and they count for nothing.
 */
public interface LogLineFold {
    void line(LogLine line);

    /** Every line of this fold was handed over and is to be counted. Called once, from any thread. */
    void done();
}
