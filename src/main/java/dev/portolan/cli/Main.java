package dev.portolan.cli;

import dev.portolan.report.Escape;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point: the only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            // answered without building the command tree: picocli and the command classes are most of a start-up
            for (String line : new VersionProvider().getVersion()) System.out.println(line);
            System.exit(ExitCode.OK.code());
        }
        // an audit needs the bundled catalog: read it while picocli makes and parses the command line
        if (args.length > 0 && "audit".equals(args[0])) dev.portolan.catalog.CatalogLoader.readBundledAhead();
        System.exit(run(args));
    }

    /** Runs portolan in-process and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = commandLine(args);
        cl.setOut(StandardOutput.system()); // what picocli would make, and it tells its byte stream (FlowsCommand's CSV)
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl.getErr());
        }
    }

    /** An out-of-memory outside reading (which says what it read): exit 2 with what to do, never a trace or exit 1. */
    private static int outOfMemory(PrintWriter err) {
        err.println("portolan: " + dev.portolan.ingest.MemoryExhausted.advice("while auditing"));
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** Runs with the given writers instead of stdout/stderr. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            code = outOfMemory(err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Commands a run builds alone under the root, not with the whole tree: making every command's options by reflection
     * was most of a small run's start (JFR: 36 of 53 samples of a small capture's {@code flows} in
     * {@code new CommandLine}). Help, man pages, completion and unknown commands see the whole tree.
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> ALONE =
            java.util.Map.of("flows", FlowsCommand::new, "audit", AuditCommand::new);

    public static CommandLine commandLine() {
        return configure(new CommandLine(new PortolanCommand()));
    }

    /** The command line for these arguments: only the command they name when it is one of {@link #ALONE}. */
    static CommandLine commandLine(String... args) {
        java.util.function.Supplier<Object> alone = args.length > 0 ? ALONE.get(args[0]) : null;
        if (alone == null) return commandLine();
        CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.wrapWithoutInspection(new PortolanCommand()).name("portolan"));
        cl.addSubcommand(args[0], alone.get());
        return configure(cl);
    }

    private static CommandLine configure(CommandLine cl) {
        CommandShapes.apply(cl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> ExitCode.USAGE.code());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("portolan: " + Escape.lines(ex.getMessage()));
            if (ex instanceof CommandLine.UnmatchedArgumentException u) CommandLine.UnmatchedArgumentException.printSuggestions(u, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("portolan: " + Escape.lines(ErrorText.of(ex)));
            if (System.getenv("PORTOLAN_DEBUG") != null) ex.printStackTrace(c.getErr());
            return ExitCode.USAGE.code();
        });
        return cl;
    }
}
