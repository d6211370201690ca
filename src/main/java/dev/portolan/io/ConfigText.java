package dev.portolan.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small UTF-8 text file a person wrote (a catalog overlay, a hosts manifest, a suppression file), read whole with
 * bounds: at most {@link #MAX_BYTES}; a UTF-8 byte order mark is skipped; bytes that are not UTF-8 are an error
 * naming the file and line; a line longer than {@link #MAX_LINE} characters is blanked (its line break kept, so
 * every other line keeps its number) and listed in {@link #cutLines()} for the caller to report.
 */
public record ConfigText(String text, List<Long> cutLines) {
    public static final int MAX_LINE = 1 << 20;
    public static final long MAX_BYTES = 64L << 20;

    /** Reads {@code file}; {@code name} is how messages call it. */
    public static ConfigText read(Path file, String name) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        }
    }

    /** Reads the text from a stream (a file that is no local file, e.g. on HDFS); {@code name} is how messages call it. */
    public static ConfigText read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException(name + ": larger than " + (MAX_BYTES >> 20) + " MiB; not a file a person wrote");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = dec.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + ":" + lineOfBadByte(bytes, start) + ": not UTF-8 text (save the file as UTF-8)");
        }
        return blankLongLines(text, MAX_LINE);
    }

    /**
     * The line where a CSV quote opens that never closes (RFC 4180: {@code ""} inside quotes is a quote character),
     * or 0 when every quote closes. Lines starting with {@code commentMarker} outside quotes are skipped.
     */
    public long unclosedQuoteLine(char commentMarker) {
        // jumps from quote to line break with String.indexOf instead of looking at every character: this runs at
        // start-up on the bundled catalog, in the interpreter
        int len = text.length();
        boolean quoted = false;
        long line = 1;
        long openedAt = 0;
        boolean lineStart = true;
        int quote = text.indexOf('"');
        int lineEnd = text.indexOf('\n');
        int pos = 0;
        while (pos < len) {
            if (lineEnd >= 0 && lineEnd < pos) lineEnd = text.indexOf('\n', pos);
            if (!quoted && lineStart && text.charAt(pos) == commentMarker) {
                if (lineEnd < 0) break;
                line++;
                pos = lineEnd + 1;
                continue;
            }
            lineStart = false;
            if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
            if (lineEnd >= 0 && (quote < 0 || lineEnd < quote)) {
                line++;
                lineStart = true;
                pos = lineEnd + 1;
            } else if (quote >= 0) {
                quoted = !quoted;
                if (quoted) openedAt = line;
                pos = quote + 1;
            } else {
                break;
            }
        }
        return quoted ? openedAt : 0;
    }

    /** The message of the innermost cause, for showing a library's complaint without its class names. */
    public static String innermostMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? "malformed" : c.getMessage();
    }

    static ConfigText blankLongLines(String text, int maxLine) {
        // no line can be too long in a shorter text: the usual case, decided without a pass over the characters (at
        // start-up this code runs in the interpreter, where a loop over the bundled catalog cost ~10 ms)
        if (text.length() <= maxLine) return new ConfigText(text, List.of());
        List<Long> cut = new ArrayList<>();
        StringBuilder out = null;
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length() || text.charAt(i) == '\n';
            if (!end) continue;
            if (i - lineStart > maxLine) {
                if (out == null) out = new StringBuilder(text.length()).append(text, 0, lineStart);
                cut.add(line);
            } else if (out != null) {
                out.append(text, lineStart, i);
            }
            if (out != null && i < text.length()) out.append('\n');
            line++;
            lineStart = i + 1;
        }
        return new ConfigText(out == null ? text : out.toString(), List.copyOf(cut));
    }

    /** 1-based line of the first byte sequence that is not UTF-8. */
    private static long lineOfBadByte(byte[] bytes, int start) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        dec.decode(in, out, true); // stops at the first bad sequence
        long line = 1;
        for (int i = start; i < in.position(); i++) if (bytes[i] == '\n') line++;
        return line;
    }
}
