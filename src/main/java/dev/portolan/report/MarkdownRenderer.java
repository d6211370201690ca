package dev.portolan.report;

import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitHub-flavoured Markdown for pasting into tickets: a fleet table, then per host its roles, a summary
 * by code, a findings table and the raw evidence lines in fenced code blocks. Table cells go through
 * {@link Escape#markdown(String)}; code blocks get a fence longer than any backtick run inside them.
 */
public final class MarkdownRenderer implements Renderer {
    public static final String NAME = "md";

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
        return new WholeReport(out, run, MarkdownRenderer::write);
    }

    private static void write(AuditReport report, Writer out) throws IOException {
        PrintWriter w = new PrintWriter(out);
        w.print("# portolan report\n\n");
        w.print("Generated " + Labels.nz(Labels.iso(report.generatedAt())) + " by portolan "
                + Escape.markdown(report.toolVersion()) + ": " + report.hosts().size() + " host"
                + (report.hosts().size() == 1 ? "" : "s") + ", " + report.findingCount() + " findings ("
                + Labels.severityLine(Labels.fleetSeverityCounts(report.hosts())) + ").\n");
        if (report.hosts().isEmpty()) {
            w.print("\nNo hosts audited.\n");
        } else {
            w.print("\n| host | error | warning | notice | info |\n|---|--:|--:|--:|--:|\n");
            for (HostReport h : report.hosts()) {
                Map<Severity, Integer> c = Labels.severityCounts(h.findings());
                w.print("| " + hostName(h.host()) + " | " + c.get(Severity.ERROR) + " | " + c.get(Severity.WARNING)
                        + " | " + c.get(Severity.NOTICE) + " | " + c.get(Severity.INFO) + " |\n");
            }
        }
        for (HostReport h : report.hosts()) host(w, h);
        w.flush();
        if (w.checkError()) throw new IOException("could not write the Markdown report");
    }

    private static void host(PrintWriter w, HostReport h) {
        Host host = h.host();
        w.print("\n## " + hostName(host) + "\n\n");
        w.print("- OS: " + host.os().label() + " (ephemeral " + host.ephemeralRange() + ")\n");
        List<String> addresses = Labels.addresses(host);
        w.print("- Addresses: " + (addresses.isEmpty() ? "none" : Escape.markdown(String.join(", ", addresses))) + "\n");
        String settings = Labels.settingsLine(host);
        w.print("- Settings: " + (settings.isEmpty() ? "none" : Escape.markdown(settings)) + "\n");
        if (host.roles().isEmpty()) {
            w.print("- Roles: none\n");
        } else {
            w.print("\n| role | how | confidence | decided by |\n|---|---|--:|---|\n");
            for (RoleAssignment r : host.roles()) {
                w.print("| " + Escape.markdown(r.role()) + " | " + (r.inferred() ? "inferred" : "given") + " | "
                        + (r.inferred() ? Labels.confidence(r.confidence()) : "") + " | "
                        + Escape.markdown(String.join(", ", r.decidedBy())) + " |\n");
            }
        }
        if (h.findings().isEmpty()) {
            w.print("\nNo findings.\n");
            return;
        }
        w.print("\n### Summary\n\n| code | count |\n|---|--:|\n");
        for (Map.Entry<FindingCode, Integer> c : h.summary().entrySet()) {
            w.print("| " + c.getKey().name() + " | " + c.getValue() + " |\n");
        }
        w.print("\n### Findings\n\n| # | severity | code | proto/port | address | product:role | message | evidence |\n"
                + "|--:|---|---|---|---|---|---|---|\n");
        List<Finding> findings = ordered(h.findings());
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            List<String> locations = new ArrayList<>();
            for (Evidence e : f.evidence()) locations.add(Escape.markdown(e.location()));
            w.print("| " + (i + 1) + " | " + f.severity().label() + " | " + f.code().name() + " | "
                    + Labels.protoPort(f) + " | " + Escape.markdown(Labels.addressWithPeer(f)) + " | "
                    + Escape.markdown(Labels.productRole(f)) + " | " + Escape.markdown(f.message()) + " | "
                    + String.join("<br>", locations) + " |\n");
        }
        evidence(w, findings);
    }

    private static void evidence(PrintWriter w, List<Finding> findings) {
        boolean heading = false;
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.evidence().isEmpty()) continue;
            if (!heading) w.print("\n### Evidence\n");
            heading = true;
            List<String> lines = new ArrayList<>();
            for (Evidence e : f.evidence()) lines.add(TextRenderer.evidence(e));
            String fence = fence(lines);
            w.print("\n**" + (i + 1) + ". " + headline(f) + "**\n\n" + fence + "text\n");
            for (String line : lines) w.print(line + "\n");
            w.print(fence + "\n");
        }
    }

    /** "MISSING_LISTENER tcp/31300 0.0.0.0": code and proto/port are ours, only the address needs escaping. */
    private static String headline(Finding f) {
        String pp = Labels.protoPort(f);
        String address = Labels.nz(f.address());
        return f.code().name() + (pp.isEmpty() ? "" : " " + pp) + (address.isEmpty() ? "" : " " + Escape.markdown(address));
    }

    /** Same order as the text format: most severe first, report order within a severity. */
    private static List<Finding> ordered(List<Finding> findings) {
        List<Finding> all = new ArrayList<>(findings.size());
        Labels.bySeverity(findings).values().forEach(all::addAll);
        return all;
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
        return h.name().isEmpty() ? "(unnamed host)" : Escape.markdown(h.name());
    }
}
