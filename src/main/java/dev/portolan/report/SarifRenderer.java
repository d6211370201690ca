package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, one rule per finding code that occurs (id = code, with
 * why it matters and what to do), one result per finding at or above the display threshold (by default notice:
 * expected behaviour is left out, counted in the run's properties), including INPUT_PROBLEMs. The result
 * message ends with the one-line "what to do". The run's property bag carries the verdict. Line evidence
 * becomes a region; packet evidence has no SARIF region, so the packet number and time go into the location's
 * message and property bag.
 */
public final class SarifRenderer implements Renderer {
    public static final String NAME = "sarif";
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ReportOptions options;

    public SarifRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public SarifRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "sarif.json";
    }

    /**
     * Streams the log: the tool with a rule for every finding code (in code order, so a result's {@code ruleIndex}
     * is known before any host is seen), each host's results as it completes, then the invocation (with the
     * suppression file's notes) and the run's verdict.
     */
    @Override
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        JsonGenerator g = JsonSupport.pretty(out);
        g.writeStartObject();
        g.writeStringField("$schema", SCHEMA);
        g.writeStringField("version", "2.1.0");
        g.writeArrayFieldStart("runs");
        g.writeStartObject();
        g.writeObjectFieldStart("tool");
        g.writeObjectFieldStart("driver");
        g.writeStringField("name", "portolan");
        g.writeStringField("version", run.toolVersion());
        g.writeArrayFieldStart("rules");
        for (FindingCode c : FindingCode.values()) rule(g, c);
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("results");
        Map<FindingCode, Integer> notShown = new EnumMap<>(FindingCode.class);
        return new ReportWriter.Listing() {
            @Override
            public void host(HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
                for (Finding f : options.problems(h.findings())) result(g, f, h.host().name(), null);
                // SARIF's own way: a result with an accepted external suppression and its justification
                for (Suppressions.Suppressed x : suppressed) result(g, x.finding(), h.host().name(), x.rule());
                options.collapsed(h.findings()).forEach((k, n) -> notShown.merge(k, n, Integer::sum));
                g.flush();
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                g.writeEndArray();
                g.writeArrayFieldStart("invocations");
                g.writeStartObject();
                g.writeBooleanField("executionSuccessful", true);
                if (run.generatedAt() != null) g.writeStringField("endTimeUtc", Labels.iso(run.generatedAt()));
                if (!summary.notes().isEmpty()) {
                    g.writeArrayFieldStart("toolExecutionNotifications");
                    for (Suppressions.Note n : summary.notes()) {
                        g.writeStartObject();
                        g.writeStringField("level", n.warning() ? "warning" : "note");
                        g.writeObjectFieldStart("message");
                        g.writeStringField("text", n.text());
                        g.writeEndObject();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndArray();
                g.writeObjectFieldStart("properties");
                g.writeObjectFieldStart("verdict");
                JsonSupport.verdictFields(g, Verdict.of(summary, options.failOn()));
                g.writeEndObject();
                g.writeStringField("shownFrom", options.minSeverity().label());
                JsonSupport.counts(g, "notShown", notShown);
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                g.close();
                out.write('\n');
                out.flush();
            }
        };
    }

    private static void rule(JsonGenerator g, FindingCode c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.name());
        g.writeObjectFieldStart("shortDescription");
        g.writeStringField("text", c.meaning());
        g.writeEndObject();
        Optional<Advice.Entry> advice = Advice.of(c);
        if (advice.isPresent()) {
            g.writeObjectFieldStart("fullDescription");
            g.writeStringField("text", Advice.generic(advice.get().why()));
            g.writeEndObject();
            g.writeObjectFieldStart("help");
            g.writeStringField("text", "What to do: " + Advice.generic(advice.get().fix()));
            g.writeEndObject();
        }
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level(c.defaultSeverity()));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** One result; {@code acceptedBy} the suppression row that accepted it, or null. */
    private void result(JsonGenerator g, Finding f, String host, Suppressions.Rule acceptedBy) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.code().name());
        g.writeNumberField("ruleIndex", f.code().ordinal());
        g.writeStringField("level", level(f.severity()));
        g.writeObjectFieldStart("message");
        // SARIF requires message text; fall back to the code's meaning
        String message = f.message() == null || f.message().isEmpty() ? f.code().meaning() : f.message();
        g.writeStringField("text", message + "\nWhat to do: " + Advice.whatToDo(f));
        g.writeEndObject();
        if (!f.evidence().isEmpty()) {
            g.writeArrayFieldStart("locations");
            for (Evidence e : f.evidence()) location(g, e);
            g.writeEndArray();
        }
        if (acceptedBy != null) {
            g.writeArrayFieldStart("suppressions");
            g.writeStartObject();
            g.writeStringField("kind", "external");
            g.writeStringField("status", "accepted");
            g.writeStringField("justification", acceptedBy.reason());
            g.writeObjectFieldStart("properties");
            g.writeStringField("rule", acceptedBy.location());
            if (acceptedBy.expires() != null) g.writeStringField("expires", acceptedBy.expires().toString());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeObjectFieldStart("properties");
        g.writeStringField("host", host);
        g.writeBooleanField("fails", acceptedBy == null && options.fails(f));
        g.writeStringField("severity", f.severity().label());
        if (f.proto() != null) g.writeStringField("proto", f.proto().label());
        if (f.port() >= 0) g.writeNumberField("port", f.port());
        if (f.address() != null) g.writeStringField("address", f.address());
        if (f.peer() != null) g.writeStringField("peer", f.peer());
        if (f.product() != null) g.writeStringField("product", f.product());
        if (f.role() != null) g.writeStringField("role", f.role());
        if (f.entryId() != null) g.writeStringField("entryId", f.entryId());
        if (f.entrySource() != null) g.writeStringField("entrySource", f.entrySource());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void location(JsonGenerator g, Evidence e) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri(e.file()));
        g.writeEndObject();
        if (e.line() > 0) {
            g.writeObjectFieldStart("region");
            g.writeNumberField("startLine", e.line());
            if (!e.text().isEmpty()) {
                g.writeObjectFieldStart("snippet");
                g.writeStringField("text", e.text());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        if (e.packet() > 0) {
            g.writeObjectFieldStart("message");
            String text = "packet " + e.packet() + (e.time() == null ? "" : " at " + e.time());
            g.writeStringField("text", e.text().isEmpty() ? text : text + ": " + e.text());
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeNumberField("packet", e.packet());
            if (e.time() != null) g.writeStringField("time", e.time());
            g.writeEndObject();
        } else if (e.line() <= 0 && !e.text().isEmpty()) {
            g.writeObjectFieldStart("message");
            g.writeStringField("text", e.text());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** error → error, warning → warning, notice and info → note. */
    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTICE, INFO -> "note";
        };
    }

    /**
     * A URI reference for an evidence file: "\" becomes "/", Windows drive paths and absolute paths become
     * file: URIs, and anything outside the unreserved set is percent-encoded as UTF-8.
     */
    static String uri(String file) {
        String p = file.replace('\\', '/');
        String prefix = "";
        if (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':' && p.charAt(0) < 0x80) {
            prefix = "file:///" + p.substring(0, 2);
            p = p.substring(2);
        } else if (p.startsWith("//")) {
            prefix = "file:";
        } else if (p.startsWith("/")) {
            prefix = "file://";
        }
        StringBuilder b = new StringBuilder(prefix);
        for (byte raw : p.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xFF;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (keep) b.append((char) c);
            else b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
        return b.toString();
    }
}
