package dev.portolan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.portolan.batch.FleetCounts;
import dev.portolan.batch.HostStatus;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputSummary;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The lines of a fleet result folder (what the Spark job writes and {@code portolan report DIR} reads back):
 * a finding line is exactly a {@code --format jsonl} line; a host line is one compact object per host (who it is,
 * its status, how many finding lines follow for it, what each input contributed, which files were unreadable);
 * the summary is one JSON document of {@link FleetCounts} counts. Written and read here, so both sides agree.
 */
public final class FleetLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private FleetLines() {
    }

    /** A host line read back: the host, its status, its finding count, its inputs and unreadable files. */
    public record HostLine(Host host, HostStatus status, int findings, List<InputSummary> inputs, List<String> unreadable) {
        public HostLine {
            inputs = List.copyOf(inputs);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** A finding line read back, with the host it belongs to. */
    public record HostFinding(String host, Finding finding) {
    }

    /**
     * The finding lines of a host: exactly what {@code audit --format jsonl --fail-on FAILON} writes for it (the same
     * renderer), without the "\n"s. {@code failOn} null = never.
     */
    public static List<String> findingLines(HostReport h, Severity failOn) throws IOException {
        StringWriter w = new StringWriter();
        new JsonLinesRenderer(ReportOptions.DEFAULTS.withFailOn(failOn)).render(new AuditReport(List.of(h), Instant.EPOCH, ""), w);
        return w.toString().lines().toList();
    }

    public static String hostLine(HostReport h, HostStatus status, List<String> unreadable) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonSupport.compact(w)) {
            g.writeStartObject();
            g.writeStringField("host", h.host().name());
            JsonSupport.hostIdentity(g, h.host());
            g.writeStringField("status", status.label());
            Severity worst = h.worst();
            g.writeStringField("worst", worst == null ? null : worst.label());
            g.writeNumberField("findings", h.findings().size());
            JsonSupport.counts(g, "summary", h.summary());
            JsonSupport.inputs(g, h.inputs());
            JsonSupport.strings(g, "unreadable", unreadable);
            g.writeEndObject();
        }
        return w.toString();
    }

    /** The summary document (pretty, ends with "\n"). {@code failOn} null = never. */
    public static String summary(FleetCounts s, Severity failOn, String version, Instant generated) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonSupport.pretty(w)) {
            g.writeStartObject();
            g.writeStringField("tool", "portolan");
            g.writeStringField("version", version);
            g.writeStringField("generated", Labels.iso(generated));
            g.writeStringField("fail_on", failOn == null ? "never" : failOn.label());
            g.writeNumberField("hosts", s.hosts());
            g.writeNumberField("findings", s.findings());
            g.writeNumberField("unreadable_files", s.unreadableFiles());
            longs(g, "by_code", s.byCode());
            longs(g, "by_severity", s.bySeverity());
            longs(g, "by_product", s.byProduct());
            longs(g, "by_status", s.byStatus());
            g.writeEndObject();
        }
        return w + "\n";
    }

    private static void longs(JsonGenerator g, String field, Map<String, Long> m) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : m.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
        g.writeEndObject();
    }

    /** Reads a host line back; throws IOException naming what is wrong. */
    public static HostLine parseHost(String line) throws IOException {
        Map<String, Object> o = object(parse(line), "host line");
        Host.Builder b = Host.builder().name(text(o, "host")).os(OsFamily.parse(text(o, "os")))
                .ephemeral(PortRange.parse(text(o, "ephemeral_range")));
        for (Object a : list(o, "addresses")) b.address((String) a);
        for (Object r : list(o, "roles")) {
            Map<String, Object> ro = object(r, "role");
            List<String> decided = new ArrayList<>();
            for (Object d : list(ro, "decided_by")) decided.add((String) d);
            b.role(new RoleAssignment(text(ro, "role"), Boolean.TRUE.equals(ro.get("inferred")),
                    ((Number) ro.get("confidence")).doubleValue(), decided));
        }
        object(o.get("settings"), "settings").forEach((k, v) -> b.setting(k, (String) v));
        List<InputSummary> inputs = new ArrayList<>();
        for (Object i : list(o, "inputs")) {
            Map<String, Object> io = object(i, "input");
            List<String> notes = new ArrayList<>();
            if (io.containsKey("notes")) for (Object n : list(io, "notes")) notes.add((String) n);
            inputs.add(new InputSummary(text(io, "file"), text(io, "format"), (String) io.get("variant"), number(io, "records"),
                    number(io, "listeners"), number(io, "connections"), number(io, "flows"), number(io, "problems"), notes,
                    !Boolean.FALSE.equals(io.get("flows_exact"))));
        }
        List<String> unreadable = new ArrayList<>();
        for (Object u : list(o, "unreadable")) unreadable.add((String) u);
        return new HostLine(b.build(), HostStatus.parse(text(o, "status")), (int) number(o, "findings"), inputs, unreadable);
    }

    /** Reads a finding line (the jsonl format) back. */
    public static HostFinding parseFinding(String line) throws IOException {
        Map<String, Object> o = object(parse(line), "finding line");
        Finding.Builder b = Finding.of(FindingCode.valueOf(text(o, "code"))).severity(Severity.parse(text(o, "severity")))
                .address((String) o.get("address")).peer((String) o.get("peer")).product((String) o.get("product"))
                .role((String) o.get("role")).message(text(o, "message"));
        if (o.get("proto") != null) b.proto(Protocol.parse((String) o.get("proto")));
        if (o.get("port") != null) b.port((int) number(o, "port"));
        List<Evidence> evidence = new ArrayList<>();
        for (Object e : list(o, "evidence")) {
            Map<String, Object> eo = object(e, "evidence");
            evidence.add(new Evidence(text(eo, "file"), eo.containsKey("line") ? number(eo, "line") : 0,
                    eo.containsKey("packet") ? number(eo, "packet") : 0, (String) eo.get("time"), text(eo, "text")));
        }
        b.evidence(evidence);
        if (o.get("entry") != null) {
            Map<String, Object> en = object(o.get("entry"), "entry");
            b.entry((String) en.get("id"), (String) en.get("source")).firewallException((String) en.get("firewall_exception"));
        }
        return new HostFinding(text(o, "host"), b.build());
    }

    /** Reads the summary document back. */
    public static FleetCounts parseSummary(String json) throws IOException {
        Map<String, Object> o = object(parse(json), "summary");
        return new FleetCounts(number(o, "hosts"), number(o, "findings"), number(o, "unreadable_files"), longs(o, "by_code"),
                longs(o, "by_severity"), longs(o, "by_product"), longs(o, "by_status"));
    }

    /** The fail-on threshold the summary was made with; null for "never". */
    public static Severity parseFailOn(String json) throws IOException {
        String f = text(object(parse(json), "summary"), "fail_on");
        return f.equals("never") ? null : Severity.parse(f);
    }

    private static SortedMap<String, Long> longs(Map<String, Object> o, String field) throws IOException {
        SortedMap<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, Object> e : object(o.get(field), field).entrySet()) m.put(e.getKey(), ((Number) e.getValue()).longValue());
        return m;
    }

    private static Object parse(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            Object v = value(p);
            if (p.nextToken() != null) throw new IOException("unexpected text after the JSON value");
            return v;
        }
    }

    /** One JSON value as maps, lists, strings, longs, doubles, booleans and nulls. */
    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) throw new IOException("empty line");
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                return l;
            }
            case VALUE_STRING -> { return p.getText(); }
            case VALUE_NUMBER_INT -> { return p.getLongValue(); }
            case VALUE_NUMBER_FLOAT -> { return p.getDoubleValue(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw new IOException("unexpected JSON token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String what) throws IOException {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IOException("expected an object for " + what);
    }

    private static List<Object> list(Map<String, Object> o, String field) throws IOException {
        Object v = o.get(field);
        if (v instanceof List<?> l) return new ArrayList<>(l);
        throw new IOException("expected an array '" + field + "'");
    }

    private static String text(Map<String, Object> o, String field) throws IOException {
        if (o.get(field) instanceof String s) return s;
        throw new IOException("expected a string '" + field + "'");
    }

    private static long number(Map<String, Object> o, String field) throws IOException {
        if (o.get(field) instanceof Number n) return n.longValue();
        throw new IOException("expected a number '" + field + "'");
    }
}
