package dev.portolan.ingest.firewall;

import java.io.IOException;

/**
 * Feeds complete physical lines from a byte source to a {@link LineParser}, through one reused
 * buffer. A line longer than the buffer is either a NUL run (counted and dropped, the line goes on)
 * or reported once and skipped, so memory never depends on the input.
 */
final class LineScanner {
    static final int BUFFER = 1 << 20;

    /** A source of bytes: returns the count read, or -1 at the end. */
    interface Bytes {
        int read(byte[] buf, int off, int len) throws IOException;

        /**
         * As {@link #read(byte[], int, int)}; when {@code atLineStart}, {@code buf[0, off)} (perhaps empty) is the start
         * of line {@code lineNo} and every line before it was handed to the parser.
         */
        default int read(byte[] buf, int off, int len, long lineNo, boolean atLineStart) throws IOException {
            return read(buf, off, len);
        }
    }

    private LineScanner() {
    }

    /** Scans to the end of {@code in}; returns the number of '\n' seen. */
    static long scan(Bytes in, LineParser parser, long firstLine, int bufferSize) throws IOException {
        byte[] buf = new byte[bufferSize];
        int limit = 0;
        long lineNo = firstLine;
        long pendingNuls = 0;
        boolean skipping = false;
        while (true) {
            int r = in.read(buf, limit, buf.length - limit, lineNo, !skipping && pendingNuls == 0);
            boolean eof = r < 0;
            if (!eof) {
                limit += r;
                parser.bytesRead += r;
            }
            int lineStart = 0;
            int nl;
            while ((nl = indexOfNewline(buf, lineStart, limit)) >= 0) {
                if (!skipping) parser.line(buf, lineStart, nl, lineNo, pendingNuls, false);
                skipping = false;
                pendingNuls = 0;
                lineNo++;
                lineStart = nl + 1;
            }
            if (eof) {
                if (!skipping && (lineStart < limit || pendingNuls > 0)) {
                    parser.line(buf, lineStart, limit, lineNo, pendingNuls, true);
                }
                parser.endOfInput();
                return lineNo - firstLine;
            }
            int rest = limit - lineStart;
            if (rest == buf.length) {
                if (skipping) {
                    rest = 0;
                } else if (allNul(buf, 0, rest)) {
                    pendingNuls += rest;
                    rest = 0;
                } else {
                    parser.overlongLine(buf, 0, rest, lineNo);
                    skipping = true;
                    rest = 0;
                }
            } else if (lineStart > 0) {
                System.arraycopy(buf, lineStart, buf, 0, rest);
            }
            limit = rest;
        }
    }

    static int indexOfNewline(byte[] b, int from, int to) {
        return Swar.indexOfNewline(b, from, to);
    }

    private static boolean allNul(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }
}
