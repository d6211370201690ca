package dev.portolan.ingest;

import java.io.IOException;

/**
 * Reads one input file of one format, pushing what it yields into a sink as it reads and returning a
 * {@link FileSummary}. Bad lines/records become {@link dev.portolan.model.InputProblem}s pushed like any
 * observation; an {@link UnreadableInputException} is thrown only when nothing at all could be read
 * (exit code 2 at the CLI). Other IOExceptions mean the file could not be opened.
 */
public interface InputReader {

    /** The format this reader handles. */
    InputFormat format();

    FileSummary read(Source source, ObservationSink sink) throws IOException;

    /** Reads the whole file into lists (small files, tests). */
    default ReadResult read(Source source) throws IOException {
        return ReadResult.collect(this, source);
    }
}
