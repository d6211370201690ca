package dev.portolan.report;

import java.util.List;

/** Small inline SVG charts for the fleet pages (no script, no external resources). */
final class Charts {
    private static final int ROW = 18;
    private static final int LABEL = 170;
    private static final int WIDTH = 360;

    private Charts() {
    }

    /** A horizontal bar chart: one bar per label, scaled to the largest value, the value printed after the bar. */
    static String bars(String title, List<String> labels, List<Long> values) {
        long max = 1;
        for (long v : values) max = Math.max(max, v);
        int h = ROW * labels.size() + 4;
        StringBuilder b = new StringBuilder(256 + 160 * labels.size());
        b.append("<svg class=\"chart\" role=\"img\" width=\"").append(LABEL + WIDTH + 90).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(LABEL + WIDTH + 90).append(' ').append(h).append("\"><title>")
                .append(Escape.html(title)).append("</title>\n");
        for (int i = 0; i < labels.size(); i++) {
            long v = values.get(i);
            int y = i * ROW + 2;
            int w = v == 0 ? 0 : Math.max(1, (int) (WIDTH * v / max));
            b.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 12).append("\" text-anchor=\"end\">")
                    .append(Escape.html(labels.get(i))).append("</text><rect x=\"").append(LABEL).append("\" y=\"").append(y)
                    .append("\" width=\"").append(w).append("\" height=\"").append(ROW - 4).append("\" fill=\"").append(colour(labels.get(i)))
                    .append("\"/><text x=\"").append(LABEL + w + 4).append("\" y=\"").append(y + 12).append("\">").append(v).append("</text>\n");
        }
        return b.append("</svg>\n").toString();
    }

    private static String colour(String label) {
        return switch (label) {
            case "error" -> "#d33";
            case "warning" -> "#e9a300";
            case "notice" -> "#4a7bd0";
            case "info", "none" -> "#999";
            default -> "#5a8";
        };
    }
}
