package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI servers: one testsuite per host (its verdict in the suite's properties), one testcase per
 * finding at or above the display threshold (by default notice), a failure for each finding at or above the
 * fail-on threshold (the same threshold that decides the exit code) whose message is the finding and whose body
 * starts with what to do; the findings below the display threshold are one passing testcase, "expected
 * behaviour", with their counts (and a host without findings one passing "no findings"), so every host shows
 * up in CI. Everything taken from inputs goes through {@link Escape#xml(String)}, which also drops characters
 * XML 1.0 forbids.
 */
public final class JunitRenderer implements Renderer {
    public static final String NAME = "junit";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ReportOptions options;

    /** Fails on error findings, like the CLI's default {@code --fail-on error}. */
    public JunitRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    /** {@code failOn} null means no finding is a failure ("--fail-on never"). */
    public JunitRenderer(Severity failOn) {
        this(ReportOptions.DEFAULTS.withFailOn(failOn));
    }

    public JunitRenderer(ReportOptions options) {
        this.options = options;
    }

    public Severity failOn() {
        return options.failOn();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "xml";
    }

    /**
     * Streams the XML: one {@code testsuite} per host (with its own counts) as it completes; the root carries no
     * totals, which would be known only at the end. The suppression file's notes make a last suite.
     */
    @Override
    public ReportWriter open(Writer out, RunInfo run) throws IOException {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"portolan\">\n");
        return new ReportWriter.Listing() {
            @Override
            public void host(HostReport h, List<Suppressions.Suppressed> suppressed) throws IOException {
                StringBuilder b = new StringBuilder(4096);
                suite(b, h, suppressed, run);
                out.write(b.toString());
                out.flush();
            }

            @Override
            public void end(RunSummary summary) throws IOException {
                if (!summary.notes().isEmpty()) {
                    StringBuilder b = new StringBuilder("  <testsuite name=\"suppression file\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n");
                    b.append("    <system-err>");
                    for (Suppressions.Note n : summary.notes()) {
                        b.append(n.warning() ? "warning: " : "info: ").append(Escape.xml(Escape.text(n.text()))).append('\n');
                    }
                    b.append("</system-err>\n  </testsuite>\n");
                    out.write(b.toString());
                }
                out.write("</testsuites>\n");
                out.flush();
            }
        };
    }

    private void suite(StringBuilder b, HostReport h, List<Suppressions.Suppressed> suppressed, RunInfo run) {
        String host = h.host().name();
        b.append("  <testsuite name=\"").append(Escape.xml(host)).append("\" tests=\"").append(tests(h) + suppressed.size())
                .append("\" failures=\"").append(failures(h)).append("\" errors=\"0\" skipped=\"").append(suppressed.size()).append('"');
        if (run.generatedAt() != null) {
            // the JUnit schema's timestamp is an xs:dateTime without zone; the value is UTC
            b.append(" timestamp=\"").append(TIMESTAMP.format(run.generatedAt().truncatedTo(ChronoUnit.SECONDS)
                    .atOffset(ZoneOffset.UTC))).append('"');
        }
        b.append(">\n");
        Verdict v = Verdict.of(h.findings(), options.failOn());
        b.append("    <properties>\n      <property name=\"verdict\" value=\"").append(v.label()).append("\"/>\n")
                .append("      <property name=\"fail-on\" value=\"").append(v.failOnLabel()).append("\"/>\n")
                .append("      <property name=\"counts\" value=\"").append(v.countsLine()).append("\"/>\n    </properties>\n");
        for (Finding f : options.problems(h.findings())) testcase(b, host, f);
        // accepted by a suppression row: skipped, with the row's reason
        for (Suppressions.Suppressed x : suppressed) {
            Finding f = x.finding();
            b.append("    <testcase classname=\"").append(Escape.xml(host + "." + f.code().name()))
                    .append("\" name=\"").append(Escape.xml(caseName(f))).append("\">\n")
                    .append("      <skipped message=\"").append(Escape.xml(Escape.text("suppressed: " + x.rule().reason() + " (" + x.rule().location()
                            + (x.rule().expires() == null ? "" : ", expires " + x.rule().expires()) + ")"))).append("\">")
                    .append(detail(f)).append("</skipped>\n    </testcase>\n");
        }
        Map<FindingCode, Integer> hidden = options.collapsed(h.findings());
        if (!hidden.isEmpty()) {
            String what = options.minSeverity() == Severity.NOTICE ? "expected behaviour" : "below " + options.minSeverity().label();
            b.append("    <testcase classname=\"").append(Escape.xml(host)).append("\" name=\"").append(what).append("\">\n")
                    .append("      <system-out>").append(Labels.count(options.collapsedCount(h.findings()), "finding"))
                    .append(": ").append(Labels.codeLine(hidden)).append("\n</system-out>\n    </testcase>\n");
        } else if (h.findings().isEmpty()) {
            b.append("    <testcase classname=\"").append(Escape.xml(host)).append("\" name=\"no findings\"/>\n");
        }
        b.append("  </testsuite>\n");
    }

    /** Listed findings, plus one case for the collapsed ones or for "no findings". */
    private int tests(HostReport h) {
        int listed = options.problems(h.findings()).size();
        return listed + (listed < h.findings().size() || h.findings().isEmpty() ? 1 : 0);
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
        if (f.severity() != Severity.INFO) d.append("What to do: ").append(Escape.xml(Escape.text(Advice.whatToDo(f)))).append('\n');
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
        return options.fails(f);
    }

    private int failures(HostReport h) {
        int n = 0;
        // only listed findings can be failures: a failing finding hidden by --min-severity is counted in the verdict property
        for (Finding f : options.problems(h.findings())) if (fails(f)) n++;
        return n;
    }
}
