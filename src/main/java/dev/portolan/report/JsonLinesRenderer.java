package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
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
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        JsonGenerator g = JsonSupport.compact(out);
        return new ReportWriter() {
            @Override
            public void host(HostReport h) throws IOException {
                for (Finding f : h.findings()) {
                    JsonSupport.finding(g, f, h.host().name());
                    // flush before the raw newline so it lands after the object, not inside the buffer
                    g.flush();
                    out.write('\n');
                }
                out.flush();
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                g.close();
                out.flush();
            }
        };
    }
}
