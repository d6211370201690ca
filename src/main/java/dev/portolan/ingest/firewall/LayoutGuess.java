package dev.portolan.ingest.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The columns of a log written without a {@code #Fields:} header, located by what the fields contain.
 *
 * <p>Windows writes 17 fields (18 with pid), but other tools and older builds trim the layout, e.g.
 * {@code date time action protocol src-ip dst-ip src-port dst-port [size] path [pid]}. A candidate layout
 * is the canonical field order (or the order that pairs each address with its port) with any of the
 * optional fields left out; date, time, action, protocol, both addresses, both ports and the path are
 * always there. Each field has a kind (date, time, action word, protocol, address, port or {@code -},
 * number, path word …). For every field count met in the first rows, the candidate that fits
 * the most sample rows wins (ties: the one that keeps the more telling fields, size before pid before the
 * TCP/ICMP details), provided it fits at least half of them. A field count needs at least two
 * sample rows and a quarter of them (or all) to be decided, so a stray cut line never defines a layout. The decision is made once per
 * file from its first rows, never row by row: a later row either has a decided field count or is an
 * input problem. Immutable once built, so parallel chunks share it.
 */
final class LayoutGuess {
    /** Rows sampled from the head of the file. */
    static final int SAMPLE_ROWS = 64;
    /** Bytes of the head of the file searched for them. */
    static final int SAMPLE_BYTES = 256 * 1024;

    private enum Kind { DATE, TIME, ACTION, PROTOCOL, ADDRESS, PORT, NUMBER, SMALL, FLAGS, PATH }

    /** A field a layout may hold; {@code weight} breaks ties between layouts that fit equally (0 = always kept). */
    private record Field(String name, Kind kind, int weight) {
        boolean required() {
            return weight == 0;
        }
    }

    private static final Field DATE = new Field("date", Kind.DATE, 0);
    private static final Field TIME = new Field("time", Kind.TIME, 0);
    private static final Field ACTION = new Field("action", Kind.ACTION, 0);
    private static final Field PROTOCOL = new Field("protocol", Kind.PROTOCOL, 0);
    private static final Field SRC_IP = new Field("src-ip", Kind.ADDRESS, 0);
    private static final Field DST_IP = new Field("dst-ip", Kind.ADDRESS, 0);
    private static final Field SRC_PORT = new Field("src-port", Kind.PORT, 0);
    private static final Field DST_PORT = new Field("dst-port", Kind.PORT, 0);
    private static final Field SIZE = new Field("size", Kind.NUMBER, 64);
    private static final Field TCPFLAGS = new Field("tcpflags", Kind.FLAGS, 8);
    private static final Field TCPSYN = new Field("tcpsyn", Kind.NUMBER, 4);
    private static final Field TCPACK = new Field("tcpack", Kind.NUMBER, 4);
    private static final Field TCPWIN = new Field("tcpwin", Kind.NUMBER, 4);
    private static final Field ICMPTYPE = new Field("icmptype", Kind.SMALL, 16);
    private static final Field ICMPCODE = new Field("icmpcode", Kind.SMALL, 16);
    private static final Field INFO = new Field("info", Kind.NUMBER, 2);
    private static final Field PATH = new Field("path", Kind.PATH, 0);
    private static final Field PID = new Field("pid", Kind.NUMBER, 32);

    /** The orders fields come in; a candidate keeps all required fields of one order and any optional ones. */
    private static final List<List<Field>> ORDERS = List.of(
            List.of(DATE, TIME, ACTION, PROTOCOL, SRC_IP, DST_IP, SRC_PORT, DST_PORT, SIZE, TCPFLAGS, TCPSYN, TCPACK,
                    TCPWIN, ICMPTYPE, ICMPCODE, INFO, PATH, PID),
            List.of(DATE, TIME, ACTION, PROTOCOL, SRC_IP, SRC_PORT, DST_IP, DST_PORT, SIZE, TCPFLAGS, TCPSYN, TCPACK,
                    TCPWIN, ICMPTYPE, ICMPCODE, INFO, PATH, PID));

    private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME_TEXT = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern WORD = Pattern.compile("[A-Z][A-Z-]{3,}");
    private static final Pattern FLAG_LETTERS = Pattern.compile("[FSRPAUEC]{1,8}");
    private static final Set<String> PATH_WORDS = Set.of("SEND", "RECEIVE", "FORWARD");

    /** What the first rows decided: a layout per field count, and how many rows decided it. */
    private final Map<Integer, Columns> layouts;
    private final Map<Integer, Integer> sampled;

    private LayoutGuess(Map<Integer, Columns> layouts, Map<Integer, Integer> sampled) {
        this.layouts = Map.copyOf(layouts);
        this.sampled = Map.copyOf(sampled);
    }

    /** The guess for a file whose head has no header-less rows: the standard layouts only. */
    static LayoutGuess standard() {
        return new LayoutGuess(standardLayouts(), Map.of());
    }

    private static Map<Integer, Columns> standardLayouts() {
        Map<Integer, Columns> m = new TreeMap<>();
        m.put(Columns.STANDARD_LAYOUT.fieldCount, Columns.STANDARD_LAYOUT);
        m.put(Columns.STANDARD_PID_LAYOUT.fieldCount, Columns.STANDARD_PID_LAYOUT);
        return m;
    }

    /**
     * Decides the layouts from sample rows (fields split at blanks, comments and blank lines left out).
     * INFO-EVENTS-LOST rows carry no addresses and decide nothing. A field count the sample decides replaces
     * the standard layout of that count; a count the sample does not show keeps the standard layout, if any.
     */
    static LayoutGuess decide(List<String[]> rows) {
        Map<Integer, List<int[]>> byCount = new TreeMap<>();
        for (String[] row : rows) {
            if (row.length < 6 || row.length > LineParser.MAX_FIELDS) continue;
            if (row.length > 2 && row[2].equals("INFO-EVENTS-LOST")) continue;
            int[] kinds = new int[row.length];
            for (int i = 0; i < row.length; i++) kinds[i] = kinds(row[i]);
            byCount.computeIfAbsent(row.length, k -> new ArrayList<>()).add(kinds);
        }
        Map<Integer, Columns> layouts = standardLayouts();
        Map<Integer, Integer> sampled = new TreeMap<>();
        int total = byCount.values().stream().mapToInt(List::size).sum();
        for (var en : byCount.entrySet()) {
            // a field count of a stray row or two (a line cut short) decides nothing: those rows fit no layout
            if (en.getValue().size() < Math.max(2, total / 4) && en.getValue().size() < total) continue;
            Columns best = best(en.getKey(), en.getValue());
            if (best != null) {
                layouts.put(en.getKey(), best);
                sampled.put(en.getKey(), en.getValue().size());
            } else if (!layouts.containsKey(en.getKey())) {
                sampled.put(en.getKey(), en.getValue().size());
            }
        }
        return new LayoutGuess(layouts, sampled);
    }

    /** The layout for a header-less row of {@code n} fields, or null when none was decided. */
    Columns forFieldCount(int n) {
        return layouts.get(n);
    }

    /** True when the sampled rows decided a layout other than the standard ones. */
    boolean trimmed() {
        for (Columns c : layouts.values()) {
            if (c != Columns.STANDARD_LAYOUT && c != Columns.STANDARD_PID_LAYOUT) return true;
        }
        return false;
    }

    /** "date time … path (17 fields)" for every layout the rows were read with, for the report's note. */
    String describe(Set<Integer> usedCounts) {
        List<String> parts = new ArrayList<>();
        for (var en : new TreeMap<>(layouts).entrySet()) {
            if (!usedCounts.contains(en.getKey())) continue;
            Integer n = sampled.get(en.getKey());
            parts.add(en.getValue() + " (" + en.getKey() + " fields"
                    + (n != null ? "; located by content in " + n + " sample row(s)" : "; the standard layout") + ")");
        }
        return String.join(", and ", parts);
    }

    /** The field counts a layout exists for, for problem messages. */
    String counts() {
        List<String> out = new ArrayList<>();
        for (int n : new TreeMap<>(layouts).keySet()) out.add(Integer.toString(n));
        return String.join(" or ", out);
    }

    private static Columns best(int n, List<int[]> rows) {
        List<Field> bestFields = null;
        int bestFit = 0;
        int bestWeight = -1;
        for (List<Field> order : ORDERS) {
            List<Field> optional = order.stream().filter(f -> !f.required()).toList();
            int required = order.size() - optional.size();
            int keep = n - required;
            if (keep < 0 || keep > optional.size()) continue;
            for (long mask = 0; mask < 1L << optional.size(); mask++) {
                if (Long.bitCount(mask) != keep) continue;
                List<Field> fields = new ArrayList<>(n);
                int weight = 0;
                int o = 0;
                for (Field f : order) {
                    if (f.required()) {
                        fields.add(f);
                    } else if ((mask >>> o++ & 1) != 0) {
                        fields.add(f);
                        weight += f.weight();
                    }
                }
                int fit = 0;
                for (int[] kinds : rows) if (fits(fields, kinds)) fit++;
                if (fit > bestFit || fit == bestFit && fit > 0 && weight > bestWeight) {
                    bestFields = fields;
                    bestFit = fit;
                    bestWeight = weight;
                }
            }
        }
        if (bestFields == null || bestFit * 2 < rows.size()) return null;
        List<String> names = bestFields.stream().map(Field::name).toList();
        if (names.equals(Columns.STANDARD)) return Columns.STANDARD_LAYOUT;
        if (names.equals(Columns.STANDARD_PID_LAYOUT.names())) return Columns.STANDARD_PID_LAYOUT;
        return Columns.of(names);
    }

    private static boolean fits(List<Field> fields, int[] kinds) {
        for (int i = 0; i < kinds.length; i++) {
            if ((kinds[i] & 1 << fields.get(i).kind().ordinal()) == 0) return false;
        }
        return true;
    }

    /** The kinds a field's text can be, as bits of {@link Kind} ordinals. */
    private static int kinds(String t) {
        int k = 0;
        if (t.equals("-")) {
            // a placeholder: any optional number, but never a date, time, action, protocol or address
            return bit(Kind.PORT) | bit(Kind.NUMBER) | bit(Kind.SMALL) | bit(Kind.FLAGS) | bit(Kind.PATH);
        }
        if (DATE_TEXT.matcher(t).matches()) k |= bit(Kind.DATE);
        if (TIME_TEXT.matcher(t).matches()) k |= bit(Kind.TIME);
        if (PATH_WORDS.contains(t)) k |= bit(Kind.PATH);
        else if (WORD.matcher(t).matches()) k |= bit(Kind.ACTION);
        if (FLAG_LETTERS.matcher(t).matches()) k |= bit(Kind.FLAGS);
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.equals("TCP") || upper.equals("UDP") || upper.equals("ICMP") || upper.equals("ICMPV6")) k |= bit(Kind.PROTOCOL);
        byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (t.indexOf('.') > 0 || t.indexOf(':') >= 0) {
            if (dev.portolan.model.IpAddress.parse(b, 0, b.length) != null) k |= bit(Kind.ADDRESS);
        }
        long n = Numbers.parse(b, 0, b.length);
        if (n >= 0) {
            k |= bit(Kind.NUMBER);
            if (n <= 65535) k |= bit(Kind.PORT);
            if (n <= 255) k |= bit(Kind.SMALL) | bit(Kind.PROTOCOL);
        }
        return k;
    }

    private static int bit(Kind kind) {
        return 1 << kind.ordinal();
    }

    /** Layouts by field count, in order (for tests and notes). */
    Map<Integer, String> layouts() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (var en : new TreeMap<>(layouts).entrySet()) out.put(en.getKey(), en.getValue().toString());
        return out;
    }
}
