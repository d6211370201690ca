package dev.portolan.report;

/**
 * The one place where text taken from inputs (host names, messages, evidence lines, file names) is made
 * safe for an output format. Renderers call these methods instead of escaping by hand, so the rules can
 * be tested once with hostile strings.
 */
public final class Escape {
    private Escape() {
    }

    /**
     * HTML text and attribute values (double- or single-quoted). Characters that XML 1.0 forbids (NUL and
     * other C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) are dropped because browsers
     * would turn them into replacement characters or parse errors anyway.
     */
    public static String html(String s) {
        return markup(s, true);
    }

    /** XML 1.0 text and attribute values; characters illegal in XML 1.0 are dropped (a parser would reject them). */
    public static String xml(String s) {
        return markup(s, false);
    }

    private static String markup(String s, boolean html) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isXmlChar(cp)) continue;
            if (isInvisibleControl(cp)) {
                b.append(visible(cp)); // a C1 control or bidi override would reorder or hide text in a browser too
                continue;
            }
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append(html ? "&#39;" : "&apos;");
                // attribute values normalise raw CR/LF/tab to spaces; character references survive
                case '\r' -> b.append("&#13;");
                case '\n' -> b.append("&#10;");
                case '\t' -> b.append("&#9;");
                default -> b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** The XML 1.0 {@code Char} production; a lone surrogate arrives here as its own code point and fails it. */
    static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** DEL, C1 controls and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
    static boolean isInvisibleControl(int c) {
        return (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** The visible stand-in for a control character: {@code \x1b}, {@code \u202e}. */
    static String visible(int c) {
        return c <= 0xFF ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
    }

    /**
     * One line of terminal or plain text (the one terminal-safe form every message, table and report line
     * uses): control characters (which could move the cursor, clear the screen, set the window title, ring the
     * bell or hide the rest of a line), C1 controls and bidi overrides (which reorder what is shown) become
     * visible escapes such as {@code \n}, {@code \x00}, {@code \x1b}, {@code \u202e}.
     */
    public static String text(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || isInvisibleControl(c) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(visible(c));
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * Several lines for the terminal (a message listing problems): each line made safe by {@link #text}, the
     * line breaks kept.
     */
    public static String lines(String s) {
        if (s == null) return "";
        String[] parts = s.split("\r\n|\n", -1);
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < parts.length; i++) b.append(i > 0 ? "\n" : "").append(text(parts[i]));
        return b.toString();
    }

    /**
     * {@code s} cut to at most {@code max} characters, ending in "…" when cut: one hostile 100 KB token must not
     * widen a column on every line of a text report. Only JSON carries full values.
     */
    public static String clip(String s, int max) {
        if (s == null) return "";
        if (s.length() <= max) return s;
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }

    /**
     * A Markdown table cell or inline text: backslash-escapes the characters that would end the cell or start
     * markup ({@code | ` * _ [ ] < > \}), and turns line breaks into {@code <br>} so the row stays one line.
     * Other control characters become visible escapes as in {@link #text(String)}.
     */
    public static String markdown(String s) {
        if (s == null) return "";
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\\', '|', '`', '*', '_', '[', ']', '<', '>' -> b.append('\\').append(c);
                case '\n' -> b.append("<br>");
                default -> b.append(c < 0x20 || isInvisibleControl(c) ? text(String.valueOf(c)) : String.valueOf(c));
            }
        }
        return b.toString();
    }

    /**
     * A spreadsheet cell: a value starting with {@code = + - @}, tab or CR could run as a formula in Excel or
     * LibreOffice, so it gets a leading apostrophe, which those programs show as "treat as text".
     */
    public static String spreadsheet(String s) {
        if (s == null || s.isEmpty()) return s == null ? "" : s;
        char c = s.charAt(0);
        String safe = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
        return visibleControls(safe);
    }

    /** Control characters other than tab and line breaks (kept in quoted cells) become visible escapes. */
    private static String visibleControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (b == null && c >= 0x20 && c < 0x7F) continue; // printable ASCII, nearly every character: tested first
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || isInvisibleControl(c);
            if (control && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (b != null) b.append(control ? visible(c) : String.valueOf(c));
        }
        return b == null ? s : b.toString();
    }

    /**
     * For JSON generators: besides the C0 controls JSON always escapes, C1 controls, DEL and bidi overrides are
     * written as {@code \\u} escapes, so {@code cat report.json} cannot reorder or hide text. The value is unchanged.
     */
    public static com.fasterxml.jackson.core.io.CharacterEscapes json() {
        return JSON_ESCAPES;
    }

    private static final com.fasterxml.jackson.core.io.CharacterEscapes JSON_ESCAPES = new com.fasterxml.jackson.core.io.CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = com.fasterxml.jackson.core.io.CharacterEscapes.standardAsciiEscapesForJSON();

        {
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return isInvisibleControl(ch) || ch == 0x2028 || ch == 0x2029
                    ? new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };

    /**
     * Markdown running text that should also read well as plain text: only what would start markup is
     * backslash-escaped ({@code ` * < &} before a name, {@code _} and {@code ~~} at word edges, {@code ]} before
     * {@code ( [ :}, a backslash before punctuation, and a block marker at the start such as {@code #}, {@code >},
     * {@code -} or {@code 1.}); everything else is left as typed. Line breaks and other control characters become
     * visible escapes as in {@link #text(String)}, so a value always stays on its line.
     */
    public static String markdownText(String s) {
        String t = text(s);
        StringBuilder b = new StringBuilder(t.length() + 8);
        int start = 0;
        while (start < t.length() && t.charAt(start) == ' ') start++;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            char prev = i == 0 ? ' ' : t.charAt(i - 1);
            char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
            boolean escape = switch (c) {
                case '`', '*' -> true;
                case '\\' -> isAsciiPunctuation(next);
                case '<' -> Character.isLetter(next) || next == '/' || next == '!' || next == '?';
                case '&' -> Character.isLetter(next) || next == '#';
                case '_' -> !Character.isLetterOrDigit(prev) || !Character.isLetterOrDigit(next);
                case '~' -> next == '~' || prev == '~';
                case ']' -> next == '(' || next == '[' || next == ':';
                case '#', '>', '-', '+', '=', '|' -> i == start;
                case '.', ')' -> i > start && isDigits(t, start, i) && (next == ' ' || i + 1 == t.length());
                default -> false;
            };
            if (escape) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    private static boolean isAsciiPunctuation(char c) {
        return c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ' && c != 0x7F;
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
