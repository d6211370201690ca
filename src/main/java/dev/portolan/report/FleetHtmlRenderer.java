package dev.portolan.report;

import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.HostResult;
import dev.portolan.batch.ResultDiff;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet page: one self-contained, offline HTML file. Verdict first; severity and finding-code counts with
 * a small inline SVG chart; fleet-wide findings grouped across hosts with an expandable host list; a host table
 * that sorts, filters and pages in a small inline script over an embedded compact JSON array (one array per
 * host, not one DOM row per host); then the detail of each host at or above the threshold, failing hosts first,
 * problems first and info findings (EXPECTED …) only counted. Details beyond {@link #INLINE_DETAIL_BYTES} go to
 * a side folder of per-host pages beside the page ({@code NAME-hosts/HOST.html}), linked from the host table.
 * The script honours {@code #q=TEXT&sev=LEVEL&page=N&sort=COLUMN&desc=0|1} in the address, so a view can be linked.
 */
public final class FleetHtmlRenderer implements FleetReport {
    /** Bytes of host detail kept in the page itself; the rest goes to side pages. */
    static final long INLINE_DETAIL_BYTES = 6L << 20;
    /** Problem rows shown per host; the rest are counted (the JSONL has them all). */
    static final int MAX_ROWS_PER_HOST = 60;
    static final int MAX_EVIDENCE = 3;
    static final int MAX_SUPPRESSED_LISTED = 500;
    static final int MAX_CHANGED_HOSTS_LISTED = 2000;

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1400px}
            h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.05em;margin:.2em 0}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
            th{background:#f3f3f3}td.n,th.n{text-align:right}th[data-sort]{cursor:pointer;text-decoration:underline dotted}
            .sev-error{background:#fde2e1}.sev-warning{background:#fff4d6}.sev-notice{background:#e6f0ff}.sev-info{background:#f6f6f6}
            .verdict{font-size:1.25em;font-weight:600;padding:.4em .7em;border-radius:4px;display:inline-block}
            .verdict.fail{background:#fde2e1;border:1px solid #d33}.verdict.pass{background:#e3f6e3;border:1px solid #3a3}
            pre{margin:2px 0 0;white-space:pre-wrap;word-break:break-all;font-size:12px;background:#fafafa;padding:2px 4px}
            .meta{color:#555}.hostlist{columns:14em;font-size:12px}details>summary{cursor:pointer}
            #host-controls{margin:.5em 0}#host-controls input,#host-controls select{margin-right:1em}
            #js-errors{color:#b00;white-space:pre-wrap}section.detail{border:1px solid #ccc;padding:.4em .8em;margin:.8em 0}
            svg text{font:11px system-ui,sans-serif}
            """;

    private static final String SCRIPT = """
            (function () {
              var errors = document.getElementById('js-errors');
              window.addEventListener('error', function (e) { errors.hidden = false; errors.textContent += e.message + '\\n'; });
              var table = document.getElementById('host-table');
              var side = table.getAttribute('data-side');
              var data = JSON.parse(document.getElementById('host-data').textContent);
              var SEV = ['none', 'info', 'notice', 'warning', 'error'];
              var COLS = {host: 0, os: 1, roles: 2, worst: 3, error: 4, warning: 5, notice: 6, info: 7, suppressed: 8};
              var st = {q: '', sev: '', sort: 'worst', desc: true, page: 1, size: 50};
              var q = document.getElementById('host-q'), sev = document.getElementById('host-sev'), size = document.getElementById('host-size');
              function fromHash() {
                location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
                  var i = kv.indexOf('='); if (i < 0) return;
                  var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1).replace(/\\+/g, ' '));
                  if (k === 'q') st.q = v; else if (k === 'sev') st.sev = v; else if (k === 'sort' && COLS.hasOwnProperty(v)) st.sort = v;
                  else if (k === 'desc') st.desc = v !== '0'; else if (k === 'page') st.page = Math.max(1, parseInt(v, 10) || 1);
                  else if (k === 'size') st.size = Math.max(10, Math.min(1000, parseInt(v, 10) || 50));
                });
                q.value = st.q; sev.value = st.sev; size.value = String(st.size);
              }
              function toHash() {
                var h = 'q=' + encodeURIComponent(st.q) + '&sev=' + st.sev + '&sort=' + st.sort + '&desc=' + (st.desc ? 1 : 0) + '&page=' + st.page + '&size=' + st.size;
                if (history.replaceState) history.replaceState(null, '', '#' + h);
              }
              function matching() {
                var needle = st.q.toLowerCase(), min = SEV.indexOf(st.sev);
                var out = data.filter(function (r) {
                  if (min > 0 && r[3] < min) return false;
                  return needle === '' || r[0].toLowerCase().indexOf(needle) >= 0 || r[1].toLowerCase().indexOf(needle) >= 0
                    || r[2].toLowerCase().indexOf(needle) >= 0;
                });
                var c = COLS[st.sort], dir = st.desc ? -1 : 1;
                out.sort(function (a, b) {
                  var x = a[c], y = b[c];
                  if (x < y) return -dir; if (x > y) return dir;
                  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
                });
                return out;
              }
              function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); return td; }
              function render() {
                var rows = matching(), pages = Math.max(1, Math.ceil(rows.length / st.size));
                if (st.page > pages) st.page = pages;
                var body = table.tBodies[0], frag = document.createDocumentFragment();
                rows.slice((st.page - 1) * st.size, st.page * st.size).forEach(function (r) {
                  var tr = document.createElement('tr'); tr.className = 'host-row sev-' + SEV[r[3]];
                  var name = cell(tr, '');
                  if (r[9] && document.getElementById('h-' + r[0])) { var a = document.createElement('a'); a.href = '#h-' + r[0]; a.textContent = r[0]; name.appendChild(a); }
                  else if (r[9] && side) { var l = document.createElement('a'); l.href = side + '/' + r[10] + '.html'; l.textContent = r[0]; name.appendChild(l); }
                  else name.textContent = r[0];
                  cell(tr, r[1]); cell(tr, r[2]); cell(tr, SEV[r[3]]);
                  for (var i = 4; i <= 8; i++) cell(tr, String(r[i]), 'n');
                  frag.appendChild(tr);
                });
                body.textContent = ''; body.appendChild(frag);
                var info = document.getElementById('host-page');
                info.textContent = 'page ' + st.page + ' of ' + pages + ' \\u00b7 ' + rows.length + ' of ' + data.length + ' hosts match';
                info.setAttribute('data-matching', rows.length); info.setAttribute('data-page', st.page);
                document.getElementById('host-prev').disabled = st.page <= 1;
                document.getElementById('host-next').disabled = st.page >= pages;
                toHash();
              }
              q.addEventListener('input', function () { st.q = q.value; st.page = 1; render(); });
              sev.addEventListener('change', function () { st.sev = sev.value; st.page = 1; render(); });
              size.addEventListener('change', function () { st.size = parseInt(size.value, 10); st.page = 1; render(); });
              document.getElementById('host-prev').addEventListener('click', function () { st.page--; render(); });
              document.getElementById('host-next').addEventListener('click', function () { st.page++; render(); });
              table.tHead.addEventListener('click', function (e) {
                var k = e.target.getAttribute('data-sort'); if (!k) return;
                if (st.sort === k) st.desc = !st.desc; else { st.sort = k; st.desc = k !== 'host' && k !== 'os' && k !== 'roles'; }
                render();
              });
              window.addEventListener('hashchange', function () { fromHash(); render(); });
              document.getElementById('host-controls').hidden = false;
              fromHash(); render();
              document.body.setAttribute('data-ready', '1');
            })();
            """;

    private final Severity threshold;
    private final FleetSpill spill;
    private final Map<Suppressions.Rule, List<String>> suppressedHosts = new LinkedHashMap<>();
    private final List<Suppressions.Suppressed> suppressedListed = new ArrayList<>();

    /** Host detail in the page up to this many bytes; the rest on side pages. */
    private final long inlineDetailBytes;

    public FleetHtmlRenderer(Severity threshold) throws IOException {
        this(threshold, INLINE_DETAIL_BYTES);
    }

    FleetHtmlRenderer(Severity threshold, long inlineDetailBytes) throws IOException {
        this.threshold = threshold;
        this.inlineDetailBytes = inlineDetailBytes;
        this.spill = new FleetSpill();
    }

    @Override
    public void host(HostResult h, List<Suppressions.Suppressed> suppressed) throws IOException {
        int[] c = h.severityCounts();
        Severity worst = h.worst();
        boolean detail = h.reaches(threshold);
        StringBuilder row = new StringBuilder(160);
        row.append('[').append(Json.string(h.host())).append(',').append(Json.string(h.os())).append(',')
                .append(Json.string(String.join(" ", h.roles()))).append(',').append(worst == null ? 0 : worst.ordinal() + 1);
        for (int i = c.length - 1; i >= 0; i--) row.append(',').append(c[i]);
        row.append(',').append(suppressed.size()).append(',').append(detail ? 1 : 0).append(',').append(Json.string(fileName(h.host()))).append(']');
        spill.row(row.toString());
        for (Suppressions.Suppressed s : suppressed) {
            List<String> hosts = suppressedHosts.computeIfAbsent(s.rule(), r -> new ArrayList<>());
            if (hosts.size() < 20 && (hosts.isEmpty() || !hosts.get(hosts.size() - 1).equals(h.host()))) hosts.add(h.host());
            if (suppressedListed.size() < MAX_SUPPRESSED_LISTED) suppressedListed.add(s);
        }
        if (detail) spill.detail(worst, h.host(), detail(h, suppressed.size()));
    }

    /** A host's detail: problems first (most severe first), info findings counted per code, not listed. */
    private String detail(HostResult h, int suppressed) {
        StringBuilder b = new StringBuilder(2048);
        int[] c = h.severityCounts();
        b.append("<section class=\"detail\" id=\"h-").append(Escape.html(h.host())).append("\">\n<h3>")
                .append(Escape.html(h.host())).append(" <span class=\"meta\">").append(Escape.html(h.os()));
        if (!h.roles().isEmpty()) b.append(" · ").append(Escape.html(String.join(" ", h.roles())));
        b.append(" · ").append(Labels.severityLine(counts(c))).append("</span></h3>\n");
        List<Finding> problems = new ArrayList<>();
        Map<FindingCode, Integer> info = new EnumMap<>(FindingCode.class);
        for (Finding f : h.findings()) {
            if (f.severity() == Severity.INFO) info.merge(f.code(), 1, Integer::sum);
            else problems.add(f);
        }
        problems.sort((x, y) -> y.severity().compareTo(x.severity()));
        b.append("<table><thead><tr><th>severity</th><th>code</th><th>proto/port</th><th>address</th><th>product:role</th><th>message</th><th>evidence</th></tr></thead><tbody>\n");
        int shown = 0;
        for (Finding f : problems) {
            if (shown++ == MAX_ROWS_PER_HOST) break;
            b.append("<tr class=\"sev-").append(f.severity().label()).append("\"><td>").append(f.severity().label()).append("</td><td>")
                    .append(f.code().name()).append("</td><td>").append(Escape.html(Labels.protoPort(f))).append("</td><td>")
                    .append(Escape.html(Labels.nz(f.address()))).append("</td><td>").append(Escape.html(Labels.productRole(f)))
                    .append("</td><td>").append(Escape.html(f.message())).append("</td><td>");
            int ev = 0;
            for (Evidence e : f.evidence()) {
                if (ev++ == MAX_EVIDENCE) {
                    b.append("<div class=\"meta\">+").append(f.evidence().size() - MAX_EVIDENCE).append(" more</div>");
                    break;
                }
                b.append("<div><code>").append(Escape.html(e.location())).append("</code><pre>").append(Escape.html(e.text())).append("</pre></div>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (problems.size() > MAX_ROWS_PER_HOST) {
            b.append("<p class=\"meta\">").append(problems.size() - MAX_ROWS_PER_HOST).append(" more problem(s) not shown here; the jsonl/json report has all of them.</p>\n");
        }
        if (!info.isEmpty()) {
            b.append("<details><summary>info: ").append(c[Severity.INFO.ordinal()]).append(" finding(s) collapsed (");
            List<String> parts = new ArrayList<>();
            info.forEach((code, n) -> parts.add(code.name() + " " + n));
            b.append(String.join(", ", parts)).append(")</summary><p class=\"meta\">Info findings are counted here, not listed; the jsonl/json report has each.</p></details>\n");
        }
        if (suppressed > 0) b.append("<p class=\"meta\">").append(suppressed).append(" finding(s) suppressed (see Suppressed findings).</p>\n");
        b.append("</section>\n");
        return b.toString();
    }

    private static Map<Severity, Integer> counts(int[] c) {
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) m.put(s, c[s.ordinal()]);
        return m;
    }

    /** A host name made safe as a file name for its side page. */
    static String fileName(String host) {
        StringBuilder b = new StringBuilder(host.length());
        for (char ch : host.toCharArray()) b.append(Character.isLetterOrDigit(ch) || ch == '-' || ch == '.' || ch == '_' ? ch : '_');
        String s = b.toString();
        if (s.isEmpty() || s.startsWith(".")) s = "_" + s;
        return s.equals(host) ? s : s + "-" + Integer.toHexString(host.hashCode());
    }

    @Override
    public void end(End end, Writer out) throws IOException {
        FleetSummary s = end.summary();
        String fail = threshold == null ? "never" : threshold.label();
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<title>portolan fleet report</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        out.write("<pre id=\"js-errors\" hidden></pre>\n<h1>portolan fleet report</h1>\n");
        boolean failed = end.changes() != null ? end.changes().reaches(threshold) : s.reachesThreshold();
        out.write("<p class=\"verdict " + (failed ? "fail" : "pass") + "\" id=\"verdict\">" + Escape.html(verdict(s, end.changes(), fail)) + "</p>\n");
        out.write("<p class=\"meta\">Generated " + Escape.html(Labels.iso(end.generated())) + " by portolan " + Escape.html(end.version())
                + ": <span id=\"host-count\">" + s.hosts() + "</span> hosts, " + s.findings() + " findings (" + s.suppressed()
                + " suppressed); --fail-on " + fail + ".</p>\n");
        notes(end, out);
        severities(s, out);
        codes(s, out);
        groups(s, out);
        if (end.changes() != null) changes(end.changes(), out);
        if (!end.rules().isEmpty()) suppressed(end, out);
        Path sideDir = end.output() == null ? null : sideFolder(end.output());
        String sideRef = sideDir == null ? "" : sideDir.getFileName().toString();
        hostTable(s, sideRef, out);
        details(end, sideDir, out);
        out.write("<script>\n" + SCRIPT + "</script>\n</body>\n</html>\n");
    }

    static String verdict(FleetSummary s, ResultDiff.Result changes, String fail) {
        if (changes != null) {
            long newHosts = 0;
            for (ResultDiff.HostDelta d : changes.changes()) if (d.reaches(s.threshold())) newHosts++;
            return newHosts > 0 ? "FAIL: " + newHosts + " host(s) have new findings at or above " + fail + " since the baseline"
                    : "PASS: nothing new at or above " + fail + " since the baseline";
        }
        return s.failingHosts() > 0 ? "FAIL: " + s.failingHosts() + " of " + s.hosts() + " hosts have findings at or above " + fail
                : "PASS: no host has findings at or above " + fail;
    }

    private static Path sideFolder(Path output) {
        String n = output.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return output.toAbsolutePath().resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-hosts");
    }

    private static void notes(End end, Writer out) throws IOException {
        if (end.unreadable().isEmpty() && end.notes().isEmpty()) return;
        out.write("<h2>Notes</h2>\n<ul id=\"notes\">\n");
        for (String u : end.unreadable()) out.write("<li class=\"sev-warning\">could not be read: " + Escape.html(u) + "</li>\n");
        for (Suppressions.Note n : end.notes()) {
            out.write("<li class=\"sev-" + (n.warning() ? "warning" : "info") + "\">" + (n.warning() ? "warning: " : "info: ") + Escape.html(n.text()) + "</li>\n");
        }
        out.write("</ul>\n");
    }

    private static void severities(FleetSummary s, Writer out) throws IOException {
        out.write("<h2>Severity</h2>\n");
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (Severity sev : Labels.SEVERITIES_DESC) {
            labels.add(sev.label());
            values.add(s.hostsWithWorst(sev));
        }
        labels.add("none");
        values.add(s.hostsWithWorst(null));
        out.write(Charts.bars("hosts by worst severity", labels, values));
        out.write("<table id=\"severity-table\"><thead><tr><th>severity</th><th class=\"n\">findings</th><th class=\"n\">hosts (worst)</th></tr></thead><tbody>\n");
        for (Severity sev : Labels.SEVERITIES_DESC) {
            out.write("<tr class=\"sev-" + sev.label() + "\"><td>" + sev.label() + "</td><td class=\"n\">" + s.findings(sev)
                    + "</td><td class=\"n\">" + s.hostsWithWorst(sev) + "</td></tr>\n");
        }
        out.write("<tr><td>no findings</td><td class=\"n\">0</td><td class=\"n\">" + s.hostsWithWorst(null) + "</td></tr>\n</tbody></table>\n");
    }

    private static void codes(FleetSummary s, Writer out) throws IOException {
        out.write("<h2>Finding codes</h2>\n");
        Map<FindingCode, Long> byCode = s.byCode();
        out.write(Charts.bars("findings by code", byCode.keySet().stream().map(Enum::name).toList(), List.copyOf(byCode.values())));
        out.write("<table id=\"code-table\"><thead><tr><th>code</th>");
        for (Severity sev : Labels.SEVERITIES_DESC) out.write("<th class=\"n\">" + sev.label() + "</th>");
        out.write("<th class=\"n\">total</th></tr></thead><tbody>\n");
        for (Map.Entry<FindingCode, Long> e : byCode.entrySet()) {
            out.write("<tr><td>" + e.getKey().name() + "</td>");
            for (Severity sev : Labels.SEVERITIES_DESC) out.write("<td class=\"n\">" + s.findings(e.getKey(), sev) + "</td>");
            out.write("<td class=\"n\">" + e.getValue() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
    }

    private static void groups(FleetSummary s, Writer out) throws IOException {
        out.write("<h2>Fleet-wide findings</h2>\n<p class=\"meta\">The same finding on several hosts is one row (info findings are only counted above).</p>\n");
        List<FleetSummary.Group> groups = s.groups();
        if (groups.isEmpty()) {
            out.write("<p>No finding above info.</p>\n");
            return;
        }
        out.write("<table id=\"group-table\"><thead><tr><th>severity</th><th>finding</th><th class=\"n\">hosts</th><th class=\"n\">findings</th><th>hosts</th></tr></thead><tbody>\n");
        for (FleetSummary.Group g : groups) {
            out.write("<tr class=\"group sev-" + g.severity().label() + "\"><td>" + g.severity().label() + "</td><td>" + Escape.html(g.title())
                    + "</td><td class=\"n\">" + g.hostCount() + "</td><td class=\"n\">" + g.findingCount() + "</td><td><details><summary>"
                    + g.hostCount() + " host" + (g.hostCount() == 1 ? "" : "s") + "</summary><div class=\"hostlist\">");
            for (String h : g.hosts()) out.write(Escape.html(h) + "<br>");
            if (g.hostCount() > g.hosts().size()) out.write("… and " + (g.hostCount() - g.hosts().size()) + " more (filter the host table)");
            out.write("</div></details></td></tr>\n");
        }
        out.write("</tbody></table>\n");
    }

    private static void changes(ResultDiff.Result r, Writer out) throws IOException {
        out.write("<h2>Changes since the baseline</h2>\n");
        out.write(DiffRenderer.htmlBody(r, MAX_CHANGED_HOSTS_LISTED));
    }

    private void suppressed(End end, Writer out) throws IOException {
        out.write("<h2>Suppressed findings</h2>\n<p class=\"meta\">Accepted risks from the suppression file: they do not count for the exit code.</p>\n");
        out.write("<table id=\"suppression-table\"><thead><tr><th>row</th><th>matches</th><th>reason</th><th>expires</th><th class=\"n\">findings</th><th>hosts</th></tr></thead><tbody>\n");
        for (Suppressions.Rule r : end.rules()) {
            List<String> hosts = suppressedHosts.getOrDefault(r, List.of());
            out.write("<tr><td>" + Escape.html(r.location()) + "</td><td>" + Escape.html(r.describe()) + "</td><td>" + Escape.html(r.reason())
                    + "</td><td>" + (r.expires() == null ? "never" : r.expires()) + "</td><td class=\"n\">" + r.matched() + "</td><td>"
                    + Escape.html(String.join(" ", hosts)) + (r.matched() > 0 && hosts.size() == 20 ? " …" : "") + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
        if (suppressedListed.isEmpty()) return;
        out.write("<details><summary>" + end.summary().suppressed() + " suppressed finding(s)</summary>\n<table><thead><tr><th>host</th><th>severity</th><th>code</th><th>proto/port</th><th>reason</th><th>row</th></tr></thead><tbody>\n");
        for (Suppressions.Suppressed x : suppressedListed) {
            Finding f = x.finding();
            out.write("<tr><td>" + Escape.html(x.host()) + "</td><td>" + f.severity().label() + "</td><td>" + f.code().name() + "</td><td>"
                    + Escape.html(Labels.protoPort(f)) + "</td><td>" + Escape.html(x.rule().reason()) + "</td><td>" + Escape.html(x.rule().location()) + "</td></tr>\n");
        }
        out.write("</tbody></table>\n");
        if (end.summary().suppressed() > suppressedListed.size()) {
            out.write("<p class=\"meta\">The first " + suppressedListed.size() + " are listed.</p>\n");
        }
        out.write("</details>\n");
    }

    private void hostTable(FleetSummary s, String sideRef, Writer out) throws IOException {
        out.write("<h2>Hosts</h2>\n<p class=\"meta\">" + s.hosts() + " hosts, failing hosts first; click a column to sort.</p>\n");
        out.write("<div id=\"host-controls\" hidden><input id=\"host-q\" type=\"search\" placeholder=\"filter: host, os, role\" aria-label=\"filter hosts\">"
                + "<select id=\"host-sev\" aria-label=\"minimum severity\"><option value=\"\">any severity</option><option value=\"error\">error</option>"
                + "<option value=\"warning\">warning and up</option><option value=\"notice\">notice and up</option><option value=\"info\">info and up</option></select>"
                + "<select id=\"host-size\" aria-label=\"hosts per page\"><option>25</option><option selected>50</option><option>100</option><option>500</option></select>"
                + "<button id=\"host-prev\" type=\"button\">‹ previous</button> <span id=\"host-page\"></span> <button id=\"host-next\" type=\"button\">next ›</button></div>\n");
        out.write("<table id=\"host-table\" data-side=\"" + Escape.html(sideRef) + "\"><thead><tr><th data-sort=\"host\">host</th><th data-sort=\"os\">os</th>"
                + "<th data-sort=\"roles\">roles</th><th data-sort=\"worst\">worst</th><th class=\"n\" data-sort=\"error\">error</th>"
                + "<th class=\"n\" data-sort=\"warning\">warning</th><th class=\"n\" data-sort=\"notice\">notice</th><th class=\"n\" data-sort=\"info\">info</th>"
                + "<th class=\"n\" data-sort=\"suppressed\">suppressed</th></tr></thead><tbody></tbody></table>\n");
        out.write("<noscript><p>The host table needs JavaScript; the fleet-wide findings above and the details below do not.</p></noscript>\n");
        out.write("<script type=\"application/json\" id=\"host-data\">[");
        spill.copyRows(out, ",\n");
        out.write("]</script>\n");
    }

    private void details(End end, Path sideDir, Writer out) throws IOException {
        String fail = threshold == null ? "never" : threshold.label();
        out.write("<h2>Hosts at or above " + fail + "</h2>\n");
        if (spill.details() == 0) {
            out.write("<p>None.</p>\n");
            return;
        }
        long[] inlineBytes = {0};
        long[] moved = {0};
        long[] dropped = {0};
        Path tmpSide = sideDir == null ? null : sideTemp(sideDir);
        try {
            spill.eachDetail(d -> {
                if (inlineBytes[0] + d.fragment().length() <= inlineDetailBytes) {
                    inlineBytes[0] += d.fragment().length();
                    out.write(d.fragment());
                } else if (tmpSide != null) {
                    moved[0]++;
                    Files.writeString(tmpSide.resolve(fileName(d.host()) + ".html"), "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                            + Escape.html(d.host()) + " · portolan</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n<p><a href=\"../"
                            + Escape.html(end.output().getFileName().toString()) + "\">fleet report</a></p>\n" + d.fragment() + "</body>\n</html>\n",
                            StandardCharsets.UTF_8);
                } else {
                    dropped[0]++;
                }
            });
            if (tmpSide != null && moved[0] > 0) {
                replaceFolder(tmpSide, sideDir);
                out.write("<p id=\"side-pages\" class=\"meta\">" + moved[0] + " more host(s) at or above " + fail + " have their detail on a page of its own in <code>"
                        + Escape.html(sideDir.getFileName().toString()) + "/</code> (linked from the host table).</p>\n");
            }
            if (dropped[0] > 0) {
                out.write("<p class=\"meta\">" + dropped[0] + " more host(s) at or above " + fail
                        + " are not detailed here to keep the page small; write the page to a file (-o) to get their side pages, or see the jsonl report.</p>\n");
            }
        } finally {
            if (tmpSide != null && Files.exists(tmpSide)) FleetSpill.deleteTree(tmpSide);
        }
    }

    /**
     * A fresh folder beside the side folder, {@code .NAME.portolan-tmp-PID}, with the mode the umask gives (like
     * the report; {@code Files.createTempDirectory} would make it 0700); a leftover of an earlier run is removed.
     */
    private static Path sideTemp(Path sideDir) throws IOException {
        Path abs = sideDir.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + AtomicOutput.TEMP_MARK + ProcessHandle.current().pid());
        if (Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) FleetSpill.deleteTree(tmp);
        Files.createDirectories(abs.getParent());
        return Files.createDirectory(tmp);
    }

    /**
     * Puts the finished folder in place by renames: the old folder (if any) is first renamed aside, so the side
     * folder is at every moment either the old one or the new one, whole; then the old one is deleted.
     */
    private static void replaceFolder(Path fresh, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path old = null;
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            old = abs.resolveSibling("." + abs.getFileName() + ".portolan-old-" + ProcessHandle.current().pid());
            if (Files.exists(old, java.nio.file.LinkOption.NOFOLLOW_LINKS)) FleetSpill.deleteTree(old);
            Files.move(abs, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (old != null) FleetSpill.deleteTree(old);
    }


    @Override
    public void close() throws IOException {
        spill.close();
    }

    /** Minimal JSON string literal that is also safe inside an HTML script element. */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    default -> {
                        if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        else b.append(c);
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
