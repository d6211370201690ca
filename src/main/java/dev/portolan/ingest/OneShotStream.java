package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An input that can be read only once, from its start: standard input, a pipe, a FIFO, {@code <(...)}. Format
 * detection sniffs a buffered head; {@link #open()} replays that head and continues with the rest, so nothing
 * is ever sought or reopened. gzip, zstd, LZ4, xz and bzip2 are recognised by their magic and decompressed on the fly.
 */
public final class OneShotStream {
    /** Bytes kept for sniffing: more than any detector looks at. */
    static final int HEAD = 1 << 20;

    private final String name;
    /** Opens the underlying stream (once). */
    private final Source.Opener opener;
    private InputStream content;
    private byte[] head;
    private Compression compression;
    private boolean opened;

    OneShotStream(String name, Source.Opener opener) {
        this.name = name;
        this.opener = opener;
    }

    private synchronized void start() throws IOException {
        if (head != null) return;
        BufferedInputStream raw = new BufferedInputStream(opener.open(), 1 << 16);
        raw.mark(Compression.MAGIC_LENGTH);
        byte[] magic = raw.readNBytes(Compression.MAGIC_LENGTH);
        raw.reset();
        compression = Compression.of(magic);
        content = compression == Compression.GZIP ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                : compression != Compression.NONE ? new BufferedInputStream(compression.open(raw), 1 << 16) : raw;
        head = content.readNBytes(HEAD);
    }

    synchronized byte[] head(int n) throws IOException {
        start();
        return Arrays.copyOf(head, Math.min(n, head.length));
    }

    synchronized boolean isGzip() throws IOException {
        start();
        return compression == Compression.GZIP;
    }

    synchronized boolean isCompressed() throws IOException {
        start();
        return compression != Compression.NONE;
    }

    /** The whole (decompressed) content; a second call fails, as a pipe cannot be read twice. */
    synchronized InputStream open() throws IOException {
        start();
        if (opened) throw new IOException(name + ": can be read only once (standard input or a pipe): give it once");
        opened = true;
        return new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(head), content), 1 << 16);
    }
}
