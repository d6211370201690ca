package dev.portolan.ingest.netstat;

import java.io.Reader;

/** Test access to a line reader with a small bound. */
public final class PhysicalLineReaderAccess {
    private PhysicalLineReaderAccess() {
    }

    public static PhysicalLineReader bounded(Reader r, int max) {
        return new PhysicalLineReader(r, max);
    }
}
