package dev.portolan.report;

import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputSummary;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain text for a terminal, problem first. Per host: the verdict (PASS/FAIL against fail-on, counts by
 * severity), the numbered "what to do" of each problem, the problems by severity with their message and
 * evidence, the findings below the display threshold collapsed to counts, then the host's facts. Every line
 * fits the width (wrapped at spaces); ANSI colour only when asked. Control characters from inputs are shown
 * as escapes so a hostile dump cannot drive the terminal.
 */
public final class TextRenderer implements Renderer {
    public static final String NAME = "text";
    /** Longest value from an input shown on a line; longer ones end in "…" (JSON has them in full), so a 100 KB
     * token in a dump cannot make a report of many megabytes. */
    static final int MAX_TEXT = 300;
    /**
     * Longest finding message shown: a message is portolan's own sentence with input values in it, and its end often
     * says where the rest is ("the listener is up (file:line)"); a hostile value still cannot make it megabytes.
     */
    static final int MAX_MESSAGE = 2000;

    private final ReportOptions options;
    private final Paint paint;

    public TextRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public TextRenderer(ReportOptions options) {
        this.options = options;
        this.paint = new Paint(options.color());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public ReportWriter open(Writer out, RunInfo run) {
        return new HostByHost(new PrintWriter(out), run);
    }

    /**
     * Writes each host as it comes and forgets it; keeps only the run's counts and what a suppression file accepted
     * (listed after the hosts), so a fleet's text report does not hold its hosts in memory.
     */
    private final class HostByHost implements ReportWriter.Listing {
        private final PrintWriter w;
        private final RunInfo run;
        private final RunSummary.Tally tally = new RunSummary.Tally();
        private final List<Suppressions.Suppressed> suppressed = new ArrayList<>();
        private int hosts;
        private int failing;
        private int findings;

        HostByHost(PrintWriter w, RunInfo run) {
            this.w = w;
            this.run = run;
        }

        @Override
        public void host(HostReport h, List<Suppressions.Suppressed> accepted) throws IOException {
            if (hosts > 0) w.print("\n");
            TextRenderer.this.host(w, h);
            hosts++;
            findings += h.findings().size();
            if (Verdict.of(h.findings(), options.failOn()).failed()) failing++;
            tally.add(h);
            suppressed.addAll(accepted);
            flush();
        }

        @Override
        public void end(RunSummary summary) throws IOException {
            if (hosts == 0) w.print("No hosts audited.\n");
            accepted(w, new WholeReport.Accepted(suppressed, summary.notes()));
            footer(w, tally.summary(), failing, findings, run);
            flush();
        }

        private void flush() throws IOException {
            w.flush();
            if (w.checkError()) throw new IOException("could not write the text report");
        }
    }

    /** What a suppression file accepted (not counted above), with the reasons, and the file's own warnings. */
    void accepted(PrintWriter w, WholeReport.Accepted accepted) {
        if (accepted.isEmpty()) return;
        int width = options.width();
        w.print("\n");
        if (!accepted.findings().isEmpty()) {
            print(w, "Suppressed (accepted, not counted): " + Labels.count(accepted.findings().size(), "finding"), width, "", "  ");
            for (var s : accepted.findings()) print(w, "  " + inert(Labels.suppressed(s)), width, "  ", "    ");
        }
        for (var n : accepted.notes()) print(w, "suppression " + inert(Labels.note(n)), width, "", "  ");
    }

    private void footer(PrintWriter w, RunSummary totals, int failing, int findings, RunInfo run) {
        int width = options.width();
        w.print("\n");
        if (totals.hosts() > 1) {
            Verdict all = Verdict.of(totals, options.failOn());
            String line = "Fleet: " + all.label() + " (fail-on " + all.failOnLabel() + "): "
                    + Labels.count(totals.hosts(), "host") + ", " + failing + " failing; "
                    + Labels.count(findings, "finding") + ": " + all.countsLine();
            print(w, line, width, "", "  ", "Fleet: " + all.label(), "Fleet: " + paint.verdict(all));
            if (!totals.byCode().isEmpty()) print(w, "by code: " + Labels.codeLine(totals.byCode()), width, "  ", "    ");
        }
        print(w, "portolan " + inert(Labels.nz(run.toolVersion())) + ", generated "
                + Labels.nz(Labels.iso(run.generatedAt())), width, "", "  ");
    }

    private void host(PrintWriter w, HostReport h) {
        int width = options.width();
        Verdict v = Verdict.of(h.findings(), options.failOn());
        print(w, "== " + hostName(h.host()) + " ==", width, "", "   ");
        print(w, v.line(), width, "", "  ", v.label(), paint.verdict(v));

        List<Finding> problems = options.problems(h.findings());
        todo(w, problems);
        String group = null;
        for (int i = 0; i < problems.size(); i++) {
            Finding f = problems.get(i);
            String label = f.severity().label().toUpperCase(Locale.ROOT);
            if (!label.equals(group)) {
                group = label;
                int n = Labels.bySeverity(h.findings()).get(f.severity()).size();
                w.print("\n" + paint.severity(f.severity(), label + " (" + n + ")") + "\n");
            }
            finding(w, i + 1, f);
        }
        collapsed(w, h);
        facts(w, h);
    }

    /**
     * "What to do:" with one numbered line per problem above info, or per run of problems that differ in their address
     * or service alone ({@link Steps}; numbers match the list below).
     */
    private void todo(PrintWriter w, List<Finding> problems) {
        List<Steps.Step> steps = Steps.of(problems);
        if (steps.isEmpty()) return;
        w.print("\n" + paint.bold("What to do:") + "\n");
        // the first steps and any later input problem (Steps.listing); the others only counted
        Steps.Listing listing = Steps.listing(steps);
        for (Steps.Step s : listing.first()) {
            String number = s.number() + " ";
            String line = number + inert(s.headline()) + inert(s.where()) + ": " + inert(s.advice());
            print(w, line, options.width(), "  ", "  " + " ".repeat(number.length()));
        }
        if (listing.moreFindings() > 0) print(w, "... " + listing.moreFindings() + " more, listed below", options.width(), "  ", "    ");
    }

    private void finding(PrintWriter w, int number, Finding f) {
        int width = options.width();
        String n = number + ". ";
        String pad = "  " + " ".repeat(n.length());
        String role = inert(Labels.productRole(f));
        String head = n + headline(f);
        print(w, head + (role.isEmpty() ? "" : " " + role), width, "  ", pad + "  ", head, paint.bold(head));
        if (!f.message().isEmpty()) print(w, inert(f.message(), MAX_MESSAGE), width, pad, pad);
        if (f.severity() != Severity.INFO) print(w, "-> " + inert(Advice.whatToDo(f)), width, pad, pad + "   ");
        for (Evidence e : f.evidence()) evidence(w, e, pad);
    }

    /** "file:line  raw text" when it fits the width, else the location, then the text indented below it. */
    private void evidence(PrintWriter w, Evidence e, String pad) {
        int width = options.width();
        String location = location(e);
        String text = inert(e.text()).strip();
        if (text.isEmpty()) {
            print(w, location, width, pad, pad + "  ");
        } else if (TextLayout.width(pad + location + "  " + text) <= width) {
            w.print(paint.dim(pad + location) + "  " + text + "\n");
        } else {
            print(w, location, width, pad, pad + "  ", location, paint.dim(location));
            print(w, text, width, pad + "  ", pad + "    ");
        }
    }

    /** Counts of the findings below the display threshold, by code, and how to list them. */
    private void collapsed(PrintWriter w, HostReport h) {
        Map<FindingCode, Integer> hidden = options.collapsed(h.findings());
        if (hidden.isEmpty()) {
            if (h.findings().isEmpty()) w.print("\nNo findings.\n");
            return;
        }
        int n = options.collapsedCount(h.findings());
        boolean onlyInfo = options.minSeverity() == Severity.NOTICE;
        String what = onlyInfo ? "Expected behaviour" : "Below " + options.minSeverity().label();
        w.print("\n");
        print(w, what + ", not listed (" + Labels.count(n, "finding") + "; --show info lists "
                + (onlyInfo ? "them" : "all") + "):", options.width(), "", "  ");
        print(w, Labels.codeLine(hidden), options.width(), "  ", "  ");
    }

    private void facts(PrintWriter w, HostReport h) {
        int width = options.width();
        Host host = h.host();
        w.print("\n");
        print(w, "os:        " + host.os().label() + " (ephemeral " + host.ephemeralRange() + ")", width, "", FACT_PAD);
        List<String> addresses = Labels.addresses(host);
        print(w, "addresses: " + (addresses.isEmpty() ? "(none)" : inert(String.join(", ", addresses))), width, "", FACT_PAD);
        List<RoleAssignment> roles = host.roles();
        if (roles.isEmpty()) print(w, "roles:     (none)", width, "", FACT_PAD);
        for (int i = 0; i < roles.size(); i++) {
            print(w, inert(Labels.role(roles.get(i))), width, i == 0 ? "roles:     " : FACT_PAD, FACT_PAD + "  ");
        }
        String settings = Labels.settingsLine(host);
        print(w, "settings:  " + (settings.isEmpty() ? "(none)" : inert(settings)), width, "", FACT_PAD);
        for (InputSummary in : Labels.listedInputs(h.inputs())) {
            print(w, "input:     " + inert(Labels.input(in)), width, "", FACT_PAD + "  ");
            for (String note : in.notes()) print(w, "note: " + inert(note), width, FACT_PAD, FACT_PAD + "  ");
        }
        Labels.passedOver(h.inputs()).ifPresent(p -> print(w, "input:     " + inert(p), width, "", FACT_PAD + "  "));
        if (!h.untouched().isEmpty()) print(w, "untouched: " + Labels.untouched(h.untouched()), width, "", FACT_PAD);
    }

    private static final String FACT_PAD = " ".repeat(11);

    /** "MISSING_LISTENER tcp/31300 0.0.0.0 (peer 10.0.0.9)". */
    private static String headline(Finding f) {
        StringBuilder b = new StringBuilder(f.code().name());
        String pp = Labels.protoPort(f);
        if (!pp.isEmpty()) b.append(' ').append(pp);
        if (f.address() != null || f.peer() != null) {
            b.append(' ').append(inert(Labels.addressWithPeer(f)));
        }
        return b.toString();
    }

    /** "file:line", "file#packet time" or "file". */
    static String location(Evidence e) {
        StringBuilder b = new StringBuilder(inert(e.location()));
        if (e.packet() > 0 && e.time() != null) b.append(' ').append(inert(e.time()));
        return b.toString();
    }

    /** "file:line  raw text", "file#packet time  summary" or "file  text", on one line (Markdown and JUnit bodies). */
    static String evidence(Evidence e) {
        String location = location(e);
        return e.text().isEmpty() ? location : location + "  " + inert(e.text());
    }

    static String hostName(Host h) {
        return h.name().isEmpty() ? "(unnamed host)" : inert(h.name());
    }

    /** Wraps plain text to the width. */
    private static void print(PrintWriter w, String text, int width, String first, String rest) {
        for (String line : TextLayout.wrap(text, width, first, rest)) w.print(line + "\n");
    }

    /**
     * Wraps plain text to the width, then colours {@code head} where it starts the first line: colour is
     * added after layout, so ANSI codes never count as columns.
     */
    private static void print(PrintWriter w, String text, int width, String first, String rest, String head, String styled) {
        List<String> lines = TextLayout.wrap(text, width, first, rest);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith(first + head)) line = first + styled + line.substring(first.length() + head.length());
            w.print(line + "\n");
        }
    }

    /** ANSI SGR colour, or nothing. */
    static final class Paint {
        private static final String RESET = "\u001b[0m";
        private final boolean on;

        Paint(boolean on) {
            this.on = on;
        }

        String verdict(Verdict v) {
            return sgr(v.failed() ? "1;31" : "1;32", v.label());
        }

        String severity(Severity s, String text) {
            return sgr(switch (s) {
                case ERROR -> "1;31";
                case WARNING -> "1;33";
                case NOTICE -> "1;36";
                case INFO -> "1";
            }, text);
        }

        String bold(String text) {
            return sgr("1", text);
        }

        String dim(String text) {
            return sgr("2", text);
        }

        private String sgr(String code, String text) {
            return on ? "\u001b[" + code + "m" + text + RESET : text;
        }
    }

    /** A value from an input, terminal-safe and cut to {@link #MAX_TEXT}. */
    private static String inert(String s) {
        return inert(s, MAX_TEXT);
    }

    /** Text holding input values, terminal-safe and cut to {@code max} characters. */
    private static String inert(String s, int max) {
        return Escape.clip(Escape.text(s), max);
    }
}
