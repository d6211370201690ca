package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * An input file. {@link #open()} transparently un-gzips (detected by the 1f 8b magic, not the name).
 * {@code name} is what evidence shows (the path as the user gave it). {@code path} is the local file when there
 * is one (readers then may use a {@link java.nio.channels.FileChannel}); {@code opener} opens the raw bytes of an input
 * that is no local file (a Hadoop file system, an object store), and is null for a local file.
 */
public record Source(String name, Path path, Opener opener) {

    /** Opens the raw (possibly gzip) bytes of an input; called once per read, so it must open a fresh stream. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** {@code opener} may be null for a local file: it is then opened by its path. */
    public Source {
        Objects.requireNonNull(name, "name");
        if (opener == null) Objects.requireNonNull(path, "a source needs a path or an opener");
    }

    public Source(String name, Path path) {
        this(name, path, null);
    }

    public static Source of(Path path) {
        return new Source(path.toString(), path);
    }

    /** An input that is not a local file: every read opens it again through {@code opener}. */
    public static Source of(String name, Opener opener) {
        return new Source(name, null, Objects.requireNonNull(opener, "opener"));
    }

    /** True when the input is a local file that {@link #path()} names (so it can be read at any offset). */
    public boolean isLocalFile() {
        return path != null;
    }

    /** Opens the input, decompressing gzip when the content is gzip. The stream is buffered. */
    public InputStream open() throws IOException {
        InputStream raw = new BufferedInputStream(openRaw(), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** True when the content is gzip. */
    public boolean isGzip() throws IOException {
        try (InputStream in = openRaw()) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private InputStream openRaw() throws IOException {
        return opener != null ? opener.open() : Files.newInputStream(path);
    }

    /** Reads up to {@code n} bytes from the start of the (decompressed) content. */
    public byte[] head(int n) throws IOException {
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }
}
