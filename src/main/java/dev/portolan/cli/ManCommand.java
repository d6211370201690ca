package dev.portolan.cli;

import dev.portolan.report.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** portolan man: man pages generated from the command model, printed or written to a folder. */
@Command(name = "man", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints the man page of a command (troff; read it with: portolan man audit | man -l -), "
                + "or writes every page (portolan.1, portolan-audit.1, ...) into a folder with --dir."})
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. audit or catalog lint (default: portolan).")
    java.util.List<String> command = new java.util.ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Write every page into DIR (e.g. target/man or ~/.local/share/man/man1).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Map<String, String> pages = ManPages.all(spec.root().commandLine(), VersionProvider.version());
        if (dir != null) {
            if (!Files.isDirectory(dir)) throw new ParameterException(spec.commandLine(), "--dir " + dir + ": no such folder (create it first)");
            for (var e : pages.entrySet()) AtomicOutput.write(dir.resolve(e.getKey()), w -> w.write(e.getValue()));
            spec.commandLine().getErr().println("portolan: wrote " + pages.size() + " man pages to " + dir);
            spec.commandLine().getErr().flush();
            return ExitCode.OK.code();
        }
        String file = (command.isEmpty() ? "portolan" : "portolan-" + String.join("-", command)) + ".1";
        String page = pages.get(file);
        if (page == null) {
            throw new ParameterException(spec.commandLine(), "no command '" + String.join(" ", command) + "'"
                    + dev.portolan.model.DidYouMean.hint(String.join("-", command), pages.keySet().stream()
                    .map(f -> f.substring(0, f.length() - 2).replaceFirst("^portolan-?", "")).toList()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(page);
        out.flush();
        return ExitCode.OK.code();
    }
}
