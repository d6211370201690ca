package dev.portolan.catalog;

import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns one catalog CSV row (column name → cell) into a {@link CatalogEntry}, or explains why not. */
final class CatalogRowParser {
    /** A product, role or setting name; compiled once (String.matches compiles its pattern at every call). */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** ROLE or PRODUCT:ROLE. */
    static final java.util.regex.Pattern ROLE = java.util.regex.Pattern.compile("([a-z0-9][a-z0-9._-]*:)?[a-z0-9][a-z0-9._-]*");
    /** PRODUCT:ROLE. */
    static final java.util.regex.Pattern QUALIFIED_ROLE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*");
    private static final java.util.regex.Pattern PROTOCOL_SEPARATORS = java.util.regex.Pattern.compile("[|/+,\\s]+");

    static final List<String> COLUMNS = List.of("id", "product", "role", "port", "protocol", "initiator", "source_port",
            "conditions", "fallback", "configurable", "firewall_exception", "required", "purpose", "source", "notes", "process",
            "certainty");
    static final List<String> REQUIRED = List.of("id", "product", "role", "port", "protocol", "initiator", "purpose", "source");
    static final Set<String> SPECIAL_INITIATORS = Set.of(CatalogEntry.INTERNAL, CatalogEntry.ANY, CatalogEntry.BROADCAST, CatalogEntry.MULTICAST);

    private CatalogRowParser() {
    }

    /** "ID: section" at the start of a source cell: the row cites a document of sources*.csv. */
    private static final java.util.regex.Pattern CITATION = java.util.regex.Pattern.compile("([a-z0-9][a-z0-9._-]*):\\s*(.*)", java.util.regex.Pattern.DOTALL);

    /**
     * Parses the row; adds issues for every problem and returns null when the row is unusable. {@code sources}
     * are the documents declared so far (bundled and this overlay's): a cited id must be one of them.
     */
    static CatalogEntry parse(Map<String, String> row, String file, long line, List<CatalogIssue> issues,
                              Map<String, CatalogSource> sources) {
        List<String> errors = new ArrayList<>();
        for (String col : REQUIRED) {
            if (cell(row, col).isEmpty()) errors.add("column '" + col + "' is empty");
        }
        if (!errors.isEmpty()) {
            for (String e : errors) issues.add(new CatalogIssue(file, line, CatalogIssue.Level.ERROR, e));
            return null;
        }
        String id = cell(row, "id");
        String product = cell(row, "product").toLowerCase(Locale.ROOT);
        try {
            if (!NAME.matcher(product).matches()) throw new IllegalArgumentException("bad product id '" + product + "' (lower-case letters, digits, - . _)");
            List<String> roles = roles(cell(row, "role"), product, false);
            PortSpec ports = PortSpec.parse(cell(row, "port"));
            Set<Protocol> protocols = protocols(cell(row, "protocol"));
            List<String> initiators = roles(cell(row, "initiator"), product, true);
            int sourcePort = sourcePort(cell(row, "source_port"));
            Condition condition = Condition.parse(cell(row, "conditions"), product);
            String fb = cell(row, "fallback");
            PortSpec fallback = fb.isEmpty() ? null : PortSpec.parse(fb);
            String configurable = choice(cell(row, "configurable"), "unspecified", "configurable", "yes", "no", "unspecified");
            FirewallException fw = FirewallException.parse(cell(row, "firewall_exception"), product);
            boolean required = choice(cell(row, "required"), "yes", "required", "yes", "no").equals("yes");
            Set<String> processes = new LinkedHashSet<>();
            for (String p : cell(row, "process").split("\\|")) if (!p.isBlank()) processes.add(p.trim().toLowerCase(Locale.ROOT));
            boolean heuristic = choice(cell(row, "certainty"), "documented", "certainty", "documented", "heuristic").equals("heuristic");
            if (heuristic && processes.isEmpty()) {
                throw new IllegalArgumentException("a heuristic row needs the processes that confirm it (column 'process')");
            }
            String source = cell(row, "source");
            String sourceId = null;
            java.util.regex.Matcher m = CITATION.matcher(source);
            if (m.matches()) {
                CatalogSource doc = sources.get(m.group(1));
                if (doc == null) {
                    throw new IllegalArgumentException("source cites '" + m.group(1) + "', which no sources*.csv declares"
                            + (sources.isEmpty() ? "" : " (declared: " + String.join(", ", new java.util.TreeSet<>(sources.keySet())) + ")")
                            + "; declare it, or write the source without 'ID:'");
                }
                sourceId = doc.id();
                source = doc.cite(m.group(2).trim());
            }
            return new CatalogEntry(id, product, roles, ports, protocols, initiators, sourcePort, condition, fallback,
                    configurable, fw, required, cell(row, "purpose"), source, cell(row, "notes"),
                    Set.copyOf(processes), heuristic, sourceId, file, line);
        } catch (IllegalArgumentException e) {
            issues.add(new CatalogIssue(file, line, CatalogIssue.Level.ERROR, "row " + id + ": " + e.getMessage()));
            return null;
        }
    }

    static String cell(Map<String, String> row, String col) {
        String v = row.get(col);
        return v == null ? "" : v.trim();
    }

    static List<String> roles(String text, String product, boolean allowSpecial) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("\\|")) {
            String r = part.trim().toLowerCase(Locale.ROOT);
            if (r.isEmpty()) continue;
            if (allowSpecial && SPECIAL_INITIATORS.contains(r)) {
                out.add(r);
                continue;
            }
            if (!ROLE.matcher(r).matches()) {
                throw new IllegalArgumentException("bad role '" + part.trim() + "' (expected ROLE or PRODUCT:ROLE in lower case"
                        + (allowSpecial ? ", or internal/any/broadcast/multicast" : "") + ")");
            }
            out.add(r.contains(":") ? r : product + ":" + r);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no role given");
        return List.copyOf(out);
    }

    static Set<Protocol> protocols(String text) {
        Set<Protocol> out = EnumSet.noneOf(Protocol.class);
        for (String part : PROTOCOL_SEPARATORS.split(text)) {
            if (part.isBlank()) continue;
            Protocol p = Protocol.parse(part);
            if (!p.hasPorts()) throw new IllegalArgumentException("protocol must be " + Protocol.portedLabels("") + ", not '" + part + "'");
            out.add(p);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no protocol given");
        return out;
    }

    static int sourcePort(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("ephemeral")) return CatalogEntry.SOURCE_EPHEMERAL;
        if (t.equals("any")) return CatalogEntry.SOURCE_ANY;
        try {
            int p = Integer.parseInt(t);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad source_port '" + text + "' (expected ephemeral, any or a port number)");
        }
    }

    private static String choice(String value, String dflt, String column, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.isEmpty()) return dflt;
        for (String a : allowed) if (a.equals(v)) return v;
        throw new IllegalArgumentException("bad " + column + " '" + value + "' (expected " + String.join(", ", allowed) + ")");
    }
}
