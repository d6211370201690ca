package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An input file. {@link #open()} transparently decompresses gzip, zstd and LZ4 (detected by the magic number,
 * not the name; see {@link Compression}).
 * {@code name} is what evidence shows (the path as the user gave it).
 */
public record Source(String name, Path path) {

    public static Source of(Path path) {
        return new Source(path.toString(), path);
    }

    /** Opens the file, decompressing gzip, zstd or LZ4 content. The stream is buffered. */
    public InputStream open() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(4);
        byte[] magic = raw.readNBytes(4);
        raw.reset();
        Compression c = Compression.of(magic);
        if (c != Compression.NONE) {
            return new BufferedInputStream(c.open(raw), 1 << 16);
        }
        return raw;
    }

    /** True when the file content is compressed (gzip, zstd, LZ4): it can only be read from the start, in order. */
    public boolean isCompressed() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return Compression.of(in.readNBytes(4)) != Compression.NONE;
        }
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
