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

    /**
     * One line of terminal or plain text: control characters (which could move the cursor, clear the
     * screen or hide the rest of a line) become visible escapes such as {@code \n}, {@code \x00}, {@code \x1b}.
     */
    public static String text(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c <= 0xFF ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? s : b.toString();
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
                default -> b.append(c < 0x20 || (c >= 0x7F && c <= 0x9F) ? text(String.valueOf(c)) : String.valueOf(c));
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
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

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
