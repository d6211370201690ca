package dev.portolan.cli;

import dev.portolan.batch.AuditResults;
import dev.portolan.batch.ResultDiff;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.Severity;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.DiffRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** portolan diff OLD NEW: what changed between two audits (json or jsonl written by audit). */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Compares two audit results (the json or jsonl that 'portolan audit' writes): new and gone listeners, "
                + "services and findings per host, whatever the PIDs, ephemeral ports and report times.",
                "Exit 0 when nothing new reaches --fail-on, 1 when something does, 2 when an input cannot be read."})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier audit result (json or jsonl, .gz fine).")
    Path oldResult;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later audit result.")
    Path newResult;

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "LEVEL", description = "error, warning, notice, info or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--suppress", paramLabel = "FILE", description = "Accepted risks (CSV host,product_role,proto,port,code,reason,expires): "
            + "matching new findings do not count and are listed with their reason.")
    Path suppress;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, md, json or html (default: text, or from -o's extension).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the diff to FILE (atomically) instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        Severity threshold = AuditOptions.parseFailOn(spec, failOn);
        String fmt = DiffRenderer.format(format, output == null ? null : output.getFileName().toString());
        if (fmt == null) {
            throw new ParameterException(spec.commandLine(), "unknown diff format '" + format + "' (expected one of: "
                    + String.join(", ", DiffRenderer.FORMATS) + ")");
        }
        PrintWriter err = spec.commandLine().getErr();
        ResultDiff.Result result;
        Suppressions suppressions;
        try {
            suppressions = suppress == null ? Suppressions.none() : Suppressions.read(suppress, LocalDate.now());
            ResultDiff diff = ResultDiff.against(oldResult);
            AuditResults.read(newResult, h -> {
                Suppressions.Applied a = suppressions.apply(h);
                diff.compare(a.kept(), a.suppressed());
            });
            result = diff.finish(newResult.toString());
        } catch (IOException e) {
            err.println("portolan: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        List<Suppressions.Note> notes = suppressions.notes();
        if (output != null) {
            AtomicOutput.write(output, w -> DiffRenderer.render(fmt, result, threshold, notes, w));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            DiffRenderer.render(fmt, result, threshold, notes, out);
            out.flush();
        }
        if (output != null || !fmt.equals("text")) {
            for (Suppressions.Note n : notes) err.println("portolan: " + (n.warning() ? "warning: " : "info: ") + n.text());
        }
        err.flush();
        return (result.reaches(threshold) ? ExitCode.FINDINGS : ExitCode.OK).code();
    }
}
