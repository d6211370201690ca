package dev.portolan.ingest.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a UTF-16 stream as UTF-8 on the fly, so the byte parser handles one encoding.
 * Used only for UTF-16 logs (rare), hence the simple char-by-char route.
 */
final class Utf16Decoding extends InputStream {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer raw = ByteBuffer.allocate(16384);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3);
    private boolean eof;
    private boolean done;
    /** Bytes of an incomplete UTF-16 character at the very end (the file was cut inside it): dropped. */
    private int cutTail;

    Utf16Decoding(InputStream in, Charset utf16) {
        this.in = in;
        this.decoder = utf16.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        bytes.flip();
    }

    /** UTF-16LE/BE when the head has a BOM or looks like little-endian ASCII ("#\0V\0"); else null. */
    static Charset detect(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) return StandardCharsets.UTF_16LE;
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) return StandardCharsets.UTF_16BE;
        if (head.length >= 4 && head[0] > 0 && head[1] == 0 && head[2] > 0 && head[3] == 0) return StandardCharsets.UTF_16LE;
        return null;
    }

    /** Number of BOM bytes at the start of the head for this charset. */
    static int bomLength(byte[] head) {
        if (head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
                || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) return 2;
        return 0;
    }

    /** After the end: bytes of a UTF-16 character the file ends inside (0, 1, 2 or 3), which were dropped. */
    int cutTail() {
        return cutTail;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!bytes.hasRemaining()) {
            if (done) return -1;
            fill();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    private void fill() throws IOException {
        if (!eof) {
            int n = in.read(raw.array(), raw.position(), raw.remaining());
            if (n < 0) eof = true;
            else raw.position(raw.position() + n);
        }
        raw.flip();
        decoder.decode(raw, chars, false);
        if (eof) {
            // what is left cannot form a character: an odd last byte or half a surrogate pair
            cutTail = raw.remaining();
            raw.position(raw.limit());
            decoder.decode(raw, chars, true);
            decoder.flush(chars);
        }
        raw.compact();
        chars.flip();
        bytes.clear();
        encoder.encode(chars, bytes, eof);
        if (eof) {
            encoder.flush(bytes);
            done = !chars.hasRemaining();
        }
        chars.compact();
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
