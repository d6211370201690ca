package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.io.Writer;

/**
 * JSON Lines for log pipelines: one compact object per finding (every finding: a data format), the json
 * format's finding object with {@code host} added first; after each host's findings one verdict line
 * {@code {"host":…,"verdict":{status, fail_on, failing, counts}}}, told apart by having {@code verdict} and no
 * {@code code} (so a host without findings still has a line). No header line, so files from many runs can
 * simply be concatenated.
 */
public final class JsonLinesRenderer implements Renderer {
    public static final String NAME = "jsonl";

    private final ReportOptions options;

    public JsonLinesRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public JsonLinesRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "jsonl";
    }

    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        try (JsonGenerator g = JsonSupport.compact(out)) {
            for (HostReport h : report.hosts()) {
                for (Finding f : Labels.ordered(h.findings())) {
                    JsonSupport.finding(g, f, h.host().name(), options);
                    // flush before the raw newline so it lands after the object, not inside the buffer
                    g.flush();
                    out.write('\n');
                }
                g.writeStartObject();
                g.writeStringField("host", h.host().name());
                g.writeObjectFieldStart("verdict");
                JsonSupport.verdictFields(g, Verdict.of(h.findings(), options.failOn()));
                g.writeEndObject();
                g.writeEndObject();
                g.flush();
                out.write('\n');
            }
        }
    }
}
