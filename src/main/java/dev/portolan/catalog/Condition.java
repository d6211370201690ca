package dev.portolan.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A condition over host settings, e.g. {@code version>=4.33}, {@code mode=tcpip|named-pipe},
 * {@code wsus-ssl=yes and proxy=no}. Terms are joined with {@code and}/{@code or} ({@code and} binds
 * tighter, no parentheses). Unqualified keys belong to the row's product. A key the host does not set
 * makes its term {@link Truth#UNKNOWN}.
 */
public final class Condition {
    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile("[^\\s()]+");
    private static final java.util.regex.Pattern OR = java.util.regex.Pattern.compile("(?i)\\s+or\\s+|\\s*\\|\\|\\s*");
    private static final java.util.regex.Pattern AND = java.util.regex.Pattern.compile("(?i)\\s+and\\s+|\\s*&&?\\s*");
    public static final Condition ALWAYS = new Condition("", List.of());

    private final String text;
    /** Disjunction of conjunctions. */
    private final List<List<Term>> clauses;

    private Condition(String text, List<List<Term>> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /** Parses a condition; {@code product} qualifies bare keys. Empty text means always. */
    public static Condition parse(String text, String product) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) return ALWAYS;
        List<List<Term>> clauses = new ArrayList<>();
        for (String orPart : OR.split(t)) {
            List<Term> terms = new ArrayList<>();
            for (String andPart : AND.split(orPart)) {
                if (andPart.isBlank()) throw new IllegalArgumentException("empty term in condition '" + text + "'");
                terms.add(Term.parse(andPart.trim(), product, text));
            }
            clauses.add(List.copyOf(terms));
        }
        return new Condition(t, List.copyOf(clauses));
    }

    public boolean isAlways() {
        return clauses.isEmpty();
    }

    /** Evaluates against settings keyed "product.key" (lower case). */
    public Truth evaluate(Map<String, String> settings) {
        if (clauses.isEmpty()) return Truth.TRUE;
        Truth result = Truth.FALSE;
        for (List<Term> clause : clauses) {
            Truth c = Truth.TRUE;
            for (Term term : clause) c = c.and(term.evaluate(settings));
            result = result.or(c);
        }
        return result;
    }

    /** Qualified setting keys this condition reads. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (List<Term> clause : clauses) for (Term t : clause) keys.add(t.key);
        return keys;
    }

    /** Every comparison this condition makes, in order: which setting, how, against what. */
    public List<KeyUse> uses() {
        List<KeyUse> out = new ArrayList<>();
        for (List<Term> clause : clauses) for (Term t : clause) out.add(new KeyUse(t.key, t.op, t.values));
        return out;
    }

    /** One comparison of a setting: the qualified key, the operator ({@code = != >= <= > <}) and the values. */
    public record KeyUse(String key, String op, List<String> values) {
        public boolean isOrdering() {
            return !op.equals("=") && !op.equals("!=");
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private record Term(String key, String op, List<String> values) {
        static Term parse(String s, String product, String whole) {
            int i = 0;
            while (i < s.length() && "=!<>".indexOf(s.charAt(i)) < 0) i++;
            if (i == 0 || i == s.length()) {
                throw new IllegalArgumentException("bad condition term '" + s + "' in '" + whole
                        + "' (expected KEY OP VALUE, OP one of = != >= <= > <, e.g. version>=4.33)");
            }
            int j = i;
            while (j < s.length() && "=!<>".indexOf(s.charAt(j)) >= 0) j++;
            String op = s.substring(i, j);
            if (!List.of("=", "==", "!=", ">=", "<=", ">", "<").contains(op)) {
                throw new IllegalArgumentException("bad operator '" + op + "' in condition '" + whole + "'");
            }
            if (op.equals("==")) op = "=";
            String key = s.substring(0, i).trim().toLowerCase(Locale.ROOT);
            String value = s.substring(j).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("bad condition term '" + s + "' in '" + whole + "'");
            }
            if (!CatalogRowParser.NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("bad key '" + key + "' in condition '" + whole
                        + "' (letters, digits, '.', '_', '-'; no parentheses: 'and' binds tighter than 'or')");
            }
            if (!VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("bad value '" + value + "' in condition '" + whole
                        + "' (one word; a dangling 'and'/'or' or a parenthesis is not allowed)");
            }
            if (!key.contains(".") && product != null && !product.isEmpty()) key = product + "." + key;
            List<String> values = new ArrayList<>();
            for (String v : value.split("\\|")) values.add(v.trim().toLowerCase(Locale.ROOT));
            if ((op.contains("<") || op.contains(">")) && (values.size() != 1 || !Versions.isVersion(values.get(0)))) {
                throw new IllegalArgumentException("'" + op + "' takes one value, a version number (e.g. 4.33), in condition '" + whole + "'");
            }
            return new Term(key, op, List.copyOf(values));
        }

        Truth evaluate(Map<String, String> settings) {
            // settings are qualified before the audit (HostCheck): a bare key here would leak into every product
            String actual = settings.get(key);
            if (actual == null || actual.isBlank()) return Truth.UNKNOWN;
            String a = normaliseBool(actual.trim().toLowerCase(Locale.ROOT));
            switch (op) {
                case "=": return Truth.of(matchesAny(a));
                case "!=": return Truth.of(!matchesAny(a));
                default:
                    int cmp = Versions.compare(a, values.get(0));
                    switch (op) {
                        case ">=": return Truth.of(cmp >= 0);
                        case "<=": return Truth.of(cmp <= 0);
                        case ">": return Truth.of(cmp > 0);
                        default: return Truth.of(cmp < 0);
                    }
            }
        }

        private boolean matchesAny(String actual) {
            for (String v : values) {
                String nv = normaliseBool(v);
                if (nv.equals(actual)) return true;
                if (Versions.isVersion(nv) && Versions.isVersion(actual) && Versions.compare(nv, actual) == 0) return true;
            }
            return false;
        }

        private static String normaliseBool(String v) {
            switch (v) {
                case "true": case "on": case "1": case "y": return "yes";
                case "false": case "off": case "0": case "n": return "no";
                default: return v;
            }
        }
    }
}
