package dev.portolan.ingest.netstat;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits decoded text into lines, numbering them as an editor shows them. Breaks are LF, CRLF,
 * a lone CR, and CR CR LF — what {@code netstat > file} produces on some Windows consoles, where it
 * is one line break, not two. Reads in blocks, so memory does not grow with the file, nor with a line:
 * a line longer than {@link #MAX_LINE} characters is cut there ({@link #wasCut()}), the rest of it skipped.
 */
public final class PhysicalLineReader {
    /** The longest line kept, in characters (1 Mi); the firewall reader has the same bound in bytes. */
    public static final int MAX_LINE = 1 << 20;

    private final Reader reader;
    private final int maxLine;
    private long length;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private final StringBuilder carry = new StringBuilder();

    public PhysicalLineReader(Reader reader) {
        this(reader, MAX_LINE);
    }

    PhysicalLineReader(Reader reader, int maxLine) {
        this.reader = reader;
        this.maxLine = maxLine;
    }

    /** True when the line last returned was longer than the bound and is only its first part. */
    public boolean wasCut() {
        return length > maxLine;
    }

    /** Length in characters of the line last returned, before any cut. */
    public long length() {
        return length;
    }

    /** 1-based number of the line last returned by {@link #next()}. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end. A final line without terminator counts. */
    public String next() throws IOException {
        carry.setLength(0);
        length = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit && !fill()) {
                if (!any && carry.length() == 0) return null;
                lineNumber++;
                return carry.toString();
            }
            int start = pos;
            while (pos < limit) {
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    String line = take(start, pos);
                    pos++;
                    if (c == '\r') consumeAfterCr();
                    lineNumber++;
                    return line;
                }
                pos++;
            }
            keep(start, pos);
            any = true;
        }
    }

    private String take(int start, int end) {
        if (carry.length() == 0 && length == 0 && end - start <= maxLine) {
            length = end - start;
            return new String(buf, start, end - start);
        }
        keep(start, end);
        return carry.toString();
    }

    /** Appends {@code buf[start, end)} to the line, up to the bound; counts the whole length. */
    private void keep(int start, int end) {
        int room = (int) Math.max(0, Math.min(end - start, maxLine - length));
        carry.append(buf, start, room);
        length += end - start;
    }

    /** After a CR: swallow LF (CRLF) or CR LF (CR CR LF); a CR followed by anything else stands alone. */
    private void consumeAfterCr() throws IOException {
        if (!ensure(1)) return;
        if (buf[pos] == '\n') {
            pos++;
            return;
        }
        if (buf[pos] == '\r' && ensure(2) && buf[pos + 1] == '\n') pos += 2;
    }

    /** Makes at least {@code n} unread chars available if the input has them. */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) return false;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int r = reader.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                return limit - pos >= n;
            }
            limit += r;
        }
        return true;
    }

    private boolean fill() throws IOException {
        if (eof) return false;
        pos = 0;
        limit = 0;
        int r;
        do {
            r = reader.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            eof = true;
            return false;
        }
        limit = r;
        return true;
    }
}
