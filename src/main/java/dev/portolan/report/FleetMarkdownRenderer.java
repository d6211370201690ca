package dev.portolan.report;

import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.HostResult;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet as a Markdown ticket, in the order a reader needs: verdict, what is wrong (fleet-wide findings),
 * evidence (the failing hosts' problems with a few evidence lines, failing hosts first). The ticket stays within
 * {@link #MAX_BYTES} (ticket systems reject larger bodies); host details beyond that go to an attachment file
 * beside it ({@code NAME-details.md}) that the ticket names.
 */
public final class FleetMarkdownRenderer implements FleetReport {
    /** Size bound of the ticket body. */
    static final int MAX_BYTES = 60_000;
    static final int MAX_GROUPS = 40;
    static final int MAX_PROBLEMS_PER_HOST = 20;
    static final int MAX_EVIDENCE = 2;
    /** What the head of the ticket (verdict, counts, groups) may take; the rest is for host details. */
    private static final int HEAD_BYTES = 24_000;

    private final Severity threshold;
    private final FleetSpill spill;

    public FleetMarkdownRenderer(Severity threshold) throws IOException {
        this.threshold = threshold;
        this.spill = new FleetSpill();
    }

    @Override
    public void host(HostResult h, List<Suppressions.Suppressed> suppressed) throws IOException {
        if (h.reaches(threshold)) spill.detail(h.worst(), h.host(), detail(h));
    }

    private static String detail(HostResult h) {
        StringBuilder b = new StringBuilder(1024);
        Map<FindingCode, Integer> info = new EnumMap<>(FindingCode.class);
        List<Finding> problems = new ArrayList<>();
        for (Finding f : h.findings()) {
            if (f.severity() == Severity.INFO) info.merge(f.code(), 1, Integer::sum);
            else problems.add(f);
        }
        problems.sort((x, y) -> y.severity().compareTo(x.severity()));
        b.append("### ").append(Escape.markdown(h.host())).append("\n\n");
        b.append(Escape.markdown(h.os())).append(h.roles().isEmpty() ? "" : " · " + Escape.markdown(String.join(" ", h.roles())))
                .append(" · ").append(problems.size()).append(" problem(s)");
        if (!info.isEmpty()) {
            List<String> parts = new ArrayList<>();
            info.forEach((c, n) -> parts.add(c.name() + " " + n));
            b.append(" · info collapsed: ").append(String.join(", ", parts));
        }
        b.append("\n\n");
        int shown = 0;
        for (Finding f : problems) {
            if (shown++ == MAX_PROBLEMS_PER_HOST) {
                b.append("- … ").append(problems.size() - MAX_PROBLEMS_PER_HOST).append(" more (see the jsonl/json report)\n");
                break;
            }
            String role = Labels.productRole(f);
            b.append("- **").append(f.severity().label()).append("** `").append(f.code().name()).append("` ")
                    .append(Escape.markdown(Labels.protoPort(f))).append(role.isEmpty() ? "" : " " + Escape.markdown(role))
                    .append(": ").append(Escape.markdown(f.message())).append('\n');
            int ev = 0;
            for (Evidence e : f.evidence()) {
                if (ev++ == MAX_EVIDENCE) break;
                b.append("  - `").append(e.location().replace("`", "'")).append("` ").append(Escape.markdown(e.text().strip())).append('\n');
            }
        }
        return b.append('\n').toString();
    }

    @Override
    public void end(End end, Writer out) throws IOException {
        FleetSummary s = end.summary();
        String fail = threshold == null ? "never" : threshold.label();
        StringBuilder head = new StringBuilder(8192);
        head.append("# portolan fleet report\n\n**").append(Escape.markdown(FleetHtmlRenderer.verdict(s, end.changes(), fail))).append("**\n\n");
        head.append("Generated ").append(Labels.iso(end.generated())).append(" by portolan ").append(Escape.markdown(end.version())).append(": ")
                .append(s.hosts()).append(" hosts, ").append(s.findings()).append(" findings (").append(s.suppressed()).append(" suppressed); --fail-on ")
                .append(fail).append(".\n\n");
        head.append("| severity | findings | hosts (worst) |\n|---|--:|--:|\n");
        for (Severity sev : Labels.SEVERITIES_DESC) {
            head.append("| ").append(sev.label()).append(" | ").append(s.findings(sev)).append(" | ").append(s.hostsWithWorst(sev)).append(" |\n");
        }
        head.append('\n');
        for (String u : end.unreadable()) head.append("- could not be read: ").append(Escape.markdown(u)).append('\n');
        for (Suppressions.Note n : end.notes()) head.append("- ").append(n.warning() ? "warning: " : "info: ").append(Escape.markdown(n.text())).append('\n');
        if (!end.unreadable().isEmpty() || !end.notes().isEmpty()) head.append('\n');
        head.append("## What is wrong\n\n");
        List<FleetSummary.Group> groups = s.groups();
        if (groups.isEmpty()) head.append("No finding above info.\n\n");
        else head.append("| severity | finding | hosts | e.g. |\n|---|---|--:|---|\n");
        int listed = 0;
        for (FleetSummary.Group g : groups) {
            if (listed == MAX_GROUPS || head.length() > HEAD_BYTES) break;
            listed++;
            List<String> sample = g.hosts().subList(0, Math.min(5, g.hosts().size()));
            head.append("| ").append(g.severity().label()).append(" | ").append(Escape.markdown(g.title())).append(" | ").append(g.hostCount())
                    .append(" | ").append(Escape.markdown(String.join(", ", sample))).append(g.hostCount() > sample.size() ? ", …" : "").append(" |\n");
        }
        if (groups.size() > listed) head.append("\n").append(groups.size() - listed).append(" more fleet-wide finding(s) in the html/json reports.\n");
        head.append('\n');
        if (end.changes() != null) {
            head.append("## Since the baseline\n\n").append(Escape.markdown(DiffRenderer.verdict(end.changes(), threshold))).append("\n\n");
        }
        if (!end.rules().isEmpty()) {
            head.append("## Suppressed\n\n| row | reason | expires | findings |\n|---|---|---|--:|\n");
            for (Suppressions.Rule r : end.rules()) {
                head.append("| ").append(Escape.markdown(r.location())).append(" | ").append(Escape.markdown(r.reason())).append(" | ")
                        .append(r.expires() == null ? "never" : r.expires()).append(" | ").append(r.matched()).append(" |\n");
            }
            head.append('\n');
        }
        head.append("## Evidence: hosts at or above ").append(fail).append("\n\n");
        String headText = head.toString();
        out.write(headText);
        if (spill.details() == 0) {
            out.write("None.\n");
            return;
        }
        Path attachment = end.output() == null ? null : attachment(end.output());
        long[] used = {utf8(headText)};
        long[] inline = {0};
        long[] spilled = {0};
        // the details that fit go into the ticket, in order; from the first that does not, all go to the attachment
        spill.eachDetail(d -> {
            long size = utf8(d.fragment());
            if (spilled[0] == 0 && used[0] + size <= MAX_BYTES - 400) {
                used[0] += size;
                inline[0]++;
                out.write(d.fragment());
            } else {
                spilled[0]++;
            }
        });
        if (spilled[0] > 0 && attachment != null) {
            // like the report itself: written whole to a temporary sibling and renamed into place
            AtomicOutput.write(attachment, w -> {
                w.write("# portolan fleet report: host details\n\n");
                long[] seen = {0};
                spill.eachDetail(d -> {
                    if (seen[0]++ >= inline[0]) w.write(d.fragment());
                });
            });
        }
        if (spilled[0] > 0) {
            out.write(attachment == null
                    ? "… " + spilled[0] + " more host(s) at or above " + fail + " not shown (size bound); write the report to a file (-o) to get them as an attachment.\n"
                    : "… " + spilled[0] + " more host(s) at or above " + fail + ": see the attachment `" + attachment.getFileName() + "`.\n");
        }
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static Path attachment(Path output) {
        String n = output.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return output.toAbsolutePath().resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-details.md");
    }

    @Override
    public void close() throws IOException {
        spill.close();
    }
}
