package dev.portolan.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Decompresses bzip2 ({@code .bz2}, {@code .tbz}, {@code .tar.bz2}: older sos reports and SUSE supportconfig archives,
 * logs rotated with bzip2), written from the format's description: a stream header {@code BZh1}–{@code BZh9} (the block
 * size in 100 kB), then blocks, each a Burrows–Wheeler transform of up to 900 kB, move-to-front and run-length coded,
 * then Huffman coded with up to six tables switched every 50 symbols; an end mark with the stream's combined checksum.
 * Streams may follow each other (pbzip2 and lbzip2 write one per block). Every block's CRC is checked before any of
 * its bytes are given out, and every stream's at its end. Damage (a bad block, a checksum that differs, data that ends inside a block) is a {@link ZipException} or
 * an {@link EOFException}, as the other decompressors report it, after the bytes of the whole blocks before it.
 * Randomised blocks (bzip2 0.9.0 and older, 1998) are not read: said as damage.
 */
final class Bzip2InputStream extends InputStream {
    /** A block's mark (BCD pi) and the end of stream's (BCD sqrt(pi)), 48 bits each. */
    static final long BLOCK_MAGIC = 0x314159265359L;
    static final long END_MAGIC = 0x177245385090L;
    private static final int RUN_A = 0;
    private static final int RUN_B = 1;
    private static final int GROUP_SIZE = 50;
    private static final int MAX_GROUPS = 6;
    private static final int MAX_CODE_LENGTH = 20;
    /** bzip2 1.0.8 writes at most this many selectors; later ones a stream may carry are read and ignored, as it does. */
    private static final int MAX_SELECTORS = 18002;
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            CRC_TABLE[i] = c;
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int bufPos;
    private int bufEnd;
    private long bitBuf;
    private int bitCount;

    /** Block size of the current stream, in 100 kB; 0 before the first stream header. */
    private int level;
    private int streamCrc;
    private boolean started;
    private boolean done;

    /** Per position of the current block: its byte (low 8 bits), then the inverse transform's link (the rest). */
    private int[] tt = new int[0];
    private int tPos;
    private int blockLeft;
    private int blockCrcExpected;
    /** A block decoded whole ({@link #decodeWhole}): {@code [outPos, outEnd)} not given out yet. */
    private byte[] out = new byte[0];
    private int outPos;
    private int outEnd;
    private static final int MAX_BUFFERED = 4 << 20;
    private boolean inBlock;
    private int prev;
    private int runLength;
    private int repeatLeft;

    // Huffman decoding tables of the current block, per group
    private final int[][] limit = new int[MAX_GROUPS][MAX_CODE_LENGTH + 2];
    private final int[][] base = new int[MAX_GROUPS][MAX_CODE_LENGTH + 2];
    private final int[][] perm = new int[MAX_GROUPS][258];
    private final int[] minLength = new int[MAX_GROUPS];
    private final int[] maxLength = new int[MAX_GROUPS];
    private int alphabet;
    private final byte[] selectors = new byte[MAX_SELECTORS];

