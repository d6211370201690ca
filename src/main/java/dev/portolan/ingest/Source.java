package dev.portolan.ingest;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An input file. {@link #open()} transparently decompresses gzip, zstd, LZ4, xz and bzip2 (detected by the magic number,
 * not the name; see {@link Compression}).
 * {@code name} is what evidence shows (the path as the user gave it). Standard input ({@code -}) and
 * non-seekable files (pipes, FIFOs, {@code /dev/stdin}, {@code <(...)}) are read once, from a buffered head
 * ({@link #isSequential()}): readers never seek or reopen them. An input that is no local file (a Hadoop file system,
 * an object store) has no {@link #path()} but an {@link Opener} that opens it afresh for each read, see
 * {@link #of(String, Opener)}; it is read front to back too.
 * <p>
 * Damaged compression (a truncated file, a bad CRC) does not lose what came before it: the stream ends where the
 * damage is, and {@link #damage()} says where, for the reading to report it as an input problem.
 */
public final class Source {
    private final String name;
    private final Path path;
    /** Set for inputs that can be read only once (standard input, pipes); null for files. */
    private final OneShotStream stream;
    /** Set for inputs that are no local file; null for files. */
    private final Opener opener;
    private final AtomicReference<Damage> damage = new AtomicReference<>();

    /** Opens the raw (possibly compressed) bytes of an input. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Where decompression broke: after {@code contentBytes} good bytes, near {@code compressedOffset} of the file, in
     * data of {@code format} (gzip, xz).
     */
    public record Damage(long contentBytes, long compressedOffset, String what, String format) {
        public Damage(long contentBytes, long compressedOffset, String what) {
            this(contentBytes, compressedOffset, what, "gzip");
        }

        public String describe() {
            return "damaged " + format + " data near byte " + compressedOffset + " of the file (" + what + "); the "
                    + contentBytes + " bytes decompressed before it were read, the rest is lost";
        }
    }

    /** What evidence calls standard input. */
    public static final String STDIN = "stdin";

    public Source(String name, Path path) {
        this(name, Objects.requireNonNull(path), null, null);
    }

    private Source(String name, Path path, OneShotStream stream, Opener opener) {
        this.name = Objects.requireNonNull(name);
        this.path = path;
        this.stream = stream;
        this.opener = opener;
    }

    public static Source of(Path path) {
        if (path.toString().equals("-")) return new Source(STDIN, path, new OneShotStream(STDIN, () -> System.in), null);
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            // FileInputStream, not Files.newInputStream: the NIO channel stream asks a pipe for its position ("Illegal seek")
            return new Source(path.toString(), path, new OneShotStream(path.toString(), () -> new FileInputStream(path.toFile())), null);
        }
        return new Source(path.toString(), path, null, null);
    }

    /** An input that is no local file (HDFS, S3): every read opens it afresh through {@code opener}. */
    public static Source of(String name, Opener opener) {
        return new Source(name, null, null, Objects.requireNonNull(opener));
    }

    /** True when the input can only be read front to back, once: readers must not open {@link #path()} themselves. */
    public boolean isSequential() throws IOException {
        return stream != null || opener != null || isCompressed();
    }

    public String name() {
        return name;
    }

    /** True when the input can be read from its start again (a file, or one opened afresh); false for stdin and pipes. */
    public boolean canReopen() {
        return stream == null;
    }

    /** The local file; null for an input opened by an {@link Opener}. */
    public Path path() {
        return path;
    }

    /** The damage met by the last full read, if its compression was damaged. */
    public Optional<Damage> damage() {
        return Optional.ofNullable(damage.get());
    }

    /** Opens the input, decompressing gzip, zstd, LZ4, xz or bzip2 content. The stream is buffered. */
    public InputStream open() throws IOException {
        if (stream != null) return stream.open();
        Counting counted = new Counting(openRaw());
        InputStream raw = new BufferedInputStream(counted, 1 << 16);
        raw.mark(Compression.MAGIC_LENGTH);
        byte[] magic = raw.readNBytes(Compression.MAGIC_LENGTH);
        raw.reset();
        Compression c = Compression.of(magic);
        if (c == Compression.GZIP || c == Compression.XZ || c == Compression.BZIP2) {
            // a damaged stream ends the content where it breaks: what came before is read, the damage said (Inputs)
            return new BufferedInputStream(new UntilDamage(c.open(raw), counted, c.name().toLowerCase(java.util.Locale.ROOT)), 1 << 16);
        }
        if (c != Compression.NONE) {
            return new BufferedInputStream(c.open(raw), 1 << 16);
        }
        return raw;
    }

    /** True when the file content is compressed (gzip, zstd, LZ4, xz, bzip2): it can only be read from the start, in order. */
    public boolean isCompressed() throws IOException {
        if (stream != null) return stream.isCompressed();
        try (InputStream in = openRaw()) {
            return Compression.of(in.readNBytes(Compression.MAGIC_LENGTH)) != Compression.NONE;
        }
    }

    /** True when the file content is gzip. */
    public boolean isGzip() throws IOException {
        if (stream != null) return stream.isGzip();
        try (InputStream in = openRaw()) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private InputStream openRaw() throws IOException {
        return opener != null ? opener.open() : Files.newInputStream(path);
    }

    /** Reads up to {@code n} bytes from the start of the (decompressed) content. */
    public byte[] head(int n) throws IOException {
        if (stream != null) return stream.head(n);
        // a plain file's head is its first bytes: read without open()'s 64 KB buffers (a batch sniffs every file
        // two or three times); compressed content goes through open()
        byte[] first;
        try (InputStream in = openRaw()) {
            first = in.readNBytes(Math.max(n, Compression.MAGIC_LENGTH));
        }
        if (Compression.of(Arrays.copyOf(first, Math.min(first.length, Compression.MAGIC_LENGTH))) == Compression.NONE) {
            return first.length <= n ? first : Arrays.copyOf(first, n);
        }
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && s.name.equals(name) && Objects.equals(s.path, path) && Objects.equals(s.opener, opener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path);
    }

    @Override
    public String toString() {
        return "Source[name=" + name + ", path=" + path + "]";
    }

    /** Counts the compressed bytes read from the file. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** Ends the content where decompression fails, and records where. */
    private final class UntilDamage extends FilterInputStream {
        private final Counting compressed;
        private final String format;
        private long content;
        private boolean broken;

        UntilDamage(InputStream in, Counting compressed, String format) {
            super(in);
            this.compressed = compressed;
            this.format = format;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (broken) return -1;
            try {
                int n = super.read(b, off, len);
                if (n > 0) content += n;
                return n;
            } catch (IOException e) {
                if (!isDamage(e)) throw e;
                broken = true;
                String what = e instanceof java.io.EOFException ? "the file ends inside the compressed data"
                        : e instanceof org.tukaani.xz.MemoryLimitException m ? "the stream asks for " + m.getMemoryNeeded() / 1024
                                + " MiB of memory, over the " + Compression.XZ_MEMORY_LIMIT_KIB / 1024 + " MiB portolan allows"
                        : "corrupt data or checksum";
                damage.compareAndSet(null, new Damage(content, compressed.count, what, format));
                return -1;
            }
        }

        /** Nothing more after the damage (xz's stream throws its damage again from {@code available()}). */
        @Override
        public int available() throws IOException {
            if (broken) return 0;
            try {
                return super.available();
            } catch (IOException e) {
                if (!isDamage(e)) throw e;
                return 0; // the next read meets the damage and records it
            }
        }

        /** What the decompressors throw for data that ends early or does not decode (other I/O errors go on up). */
        private static boolean isDamage(IOException e) {
            return e instanceof java.io.EOFException || e instanceof java.util.zip.ZipException
                    || e instanceof org.tukaani.xz.XZIOException;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(0, r);
        }
    }
}
