package dev.portolan.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.batch.ResultDiff;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Finding;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The change between two audits ({@code portolan diff}, {@code audit --baseline}) as text, Markdown, JSON or HTML:
 * the verdict (does anything new reach --fail-on), counts, then per changed host the new and gone listeners,
 * services and findings, and new findings a suppression row accepted (with its reason).
 */
public final class DiffRenderer {
    public static final List<String> FORMATS = List.of("text", "md", "json", "html");

    private DiffRenderer() {
    }

    /** The format for a name or an output file's extension; null when it names none of {@link #FORMATS}. */
    public static String format(String name, String fileName) {
        if (name != null) return FORMATS.contains(name.toLowerCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : null;
        if (fileName == null) return "text";
        String l = fileName.toLowerCase(Locale.ROOT);
        if (l.endsWith(".md") || l.endsWith(".markdown")) return "md";
        if (l.endsWith(".json")) return "json";
        if (l.endsWith(".html") || l.endsWith(".htm")) return "html";
        return "text";
    }

    public static void render(String format, ResultDiff.Result r, Severity threshold, List<Suppressions.Note> notes, Writer out)
            throws IOException {
        switch (format) {
            case "md" -> markdown(r, threshold, notes, out);
            case "json" -> json(r, threshold, notes, out);
            case "html" -> html(r, threshold, notes, out);
            default -> text(r, threshold, notes, out);
        }
    }

    static String verdict(ResultDiff.Result r, Severity threshold) {
        String fail = threshold == null ? "never" : threshold.label();
        long n = 0;
        for (ResultDiff.HostDelta d : r.changes()) if (d.reaches(threshold)) n++;
        return n > 0 ? "FAIL: " + n + " host(s) have new findings at or above " + fail
                : "PASS: nothing new at or above " + fail;
    }

    private static String counts(ResultDiff.Result r) {
        return r.hosts(ResultDiff.Status.NEW_HOST) + " new host(s), " + r.hosts(ResultDiff.Status.GONE_HOST) + " gone, "
                + r.hosts(ResultDiff.Status.CHANGED) + " changed, " + r.unchangedHosts() + " unchanged; "
                + r.count(ResultDiff.HostDelta::newFindings) + " new finding(s), " + r.count(ResultDiff.HostDelta::goneFindings) + " gone, "
                + r.count(ResultDiff.HostDelta::suppressedNew) + " new but suppressed; "
                + r.count(ResultDiff.HostDelta::newListeners) + " new listener(s), " + r.count(ResultDiff.HostDelta::goneListeners) + " gone; "
                + r.count(ResultDiff.HostDelta::newServices) + " new service(s), " + r.count(ResultDiff.HostDelta::goneServices) + " gone";
    }

    private static String status(ResultDiff.Status s) {
        return switch (s) {
            case NEW_HOST -> "new host";
            case GONE_HOST -> "gone";
            case CHANGED -> "changed";
        };
    }

    private static String findingLine(Finding f) {
        String role = Labels.productRole(f);
        return f.severity().label() + " " + f.code().name() + " " + Labels.protoPort(f) + (f.address() == null ? "" : " " + f.address())
                + (role.isEmpty() ? "" : " " + role) + " - " + f.message();
    }

    private static void text(ResultDiff.Result r, Severity threshold, List<Suppressions.Note> notes, Writer out) throws IOException {
        out.write("portolan diff " + Escape.text(r.oldName()) + " -> " + Escape.text(r.newName()) + "\n");
        out.write(verdict(r, threshold) + "\n" + counts(r) + "\n");
        for (Suppressions.Note n : notes) out.write((n.warning() ? "warning: " : "info: ") + Escape.text(n.text()) + "\n");
        for (ResultDiff.HostDelta d : r.changes()) {
            out.write("\n== " + Escape.text(d.host()) + " (" + status(d.status()) + ") ==\n");
            for (Finding f : d.newFindings()) out.write("  + finding   " + Escape.text(findingLine(f)) + "\n");
            for (String k : d.goneFindings()) out.write("  - finding   " + Escape.text(k) + "\n");
            for (Suppressions.Suppressed s : d.suppressedNew()) {
                out.write("  ~ suppressed " + Escape.text(findingLine(s.finding())) + " (" + Escape.text(s.rule().reason()) + "; "
                        + Escape.text(s.rule().location()) + ")\n");
            }
            for (String l : d.newListeners()) out.write("  + listener  " + Escape.text(l) + "\n");
            for (String l : d.goneListeners()) out.write("  - listener  " + Escape.text(l) + "\n");
            for (String l : d.newServices()) out.write("  + service   " + Escape.text(l) + "\n");
            for (String l : d.goneServices()) out.write("  - service   " + Escape.text(l) + "\n");
        }
    }

    private static void markdown(ResultDiff.Result r, Severity threshold, List<Suppressions.Note> notes, Writer out) throws IOException {
        out.write("# portolan diff\n\n**" + Escape.markdown(verdict(r, threshold)) + "**\n\n");
        out.write("`" + Escape.markdown(r.oldName()) + "` → `" + Escape.markdown(r.newName()) + "`: " + Escape.markdown(counts(r)) + ".\n\n");
        for (Suppressions.Note n : notes) out.write("- " + (n.warning() ? "warning: " : "info: ") + Escape.markdown(n.text()) + "\n");
        if (!notes.isEmpty()) out.write("\n");
        if (r.changes().isEmpty()) return;
        out.write("| host | change | what |\n|---|---|---|\n");
        for (ResultDiff.HostDelta d : r.changes()) {
            String host = Escape.markdown(d.host());
            for (Finding f : d.newFindings()) out.write("| " + host + " | new finding | " + Escape.markdown(findingLine(f)) + " |\n");
            for (String k : d.goneFindings()) out.write("| " + host + " | gone finding | " + Escape.markdown(k) + " |\n");
            for (Suppressions.Suppressed s : d.suppressedNew()) {
                out.write("| " + host + " | new, suppressed | " + Escape.markdown(findingLine(s.finding()) + " (" + s.rule().reason() + "; "
                        + s.rule().location() + ")") + " |\n");
            }
            for (String l : d.newListeners()) out.write("| " + host + " | new listener | " + Escape.markdown(l) + " |\n");
            for (String l : d.goneListeners()) out.write("| " + host + " | gone listener | " + Escape.markdown(l) + " |\n");
            for (String l : d.newServices()) out.write("| " + host + " | new service | " + Escape.markdown(l) + " |\n");
            for (String l : d.goneServices()) out.write("| " + host + " | gone service | " + Escape.markdown(l) + " |\n");
            if (d.status() != ResultDiff.Status.CHANGED) out.write("| " + host + " | " + status(d.status()) + " | |\n");
        }
    }

    private static void json(ResultDiff.Result r, Severity threshold, List<Suppressions.Note> notes, Writer out) throws IOException {
        try (JsonGenerator g = JsonSupport.pretty(out)) {
            g.writeStartObject();
            g.writeStringField("tool", "portolan");
            g.writeStringField("old", r.oldName());
            g.writeStringField("new", r.newName());
            g.writeStringField("fail_on", threshold == null ? "never" : threshold.label());
            g.writeBooleanField("fails", r.reaches(threshold));
            g.writeNumberField("hosts_unchanged", r.unchangedHosts());
            g.writeArrayFieldStart("notes");
            for (Suppressions.Note n : notes) {
                g.writeStartObject();
                g.writeStringField("severity", n.warning() ? "warning" : "info");
                g.writeStringField("text", n.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("hosts");
            for (ResultDiff.HostDelta d : r.changes()) {
                g.writeStartObject();
                g.writeStringField("host", d.host());
                g.writeStringField("status", d.status().name().toLowerCase(Locale.ROOT));
                g.writeArrayFieldStart("new_findings");
                for (Finding f : d.newFindings()) JsonSupport.finding(g, f, null, null, ReportOptions.DEFAULTS);
                g.writeEndArray();
                JsonSupport.strings(g, "gone_findings", d.goneFindings());
                g.writeArrayFieldStart("suppressed_new_findings");
                for (Suppressions.Suppressed s : d.suppressedNew()) {
                    g.writeStartObject();
                    g.writeStringField("reason", s.rule().reason());
                    g.writeStringField("row", s.rule().location());
                    g.writeFieldName("finding");
                    JsonSupport.finding(g, s.finding(), null, null, ReportOptions.DEFAULTS);
                    g.writeEndObject();
                }
                g.writeEndArray();
                JsonSupport.strings(g, "new_listeners", d.newListeners());
                JsonSupport.strings(g, "gone_listeners", d.goneListeners());
                JsonSupport.strings(g, "new_services", d.newServices());
                JsonSupport.strings(g, "gone_services", d.goneServices());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void html(ResultDiff.Result r, Severity threshold, List<Suppressions.Note> notes, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>portolan diff</title>\n<style>\n"
                + "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}"
                + "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}"
                + ".new{background:#fde2e1}.gone{background:#e3f6e3}.suppressed{background:#f6f6f6}.meta{color:#555}\n</style>\n</head>\n<body>\n");
        out.write("<h1>portolan diff</h1>\n<p id=\"verdict\"><strong>" + Escape.html(verdict(r, threshold)) + "</strong></p>\n");
        out.write("<p class=\"meta\"><code>" + Escape.html(r.oldName()) + "</code> → <code>" + Escape.html(r.newName()) + "</code></p>\n");
        if (!notes.isEmpty()) {
            out.write("<ul>\n");
            for (Suppressions.Note n : notes) out.write("<li>" + (n.warning() ? "warning: " : "info: ") + Escape.html(n.text()) + "</li>\n");
            out.write("</ul>\n");
        }
        out.write(htmlBody(r, Integer.MAX_VALUE));
        out.write("</body>\n</html>\n");
    }

    /** The counts and the table of changes, shared by the diff page and the fleet page's baseline section. */
    static String htmlBody(ResultDiff.Result r, int maxHosts) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<p class=\"meta\" id=\"diff-counts\">").append(Escape.html(counts(r))).append(".</p>\n");
        if (r.changes().isEmpty()) return b.toString();
        b.append("<table id=\"diff-table\"><thead><tr><th>host</th><th>change</th><th>what</th></tr></thead><tbody>\n");
        int n = 0;
        for (ResultDiff.HostDelta d : r.changes()) {
            if (n++ == maxHosts) break;
            String host = Escape.html(d.host());
            if (d.status() != ResultDiff.Status.CHANGED) {
                b.append("<tr class=\"").append(d.status() == ResultDiff.Status.NEW_HOST ? "new" : "gone").append("\"><td>").append(host)
                        .append("</td><td>").append(status(d.status())).append("</td><td></td></tr>\n");
            }
            for (Finding f : d.newFindings()) row(b, "new", host, "new finding", findingLine(f));
            for (String k : d.goneFindings()) row(b, "gone", host, "gone finding", k);
            for (Suppressions.Suppressed s : d.suppressedNew()) {
                row(b, "suppressed", host, "new, suppressed", findingLine(s.finding()) + " (" + s.rule().reason() + "; " + s.rule().location() + ")");
            }
            for (String l : d.newListeners()) row(b, "new", host, "new listener", l);
            for (String l : d.goneListeners()) row(b, "gone", host, "gone listener", l);
            for (String l : d.newServices()) row(b, "new", host, "new service", l);
            for (String l : d.goneServices()) row(b, "gone", host, "gone service", l);
        }
        b.append("</tbody></table>\n");
        if (r.changes().size() > maxHosts) {
            b.append("<p class=\"meta\">").append(r.changes().size() - maxHosts).append(" more changed host(s); run portolan diff for all.</p>\n");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String cls, String host, String change, String what) {
        b.append("<tr class=\"").append(cls).append("\"><td>").append(host).append("</td><td>").append(change).append("</td><td>")
                .append(Escape.html(what)).append("</td></tr>\n");
    }
}
