package dev.portolan.ingest;

import io.airlift.compress.zstd.ZstdInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The compressed containers inputs come in, recognised by their magic number, never by the file name: gzip,
 * zstd frames ({@code .pcapng.zst}, as tshark writes and reads them) and LZ4 frames ({@code .lz4}).
 */
public enum Compression {
    NONE, GZIP, ZSTD, LZ4;

    /** The container the first bytes of a file announce (at least 4 bytes needed to tell zstd and LZ4). */
    public static Compression of(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (head.length >= 4) {
            int le = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
            if (le == 0xFD2FB528) return ZSTD;
            if (le == Lz4FrameInputStream.MAGIC) return LZ4;
        }
        return NONE;
    }

    /** The decompressed content of {@code in} (which starts with this container's magic number). */
    public InputStream open(InputStream in) throws IOException {
        switch (this) {
            case GZIP: return new GZIPInputStream(in, 1 << 16);
            case ZSTD: return new ZstdChecked(new ZstdInputStream(in));
            case LZ4: return new Lz4FrameInputStream(in);
            default: return in;
        }
    }

    /**
     * aircompressor reports damaged or unsupported zstd data (e.g. a frame that needs a dictionary) with an unchecked
     * MalformedInputException, and some damaged frame headers make it fail with other unchecked exceptions (a frame
     * content size above 2 GiB in a single-segment frame: ArithmeticException from {@code Math.toIntExact}). Readers
     * expect an IOException for a damaged input, as gzip gives, so every unchecked exception the decoder throws while
     * decoding is reported as damaged data, with what the decoder said.
     */
    private static final class ZstdChecked extends java.io.FilterInputStream {
        ZstdChecked(InputStream in) {
            super(in);
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

        private static IOException damaged(RuntimeException e) {
            String why = e instanceof io.airlift.compress.MalformedInputException ? e.getMessage()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new java.util.zip.ZipException("damaged or unsupported zstd data: " + why);
        }
    }
}
