package dev.portolan.report;

import dev.portolan.model.AuditReport;
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
 * Markdown for tickets that reads as well pasted as plain text: no tables and no HTML, headings, lists and
 * fenced code blocks only. Per host: the verdict, the numbered "what to do", the problems by severity (message,
 * what to do, catalog row, evidence lines in a code block), the findings below the display threshold as counts,
 * then the host's facts. Running text goes through {@link Escape#markdownText(String)} (minimal escaping);
 * code blocks get a fence longer than any backtick run inside them.
 */
public final class MarkdownRenderer implements Renderer {
    public static final String NAME = "md";

    private final ReportOptions options;

    public MarkdownRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public MarkdownRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "md";
    }

    @Override
    public ReportWriter open(Writer out, RunInfo run) {
        return new WholeReport(out, run, this::write);
    }

    private void write(AuditReport report, WholeReport.Accepted accepted, Writer out) throws IOException {
        PrintWriter w = new PrintWriter(out);
        if (report.hosts().size() == 1) {
            w.print("# portolan report: " + hostName(report.hosts().get(0).host()) + "\n");
        } else {
            w.print("# portolan report\n");
        }
        if (report.hosts().isEmpty()) w.print("\nNo hosts audited.\n");
        if (report.hosts().size() > 1) fleet(w, report);
        for (HostReport h : report.hosts()) host(w, h, report.hosts().size() > 1);
        if (!accepted.isEmpty()) {
            w.print("\n## Suppressed (accepted, not counted)\n\n");
            for (var s : accepted.findings()) w.print("- " + Escape.markdownText(Labels.suppressed(s)) + "\n");
            for (var n : accepted.notes()) w.print("- suppression " + Escape.markdownText(Labels.note(n)) + "\n");
        }
        w.print("\n---\n\nGenerated " + Labels.nz(Labels.iso(report.generatedAt())) + " by portolan "
                + Escape.markdownText(report.toolVersion()) + ".\n");
        w.flush();
        if (w.checkError()) throw new IOException("could not write the Markdown report");
    }

    private void fleet(PrintWriter w, AuditReport report) {
        List<Finding> all = new ArrayList<>();
        int failing = 0;
        for (HostReport h : report.hosts()) {
            all.addAll(h.findings());
            if (Verdict.of(h.findings(), options.failOn()).failed()) failing++;
        }
        Verdict v = Verdict.of(all, options.failOn());
        w.print("\n**" + v.label() + "** (fail-on " + v.failOnLabel() + "): " + report.hosts().size() + " hosts, "
                + failing + " failing; " + Labels.count(all.size(), "finding") + ": " + v.countsLine() + "\n\n");
        for (HostReport h : report.hosts()) {
            Verdict hv = Verdict.of(h.findings(), options.failOn());
            w.print("- " + hostName(h.host()) + ": " + hv.label() + " (" + hv.countsLine() + ")\n");
        }
    }

    private void host(PrintWriter w, HostReport h, boolean heading) {
        Verdict v = Verdict.of(h.findings(), options.failOn());
        if (heading) w.print("\n## " + hostName(h.host()) + ": " + v.label() + "\n");
        w.print("\n**" + v.label() + "** (fail-on " + v.failOnLabel() + "): " + v.countsLine() + "\n");
        List<Finding> problems = options.problems(h.findings());
        todo(w, problems);
        String sub = heading ? "###" : "##";
        Severity group = null;
        for (int i = 0; i < problems.size(); i++) {
            Finding f = problems.get(i);
            if (f.severity() != group) {
                group = f.severity();
                w.print("\n" + sub + " " + group.label().toUpperCase(Locale.ROOT) + " ("
                        + Labels.bySeverity(h.findings()).get(group).size() + ")\n");
            }
            finding(w, f, i + 1);
        }
        if (h.findings().isEmpty()) w.print("\nNo findings.\n");
        collapsed(w, h, sub);
        facts(w, h, sub);
    }

    private static void todo(PrintWriter w, List<Finding> problems) {
        List<Steps.Step> steps = Steps.of(problems);
        if (steps.isEmpty()) return;
        w.print("\nWhat to do:\n\n");
        // a run of findings that differ in their address or service alone is one step (Steps). Markdown renumbers an
        // ordered list 1, 2, 3 whatever it says, so the steps are numbered so, and a step says which findings below it
        // covers once that differs from its number
        for (int i = 0; i < steps.size(); i++) {
            Steps.Step s = steps.get(i);
            String findings = s.grouped() ? " (findings " + (s.first() + 1) + "-" + (s.last() + 1) + ")"
                    : s.first() != i ? " (finding " + (s.first() + 1) + ")" : "";
            w.print((i + 1) + ". " + s.headline() + Escape.markdownText(s.where()) + findings + ": "
                    + Escape.markdownText(s.advice()) + "\n");
        }
    }

    private static void finding(PrintWriter w, Finding f, int number) {
        String where = Labels.addressWithPeer(f);
        String role = Labels.productRole(f);
        w.print("\n**" + number + ". " + headline(f) + "**" + (where.equals("-") ? "" : " " + Escape.markdownText(where))
                + (role.isEmpty() ? "" : " (" + Escape.markdownText(role) + ")") + "\n\n");
        if (!f.message().isEmpty()) w.print(Escape.markdownText(f.message()) + "\n\n");
        if (f.severity() != Severity.INFO) w.print("What to do: " + Escape.markdownText(Advice.whatToDo(f)) + "\n\n");
        if (f.entryId() != null) {
            w.print("Catalog: " + Escape.markdownText(f.entryId())
                    + (f.entrySource() == null ? "" : " (" + Escape.markdownText(f.entrySource()) + ")") + "\n\n");
        }
        if (!f.evidence().isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (Evidence e : f.evidence()) lines.add(TextRenderer.evidence(e));
            String fence = fence(lines);
            w.print(fence + "text\n");
            for (String line : lines) w.print(line + "\n");
            w.print(fence + "\n");
        }
    }

    private void collapsed(PrintWriter w, HostReport h, String sub) {
        Map<FindingCode, Integer> hidden = options.collapsed(h.findings());
        if (hidden.isEmpty()) return;
        boolean onlyInfo = options.minSeverity() == Severity.NOTICE;
        w.print("\n" + sub + " " + (onlyInfo ? "Expected behaviour" : "Below " + options.minSeverity().label()) + "\n\n");
        w.print(Labels.count(options.collapsedCount(h.findings()), "finding") + ", not listed (--show info lists "
                + (onlyInfo ? "them" : "all") + "): " + Labels.codeLine(hidden) + "\n");
    }

    private static void facts(PrintWriter w, HostReport h, String sub) {
        Host host = h.host();
        w.print("\n" + sub + " Host\n\n");
        w.print("- OS: " + host.os().label() + " (ephemeral " + host.ephemeralRange() + ")\n");
        List<String> addresses = Labels.addresses(host);
        w.print("- Addresses: " + (addresses.isEmpty() ? "none" : Escape.markdownText(String.join(", ", addresses))) + "\n");
        if (host.roles().isEmpty()) w.print("- Roles: none\n");
        for (RoleAssignment r : host.roles()) {
            w.print("- Role: " + Escape.markdownText(Labels.role(r)) + (r.inferred() ? "" : " (given)") + "\n");
        }
        String settings = Labels.settingsLine(host);
        w.print("- Settings: " + (settings.isEmpty() ? "none" : Escape.markdownText(settings)) + "\n");
        for (InputSummary in : Labels.listedInputs(h.inputs())) {
            w.print("- Input: " + Escape.markdownText(Labels.input(in)) + "\n");
            for (String note : in.notes()) w.print("  - note: " + Escape.markdownText(note) + "\n");
        }
        Labels.passedOver(h.inputs()).ifPresent(p -> w.print("- Input: " + Escape.markdownText(p) + "\n"));
    }

    /** "MISSING_LISTENER tcp/31300": our own words, nothing to escape except the underscore at a word edge (none). */
    private static String headline(Finding f) {
        String pp = Labels.protoPort(f);
        return f.code().name() + (pp.isEmpty() ? "" : " " + pp);
    }

    /** A backtick fence longer than the longest backtick run in the block, so input cannot close it early. */
    static String fence(List<String> lines) {
        int longest = 0;
        for (String line : lines) {
            int run = 0;
            for (int i = 0; i < line.length(); i++) {
                run = line.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    private static String hostName(Host h) {
        return h.name().isEmpty() ? "(unnamed host)" : Escape.markdownText(h.name());
    }
}
