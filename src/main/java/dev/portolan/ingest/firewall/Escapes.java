package dev.portolan.ingest.firewall;

import java.nio.charset.StandardCharsets;

/** Makes raw line bytes safe to show in a problem: NUL runs summarised, control bytes escaped, length capped. */
final class Escapes {
    private Escapes() {
    }

    /**
     * Text of {@code b[from, to)}, prefixed by {@code droppedNuls} NULs that are no longer in the buffer.
     * A run of NULs becomes {@code <N NUL bytes>}; other control bytes {@code \xNN}; at most {@code max} chars.
     */
    static String text(byte[] b, int from, int to, long droppedNuls, int max) {
        StringBuilder sb = new StringBuilder(Math.min(max, to - from) + 16);
        long nuls = droppedNuls;
        int i = from;
        while (i < to && sb.length() < max) {
            if (b[i] == 0) {
                nuls++;
                i++;
                continue;
            }
            if (nuls > 0) {
                sb.append('<').append(nuls).append(" NUL bytes>");
                nuls = 0;
            }
            int c = b[i] & 0xFF;
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\x%02x", c));
                i++;
            } else if (c < 0x80) {
                sb.append((char) c);
                i++;
            } else {
                // decode a run of non-ASCII bytes as UTF-8 (malformed bytes become U+FFFD)
                int j = i;
                while (j < to && (b[j] & 0xFF) >= 0x80) j++;
                sb.append(new String(b, i, j - i, StandardCharsets.UTF_8));
                i = j;
            }
        }
        if (nuls > 0) sb.append('<').append(nuls).append(" NUL bytes>");
        if (i < to || sb.length() > max) {
            sb.setLength(Math.min(sb.length(), max));
            sb.append('…');
        }
        return sb.toString();
    }

    /**
     * The text of {@code b[from, to)} as a person wrote it: UTF-8 when the bytes are valid UTF-8 (what a page, an issue or
     * an editor saves today: a sentence in Chinese before a pasted log reads as Chinese, not as Latin-1 mojibake), else
     * one character per byte (a legacy code page's accented letters stay letters). ASCII is the same either way.
     */
    static String lineText(byte[] b, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) ascii = b[i] >= 0;
        if (!ascii) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b, from, to - from)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                // not UTF-8: one character per byte below
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