    Bzip2InputStream(InputStream in) {
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
        int n = 0;
        while (n < len) {
            if (outPos < outEnd) {
                int k = Math.min(outEnd - outPos, len - n);
                System.arraycopy(out, outPos, b, off + n, k);
                outPos += k;
                n += k;
                continue;
            }
            if (repeatLeft > 0) {
                int k = Math.min(repeatLeft, len - n);
                Arrays.fill(b, off + n, off + n + k, (byte) prev);
                n += k;
                repeatLeft -= k;
                continue;
            }
            if (blockLeft == 0) {
                if (n > 0) break; // give what this call has; the next one meets the block's end (and its damage, if any)
                if (!nextBlock()) return -1;
                continue;
            }
            int t = tt[tPos];
            int ch = t & 0xff;
            tPos = t >>> 8;
            blockLeft--;
            if (runLength == 4) {
                repeatLeft = ch;
                runLength = 0;
                continue;
            }
            if (ch == prev) {
                runLength++;
            } else {
                prev = ch;
                runLength = 1;
            }
            b[off + n++] = (byte) ch;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Ends the block given out (checking its CRC) and starts the next one; false at the end of the last stream. */
    private boolean nextBlock() throws IOException {
        if (inBlock) {
            inBlock = false;
            streamCrc = ((streamCrc << 1) | (streamCrc >>> 31)) ^ blockCrcExpected;
        }
        while (!done) {
            if (level == 0 && !streamHeader()) {
                done = true;
                return false;
            }
            long magic = bits(24) << 24 | bits(24);
            if (magic == BLOCK_MAGIC) {
                readBlock();
                return true;
            }
            if (magic != END_MAGIC) throw damaged("no block or end mark where one belongs");
            int expected = (int) bits(32);
            if (expected != streamCrc) throw damaged("the stream's checksum differs (corrupt data)");
            bitCount -= bitCount % 8; // streams start on a byte
            level = 0;
        }
        return false;
    }

    /** Reads a stream header: false at the end of the input (or where no other stream follows the last). */
    private boolean streamHeader() throws IOException {
        boolean first = !started;
        started = true;
        int b0 = nextByte();
        if (b0 < 0 && !first) return false;
        int b1 = nextByte();
        int b2 = nextByte();
        int b3 = nextByte();
        if (b0 != 'B' || b1 != 'Z' || b2 != 'h' || b3 < '1' || b3 > '9') {
            if (first) throw damaged("no bzip2 stream header");
            return false; // bytes after the last stream are not bzip2 (bzip2 itself ignores them too)
        }
        level = b3 - '0';
        streamCrc = 0;
        if (tt.length < level * 100_000) tt = new int[level * 100_000];
        return true;
    }

    private void readBlock() throws IOException {
        blockCrcExpected = (int) bits(32);
        if (bits(1) != 0) throw damaged("a randomised block (written by bzip2 0.9.0 or older), which portolan does not read");
        int origin = (int) bits(24);

        // the byte values the block uses
        int[] used = new int[256];
        int inUse = 0;
        int ranges = (int) bits(16);
        for (int i = 0; i < 16; i++) {
            if ((ranges & (0x8000 >>> i)) == 0) continue;
            int values = (int) bits(16);
            for (int j = 0; j < 16; j++) {
                if ((values & (0x8000 >>> j)) != 0) used[inUse++] = i * 16 + j;
            }
        }
        if (inUse == 0) throw damaged("a block that uses no byte value");
        alphabet = inUse + 2;

        int groups = (int) bits(3);
        int selectorCount = (int) bits(15);
        if (groups < 2 || groups > MAX_GROUPS || selectorCount < 1) throw damaged("a block with a bad table count");
        byte[] order = {0, 1, 2, 3, 4, 5};
        int kept = Math.min(selectorCount, MAX_SELECTORS);
        for (int i = 0; i < selectorCount; i++) {
            int j = 0;
            while (bits(1) != 0) {
                if (++j >= groups) throw damaged("a block with a bad table selector");
            }
            if (i >= kept) continue;
            byte s = order[j];
            System.arraycopy(order, 0, order, 1, j);
            order[0] = s;
            selectors[i] = s;
        }

        int[] lengths = new int[258];
        for (int g = 0; g < groups; g++) {
            int length = (int) bits(5);
            for (int i = 0; i < alphabet; i++) {
                while (true) {
                    if (length < 1 || length > MAX_CODE_LENGTH) throw damaged("a block with a bad code length");
                    if (bits(1) == 0) break;
                    length += bits(1) == 0 ? 1 : -1;
                }
                lengths[i] = length;
            }
            decodingTable(g, lengths, alphabet);
        }

        // the move-to-front and run-length coded symbols, into the transformed block
        int end = inUse + 1;
        int max = level * 100_000;
        int[] counts = new int[256];
        byte[] front = new byte[256];
        for (int i = 0; i < 256; i++) front[i] = (byte) i;
        int n = 0;
        int group = -1;
        int groupLeft = 0;
        int runSum = 0;
        int runWeight = 1;
        while (true) {
            if (groupLeft == 0) {
                if (++group >= kept) throw damaged("a block with more symbols than its selectors cover");
                groupLeft = GROUP_SIZE;
            }
            groupLeft--;
            int sym = symbol(selectors[group]);
            if (sym == RUN_A || sym == RUN_B) {
                if (runWeight > max) throw damaged("a run longer than the block");
                runSum += sym == RUN_A ? runWeight : 2 * runWeight;
                runWeight <<= 1;
                if (runSum > max) throw damaged("a run longer than the block");
                continue;
            }
            if (runSum > 0) {
                int value = used[front[0] & 0xff];
                if (n + runSum > max) throw damaged("a block longer than its stream header allows");
                counts[value] += runSum;
                for (int i = 0; i < runSum; i++) tt[n++] = value;
                runSum = 0;
                runWeight = 1;
            }
            if (sym == end) break;
            if (sym > end) throw damaged("a block with a symbol outside its alphabet");
            int index = sym - 1;
            byte moved = front[index];
            System.arraycopy(front, 0, front, 1, index);
            front[0] = moved;
            int value = used[moved & 0xff];
            if (n >= max) throw damaged("a block longer than its stream header allows");
            counts[value]++;
            tt[n++] = value;
        }
        if (origin >= n) throw damaged("a block whose start lies outside it");

        // the inverse transform: link each position to the next one of the original order
        int[] start = new int[256];
        for (int i = 0, sum = 0; i < 256; i++) {
            start[i] = sum;
            sum += counts[i];
        }
        for (int i = 0; i < n; i++) {
            int value = tt[i] & 0xff;
            tt[start[value]++] |= i << 8;
        }
        tPos = tt[origin] >>> 8;
        inBlock = true;
        repeatLeft = 0;
        int decoded = decodeWhole(tPos, n);
        if (decoded >= 0) {
            blockLeft = 0; // given out from the buffer
            outPos = 0;
            outEnd = decoded;
            return;
        }
        // a block that runs out to more than the buffer holds: checked in one walk, given out in a second
        if (blockCrc(tPos, n) != blockCrcExpected) throw damaged("a block's checksum differs (corrupt data)");
        blockLeft = n;
        prev = -1;
        runLength = 0;
    }

    /**
     * Decodes the whole block into {@link #out} and checks its CRC: the bytes, or -1 when they would be more than
     * {@link #MAX_BUFFERED} (runs can make a 900 kB block 46 MB; such a block is walked twice instead).
     */
    private int decodeWhole(int at, int n) throws IOException {
        if (out.length < n + 256) out = new byte[Math.min(MAX_BUFFERED, Math.max(n + 256, out.length * 2))];
        byte[] o = out;
        int k = 0;
        int crc = 0xFFFFFFFF;
        int last = -1;
        int run = 0;
        for (int i = 0; i < n; i++) {
            int t = tt[at];
            int ch = t & 0xff;
            at = t >>> 8;
            if (run == 4) {
                if (k + ch > o.length) {
                    if (o.length >= MAX_BUFFERED) return -1;
                    o = out = Arrays.copyOf(o, (int) Math.min(MAX_BUFFERED, Math.max(2L * o.length, (long) k + ch)));
                    if (k + ch > o.length) return -1;
                }
                for (int r = 0; r < ch; r++) {
                    o[k++] = (byte) last;
                    crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ last];
                }
                run = 0;
                continue;
            }
            if (ch == last) {
                run++;
            } else {
                last = ch;
                run = 1;
            }
            if (k == o.length) {
                if (o.length >= MAX_BUFFERED) return -1;
                o = out = Arrays.copyOf(o, (int) Math.min(MAX_BUFFERED, 2L * o.length));
            }
            o[k++] = (byte) ch;
            crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ ch];
        }
        if (~crc != blockCrcExpected) throw damaged("a block's checksum differs (corrupt data)");
        return k;
    }

