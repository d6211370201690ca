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
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page for the fleet: inline CSS, no external resources, and a small inline script
 * that only adds severity/host filters (the page is complete without it; the filter bar stays hidden).
 * Every string taken from inputs goes through {@link Escape#html(String)}; the script never reads input
 * text, it filters by the fixed severity names and by host index.
 */
public final class HtmlRenderer implements Renderer {
    public static final String NAME = "html";

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
            th{background:#f3f3f3}td.n{text-align:right}
            .sev-error{background:#fde2e1}.sev-warning{background:#fff4d6}.sev-notice{background:#e6f0ff}.sev-info{background:#f6f6f6}
            dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0}
            ul.evidence{list-style:none;margin:0;padding:0}ul.evidence li{margin-bottom:4px}
            pre{margin:2px 0 0;white-space:pre-wrap;word-break:break-all;font-size:12px;background:#fafafa;padding:2px 4px}
            code{font-size:12px}.meta{color:#555}#filters{margin:1em 0;padding:6px;border:1px solid #ccc}
            """;

    private static final String SCRIPT = """
            (function () {
              var bar = document.getElementById('filters');
              bar.hidden = false;
              function apply() {
                var shown = {};
                bar.querySelectorAll('input[type=checkbox]').forEach(function (c) { shown[c.value] = c.checked; });
                var host = document.getElementById('host-filter').value;
                document.querySelectorAll('tr.finding').forEach(function (r) {
                  r.hidden = !shown[r.getAttribute('data-severity')];
                });
                document.querySelectorAll('section.host').forEach(function (s) {
                  s.hidden = host !== '' && s.getAttribute('data-host') !== host;
                });
              }
              bar.addEventListener('change', apply);
            })();
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "html";
    }

    @Override
    public void render(AuditReport report, Writer out) throws IOException {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>portolan report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>portolan report</h1>\n<p class=\"meta\">Generated ").append(Escape.html(Labels.iso(report.generatedAt())))
                .append(" by portolan ").append(Escape.html(report.toolVersion())).append(": ")
                .append(report.hosts().size()).append(" host").append(report.hosts().size() == 1 ? "" : "s").append(", ")
                .append(report.findingCount()).append(" findings.</p>\n");
        filters(b, report);
        fleet(b, report);
        for (int i = 0; i < report.hosts().size(); i++) host(b, report.hosts().get(i), i + 1);
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        out.write(b.toString());
    }

    private static void filters(StringBuilder b, AuditReport report) {
        b.append("<div id=\"filters\" hidden>Show:");
        for (Severity s : Labels.SEVERITIES_DESC) {
            b.append(" <label><input type=\"checkbox\" value=\"").append(s.label()).append("\" checked> ")
                    .append(s.label()).append("</label>");
        }
        b.append(" <label>host <select id=\"host-filter\"><option value=\"\">all hosts</option>");
        for (int i = 0; i < report.hosts().size(); i++) {
            b.append("<option value=\"").append(i + 1).append("\">").append(hostName(report.hosts().get(i).host()))
                    .append("</option>");
        }
        b.append("</select></label></div>\n");
    }

    private static void fleet(StringBuilder b, AuditReport report) {
        b.append("<h2>Fleet summary</h2>\n");
        if (report.hosts().isEmpty()) {
            b.append("<p>No hosts audited.</p>\n");
            return;
        }
        b.append("<table class=\"fleet\">\n<thead><tr><th>host</th>");
        for (Severity s : Labels.SEVERITIES_DESC) b.append("<th>").append(s.label()).append("</th>");
        b.append("<th>total</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.hosts().size(); i++) {
            HostReport h = report.hosts().get(i);
            b.append("<tr><td><a href=\"#host-").append(i + 1).append("\">").append(hostName(h.host())).append("</a></td>");
            counts(b, Labels.severityCounts(h.findings()), h.findings().size());
            b.append("</tr>\n");
        }
        b.append("</tbody>\n<tfoot><tr><th>fleet</th>");
        counts(b, Labels.fleetSeverityCounts(report.hosts()), report.findingCount());
        b.append("</tr></tfoot>\n</table>\n");
    }

    private static void counts(StringBuilder b, Map<Severity, Integer> counts, int total) {
        for (Severity s : Labels.SEVERITIES_DESC) {
            int n = counts.get(s);
            b.append("<td class=\"n").append(n > 0 ? " sev-" + s.label() : "").append("\">").append(n).append("</td>");
        }
        b.append("<td class=\"n\">").append(total).append("</td>");
    }

    private static void host(StringBuilder b, HostReport h, int index) {
        Host host = h.host();
        b.append("<section class=\"host\" id=\"host-").append(index).append("\" data-host=\"").append(index).append("\">\n");
        b.append("<h2>").append(hostName(host)).append("</h2>\n<dl>\n");
        b.append("<dt>OS</dt><dd>").append(host.os().label()).append(" (ephemeral ").append(host.ephemeralRange())
                .append(")</dd>\n");
        List<String> addresses = Labels.addresses(host);
        b.append("<dt>Addresses</dt><dd>").append(addresses.isEmpty() ? "none" : Escape.html(String.join(", ", addresses)))
                .append("</dd>\n<dt>Roles</dt><dd>");
        if (host.roles().isEmpty()) b.append("none");
        for (int i = 0; i < host.roles().size(); i++) {
            RoleAssignment r = host.roles().get(i);
            b.append(i == 0 ? "" : "<br>").append(Escape.html(Labels.role(r)));
        }
        String settings = Labels.settingsLine(host);
        b.append("</dd>\n<dt>Settings</dt><dd>").append(settings.isEmpty() ? "none" : Escape.html(settings)).append("</dd>\n");
        for (InputSummary in : h.inputs()) {
            b.append("<dt>Input</dt><dd>").append(Escape.html(Labels.input(in)));
            for (String note : in.notes()) b.append("<br>note: ").append(Escape.html(note));
            b.append("</dd>\n");
        }
        b.append("</dl>\n");
        if (h.findings().isEmpty()) {
            b.append("<p>No findings.</p>\n</section>\n");
            return;
        }
        b.append("<p class=\"summary\">");
        boolean first = true;
        for (Map.Entry<FindingCode, Integer> c : h.summary().entrySet()) {
            b.append(first ? "" : ", ").append(c.getKey().name()).append(' ').append(c.getValue());
            first = false;
        }
        b.append("</p>\n<table class=\"findings\">\n<thead><tr><th>severity</th><th>code</th><th>proto/port</th>")
                .append("<th>address</th><th>product:role</th><th>message</th><th>evidence</th></tr></thead>\n<tbody>\n");
        for (List<Finding> group : Labels.bySeverity(h.findings()).values()) {
            for (Finding f : group) finding(b, f);
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void finding(StringBuilder b, Finding f) {
        String sev = f.severity().label();
        b.append("<tr class=\"finding sev-").append(sev).append("\" data-severity=\"").append(sev).append("\"><td>")
                .append(sev).append("</td><td>").append(f.code().name()).append("</td><td>")
                .append(Escape.html(Labels.protoPort(f))).append("</td><td>").append(Escape.html(Labels.addressWithPeer(f)))
                .append("</td><td>").append(Escape.html(Labels.productRole(f))).append("</td><td>")
                .append(Escape.html(f.message()));
        if (f.entryId() != null) {
            b.append("<br><small>catalog ").append(Escape.html(f.entryId()))
                    .append(f.entrySource() == null ? "" : " (" + Escape.html(f.entrySource()) + ")").append("</small>");
        }
        b.append("</td><td>");
        if (!f.evidence().isEmpty()) {
            b.append("<ul class=\"evidence\">");
            for (Evidence e : f.evidence()) {
                b.append("<li><code>").append(Escape.html(e.location())).append("</code>");
                if (e.packet() > 0 && e.time() != null) b.append(' ').append(Escape.html(e.time()));
                // control characters are shown as escapes, as in the text format, rather than dropped
                if (!e.text().isEmpty()) b.append("<pre>").append(Escape.html(Escape.text(e.text()))).append("</pre>");
                b.append("</li>");
            }
            b.append("</ul>");
        }
        b.append("</td></tr>\n");
    }

    private static String hostName(Host h) {
        return h.name().isEmpty() ? "(unnamed host)" : Escape.html(h.name());
    }
}
