package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * JSON Lines for log pipelines: one compact object per finding (every finding: a data format, most severe
 * first), the json format's finding object with {@code host}, {@code host_verdict} (PASS/FAIL) and
 * {@code fail_on} added first, so every line says whether its host failed and whether it did ({@code fails}).
 * Nothing but findings, so a host without findings has no line. No header line, so files from many runs can
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
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        JsonGenerator g = JsonSupport.compact(out);
        return new ReportWriter.Listing() {
            @Override
            public void host(HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
                Verdict v = Verdict.of(h.findings(), options.failOn());
                for (Finding f : Labels.ordered(h.findings())) {
                    JsonSupport.finding(g, f, h.host().name(), v, options);
                    g.writeRaw('\n');
                }
                // accepted findings are lines too, told apart by their "suppressed" object (reason, rule, expires)
                for (Suppressions.Suppressed x : suppressed) {
                    JsonSupport.suppressed(g, x, h.host().name(), v, options);
                    g.writeRaw('\n');
                }
                g.flush(); // a host's lines are final: a reader of the stream may take them now
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                // the suppression file's own warnings, one line each: {"suppression_note": {"level": ..., "text": ...}}
                for (Suppressions.Note n : summary.notes()) {
                    g.writeStartObject();
                    g.writeFieldName("suppression_note");
                    JsonSupport.note(g, n);
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
                g.close();
                out.flush();
            }
        };
    }
}
