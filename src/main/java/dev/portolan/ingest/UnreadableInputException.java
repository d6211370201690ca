package dev.portolan.ingest;

import java.io.IOException;

/** The input could not be read at all (no recognisable record). The message names the file and why. */
public class UnreadableInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message) {
        super(message);
    }
}
