package dev.portolan.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses the LZ4 frame format (the {@code lz4} tool's {@code .lz4} files), written from the format
 * descriptions (lz4_Frame_format.md, lz4_Block_format.md): a frame descriptor, then data blocks, each LZ4-compressed
 * or stored, until an end mark; several frames may follow each other, skippable frames are skipped. Blocks may
 * depend on the previous 64 KiB (linked blocks), so decoded output is kept in a window that slides. Checksums
 * are skipped, not verified: damage shows up as a malformed block or as the reader's own problems.
 */
final class Lz4FrameInputStream extends InputStream {
    static final int MAGIC = 0x184D2204;
    private static final int WINDOW = 64 * 1024;

    private final InputStream in;
    /** Decoded bytes: the last WINDOW bytes of history, then the current block; {@code [pos, limit)} unread. */
    private byte[] out = new byte[WINDOW + (4 << 20)];
    private int pos;
    private int limit;
    private byte[] block = new byte[0];
    private boolean inFrame;
    private boolean blockChecksum;
    private boolean contentChecksum;
    private int maxBlock;
    private boolean done;

    Lz4FrameInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos == limit) {
            if (done || !nextBlock()) return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(out, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Decodes the next block into {@code out}; false at the end of the input. */
    private boolean nextBlock() throws IOException {
        if (!inFrame && !startFrame()) {
            done = true;
            return false;
        }
        int size = readInt();
        if (size == 0) { // end mark
            if (contentChecksum) skipInput(4);
            inFrame = false;
            return true;
        }
        boolean stored = (size & 0x80000000) != 0;
        size &= 0x7fffffff;
        if (size > maxBlock) throw new IOException("LZ4 block of " + size + " bytes exceeds the frame's block size " + maxBlock);
        // keep the last WINDOW bytes of history in front of the new block
        int keep = Math.min(limit, WINDOW);
        System.arraycopy(out, limit - keep, out, 0, keep);
        if (block.length < size) block = new byte[size];
        readFully(block, size);
        int end;
        if (stored) {
            System.arraycopy(block, 0, out, keep, size);
            end = keep + size;
        } else {
            end = decodeBlock(block, size, out, keep, keep + maxBlock);
        }
        if (blockChecksum) skipInput(4);
        pos = keep;
        limit = end;
        return true;
    }

    /** Reads a frame header; false at a clean end of input. Skippable frames are passed over. */
    private boolean startFrame() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) return false;
            int magic = first | readBytes(3) << 8;
            if ((magic & 0xfffffff0) == 0x184D2A50) { // skippable frame
                skipInput(readInt() & 0xffffffffL);
                continue;
            }
            if (magic != MAGIC) throw new IOException(String.format("not an LZ4 frame (magic 0x%08x)", magic));
            int flg = in.read();
            int bd = in.read();
            if (flg < 0 || bd < 0) throw new EOFException("LZ4 frame descriptor is cut off");
            if ((flg >>> 6) != 1) throw new IOException("unsupported LZ4 frame version " + (flg >>> 6));
            blockChecksum = (flg & 0x10) != 0;
            contentChecksum = (flg & 0x04) != 0;
            int sizeCode = (bd >>> 4) & 7;
            if (sizeCode < 4) throw new IOException("bad LZ4 block size code " + sizeCode);
            maxBlock = 1 << (8 + 2 * sizeCode);
            if (out.length < WINDOW + maxBlock) out = new byte[WINDOW + maxBlock];
            if ((flg & 0x08) != 0) skipInput(8); // content size
            if ((flg & 0x01) != 0) skipInput(4); // dictionary id
            skipInput(1); // header checksum
            inFrame = true;
            return true;
        }
    }

    /**
     * One LZ4 block: sequences of a token (literal length, match length), literals, a 2-byte little-endian
     * offset back into the output and the match. Returns the end of the decoded data in {@code dst}.
     */
    static int decodeBlock(byte[] src, int srcLen, byte[] dst, int dstStart, int dstMax) throws IOException {
        int s = 0;
        int d = dstStart;
        while (s < srcLen) {
            int token = src[s++] & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                long ext = extension(src, s, srcLen);
                literals += (int) ext;
                s = (int) (ext >>> 32);
            }
            if (s + literals > srcLen || d + literals > dstMax) throw malformed();
            System.arraycopy(src, s, dst, d, literals);
            s += literals;
            d += literals;
            if (s == srcLen) break; // the last sequence has literals only
            if (s + 2 > srcLen) throw malformed();
            int offset = (src[s] & 0xff) | (src[s + 1] & 0xff) << 8;
            s += 2;
            int match = (token & 0x0f) + 4;
            if ((token & 0x0f) == 15) {
                long ext = extension(src, s, srcLen);
                match += (int) ext;
                s = (int) (ext >>> 32);
            }
            if (offset == 0 || d - offset < 0 || d + match > dstMax) throw malformed();
            // byte by byte: a match may overlap its own output (runs)
            for (int from = d - offset, i = 0; i < match; i++) dst[d++] = dst[from + i];
        }
        return d;
    }

    /**
     * A length continued in bytes from {@code src[s]} on: each adds its value, 255 means another follows.
     * Returns the added length in the low 32 bits and the position after the last byte in the high 32 bits.
     */
    private static long extension(byte[] src, int s, int srcLen) throws IOException {
        int add = 0;
        int x;
        do {
            if (s >= srcLen) throw malformed();
            x = src[s++] & 0xff;
            add += x;
        } while (x == 255);
        return (long) s << 32 | add;
    }

    private static IOException malformed() {
        return new IOException("malformed LZ4 block");
    }

    private int readInt() throws IOException {
        return readBytes(4);
    }

    /** {@code n} (1-4) bytes, little-endian. */
    private int readBytes(int n) throws IOException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int c = in.read();
            if (c < 0) throw new EOFException("LZ4 frame is cut off");
            v |= c << (8 * i);
        }
        return v;
    }

    private void readFully(byte[] b, int n) throws IOException {
        int got = in.readNBytes(b, 0, n);
        if (got < n) throw new EOFException("LZ4 block is cut off (" + got + " of " + n + " bytes)");
    }

    private void skipInput(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long k = in.skip(left);
            if (k <= 0) {
                if (in.read() < 0) throw new EOFException("LZ4 frame is cut off");
                k = 1;
            }
            left -= k;
        }
    }
}
