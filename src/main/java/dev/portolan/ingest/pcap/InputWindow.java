package dev.portolan.ingest.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A sliding window over the capture: one large reusable byte array refilled from a channel (plain files)
 * or a stream (gzip). Records are parsed in place; {@link #require} compacts and refills when a record
 * straddles the end of the window.
 */
final class InputWindow {
    private static final int LARGE = 8 << 20;

    private final ReadableByteChannel channel;
    private final InputStream stream;
    byte[] buf;
    /** Next unread byte in {@link #buf}. */
    int pos;
    /** End of valid data in {@link #buf}. */
    int limit;
    /** File offset of buf[0]. */
    private long base;
    private boolean eof;

    /** {@code sizeHint}: the file size when known; small files get a small buffer (batches read thousands). */
    InputWindow(ReadableByteChannel channel, long sizeHint) {
        this.channel = channel;
        this.stream = null;
        this.buf = new byte[(int) Math.min(LARGE, Math.max(1 << 16, sizeHint + 1))];
    }

    InputWindow(InputStream stream) {
        this.channel = null;
        this.stream = stream;
        this.buf = new byte[LARGE];
    }

    /** File offset of {@link #pos}. */
    long offset() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    /** Makes at least {@code n} bytes available from {@link #pos}; false when the input ends first. */
    boolean require(int n) throws IOException {
        if (limit - pos >= n) return true;
        if (eof) return false;
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        base += pos;
        limit -= pos;
        pos = 0;
        while (limit < n || limit < buf.length / 2) {
            int r = fill(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                break;
            }
            limit += r;
        }
        return limit >= n;
    }

    private int fill(byte[] b, int off, int len) throws IOException {
        if (channel != null) return channel.read(ByteBuffer.wrap(b, off, len));
        return stream.read(b, off, len);
    }

    void skip(int n) {
        pos += n;
    }
}
