package dev.portolan.ingest;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The compressed containers inputs come in, recognised by their magic number, never by the file name: gzip,
 * zstd frames ({@code .pcapng.zst}, as tshark writes and reads them), LZ4 frames ({@code .lz4}), xz ({@code .xz}:
 * public captures and rotated logs come so; concatenated streams too) and bzip2 ({@code .bz2}, {@code .tbz}: older
 * sos reports and supportconfig archives).
 */
public enum Compression {
    NONE, GZIP, ZSTD, LZ4, XZ, BZIP2;

    /** How many first bytes {@link #of} needs to tell every container (bzip2's is its header and a block's mark). */
    public static final int MAGIC_LENGTH = 10;

    /**
     * The most memory an xz stream may ask for its dictionary: {@code xz -9} needs 64 MiB; a stream that asks for more
     * (a hostile one may ask for gigabytes) is refused as damaged instead of costing the machine its memory.
     */
    static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    /**
     * The container the first bytes of a file announce ({@link #MAGIC_LENGTH} of them tell every one; 4 tell all but
     * bzip2, whose "BZh9" could begin a text: it needs its first block's or end's mark after that).
     */
    public static Compression of(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (head.length >= 4) {
            int le = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
            if (le == 0xFD2FB528) return ZSTD;
            if (le == Lz4FrameInputStream.MAGIC) return LZ4;
            // xz's magic is FD '7' 'z' 'X' 'Z' 00; its first four bytes tell it apart from any text or capture
            if (le == 0x587A37FD) return XZ;
        }
        if (head.length >= MAGIC_LENGTH && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            long mark = 0;
            for (int i = 4; i < MAGIC_LENGTH; i++) mark = mark << 8 | (head[i] & 0xff);
            if (mark == Bzip2InputStream.BLOCK_MAGIC || mark == Bzip2InputStream.END_MAGIC) return BZIP2;
        }
        return NONE;
    }

    /** The decompressed content of {@code in} (which starts with this container's magic number). */
    public InputStream open(InputStream in) throws IOException {
        switch (this) {
            case GZIP: return new GZIPInputStream(in, 1 << 16);
            case ZSTD: return new Checked(new ZstdInputStream(in), "zstd");
            case LZ4: return new Lz4FrameInputStream(in);
            // the dictionary is allocated whole however small the file (64 MiB for xz -9): arrays are reused across
            // streams once closed, else a folder of small .xz files allocates 64 MiB for each look at each file
            case XZ: return new Checked(new org.tukaani.xz.XZInputStream(in, XZ_MEMORY_LIMIT_KIB,
                    org.tukaani.xz.BasicArrayCache.getInstance()), "xz");
            // portolan's own decoder throws only IOExceptions for damage (anything else is a bug the fuzzers should see)
            case BZIP2: return new Bzip2InputStream(in);
            default: return in;
        }
    }

    /**
     * aircompressor reports damaged or unsupported zstd data (e.g. a frame that needs a dictionary) with an unchecked
     * MalformedInputException, and some damaged frame headers make it fail with other unchecked exceptions (a frame
     * content size above 2 GiB in a single-segment frame: ArithmeticException from {@code Math.toIntExact}). Readers
     * expect an IOException for a damaged input, as gzip gives, so every unchecked exception the decoder throws while
     * decoding is reported as damaged data, with what the decoder said. The xz decoder is wrapped the same way, should
     * any input make it throw unchecked.
     */
    private static final class Checked extends java.io.FilterInputStream {
        private final String format;

        Checked(InputStream in, String format) {
            super(in);
            this.format = format;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return super.available();
            } catch (RuntimeException e) {
                throw damaged(e);
            }
        }

        private IOException damaged(RuntimeException e) {
            String why = e instanceof io.airlift.compress.MalformedInputException ? e.getMessage()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new java.util.zip.ZipException("damaged or unsupported " + format + " data: " + why);
        }
    }
}
