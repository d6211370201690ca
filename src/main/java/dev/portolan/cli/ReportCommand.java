package dev.portolan.cli;

import dev.portolan.batch.FleetResults;
import dev.portolan.model.AuditReport;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.Renderer;
import dev.portolan.report.Renderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** portolan report DIR: renders the result folder of a fleet audit (spark/portolan-spark) as a report. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Renders a fleet report from the result folder of spark/portolan-spark (summary.json, hosts/, findings/).",
                "The exit code is the audit's: from the folder's summary and its --fail-on (or the one given here)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The result folder.")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", description = "html, md, text, csv, json, jsonl, sarif or junit (default: from -o's extension, else text).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of standard output.")
    Path output;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "error, warning, notice, info or never (default: the one the job ran with).")
    String failOn;

    @Override
    public Integer call() throws IOException {
        FleetResults results = FleetResults.open(dir);
        Severity threshold = failOn == null ? results.failOn() : parseFailOn();
        Renderer renderer = chooseRenderer(threshold);
        List<HostReport> hosts = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        results.forEachHost(h -> {
            hosts.add(h.report());
            unreadable.addAll(h.unreadable());
        });
        AuditReport report = new AuditReport(hosts, Instant.now(), VersionProvider.version());
        PrintWriter err = spec.commandLine().getErr();
        if (output != null) {
            AtomicOutput.write(output, w -> renderer.render(report, w));
            err.println("portolan: wrote " + output + " (" + results.counts().hosts() + " host(s), " + results.counts().findings()
                    + " finding(s))");
        } else {
            PrintWriter out = spec.commandLine().getOut();
            renderer.render(report, out);
            out.flush();
        }
        for (String u : unreadable) err.println("portolan: " + u);
        err.flush();
        ExitCode code = results.counts().reaches(threshold) ? ExitCode.FINDINGS : ExitCode.OK;
        if (results.counts().unreadableFiles() > 0) code = code.max(ExitCode.USAGE);
        return code.code();
    }

    private Severity parseFailOn() {
        if (failOn.equalsIgnoreCase("never")) return null;
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad --fail-on '" + failOn + "' (expected error, warning, notice, info or never)");
        }
    }

    private Renderer chooseRenderer(Severity threshold) {
        try {
            if (format == null && output != null) {
                return Renderers.forExtension(output.getFileName().toString(), threshold)
                        .orElseGet(() -> Renderers.forName("text", threshold));
            }
            return Renderers.forName(format == null ? "text" : format.toLowerCase(Locale.ROOT), threshold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
