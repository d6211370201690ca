package dev.portolan.ingest;

import java.io.IOException;

/**
 * Reads one input file of one format. Bad lines/records become {@link dev.portolan.model.InputProblem}s
 * in the result; an {@link UnreadableInputException} is thrown only when nothing at all could be read
 * (exit code 2 at the CLI). Other IOExceptions mean the file could not be opened.
 */
public interface InputReader {

    /** The format this reader handles. */
    InputFormat format();

    ReadResult read(Source source) throws IOException;
}
