package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * JUnit XML for CI servers: one testsuite per host, one testcase per finding, and a failure for each
 * finding at or above the fail-on threshold (the same threshold that decides the exit code). Everything
 * taken from inputs goes through {@link Escape#xml(String)}, which also drops characters XML 1.0 forbids.
 */
public final class JunitRenderer implements Renderer {
    public static final String NAME = "junit";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Severity failOn;

    /** Fails on error findings, like the CLI's default {@code --fail-on error}. */
    public JunitRenderer() {
        this(Severity.ERROR);
    }

    /** {@code failOn} null means no finding is a failure ("--fail-on never"). */
    public JunitRenderer(Severity failOn) {
        this.failOn = failOn;
    }

    public Severity failOn() {
        return failOn;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "xml";
    }

    @Override
    public ReportWriter open(Writer out, RunInfo run) {
        return new WholeReport(out, run, this::write);
    }

    private void write(AuditReport report, Writer out) throws IOException {
        int failures = 0;
        for (HostReport h : report.hosts()) failures += failures(h);
        StringBuilder b = new StringBuilder(4096);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"portolan\" tests=\"").append(report.findingCount())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\"");
        if (report.hosts().isEmpty()) {
            out.write(b.append("/>\n").toString());
            return;
        }
        b.append(">\n");
        for (HostReport h : report.hosts()) suite(b, h, report);
        b.append("</testsuites>\n");
        out.write(b.toString());
    }

    private void suite(StringBuilder b, HostReport h, AuditReport report) {
        String host = h.host().name();
        b.append("  <testsuite name=\"").append(Escape.xml(host)).append("\" tests=\"").append(h.findings().size())
                .append("\" failures=\"").append(failures(h)).append("\" errors=\"0\" skipped=\"0\"");
        if (report.generatedAt() != null) {
            // the JUnit schema's timestamp is an xs:dateTime without zone; the value is UTC
            b.append(" timestamp=\"").append(TIMESTAMP.format(report.generatedAt().truncatedTo(ChronoUnit.SECONDS)
                    .atOffset(ZoneOffset.UTC))).append('"');
        }
        if (h.findings().isEmpty()) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        for (Finding f : h.findings()) testcase(b, host, f);
        b.append("  </testsuite>\n");
    }

    private void testcase(StringBuilder b, String host, Finding f) {
        b.append("    <testcase classname=\"").append(Escape.xml(host + "." + f.code().name()))
                .append("\" name=\"").append(Escape.xml(caseName(f))).append("\">\n");
        if (fails(f)) {
            b.append("      <failure type=\"").append(f.code().name()).append("\" message=\"")
                    .append(Escape.xml(f.severity().label() + ": " + f.message())).append("\">")
                    .append(detail(f)).append("</failure>\n");
        } else {
            b.append("      <system-out>").append(detail(f)).append("</system-out>\n");
        }
        b.append("    </testcase>\n");
    }

    /** "tcp/31300 0.0.0.0 peer 10.0.0.5", or the message when the finding has no protocol (input problems). */
    static String caseName(Finding f) {
        String pp = Labels.protoPort(f);
        if (pp.isEmpty()) return f.message() == null || f.message().isEmpty() ? f.code().name() : f.message();
        StringBuilder n = new StringBuilder(pp);
        if (f.address() != null && !f.address().isEmpty()) n.append(' ').append(f.address());
        if (f.peer() != null && !f.peer().isEmpty()) n.append(" peer ").append(f.peer());
        return n.toString();
    }

    /** Escaped multi-line body: the finding's fields, then one line per evidence item. */
    private static String detail(Finding f) {
        StringBuilder d = new StringBuilder();
        d.append(f.severity().label()).append(' ').append(f.code().name());
        String pp = Labels.protoPort(f);
        if (!pp.isEmpty()) d.append(' ').append(pp);
        String pr = Labels.productRole(f);
        d.append(pr.isEmpty() ? "" : " " + Escape.xml(pr)).append('\n');
        d.append(Escape.xml(Escape.text(f.message()))).append('\n');
        if (f.entryId() != null) d.append("catalog entry: ").append(Escape.xml(f.entryId()))
                .append(f.entrySource() == null ? "" : " (" + Escape.xml(f.entrySource()) + ")").append('\n');
        for (Evidence e : f.evidence()) d.append("  ").append(Escape.xml(TextRenderer.evidence(e))).append('\n');
        return d.toString();
    }

    private boolean fails(Finding f) {
        return failOn != null && f.severity().atLeast(failOn);
    }

    private int failures(HostReport h) {
        int n = 0;
        for (Finding f : h.findings()) if (fails(f)) n++;
        return n;
    }
}
