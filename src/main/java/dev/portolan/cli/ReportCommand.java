package dev.portolan.cli;

import dev.portolan.batch.FleetResults;
import dev.portolan.batch.FleetSummary;
import dev.portolan.batch.HostResult;
import dev.portolan.model.Severity;
import dev.portolan.report.Escape;
import dev.portolan.report.FleetReport;
import dev.portolan.report.FleetReports;
import dev.portolan.report.HtmlRenderer;
import dev.portolan.report.MarkdownRenderer;
import dev.portolan.report.Renderer;
import dev.portolan.report.Renderers;
import dev.portolan.report.ReportOptions;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunInfo;
import dev.portolan.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * portolan report DIR: renders the result folder of a fleet audit (spark/portolan-spark) as a report: html and md with
 * the fleet page and ticket of {@code audit --batch}, host by host; the other formats as {@code audit} writes them.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Renders a fleet report from the result folder of spark/portolan-spark (summary.json, hosts/, findings/): "
                + "html and md are the fleet page and ticket of 'audit --batch'.",
                "The exit code is the audit's: from the folder's summary and its --fail-on (or the one given here)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The result folder.")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", description = "html, md, text, csv, json, jsonl, sarif or junit (default: from -o's extension, else text).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE (atomically; '-' = standard output); "
            + "the extension picks the format (.txt .md .csv .json .jsonl .html .sarif .xml). Repeatable: one folder, several reports.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "error, warning, notice, info or never (default: the one the job ran with).")
    String failOn;

    @Override
    public Integer call() throws IOException {
        FleetResults results = FleetResults.open(dir);
        Severity threshold = failOn == null ? results.failOn() : AuditOptions.parseFailOn(spec, failOn);
        List<OutputTargets.Target> targets = OutputTargets.resolve(spec, outputs, format,
                name -> Renderers.forExtension(name, threshold).map(Renderer::name), AuditOptions.extensions(threshold));
        ReportOptions options = ReportOptions.DEFAULTS.withFailOn(threshold);
        List<Renderer> renderers = new ArrayList<>();
        for (OutputTargets.Target t : targets) renderers.add(AuditOptions.renderer(spec, t.format(), options));
        PrintWriter err = spec.commandLine().getErr();
        List<String> unreadable = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            OutputTargets.Target t = targets.get(i);
            Renderer renderer = renderers.get(i);
            // each report reads the folder again, one host at a time; the unreadable files are the same every time
            List<String> seen = i == 0 ? unreadable : new ArrayList<>();
            OutputTargets.write(spec, t, w -> write(results, renderer, threshold, w, seen, t.file()));
            if (!t.isStdout()) {
                err.println("portolan: wrote " + Escape.text(t.file().toString()) + " (" + results.counts().hosts() + " host(s), "
                        + results.counts().findings() + " finding(s))");
            }
        }
        for (String u : unreadable) err.println("portolan: " + Escape.text(u));
        err.flush();
        ExitCode code = results.counts().reaches(threshold) ? ExitCode.FINDINGS : ExitCode.OK;
        if (results.counts().unreadableFiles() > 0) code = code.max(ExitCode.USAGE);
        return code.code();
    }

    private static void write(FleetResults results, Renderer renderer, Severity threshold, Writer w, List<String> unreadable, Path output)
            throws IOException {
        if (renderer instanceof HtmlRenderer || renderer instanceof MarkdownRenderer) {
            // the fleet page or ticket of audit --batch, fed one host at a time
            FleetSummary summary = new FleetSummary(threshold);
            try (FleetReport report = FleetReports.forFormat(renderer.name(), threshold)) {
                results.forEachHost(h -> {
                    HostResult r = HostResult.of(h.report(), false);
                    summary.add(r, 0);
                    report.host(r, List.of());
                    unreadable.addAll(h.unreadable());
                });
                report.end(new FleetReport.End(summary, null, List.of(), List.of(), unreadable, Instant.now(),
                        VersionProvider.version(), output), w);
            }
            return;
        }
        // the other formats as audit writes them, host by host (document formats keep what they need until the end)
        ReportWriter report = renderer.open(w, new RunInfo(Instant.now(), VersionProvider.version()));
        RunSummary.Tally tally = new RunSummary.Tally();
        results.forEachHost(h -> {
            report.host(h.report());
            tally.add(h.report());
            unreadable.addAll(h.unreadable());
        });
        report.end(tally.summary());
    }
}
