package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.InputSummary;
import dev.portolan.model.RoleAssignment;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** JSON generation shared by the json, jsonl and sarif renderers: one factory, one pretty style, one finding shape. */
final class JsonSupport {
    // never close the caller's writer: renderers do not own their destination
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonSupport() {
    }

    /** Compact generator (one line per value), for JSON Lines. */
    static JsonGenerator compact(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setCharacterEscapes(Escape.json());
        // the caller writes "\n" between objects; the default root separator would add a space
        g.setRootValueSeparator(null);
        return g;
    }

    /** Two-space indented, "key": value, "\n" line ends on every platform (golden files compare bytes). */
    static JsonGenerator pretty(Writer out) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withArrayIndenter(indenter)
                .withObjectIndenter(indenter);
        return FACTORY.createGenerator(out).setPrettyPrinter(printer).setCharacterEscapes(Escape.json());
    }

    /**
     * The finding object of the json and jsonl formats; {@code host} (with the host's verdict, when given) is
     * written first when not null. Ends with {@code fails} (at or above fail-on) and {@code advice} (the one-line
     * "what to do").
     */
    static void finding(JsonGenerator g, Finding f, String host, Verdict hostVerdict, ReportOptions options) throws IOException {
        finding(g, f, host, hostVerdict, options, null);
    }

    /**
     * A finding that a suppression row accepted: the finding's fields ({@code fails} false: it does not count) and
     * {@code suppressed}: the row's {@code reason}, {@code rule} (file:line) and {@code expires} (null for never).
     */
    static void suppressed(JsonGenerator g, Suppressions.Suppressed s, String host, Verdict hostVerdict, ReportOptions options) throws IOException {
        finding(g, s.finding(), host, hostVerdict, options, s.rule());
    }

    /** A note of the suppression file: {@code {"level": "warning"|"info", "text": ...}}. */
    static void note(JsonGenerator g, Suppressions.Note n) throws IOException {
        g.writeStartObject();
        g.writeStringField("level", n.warning() ? "warning" : "info");
        g.writeStringField("text", n.text());
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f, String host, Verdict hostVerdict, ReportOptions options,
                                Suppressions.Rule acceptedBy) throws IOException {
        g.writeStartObject();
        if (host != null) g.writeStringField("host", host);
        if (hostVerdict != null) {
            g.writeStringField("host_verdict", hostVerdict.label());
            g.writeStringField("fail_on", hostVerdict.failOnLabel());
        }
        g.writeStringField("code", f.code().name());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("proto", f.proto() == null ? null : f.proto().label());
        if (f.port() >= 0) g.writeNumberField("port", f.port());
        else g.writeNullField("port");
        g.writeStringField("address", f.address());
        g.writeStringField("peer", f.peer());
        g.writeStringField("product", f.product());
        g.writeStringField("role", f.role());
        g.writeStringField("message", f.message());
        g.writeArrayFieldStart("evidence");
        for (Evidence e : f.evidence()) evidence(g, e);
        g.writeEndArray();
        if (f.entryId() == null && f.entrySource() == null) {
            g.writeNullField("entry");
        } else {
            g.writeObjectFieldStart("entry");
            g.writeStringField("id", f.entryId());
            g.writeStringField("source", f.entrySource());
            if (f.firewallException() != null) g.writeStringField("firewall_exception", f.firewallException());
            g.writeEndObject();
        }
        g.writeBooleanField("fails", acceptedBy == null && options.fails(f));
        g.writeStringField("advice", Advice.whatToDo(f));
        if (acceptedBy != null) {
            g.writeObjectFieldStart("suppressed");
            g.writeStringField("reason", acceptedBy.reason());
            g.writeStringField("rule", acceptedBy.location());
            g.writeStringField("expires", acceptedBy.expires() == null ? null : acceptedBy.expires().toString());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The fields of a verdict: {@code status} PASS/FAIL, {@code fail_on}, {@code failing}, {@code counts} by severity. */
    static void verdictFields(JsonGenerator g, Verdict v) throws IOException {
        g.writeStringField("status", v.label());
        g.writeStringField("fail_on", v.failOnLabel());
        g.writeNumberField("failing", v.failing());
        g.writeObjectFieldStart("counts");
        for (dev.portolan.model.Severity s : Labels.SEVERITIES_DESC) g.writeNumberField(s.label(), v.counts().get(s));
        g.writeEndObject();
    }

    /** {file, line, packet, time, text}; line/packet omitted when 0, time when unknown. */
    static void evidence(JsonGenerator g, Evidence e) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", e.file());
        if (e.line() > 0) g.writeNumberField("line", e.line());
        if (e.packet() > 0) g.writeNumberField("packet", e.packet());
        if (e.time() != null) g.writeStringField("time", e.time());
        g.writeStringField("text", e.text());
        g.writeEndObject();
    }

    /** What the host is, after its name: OS, ephemeral range, addresses, roles (given or inferred), settings. */
    static void hostIdentity(JsonGenerator g, Host host) throws IOException {
        g.writeStringField("os", host.os().label());
        g.writeStringField("ephemeral_range", host.ephemeralRange().toString());
        strings(g, "addresses", Labels.addresses(host));
        g.writeArrayFieldStart("roles");
        for (RoleAssignment r : host.roles()) {
            g.writeStartObject();
            g.writeStringField("role", r.role());
            g.writeBooleanField("inferred", r.inferred());
            g.writeNumberField("confidence", r.confidence());
            strings(g, "decided_by", r.decidedBy());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("settings");
        for (Map.Entry<String, String> s : Labels.settings(host).entrySet()) g.writeStringField(s.getKey(), s.getValue());
        g.writeEndObject();
    }

    /** What each input file contributed. */
    static void inputs(JsonGenerator g, List<InputSummary> inputs) throws IOException {
        g.writeArrayFieldStart("inputs");
        for (InputSummary in : inputs) {
            g.writeStartObject();
            g.writeStringField("file", in.file());
            g.writeStringField("format", in.format());
            g.writeStringField("variant", in.variant());
            g.writeNumberField("records", in.records());
            g.writeNumberField("listeners", in.listeners());
            g.writeNumberField("connections", in.connections());
            g.writeNumberField("flows", in.flows());
            // only for an estimate: a big firewall log's distinct flows counted in bounded memory
            if (!in.flowsExact()) g.writeBooleanField("flows_exact", false);
            g.writeNumberField("problems", in.problems());
            if (!in.notes().isEmpty()) strings(g, "notes", in.notes());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void counts(JsonGenerator g, String field, Map<FindingCode, Integer> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<FindingCode, Integer> c : counts.entrySet()) g.writeNumberField(c.getKey().name(), c.getValue());
        g.writeEndObject();
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}
