package dev.portolan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each command's help shows beyond its options: its own exit codes (audit's are not flows'), and no option
 * that does not apply to it (capture audits the one capture it takes, so it has no --batch).
 */
final class CommandShapes {
    private static final String USAGE = "usage error, or an input/catalog that could not be read at all (the other inputs are still reported)";

    private CommandShapes() {
    }

    static void apply(CommandLine root) {
        describe(root);
        CommandLine capture = root.getSubcommands().get("capture");
        if (capture != null) {
            OptionSpec batch = capture.getCommandSpec().findOption("--batch");
            if (batch != null) capture.getCommandSpec().remove(batch);
        }
    }

    private static void describe(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        Map<String, String> codes = codes(spec.qualifiedName(" "));
        if (!codes.isEmpty()) spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) if (sub.getCommandSpec().parent() == spec) describe(sub);
    }

    static Map<String, String> codes(String command) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (command) {
            case "portolan audit", "portolan capture" -> {
                m.put("0", ExitCode.OK.meaning());
                m.put("1", "findings at or above --fail-on");
                m.put("2", USAGE + "; a run that read nothing; inputs of several machines given as one host");
            }
            case "portolan report" -> {
                m.put("0", "no finding at or above --fail-on in the result folder (default: the job's own --fail-on)");
                m.put("1", "findings at or above --fail-on");
                m.put("2", "usage error, a result folder that is missing or damaged, or a job that met a file it could not read at all");
            }
            case "portolan flows" -> {
                m.put("0", "the flows of every capture were listed");
                m.put("2", "usage error, or a capture that could not be read at all (the others are still listed)");
            }
            case "portolan catalog lint" -> {
                m.put("0", "no issue found");
                m.put("1", "issues found (file:line, in line order)");
                m.put("2", "usage error, or a catalog path that could not be read");
            }
            case "portolan catalog lookup" -> {
                m.put("0", "every port is claimed by some catalog row");
                m.put("1", "a port that no catalog row claims");
                m.put("2", "usage error (bad port, unknown product or role), or an unreadable catalog");
            }
            case "portolan catalog list", "portolan catalog conflicts", "portolan catalog roles", "portolan explain", "portolan completion",
                 "portolan man" -> {
                m.put("0", "done");
                m.put("2", "usage error (an unknown name is refused with the nearest valid one), or an unreadable catalog");
            }
            default -> {
            }
        }
        return m;
    }
}
