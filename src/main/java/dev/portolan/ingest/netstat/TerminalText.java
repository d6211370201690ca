package dev.portolan.ingest.netstat;

/**
 * A line as a terminal showed it, from a session recorded with {@code script} (a typescript), a tmux or screen log, or
 * output piped through {@code grep --color=always}: its escape sequences removed — colours and cursor moves (CSI,
 * {@code ESC [ … final}), window titles (OSC, {@code ESC ] … BEL} or {@code ESC \}), other two-byte ones — and its
 * backspaces applied (a typed correction: {@code ls^H^Hss -tlnp}), so that a coloured prompt, a highlighted port and a
 * corrected command read as what was on the screen.
 */
final class TerminalText {
    private TerminalText() {
    }

    private static final char ESC = '\u001b';
    private static final char BEL = '\u0007';

    /**
     * A character that text has only by damage or in binary data: a control other than line ends, tab and those of a
     * recorded terminal (escape, bell, backspace), or the replacement character of an undecodable byte.
     */
    static boolean isStray(char c) {
        return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != ESC && c != BEL && c != '\b' || c == '\uFFFD';
    }

    /**
     * Binary data rather than text: more than one stray character ({@link #isStray}) in 50 of {@code text[0, end)}; NUL
     * bytes counted as stray unless {@code nulsAreText} (a head whose UTF-16 was not told, read byte by byte).
     */
    static boolean looksBinary(String text, int end, boolean nulsAreText) {
        int strays = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (isStray(c) && !(nulsAreText && c == 0)) strays++;
        }
        return strays * 50 > end;
    }

    /** The line without escape sequences and with its backspaces applied; the line itself when it has neither. */
    static String clean(String line) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ESC || c == '\b' || c == BEL) break;
            i++;
        }
        if (i == n) return line;
        StringBuilder b = new StringBuilder(n);
        b.append(line, 0, i);
        while (i < n) {
            char c = line.charAt(i);
            if (c == ESC) {
                i = afterEscape(line, i);
                continue;
            }
            if (c == '\b') {
                if (b.length() > 0) b.setLength(b.length() - 1);
            } else if (c != BEL) {
                b.append(c);
            }
            i++;
        }
        return b.toString();
    }

    /** The index after the escape sequence starting at {@code esc} (the end of the line when it is cut short). */
    private static int afterEscape(String line, int esc) {
        int n = line.length();
        int i = esc + 1;
        if (i >= n) return n;
        char kind = line.charAt(i);
        if (kind == '[') {
            // CSI: parameter and intermediate bytes, then one final byte in @ … ~
            i++;
            while (i < n && (line.charAt(i) < '@' || line.charAt(i) > '~')) i++;
            return Math.min(i + 1, n);
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
            // OSC (a window title), DCS, APC, PM: up to BEL or ESC \
            i++;
            while (i < n) {
                char c = line.charAt(i);
                if (c == BEL) return i + 1;
                if (c == ESC && i + 1 < n && line.charAt(i + 1) == '\\') return i + 2;
                i++;
            }
            return n;
        }
        if (kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#' || kind == '%') {
            return Math.min(i + 2, n); // a character set choice: ESC ( B
        }
        return i + 1; // ESC = , ESC > , ESC 7 …
    }
}