    /**
     * The CRC of the bytes a block too big for the buffer decodes to, walked once before any is given out: a damaged
     * block gives nothing either way, so what a reader gets before the damage is said is exactly the whole blocks before it.
     */
    private int blockCrc(int at, int n) {
        int crc = 0xFFFFFFFF;
        int last = -1;
        int run = 0;
        for (int i = 0; i < n; i++) {
            int t = tt[at];
            int ch = t & 0xff;
            at = t >>> 8;
            if (run == 4) {
                for (int k = 0; k < ch; k++) crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ last];
                run = 0;
                continue;
            }
            if (ch == last) {
                run++;
            } else {
                last = ch;
                run = 1;
            }
            crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ ch];
        }
        return ~crc;
    }

    /** Canonical Huffman decoding table of group {@code g} from its code lengths. */
    private void decodingTable(int g, int[] lengths, int alphabet) {
        int min = MAX_CODE_LENGTH;
        int max = 0;
        for (int i = 0; i < alphabet; i++) {
            min = Math.min(min, lengths[i]);
            max = Math.max(max, lengths[i]);
        }
        int[] p = perm[g];
        int k = 0;
        for (int len = min; len <= max; len++) {
            for (int i = 0; i < alphabet; i++) if (lengths[i] == len) p[k++] = i;
        }
        int[] count = new int[MAX_CODE_LENGTH + 2];
        for (int i = 0; i < alphabet; i++) count[lengths[i]]++;
        int[] lim = limit[g];
        int[] bas = base[g];
        int code = 0;
        int index = 0;
        for (int len = 1; len <= MAX_CODE_LENGTH; len++) {
            // codes of this length are [code, code + count): symbol = perm[index + (c - code)]
            bas[len] = index - code;
            code += count[len];
            index += count[len];
            lim[len] = len >= min && len <= max ? code - 1 : -1;
            code <<= 1;
        }
        lim[MAX_CODE_LENGTH + 1] = Integer.MAX_VALUE;
        minLength[g] = min;
        maxLength[g] = max;
    }

    /** The next Huffman-coded symbol with group {@code g}'s table. */
    private int symbol(int g) throws IOException {
        int len = minLength[g];
        int code = (int) bits(len);
        int[] lim = limit[g];
        while (code > lim[len]) {
            if (++len > maxLength[g]) throw damaged("a code no table holds");
            code = (code << 1) | (int) bits(1);
        }
        int i = base[g][len] + code;
        if (i < 0 || i >= alphabet) throw damaged("a code no table holds");
        return perm[g][i];
    }

    private long bits(int n) throws IOException {
        while (bitCount < n) {
            int b = rawByte();
            if (b < 0) throw new EOFException("the bzip2 data ends inside a block");
            bitBuf = (bitBuf << 8) | b;
            bitCount += 8;
        }
        bitCount -= n;
        return (bitBuf >>> bitCount) & ((1L << n) - 1);
    }

    /** The next whole byte (after the bits taken so far, which end on a byte), or -1 at the end. */
    private int nextByte() throws IOException {
        if (bitCount >= 8) {
            bitCount -= 8;
            return (int) (bitBuf >>> bitCount) & 0xff;
        }
        return rawByte();
    }

    /** The next byte of the input, or -1 at its end. */
    private int rawByte() throws IOException {
        if (bufPos == bufEnd) {
            bufEnd = in.read(buf, 0, buf.length);
            bufPos = 0;
            if (bufEnd <= 0) {
                bufEnd = 0;
                return -1;
            }
        }
        return buf[bufPos++] & 0xff;
    }

    private static ZipException damaged(String what) {
        return new ZipException("damaged bzip2 data: " + what);
    }
}
