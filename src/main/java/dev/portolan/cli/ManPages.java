package dev.portolan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Man pages (troff, section 1) generated from the picocli command model, so they say exactly what --help says:
 * NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS and SEE ALSO, one page per command.
 */
final class ManPages {
    private ManPages() {
    }

    /** File name → page, for the command and every subcommand below it (portolan.1, portolan-audit.1, ...). */
    static Map<String, String> all(CommandLine root, String version) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        add(root, version, out);
        return out;
    }

    private static void add(CommandLine cl, String version, Map<String, String> out) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.helpCommand()) return;
        out.put(spec.qualifiedName("-") + ".1", page(spec, version));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec && !sub.getCommandSpec().name().equals(spec.name())) add(sub, version, out);
        }
    }

    static String page(CommandSpec spec, String version) {
        StringBuilder sb = new StringBuilder();
        String name = spec.qualifiedName("-");
        sb.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"portolan ").append(esc(version)).append("\" \"portolan manual\"\n");
        sb.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(firstSentence(spec))).append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(esc(spec.qualifiedName(" "))).append('\n');
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            sb.append("[\\fB").append(esc(o.shortestName())).append("\\fR");
            if (o.arity().max() > 0) sb.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            sb.append("]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) sb.append("\\fI").append(esc(p.paramLabel())).append("\\fR...\n");
        if (!spec.subcommands().isEmpty()) sb.append("\\fICOMMAND\\fR\n");
        sb.append(".SH DESCRIPTION\n");
        for (String d : spec.usageMessage().description()) sb.append(esc(d)).append("\n.PP\n");
        if (!spec.subcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (var e : spec.subcommands().entrySet()) {
                CommandSpec sub = e.getValue().getCommandSpec();
                if (!sub.name().equals(e.getKey())) continue;
                sb.append(".TP\n.B ").append(esc(e.getKey())).append('\n').append(esc(firstSentence(sub))).append('\n');
            }
        }
        List<ArgSpec> args = new ArrayList<>(spec.positionalParameters());
        args.addAll(spec.options());
        if (!args.isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (ArgSpec a : args) {
                if (a.hidden()) continue;
                String label = a instanceof OptionSpec o ? String.join(", ", o.names()) + (o.arity().max() > 0 ? " " + o.paramLabel() : "")
                        : a.paramLabel();
                sb.append(".TP\n.B ").append(esc(label)).append('\n').append(esc(String.join(" ", a.description()))).append('\n');
            }
        }
        Map<String, String> codes = spec.usageMessage().exitCodeList();
        if (!codes.isEmpty()) {
            sb.append(".SH EXIT STATUS\n");
            for (var e : codes.entrySet()) sb.append(".TP\n.B ").append(esc(e.getKey().trim())).append('\n').append(esc(e.getValue())).append('\n');
        }
        sb.append(".SH SEE ALSO\n");
        sb.append(esc(spec.parent() == null ? "portolan-audit(1), portolan-explain(1)" : spec.root().name() + "(1)")).append('\n');
        return sb.toString();
    }

    private static String firstSentence(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        if (d.length == 0) return spec.name();
        String s = d[0];
        int dot = s.indexOf(". ");
        return dot > 0 ? s.substring(0, dot) : s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** troff escaping: backslashes, and a leading dot or quote that would start a request. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder sb = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (sb.length() > 0) sb.append('\n');
            if (line.startsWith(".") || line.startsWith("'")) sb.append("\\&");
            sb.append(line);
        }
        return sb.toString();
    }
}
