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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page, problem first: per host a verdict banner (PASS green, FAIL red, with the
 * counts), the numbered "what to do" list, the problems by severity, and the findings below the display
 * threshold in a closed {@code <details>}. Evidence lines are preformatted and scroll sideways on screen (never
 * broken inside a token); printed or saved as PDF they wrap at spaces only. Inline CSS, no external resources,
 * and a small inline script that only adds severity/host filters (the page is complete without it). Every
 * string taken from inputs goes through {@link Escape#html(String)}.
 */
public final class HtmlRenderer implements Renderer {
    public static final String NAME = "html";

    private static final String CSS = """
            body{font:14px/1.45 system-ui,"Noto Sans CJK JP","Yu Gothic","Meiryo","Hiragino Sans","IPAGothic",sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
            h1{font-size:1.6em;margin:0 0 .4em}h2{margin:1.8em 0 .4em;border-bottom:1px solid #ccc}h3{font-size:1.1em;margin:1.2em 0 .4em}
            .banner{padding:.6em .9em;border-radius:4px;border:2px solid;font-size:1.1em;margin:.5em 0}
            .banner strong{font-size:1.25em;margin-right:.4em;letter-spacing:.05em}
            .pass{background:#e3f4e1;border-color:#2e7d32;color:#1b4d1e}.fail{background:#fde4e2;border-color:#c62828;color:#7f1616}
            ol.todo{margin:.4em 0 1em;padding-left:2em}ol.todo li{margin:.2em 0}
            .finding{border:1px solid #ccc;border-left:6px solid #999;border-radius:3px;margin:.6em 0;padding:.4em .8em}
            .finding h4{margin:0 0 .3em;font-size:1em;font-weight:600}.finding h4 code{font-size:13px}.finding p{margin:.25em 0}
            .finding.sev-error{border-left-color:#c62828}.finding.sev-warning{border-left-color:#ef8f00}
            .finding.sev-notice{border-left-color:#1565c0}.finding.sev-info{border-left-color:#9e9e9e}
            .sev{display:inline-block;min-width:4.5em;font-size:.8em;text-transform:uppercase;padding:0 .3em;border-radius:2px;background:#eee;text-align:center}
            .sev-error .sev{background:#c62828;color:#fff}.sev-warning .sev{background:#ef8f00;color:#fff}
            .sev-notice .sev{background:#1565c0;color:#fff}.sev-info .sev{background:#9e9e9e;color:#fff}
            .fix{font-weight:500}.fix::before{content:"What to do: ";font-weight:700}.entry,.meta{color:#555;font-size:.9em}
            pre{margin:.3em 0 0;padding:.4em .6em;background:#f6f6f6;border:1px solid #e2e2e2;font-size:12px;line-height:1.4;
            white-space:pre;overflow-x:auto;word-break:normal;overflow-wrap:normal;tab-size:8}pre .ev{display:block}
            details{margin:1em 0;border:1px solid #ddd;border-radius:3px;padding:.3em .8em}summary{cursor:pointer;font-weight:600}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
            th{background:#f3f3f3}td.n{text-align:right}td.sev-error{background:#fde2e1}td.sev-warning{background:#fff4d6}
            td.sev-notice{background:#e6f0ff}td.sev-info{background:#f6f6f6}
            dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0}
            code{font-size:12px}#filters{margin:1em 0;padding:6px;border:1px solid #ccc}
            @media print{
            body{margin:0;max-width:none;font-size:11pt}#filters{display:none}
            .banner,.sev,.finding{-webkit-print-color-adjust:exact;print-color-adjust:exact}
            pre{white-space:pre-wrap;overflow:visible;word-break:normal;overflow-wrap:normal}pre .ev{padding-left:2em;text-indent:-2em}
            .finding,.banner{break-inside:avoid}h2,h3{break-after:avoid}
            }
            """;

    private static final String SCRIPT = """
            (function () {
              var bar = document.getElementById('filters');
              if (!bar) return;
              bar.hidden = false;
              function apply() {
                var shown = {};
                bar.querySelectorAll('input[type=checkbox]').forEach(function (c) { shown[c.value] = c.checked; });
                var host = document.getElementById('host-filter').value;
                document.querySelectorAll('.finding').forEach(function (r) {
                  r.hidden = !shown[r.getAttribute('data-severity')];
                });
                document.querySelectorAll('section.host').forEach(function (s) {
                  s.hidden = host !== '' && s.getAttribute('data-host') !== host;
                });
              }
              bar.addEventListener('change', apply);
            })();
            """;

    private final ReportOptions options;

    public HtmlRenderer() {
        this(ReportOptions.DEFAULTS);
    }

    public HtmlRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String extension() {
        return "html";
    }

    @Override
    public ReportWriter open(Writer out, RunInfo run) {
        return new WholeReport(out, run, this::write);
    }

    private void write(AuditReport report, WholeReport.Accepted accepted, Writer out) throws IOException {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>portolan report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>portolan report</h1>\n");
        if (report.hosts().isEmpty()) b.append("<p>No hosts audited.</p>\n");
        if (report.hosts().size() > 1) {
            fleet(b, report);
            filters(b, report);
        }
        for (int i = 0; i < report.hosts().size(); i++) host(b, report.hosts().get(i), i + 1);
        if (!accepted.isEmpty()) {
            b.append("<h2 id=\"suppressed\">Suppressed (accepted, not counted)</h2>\n<ul>\n");
            for (var s : accepted.findings()) b.append("<li>").append(Escape.html(Labels.suppressed(s))).append("</li>\n");
            for (var n : accepted.notes()) b.append("<li>suppression ").append(Escape.html(Labels.note(n))).append("</li>\n");
            b.append("</ul>\n");
        }
        b.append("<p class=\"meta\">Generated ").append(Escape.html(Labels.iso(report.generatedAt())))
                .append(" by portolan ").append(Escape.html(report.toolVersion())).append(".</p>\n");
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        out.write(b.toString());
    }

    private void filters(StringBuilder b, AuditReport report) {
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

    /** Several hosts: the run's verdict banner and a table of hosts by severity. */
    private void fleet(StringBuilder b, AuditReport report) {
        List<Finding> all = new ArrayList<>();
        int failing = 0;
        for (HostReport h : report.hosts()) {
            all.addAll(h.findings());
            if (Verdict.of(h.findings(), options.failOn()).failed()) failing++;
        }
        Verdict v = Verdict.of(all, options.failOn());
        b.append("<div class=\"banner ").append(v.failed() ? "fail" : "pass").append("\" id=\"verdict\"><strong>")
                .append(v.label()).append("</strong> ").append(report.hosts().size()).append(" hosts, ").append(failing)
                .append(" failing (fail-on ").append(v.failOnLabel()).append("): ").append(v.countsLine()).append("</div>\n");
        b.append("<table class=\"fleet\">\n<thead><tr><th>host</th><th>verdict</th>");
        for (Severity s : Labels.SEVERITIES_DESC) b.append("<th>").append(s.label()).append("</th>");
        b.append("<th>total</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.hosts().size(); i++) {
            HostReport h = report.hosts().get(i);
            Verdict hv = Verdict.of(h.findings(), options.failOn());
            b.append("<tr><td><a href=\"#host-").append(i + 1).append("\">").append(hostName(h.host())).append("</a></td><td class=\"")
                    .append(hv.failed() ? "fail" : "pass").append("\">").append(hv.label()).append("</td>");
            counts(b, hv.counts(), h.findings().size());
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void counts(StringBuilder b, Map<Severity, Integer> counts, int total) {
        for (Severity s : Labels.SEVERITIES_DESC) {
            int n = counts.get(s);
            b.append("<td class=\"n").append(n > 0 ? " sev-" + s.label() : "").append("\">").append(n).append("</td>");
        }
        b.append("<td class=\"n\">").append(total).append("</td>");
    }

    private void host(StringBuilder b, HostReport h, int index) {
        Verdict v = Verdict.of(h.findings(), options.failOn());
        b.append("<section class=\"host\" id=\"host-").append(index).append("\" data-host=\"").append(index).append("\">\n");
        b.append("<h2>").append(hostName(h.host())).append("</h2>\n");
        b.append("<div class=\"banner ").append(v.failed() ? "fail" : "pass").append("\"><strong>").append(v.label())
                .append("</strong> (fail-on ").append(v.failOnLabel()).append(") ").append(v.countsLine()).append("</div>\n");

        List<Finding> problems = options.problems(h.findings());
        todo(b, problems, index);
        Severity group = null;
        for (int i = 0; i < problems.size(); i++) {
            Finding f = problems.get(i);
            if (f.severity() != group) {
                group = f.severity();
                b.append("<h3>").append(capitalised(group)).append(" (")
                        .append(Labels.bySeverity(h.findings()).get(group).size()).append(")</h3>\n");
            }
            finding(b, f, index, i + 1);
        }
        if (h.findings().isEmpty()) b.append("<p>No findings.</p>\n");
        collapsed(b, h, index);
        facts(b, h);
        b.append("</section>\n");
    }

    /**
     * Numbered like the problems below (they come first, most severe first), each linking to its block. As in the text
     * report, the first {@link Steps#LISTED} steps and any later input problem are listed; the other steps
     * (a big log's audit had 90) are in a closed {@code <details>} after them, so that the problems' blocks stay near the
     * top; the problems themselves are all listed below either way.
     */
    private static void todo(StringBuilder b, List<Finding> problems, int host) {
        List<Steps.Step> steps = Steps.of(problems);
        if (steps.isEmpty()) return;
        Steps.Listing listing = Steps.listing(steps);
        b.append("<h3>What to do</h3>\n");
        steps(b, listing.first(), host);
        if (listing.more().isEmpty()) return;
        b.append("<details class=\"more-steps\"><summary>").append(Labels.count(listing.more().size(), "more step")).append(" (")
                .append(Labels.count(listing.moreFindings(), "finding")).append(", each listed below)</summary>\n");
        steps(b, listing.more(), host);
        b.append("</details>\n");
    }

    /** One ordered list of steps, each numbered as its first finding (a {@code value} where the list's own count differs). */
    private static void steps(StringBuilder b, List<Steps.Step> steps, int host) {
        b.append("<ol class=\"todo\">\n");
        // a run of findings that differ in their address or service alone is one step (Steps), numbered as its first finding
        for (int i = 0; i < steps.size(); i++) {
            Steps.Step s = steps.get(i);
            b.append("<li").append(s.first() == i ? "" : " value=\"" + (s.first() + 1) + "\"").append("><a href=\"#host-")
                    .append(host).append('-').append(s.first() + 1).append("\"><code>").append(Escape.html(s.headline())).append("</code></a>");
            if (s.grouped()) b.append(" (").append(s.first() + 1).append('-').append(s.last() + 1).append(')');
            b.append(Escape.html(s.where())).append(": ").append(Escape.html(s.advice())).append("</li>\n");
        }
        b.append("</ol>\n");
    }

    /** Findings below the display threshold: counts in the summary, the findings themselves inside a closed details. */
    private void collapsed(StringBuilder b, HostReport h, int index) {
        Map<FindingCode, Integer> hidden = options.collapsed(h.findings());
        if (hidden.isEmpty()) return;
        boolean onlyInfo = options.minSeverity() == Severity.NOTICE;
        b.append("<details class=\"collapsed\"><summary>").append(onlyInfo ? "Expected behaviour" : "Below " + options.minSeverity().label())
                .append(": ").append(Labels.count(options.collapsedCount(h.findings()), "finding")).append(" (")
                .append(Labels.codeLine(hidden)).append(")</summary>\n");
        for (Finding f : h.findings()) if (!options.shown(f)) finding(b, f, index, 0);
        b.append("</details>\n");
    }

    private static void facts(StringBuilder b, HostReport h) {
        Host host = h.host();
        b.append("<h3>Host</h3>\n<dl>\n");
        b.append("<dt>OS</dt><dd>").append(host.os().label()).append(" (ephemeral ").append(host.ephemeralRange())
                .append(")</dd>\n");
        List<String> addresses = Labels.addresses(host);
        b.append("<dt>Addresses</dt><dd>").append(addresses.isEmpty() ? "none" : Escape.html(String.join(", ", addresses)))
                .append("</dd>\n");
        if (host.roles().isEmpty()) b.append("<dt>Roles</dt><dd>none</dd>\n");
        for (RoleAssignment r : host.roles()) b.append("<dt>Role</dt><dd>").append(Escape.html(Labels.role(r))).append("</dd>\n");
        String settings = Labels.settingsLine(host);
        b.append("<dt>Settings</dt><dd>").append(settings.isEmpty() ? "none" : Escape.html(settings)).append("</dd>\n");
        for (InputSummary in : Labels.listedInputs(h.inputs())) {
            b.append("<dt>Input</dt><dd>").append(Escape.html(Labels.input(in)));
            for (String note : in.notes()) b.append("<br>note: ").append(Escape.html(note));
            b.append("</dd>\n");
        }
        Labels.passedOver(h.inputs()).ifPresent(p -> b.append("<dt>Input</dt><dd>").append(Escape.html(p)).append("</dd>\n"));
        b.append("</dl>\n");
    }

    /** One finding as a block; {@code number} 0 = not numbered (collapsed findings). */
    private static void finding(StringBuilder b, Finding f, int host, int number) {
        String sev = f.severity().label();
        b.append("<article class=\"finding sev-").append(sev).append("\" data-severity=\"").append(sev).append('"');
        if (number > 0) b.append(" id=\"host-").append(host).append('-').append(number).append('"');
        b.append(">\n<h4>");
        if (number > 0) b.append(number).append(". ");
        b.append("<span class=\"sev\">").append(sev).append("</span> <code>").append(Escape.html(headline(f))).append("</code>");
        String where = Labels.addressWithPeer(f);
        if (!where.equals("-")) b.append(' ').append(Escape.html(where));
        String role = Labels.productRole(f);
        if (!role.isEmpty()) b.append(" <span class=\"role\">").append(Escape.html(role)).append("</span>");
        b.append("</h4>\n");
        if (!f.message().isEmpty()) b.append("<p class=\"message\">").append(Escape.html(Escape.text(f.message()))).append("</p>\n");
        if (f.severity() != Severity.INFO) b.append("<p class=\"fix\">").append(Escape.html(Advice.whatToDo(f))).append("</p>\n");
        if (f.entryId() != null) {
            b.append("<p class=\"entry\">catalog ").append(Escape.html(f.entryId()))
                    .append(f.entrySource() == null ? "" : " (" + Escape.html(f.entrySource()) + ")").append("</p>\n");
        }
        if (!f.evidence().isEmpty()) {
            // one preformatted block, one block line per evidence item: raw lines keep their spacing and scroll
            // sideways instead of breaking; in print they wrap at spaces under a hanging indent
            b.append("<pre class=\"evidence\">");
            for (Evidence e : f.evidence()) b.append("<span class=\"ev\">").append(Escape.html(TextRenderer.evidence(e))).append("</span>");
            b.append("</pre>\n");
        }
        b.append("</article>\n");
    }

    /** "MISSING_LISTENER tcp/31300". */
    private static String headline(Finding f) {
        String pp = Labels.protoPort(f);
        return f.code().name() + (pp.isEmpty() ? "" : " " + pp);
    }

    private static String capitalised(Severity s) {
        String l = s.label();
        return l.substring(0, 1).toUpperCase(Locale.ROOT) + l.substring(1);
    }

    private static String hostName(Host h) {
        return h.name().isEmpty() ? "(unnamed host)" : Escape.html(h.name());
    }
}
