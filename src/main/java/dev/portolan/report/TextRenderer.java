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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plain text for a terminal: per host a header, findings grouped by severity with their evidence lines,
 * and a summary; then a fleet total. Only ASCII is used for layout; control characters from inputs are
 * shown as escapes so a hostile dump cannot drive the terminal. Many INFO findings collapse to a count.
 */
public final class TextRenderer implements Renderer {
    public static final String NAME = "text";
    /** Above this many INFO findings in one host, only the first few are listed. */
    public static final int DEFAULT_COLLAPSE_INFO_ABOVE = 20;
    public static final int DEFAULT_INFO_SHOWN = 5;

    private final int collapseInfoAbove;
    private final int infoShown;

    public TextRenderer() {
        this(DEFAULT_COLLAPSE_INFO_ABOVE, DEFAULT_INFO_SHOWN);
    }

    /** {@code collapseInfoAbove} = Integer.MAX_VALUE never collapses. */
    public TextRenderer(int collapseInfoAbove, int infoShown) {
        if (collapseInfoAbove < 0 || infoShown < 0) throw new IllegalArgumentException("collapse limits must be >= 0");
        this.collapseInfoAbove = collapseInfoAbove;
        this.infoShown = infoShown;
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
    public void render(AuditReport report, Writer out) throws IOException {
        PrintWriter w = new PrintWriter(out);
        w.print("portolan " + Escape.text(Labels.nz(report.toolVersion())) + " report, generated "
                + Labels.nz(Labels.iso(report.generatedAt())) + "\n");
        if (report.hosts().isEmpty()) w.print("\nNo hosts audited.\n");
        for (HostReport h : report.hosts()) host(w, h);
        w.print("\nFleet: " + report.hosts().size() + " host" + plural(report.hosts().size()) + ", "
                + report.findingCount() + " finding" + plural(report.findingCount()) + ": "
                + Labels.severityLine(Labels.fleetSeverityCounts(report.hosts())) + "\n");
        if (!report.summary().isEmpty()) w.print("  by code: " + Labels.codeLine(report.summary()) + "\n");
        w.flush();
        if (w.checkError()) throw new IOException("could not write the text report");
    }

    private void host(PrintWriter w, HostReport h) {
        Host host = h.host();
        String name = hostName(host);
        w.print("\n== " + name + " ==\n");
        w.print("  os:        " + host.os().label() + " (ephemeral " + host.ephemeralRange() + ")\n");
        List<String> addresses = Labels.addresses(host);
        w.print("  addresses: " + (addresses.isEmpty() ? "(none)" : Escape.text(String.join(", ", addresses))) + "\n");
        List<RoleAssignment> roles = host.roles();
        if (roles.isEmpty()) w.print("  roles:     (none)\n");
        for (int i = 0; i < roles.size(); i++) {
            w.print((i == 0 ? "  roles:     " : "             ") + Escape.text(Labels.role(roles.get(i))) + "\n");
        }
        String settings = Labels.settingsLine(host);
        w.print("  settings:  " + (settings.isEmpty() ? "(none)" : Escape.text(settings)) + "\n");
        for (InputSummary in : h.inputs()) {
            w.print("  input:     " + Escape.text(Labels.input(in)) + "\n");
            for (String note : in.notes()) w.print("             note: " + Escape.text(note) + "\n");
        }
        if (h.findings().isEmpty()) {
            w.print("\n  No findings.\n");
        }
        Columns cols = Columns.of(h.findings());
        for (Map.Entry<Severity, List<Finding>> group : Labels.bySeverity(h.findings()).entrySet()) {
            List<Finding> findings = group.getValue();
            boolean collapse = group.getKey() == Severity.INFO && findings.size() > collapseInfoAbove;
            int shown = collapse ? Math.min(infoShown, findings.size()) : findings.size();
            w.print("\n  " + group.getKey().label().toUpperCase(java.util.Locale.ROOT) + " (" + findings.size()
                    + (collapse ? ", " + (findings.size() - shown) + " collapsed" : "") + ")\n");
            for (Finding f : findings.subList(0, shown)) finding(w, f, cols);
            if (collapse) collapsed(w, findings.subList(shown, findings.size()));
        }
        w.print("\n  " + name + ": " + h.findings().size() + " finding" + plural(h.findings().size()) + ": "
                + Labels.severityLine(Labels.severityCounts(h.findings())) + "\n");
    }

    private static void finding(PrintWriter w, Finding f, Columns cols) {
        StringBuilder line = new StringBuilder("    ");
        line.append(pad(f.code().name(), cols.code)).append("  ")
                .append(pad(Labels.protoPort(f), cols.protoPort)).append("  ")
                .append(pad(Escape.text(Labels.addressWithPeer(f)), cols.address)).append("  ")
                .append(pad(Escape.text(Labels.productRole(f)), cols.productRole)).append("  ")
                .append(Escape.text(f.message()));
        w.print(stripTrailing(line) + "\n");
        for (Evidence e : f.evidence()) w.print("        " + stripTrailing(new StringBuilder(evidence(e))) + "\n");
    }

    private static void collapsed(PrintWriter w, List<Finding> hidden) {
        Map<FindingCode, Integer> byCode = new EnumMap<>(FindingCode.class);
        for (Finding f : hidden) byCode.merge(f.code(), 1, Integer::sum);
        w.print("    ... " + hidden.size() + " more info finding" + plural(hidden.size()) + " not shown ("
                + Labels.codeLine(byCode) + "); other formats list them all\n");
    }

    /** "file:line  raw text", "file#packet time  summary" or "file  text". */
    static String evidence(Evidence e) {
        StringBuilder b = new StringBuilder(Escape.text(e.location()));
        if (e.packet() > 0 && e.time() != null) b.append(' ').append(Escape.text(e.time()));
        if (!e.text().isEmpty()) b.append("  ").append(Escape.text(e.text()));
        return b.toString();
    }

    static String hostName(Host h) {
        return h.name().isEmpty() ? "(unnamed host)" : Escape.text(h.name());
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) b.append(' ');
        return b.toString();
    }

    private static String stripTrailing(CharSequence s) {
        return s.toString().stripTrailing();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /** Column widths over all findings of a host, so the host's lines align across severity groups. */
    private record Columns(int code, int protoPort, int address, int productRole) {
        static Columns of(List<Finding> findings) {
            int c = 0, p = 0, a = 0, r = 0;
            for (Finding f : findings) {
                c = Math.max(c, f.code().name().length());
                p = Math.max(p, Labels.protoPort(f).length());
                a = Math.max(a, Escape.text(Labels.addressWithPeer(f)).length());
                r = Math.max(r, Escape.text(Labels.productRole(f)).length());
            }
            return new Columns(c, p, a, r);
        }
    }
}
