package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.io.Writer;

/**
 * JSON Lines for log pipelines: one compact object per finding, the json format's finding object with
 * {@code host} added first. No header line, so files from many runs can simply be concatenated.
 */
public final class JsonLinesRenderer implements Renderer {
    public static final String NAME = "jsonl";

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
                for (Finding f : h.findings()) {
                    JsonSupport.finding(g, f, h.host().name());
                    // flush before the raw newline so it lands after the object, not inside the buffer
                    g.flush();
                    out.write('\n');
                }
            }
        }
    }
}
