package dev.portolan.catalog;

import java.util.Locale;
import java.util.Map;

/**
 * The firewall-exception column: yes / no / auto (the installer adds it) / unspecified, optionally
 * with a condition under which the other answer holds ("no" plus "yes if wsus-ssl=yes").
 */
public record FirewallException(String value, String conditionalValue, Condition when, String text) {

    public static final FirewallException UNSPECIFIED = new FirewallException("unspecified", null, null, "unspecified");

    /** Parses "yes", "no", "auto", "unspecified", "yes if wsus-ssl=yes", "no; yes if wsus-ssl=yes". */
    public static FirewallException parse(String text, String product) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return UNSPECIFIED;
        String base = t;
        String condValue = null;
        Condition when = null;
        int ifAt = t.indexOf(" if ");
        if (ifAt >= 0) {
            String head = t.substring(0, ifAt).trim();
            String cond = t.substring(ifAt + 4).trim();
            int sep = head.lastIndexOf(';');
            if (sep >= 0) {
                base = head.substring(0, sep).trim();
                condValue = head.substring(sep + 1).trim();
            } else {
                condValue = head;
                base = head.equals("yes") ? "no" : "unspecified";
            }
            when = Condition.parse(cond, product);
            check(condValue, text);
        }
        check(base, text);
        return new FirewallException(base, condValue, when, text.trim());
    }

    private static void check(String v, String whole) {
        switch (v) {
            case "yes": case "no": case "auto": case "unspecified": return;
            default:
                throw new IllegalArgumentException("bad firewall_exception '" + whole
                        + "' (expected yes, no, auto, unspecified, or e.g. 'yes if wsus-ssl=yes')");
        }
    }

    /** The value that holds for these settings ("yes", "no", "auto", "unspecified", or "yes if …" when unknown). */
    public String resolve(Map<String, String> settings) {
        if (when == null) return value;
        Truth t = when.evaluate(settings);
        if (t == Truth.TRUE) return conditionalValue;
        if (t == Truth.FALSE) return value;
        return value + " (" + conditionalValue + " if " + when + ")";
    }

    @Override
    public String toString() {
        return text;
    }
}
