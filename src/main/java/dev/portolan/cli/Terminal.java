package dev.portolan.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where standard output goes, as far as the text report cares: a terminal or not, how many columns, and
 * whether the user asked for no colour ({@code NO_COLOR} set and not empty, see no-color.org, or
 * {@code TERM=dumb}).
 *
 * @param tty     standard output (and input) is a terminal
 * @param columns width for the text report: {@code COLUMNS} when set, else the terminal's, else 80
 * @param noColor the environment asks for no colour
 */
record Terminal(boolean tty, int columns, boolean noColor) {
    static final int DEFAULT_COLUMNS = 80;

    /** When to colour the text report ({@code --color}). */
    enum ColorMode { AUTO, ALWAYS, NEVER }

    static Terminal detect() {
        boolean tty = System.console() != null;
        return of(System.getenv(), tty, tty ? sttyColumns() : 0);
    }

    /** From an environment, whether stdout is a terminal, and the terminal's own width (0 = unknown). */
    static Terminal of(Map<String, String> env, boolean tty, int ttyColumns) {
        int columns = DEFAULT_COLUMNS;
        String c = env.get("COLUMNS");
        Integer fromEnv = c == null ? null : positive(c.trim());
        if (fromEnv != null) columns = fromEnv;
        else if (tty && ttyColumns > 0) columns = ttyColumns;
        String noColor = env.get("NO_COLOR");
        boolean no = (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
        return new Terminal(tty, columns, no);
    }

    /**
     * Colour for a report: {@code always} and {@code never} are obeyed; {@code auto} colours only a report
     * written to standard output on a terminal, and not when the environment asks for no colour.
     */
    boolean color(ColorMode mode, boolean toStdout) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> toStdout && tty && !noColor;
        };
    }

    private static Integer positive(String s) {
        try {
            int n = Integer.parseInt(s);
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "rows cols" from {@code stty size} on the controlling terminal; 0 when that is not possible (Windows, no tty). */
    private static int sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) return 0;
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            }
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroy();
                return 0;
            }
            String[] parts = out.split("\\s+");
            Integer cols = parts.length == 2 ? positive(parts[1]) : null;
            return cols == null ? 0 : cols;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
