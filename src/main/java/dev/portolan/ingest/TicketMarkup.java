package dev.portolan.ingest;

import java.util.regex.Pattern;

/**
 * The markup that wraps a dump or log pasted into a ticket, a chat or a wiki page: a Markdown fence ({@code ```},
 * {@code ```text}, {@code ~~~}), Jira's {@code {code}} / {@code {noformat}}, HTML's {@code <pre>} / {@code </pre>} (with
 * {@code <code>}), BBCode's {@code [code]}; three quotes alone ({@code '''}, {@code '''DOS}, {@code """}), as a fence
 * typed with the wrong key or a script's string around a sample, and the end of a PowerShell here-string around one
 * ({@code '@}, {@code "@}). Readers take such a line as a header line, not as a
 * defective record.
 */
public final class TicketMarkup {
    private TicketMarkup() {
    }

    private static final Pattern MARKUP = Pattern.compile(
            "(?:```|~~~|''')[\\w+-]*|\"\"\"|['\"]@|\\{(?:code|noformat)(?::[^}]*)?}|</?(?:pre|code|samp|tt)(?:\\s[^>]*)?>"
                    + "|</?(?:pre|code)></?(?:pre|code)>|\\[/?code(?:=\\w+)?]");

    /** True for a whole line (trimmed) of such markup, in any case. */
    public static boolean isMarkup(String trimmed) {
        return trimmed.length() <= 40 && MARKUP.matcher(trimmed.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    /** {@link #isMarkup} of the bytes {@code b[from, to)} (ASCII; trailing spaces, tabs and CRs left out). */
    public static boolean isMarkup(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t' || b[to - 1] == '\r')) to--;
        if (to - from < 2 || to - from > 40) return false;
        char c = (char) (b[from] & 0xFF);
        if (c != '`' && c != '~' && c != '{' && c != '<' && c != '[' && c != '\'' && c != '"') return false;
        return isMarkup(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
