package dev.portolan.ingest.netstat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Chooses the character encoding of a console dump from its first bytes. A BOM decides first; then
 * UTF-16 without BOM by the NUL-byte pattern; then valid UTF-8. Anything else is one of the legacy
 * console code pages, chosen by decoding a sample each way and asking the caller which decoding makes
 * the most lines recognisable (the caller knows its format; this class knows only encodings).
 */
public final class TextDecoder {
    /** Bytes examined to choose the encoding. */
    public static final int SAMPLE = 64 * 1024;

    /** Legacy candidates, in the order that wins a tie (the most common console code pages first). */
    static final List<String> LEGACY = List.of("windows-31j", "IBM850", "IBM437", "windows-1252", "IBM866", "GBK",
            "windows-1251", "IBM852", "x-windows-949", "x-windows-950", "IBM857", "windows-1250");

    /** The chosen encoding, how many leading BOM bytes to skip, and why it was chosen. */
    public record Detection(Charset charset, int bomLength, String reason) {
    }

    private TextDecoder() {
    }

    /**
     * Detects the encoding of {@code head[0..length)}. {@code lineScore} rates one decoded line
     * (higher = more recognisable); it is used only to choose among the legacy code pages.
     */
    public static Detection detect(byte[] head, int length, ToIntFunction<String> lineScore) {
        if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)
            return new Detection(StandardCharsets.UTF_8, 3, "UTF-8 byte order mark");
        if (length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)
            return new Detection(StandardCharsets.UTF_16LE, 2, "UTF-16LE byte order mark");
        if (length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)
            return new Detection(StandardCharsets.UTF_16BE, 2, "UTF-16BE byte order mark");
        // the common case, decided in one pass: without NUL bytes it is not UTF-16 by the NUL pattern either
        if (isPlainAscii(head, length)) return new Detection(StandardCharsets.UTF_8, 0, "ASCII sample, read as UTF-8");
        Charset utf16 = utf16ByNuls(head, length);
        if (utf16 != null) return new Detection(utf16, 0, utf16.name() + " by NUL byte pattern");
        int asciiEnd = 0;
        while (asciiEnd < length && head[asciiEnd] >= 0) asciiEnd++;
        if (asciiEnd == length) return new Detection(StandardCharsets.UTF_8, 0, "ASCII sample, read as UTF-8");
        if (isValidUtf8(head, length)) return new Detection(StandardCharsets.UTF_8, 0, "valid UTF-8");
        return bestLegacy(head, length, lineScore);
    }

    /** Wraps {@code in}, detecting the encoding from its first {@link #SAMPLE} bytes and skipping any BOM. */
    public static Opened open(InputStream in, ToIntFunction<String> lineScore) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        buffered.mark(SAMPLE + 1);
        byte[] head = buffered.readNBytes(SAMPLE);
        buffered.reset();
        Detection d = detect(head, head.length, lineScore);
        buffered.skipNBytes(d.bomLength());
        CharsetDecoder decoder = d.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new Opened(new InputStreamReader(buffered, decoder), d, head.length == 0);
    }

    /** A reader positioned after the BOM, with the detection that chose its encoding. */
    public record Opened(Reader reader, Detection detection, boolean empty) {
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** No byte above 0x7F and no NUL in {@code head[0..length)}; eight bytes at a time. */
    static boolean isPlainAscii(byte[] head, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = (long) LONGS.get(head, i);
            // a high bit set, or a zero byte (the classic "has zero byte" test)
            if ((v & HIGH_BITS) != 0 || ((v - LOW_BITS) & ~v & HIGH_BITS) != 0) return false;
        }
        for (; i < length; i++) if (head[i] <= 0) return false;
        return true;
    }

    /**
     * The head as text good enough to find ASCII marks in (prompts, headers, titles): UTF-16 by its byte-order mark or
     * its NULs, else each byte as a character (after a UTF-8 byte-order mark). Without {@link #detect}'s scoring of
     * legacy code pages, which would cost as much again for each of a bundle's thousands of files.
     */
    static String asciiMarks(byte[] head) {
        int n = head.length;
        if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)
            return new String(head, 3, n - 3, StandardCharsets.ISO_8859_1);
        if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) return new String(head, 2, (n - 2) & ~1, StandardCharsets.UTF_16LE);
        if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) return new String(head, 2, (n - 2) & ~1, StandardCharsets.UTF_16BE);
        Charset utf16 = utf16ByNuls(head, n);
        return utf16 != null ? new String(head, 0, n & ~1, utf16) : new String(head, StandardCharsets.ISO_8859_1);
    }

    private static Charset utf16ByNuls(byte[] head, int length) {
        int full = length;
        while (length > 0 && head[length - 1] == 0) length--; // NUL padding after the text
        length = Math.min(full, length + (length & 1));
        int pairs = length / 2;
        if (pairs < 2) return null;
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            if (head[i] == 0) evenNul++;
            if (head[i + 1] == 0) oddNul++;
        }
        // ASCII text as UTF-16 has a NUL in every other byte and (almost) none in the other half.
        if (oddNul * 10 >= pairs * 6 && evenNul * 20 <= pairs) return StandardCharsets.UTF_16LE;
        if (evenNul * 10 >= pairs * 6 && oddNul * 20 <= pairs) return StandardCharsets.UTF_16BE;
        return null;
    }

    private static boolean isValidUtf8(byte[] head, int length) {
        // A sample may end inside a multi-byte sequence: ignore up to 3 trailing bytes of it.
        int end = length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = head[length - back] & 0xff;
            if (b >= 0xC0) {
                int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (need > back) end = length - back;
                break;
            }
            if (b < 0x80) break;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Detection bestLegacy(byte[] head, int length, ToIntFunction<String> lineScore) {
        // Every candidate decodes ASCII alike, so a line without a byte above 0x7F adds the same score to each:
        // only the other lines can tell the code pages apart (a dump has a few such lines, its headers).
        byte[] telling = nonAsciiLines(head, length);
        Charset best = null;
        long bestScore = Long.MIN_VALUE;
        for (String name : LEGACY) {
            if (!Charset.isSupported(name)) continue;
            Charset cs = Charset.forName(name);
            long score = score(decode(cs, telling, telling.length), lineScore);
            if (score > bestScore) {
                bestScore = score;
                best = cs;
            }
        }
        return new Detection(best, 0, "not UTF-8; " + best.name() + " made the most lines recognisable");
    }

    /**
     * The lines of {@code head} that hold a byte above 0x7F, each with its line end. CR and LF never occur inside
     * a character of these code pages (double-byte trail bytes are 0x40 and above), so cutting at them is safe.
     */
    static byte[] nonAsciiLines(byte[] head, int length) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int start = 0;
        boolean high = false;
        for (int i = 0; i <= length; i++) {
            boolean end = i == length || head[i] == '\n' || head[i] == '\r';
            if (!end) {
                high |= head[i] < 0;
                continue;
            }
            if (high) {
                out.write(head, start, i - start);
                out.write('\n');
            }
            start = i + 1;
            high = false;
        }
        return out.toByteArray();
    }

    private static String decode(Charset cs, byte[] head, int length) {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(length + 16);
        dec.decode(ByteBuffer.wrap(head, 0, length), out, true);
        dec.flush(out);
        out.flip();
        return out.toString();
    }

    private static long score(String text, ToIntFunction<String> lineScore) {
        long score = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i > start) score += lineScore.applyAsInt(text.substring(start, i));
                start = i + 1;
            }
        }
        Character.UnicodeScript wordScript = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (!Character.isLetter(c)) wordScript = null;
                continue;
            }
            if (c == '\uFFFD') score -= 5; // undecodable byte
            else if (c < 0xA0) score -= 2; // C1 controls never appear in console text
            else if (c >= 0x2500 && c <= 0x259F || c >= 0xFF61 && c <= 0xFF9F) score -= 2; // box drawing, half-width kana
            else if (Character.isLetter(c)) {
                // one word in one script: "ПРОСЛУШИВАНИЕ", not a mix of Greek, Latin and symbols
                Character.UnicodeScript sc = Character.UnicodeScript.of(c);
                if (wordScript != null && sc != wordScript && sc != Character.UnicodeScript.COMMON) score -= 2;
                wordScript = sc;
            } else if (!Character.isSpaceChar(c) && Character.getType(c) != Character.OTHER_PUNCTUATION
                    && Character.getType(c) != Character.INITIAL_QUOTE_PUNCTUATION
                    && Character.getType(c) != Character.FINAL_QUOTE_PUNCTUATION) score -= 1; // a symbol inside text
        }
        return score;
    }
}
