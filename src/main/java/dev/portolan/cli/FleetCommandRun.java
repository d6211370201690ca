package dev.portolan.cli;

import dev.portolan.batch.AuditJob;
import dev.portolan.batch.FleetRun;
import dev.portolan.batch.Progress;
import dev.portolan.batch.ResultDiff;
import dev.portolan.batch.Suppressions;
import dev.portolan.model.AuditReport;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.FleetHtmlRenderer;
import dev.portolan.report.FleetMarkdownRenderer;
import dev.portolan.report.FleetReport;
import dev.portolan.report.HtmlRenderer;
import dev.portolan.report.MarkdownRenderer;
import dev.portolan.report.Renderer;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunInfo;
import dev.portolan.report.RunSummary;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code audit --batch} (and any audit with {@code --suppress} or {@code --baseline}): runs the streaming
 * {@link FleetRun} and writes the report host by host — the fleet page or ticket for html/md in batch mode,
 * JSON Lines line by line — then prints notes and picks the exit code.
 */
final class FleetCommandRun {
    private final CommandSpec spec;
    private final Severity threshold;
    private final Renderer renderer;
    private final Path output;
    private final boolean quiet;
    private final boolean batch;

    FleetCommandRun(CommandSpec spec, Severity threshold, Renderer renderer, Path output, String format, boolean quiet, boolean batch) {
        this.spec = spec;
        this.threshold = threshold;
        this.renderer = renderer;
        this.output = output;
        this.quiet = quiet;
        this.batch = batch;
    }

    int run(AuditJob job, Path suppressFile, Path baselineFile) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Suppressions suppressions;
        ResultDiff baseline;
        try {
            suppressions = suppressFile == null ? Suppressions.none() : Suppressions.read(suppressFile, LocalDate.now());
            baseline = baselineFile == null ? null : ResultDiff.against(baselineFile);
        } catch (IOException e) {
            err.println("portolan: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        FleetRun run = new FleetRun(job, threshold, suppressions, baseline, Math.max(4, job.threads() * 8));
        Progress progress = new Progress(err, batch ? Progress.modeFor(quiet) : Progress.Mode.QUIET);
        String newName = output == null ? "this audit" : output.toString();
        FleetRun.Outcome[] outcome = new FleetRun.Outcome[1];
        long[] findings = {0};
        if (output != null) {
            AtomicOutput.write(output, w -> outcome[0] = write(run, progress, w, newName, suppressions));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            outcome[0] = write(run, progress, out, newName, suppressions);
            out.flush();
        }
        FleetRun.Outcome o = outcome[0];
        findings[0] = o.summary().findings();
        if (output != null && !quiet) err.println("portolan: wrote " + output + " (" + findings[0] + " finding(s), " + o.summary().hosts() + " host(s))");
        for (Suppressions.Note n : o.notes()) err.println("portolan: " + (n.warning() ? "warning: " : "info: ") + n.text());
        if (o.summary().suppressed() > 0) err.println("portolan: " + o.summary().suppressed() + " finding(s) suppressed by " + suppressions.file());
        if (o.changes() != null) {
            ResultDiff.Result c = o.changes();
            err.println("portolan: since " + c.oldName() + ": " + c.count(ResultDiff.HostDelta::newFindings) + " new finding(s), "
                    + c.count(ResultDiff.HostDelta::goneFindings) + " gone; " + c.hosts(ResultDiff.Status.NEW_HOST) + " new host(s), "
                    + c.hosts(ResultDiff.Status.GONE_HOST) + " gone");
        }
        for (String u : o.unreadable()) err.println("portolan: " + u);
        err.flush();
        ExitCode code = o.reaches(threshold) ? ExitCode.FINDINGS : ExitCode.OK;
        if (!o.unreadable().isEmpty()) code = code.max(ExitCode.USAGE);
        return code.code();
    }

    private FleetRun.Outcome write(FleetRun run, Progress progress, Writer w, String newName, Suppressions suppressions) throws IOException {
        boolean fleetPage = batch && (renderer instanceof HtmlRenderer || renderer instanceof MarkdownRenderer);
        if (fleetPage) {
            try (FleetReport report = renderer instanceof HtmlRenderer ? new FleetHtmlRenderer(threshold) : new FleetMarkdownRenderer(threshold)) {
                FleetRun.Outcome o = run.run((full, kept, suppressed) -> report.host(kept, suppressed), progress, newName);
                report.end(new FleetReport.End(o.summary(), o.changes(), o.notes(), suppressions.rules(), o.unreadable(), Instant.now(),
                        dev.portolan.cli.VersionProvider.version(), output), w);
                return o;
            }
        }
        // every other format streams: each host is written as it completes, the totals and the notes at the end
        RunSummary.Tally tally = new RunSummary.Tally();
        ReportWriter out = renderer.open(w, new RunInfo(Instant.now(), VersionProvider.version()));
        FleetRun.Outcome o = run.run((report, kept, suppressed) -> {
            out.host(report, suppressed);
            tally.add(report);
        }, progress, newName);
        out.end(tally.summary().withNotes(o.notes()));
        return o;
    }
}
