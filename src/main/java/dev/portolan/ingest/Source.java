package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An input file. {@link #open()} transparently un-gzips (detected by the 1f 8b magic, not the name).
 * {@code name} is what evidence shows (the path as the user gave it). Standard input ({@code -}) and
 * non-seekable files (pipes, FIFOs, {@code /dev/stdin}, {@code <(...)}) are read once, from a buffered head
 * ({@link #isSequential()}): readers never seek or reopen them.
 */
public record Source(String name, Path path, OneShotStream stream) {
    /** What evidence calls standard input. */
    public static final String STDIN = "stdin";

    public Source(String name, Path path) {
        this(name, path, null);
    }

    public static Source of(Path path) {
        if (path.toString().equals("-")) return new Source(STDIN, path, new OneShotStream(STDIN, () -> System.in));
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            // FileInputStream, not Files.newInputStream: the NIO channel stream asks a pipe for its position ("Illegal seek")
            return new Source(path.toString(), path, new OneShotStream(path.toString(), () -> new FileInputStream(path.toFile())));
        }
        return new Source(path.toString(), path, null);
    }

    /** True when the input can only be read front to back, once: readers must not open {@link #path()} themselves. */
    public boolean isSequential() throws IOException {
        return stream != null || isGzip();
    }

    /** Opens the file, decompressing gzip when the content is gzip. The stream is buffered. */
    public InputStream open() throws IOException {
        if (stream != null) return stream.open();
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** True when the file content is gzip. */
    public boolean isGzip() throws IOException {
        if (stream != null) return stream.isGzip();
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Reads up to {@code n} bytes from the start of the (decompressed) content. */
    public byte[] head(int n) throws IOException {
        if (stream != null) return stream.head(n);
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }
}
