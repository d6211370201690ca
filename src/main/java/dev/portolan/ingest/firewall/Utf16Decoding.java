package dev.portolan.ingest.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a UTF-16 stream as UTF-8 on the fly, so the byte parser handles one encoding.
 * Used only for UTF-16 logs (rare), hence the simple char-by-char route.
 */
final class Utf16Decoding extends InputStream {
    private final Reader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3);
    private boolean eof;

    Utf16Decoding(InputStream in, Charset utf16) {
        this.reader = new InputStreamReader(in, utf16.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
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
            if (eof) return -1;
            fill();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    private void fill() throws IOException {
        int n = reader.read(chars.array(), chars.position(), chars.remaining());
        if (n < 0) {
            eof = true;
        } else {
            chars.position(chars.position() + n);
        }
        chars.flip();
        bytes.clear();
        encoder.encode(chars, bytes, eof);
        if (eof) encoder.flush(bytes);
        chars.compact();
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
