package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An input file. {@link #open()} transparently un-gzips (detected by the 1f 8b magic, not the name).
 * {@code name} is what evidence shows (the path as the user gave it).
 */
public record Source(String name, Path path) {

    public static Source of(Path path) {
        return new Source(path.toString(), path);
    }

    /** Opens the file, decompressing gzip when the content is gzip. The stream is buffered. */
    public InputStream open() throws IOException {
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
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Reads up to {@code n} bytes from the start of the (decompressed) content. */
    public byte[] head(int n) throws IOException {
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }
}
