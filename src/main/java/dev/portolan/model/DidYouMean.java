package dev.portolan.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the valid name nearest to a mistyped one ("did you mean deliverymanager:manager?"), by edit
 * distance. The one helper every suggestion uses: roles, products, OS names, setting keys, formats, codes.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The nearest candidate when it is close enough to be a typo (or the typed text is part of it), else empty. */
    public static Optional<String> nearest(String given, Collection<String> candidates) {
        List<String> all = all(given, candidates);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Every candidate close enough, nearest first; several when they tie (a bare role "manager" matches
     * clientmanager:manager and deliverymanager:manager equally well).
     */
    public static List<String> all(String given, Collection<String> candidates) {
        String g = given == null ? "" : given.trim().toLowerCase(Locale.ROOT);
        if (g.isEmpty()) return List.of();
        long best = Long.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            long d = score(g, c.toLowerCase(Locale.ROOT));
            if (d < 0) continue;
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best && !out.contains(c)) out.add(c);
        }
        return out;
    }

    /** " (did you mean X?)" or "" — ready to append to a message. */
    public static String hint(String given, Collection<String> candidates) {
        List<String> all = all(given, candidates);
        if (all.isEmpty()) return "";
        return " (did you mean " + String.join(" or ", all.subList(0, Math.min(3, all.size()))) + "?)";
    }

    /**
     * How far a candidate is (smaller is nearer), or -1 when too far to be meant. Qualified names
     * ({@code product:role}, {@code product.key}) are compared part by part: the same product and a near
     * role; a bare name is compared with the part after the qualifier. An abbreviation that keeps the first
     * letter and the order of the letters ("mgr" for "manager", "win" for "windows") counts as one edit.
     */
    private static long score(String given, String candidate) {
        String g = given;
        String c = candidate;
        int gq = qualifier(given);
        int cq = qualifier(candidate);
        if (cq > 0 && gq > 0 && given.substring(0, gq).equals(candidate.substring(0, cq))) {
            g = given.substring(gq + 1);
            c = candidate.substring(cq + 1);
        } else if (cq > 0 && gq < 0) {
            c = candidate.substring(cq + 1);
        }
        int raw = distance(g, c);
        int d = raw;
        if (d > 0 && isAbbreviation(g, c)) d = Math.min(d, 1);
        int allowed = Math.max(1, Math.min(4, Math.min(g.length(), c.length()) / 3));
        if (d > allowed) return -1;
        return (long) d * 1000 + Math.min(raw, 999);
    }

    private static int qualifier(String name) {
        int colon = name.indexOf(':');
        return colon > 0 ? colon : name.indexOf('.');
    }

    private static boolean isAbbreviation(String shortName, String longName) {
        if (shortName.length() < 2 || shortName.length() >= longName.length() || shortName.charAt(0) != longName.charAt(0)) return false;
        int j = 0;
        for (int i = 0; i < longName.length() && j < shortName.length(); i++) if (longName.charAt(i) == shortName.charAt(j)) j++;
        return j == shortName.length();
    }

    /** Damerau–Levenshtein (optimal string alignment): a swapped pair of letters is one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
