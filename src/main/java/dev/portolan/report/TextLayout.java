package dev.portolan.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Terminal layout: how many columns a string takes (East Asian wide characters take two, so Japanese
 * catalog texts and localized netstat words line up) and wrapping at spaces to a width. Works on text that
 * is already escaped ({@link Escape#text(String)}), so no control characters reach it.
 */
final class TextLayout {
    private TextLayout() {
    }

    /** Columns taken by {@code s} on a terminal. */
    static int width(CharSequence s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            w += columns(cp);
        }
        return w;
    }

    /** 0 for combining marks, 2 for East Asian wide and fullwidth characters, else 1. */
    static int columns(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) return 0;
        boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    /**
     * {@code text} in lines of at most {@code width} columns, the first starting with {@code first}, the
     * others with {@code rest}. Breaks at spaces (the space at a break is dropped, runs of spaces inside a
     * line are kept, as raw evidence lines need); a word longer than a whole line is cut where it must be.
     */
    static List<String> wrap(String text, int width, String first, String rest) {
        List<String> lines = new ArrayList<>();
        String indent = first;
        String remaining = text.strip();
        while (true) {
            int room = Math.max(1, width - width(indent));
            if (width(remaining) <= room) {
                lines.add(indent + remaining);
                return lines;
            }
            int cut = cutAt(remaining, room);
            lines.add((indent + remaining.substring(0, cut)).stripTrailing());
            remaining = remaining.substring(cut).stripLeading();
            indent = rest;
            if (remaining.isEmpty()) return lines;
        }
    }

    /** Index to cut {@code s} at so that the head fits {@code room} columns: after the last space that fits, else hard. */
    private static int cutAt(String s, int room) {
        int used = 0;
        int lastSpace = -1;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int w = columns(cp);
            if (used + w > room) {
                if (cp == ' ') return i;
                break;
            }
            if (cp == ' ') lastSpace = i;
            used += w;
            i += Character.charCount(cp);
        }
        if (lastSpace > 0) return lastSpace;
        return Math.max(i, Character.charCount(s.codePointAt(0)));
    }
}
