package dev.portolan.cli;

import dev.portolan.audit.Auditor;
import dev.portolan.batch.AuditJob;
import dev.portolan.batch.HostsManifest;
import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.HostCheck;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.model.AuditReport;
import dev.portolan.model.DidYouMean;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.Escape;
import dev.portolan.report.Renderer;
import dev.portolan.report.ReportOptions;
import dev.portolan.report.Renderers;
import dev.portolan.report.RunInfo;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The options of an audit (roles, settings, catalog, report, fail-on), shared by {@code audit} and {@code capture}. */
public final class AuditOptions {
    private CommandSpec spec;

    @Option(names = "--role", paramLabel = "PRODUCT:ROLE", description = "A role of the host (repeatable), e.g. clientmanager:manager.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A host setting used by catalog conditions (repeatable), "
            + "e.g. clientmanager.version=4.33, serverprotect.mode=tcpip.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--os", paramLabel = "OS", description = "windows, windows-legacy, linux, macos, freebsd, openbsd, solaris or aix (default: guessed from the input).")
    String os;

    @Option(names = "--ephemeral", paramLabel = "LOW-HIGH", description = "Override the host's ephemeral port range.")
    String ephemeral;

    @Option(names = "--host", paramLabel = "NAME|ADDRESS", description = "The audited host's name, or its address (for captures and logs).")
    String host;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "Another address of the audited host (repeatable).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--hosts", paramLabel = "FILE", description = "Hosts manifest CSV: host,addresses,os,roles,settings.")
    Path manifest;

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--infer-roles", description = "Propose roles from the observations (with confidence and the ports that decided), and audit with them.")
    boolean inferRoles;

    @Option(names = "--batch", description = "Each sub-folder of a given folder (or loose file) is a separate host.")
    boolean batch;

    @Option(names = "--follow-links", description = "Also read what symbolic links in a given folder lead to outside it "
            + "(not followed by default, so a link to /etc does not make system files evidence).")
    boolean followLinks;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of firewall log times (e.g. Asia/Tokyo); default: kept as logged.")
    String tz;

    @Option(names = "--reader", defaultValue = "default", paramLabel = "READER", description = "Capture reader: default (pure Java) or pcap4j (libpcap).")
    String reader;

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "LEVEL", description = "error, warning, notice, info or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, md, csv, json, jsonl, html, sarif or junit (default: text, or from -o's extension).")
    String format;

    @Option(names = "--show", paramLabel = "WHAT", description = "info or all: list expected behaviour (info findings) in detail "
            + "instead of counting it (same as --min-severity info).")
    String show;

    @Option(names = "--min-severity", paramLabel = "LEVEL", description = "List findings from this severity up (error, warning, "
            + "notice, info; default: notice); the others are counted. Display only: the exit code follows --fail-on; "
            + "csv, json and jsonl always keep every finding.")
    String minSeverity;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", description = "Colour the text report: auto (on a "
            + "terminal, unless NO_COLOR is set), always or never (default: ${DEFAULT-VALUE}).")
    Terminal.ColorMode color;

    @Option(names = "--csv-bom", description = "Start CSV reports with a UTF-8 byte order mark (for Excel).")
    boolean csvBom;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE (atomically; '-' = standard output); "
            + "the extension picks the format (.txt .md .csv .json .jsonl .html .sarif .xml). Repeatable: one audit, several reports.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--include-flows", description = "Also list every flow (per 5-tuple) in the report; memory and report grow with them.")
    boolean includeFlows;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads, 1 or more (default: number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--suppress", paramLabel = "FILE", description = "Accepted risks, CSV host,product_role,proto,port,code,reason,expires: "
            + "matching findings do not count for the exit code and are listed separately with their reason.")
    Path suppress;

    @Option(names = "--baseline", paramLabel = "FILE", description = "An earlier audit's json or jsonl output: report what is new or gone "
            + "since; only new findings count for the exit code.")
    Path baseline;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary line on stderr.")
    boolean quiet;

    /** Audits the files and reports; returns the exit code. {@code spec} is the command that owns these options. */
    public int execute(CommandSpec owner, List<Path> files) throws IOException {
        this.spec = owner;
        refuseOutputOntoInput(files);
        Severity threshold = parseFailOn();
        if (threads < 1) throw new ParameterException(spec.commandLine(), "bad --threads " + threads + " (expected 1 or more)");
        List<OutputTargets.Target> targets = OutputTargets.resolve(spec, outputs, format,
                name -> Renderers.forExtension(name, threshold).map(Renderer::name), extensions(threshold));
        List<Renderer> renderers = new ArrayList<>();
        for (OutputTargets.Target t : targets) renderers.add(renderer(spec, t.format(), reportOptions(threshold, t.isStdout())));
        ReadOptions readOptions = readOptions(null);
        // a batch's folders are walked while the catalog and the manifest load
        java.util.concurrent.Future<List<dev.portolan.batch.HostInputs>> walk = batch ? AuditJob.walkAhead(files, followLinks) : null;
        Catalog cat = catalog.load();
        for (String r : roles) CatalogNames.requireRole(spec, cat, r);
        Host template = buildHost();
        HostCheck.Result checked = new HostCheck(cat).check(template);
        if (!checked.ok()) throw new ParameterException(spec.commandLine(), String.join(System.lineSeparator() + "portolan: ", checked.problems()));
        template = checked.host();
        HostsManifest m;
        try {
            m = manifest == null ? HostsManifest.empty() : HostsManifest.read(manifest, cat);
        } catch (HostsManifest.ManifestException e) {
            PrintWriter err = spec.commandLine().getErr();
            for (String problem : e.problems()) err.println("portolan: " + Escape.text(problem));
            err.flush();
            return ExitCode.USAGE.code();
        }
        List<String> empty = dev.portolan.batch.ReadNothing.emptyFolders(files);
        if (!empty.isEmpty()) {
            // a run that would read nothing must not pass: said before any work, whatever the mode
            PrintWriter err = spec.commandLine().getErr();
            for (String e : empty) err.println("portolan: " + Escape.text(e));
            err.flush();
            return ExitCode.USAGE.code();
        }
        readOptions = readOptions(cat);
        AuditJob job = AuditJob.builder(new Auditor(cat)).inputs(files).host(template).inferRoles(inferRoles)
                .manifest(m).readOptions(readOptions).batch(batch).followLinks(followLinks).includeFlows(includeFlows).threads(threads)
                .walkedAhead(walk).version(VersionProvider.version()).build();
        if (batch || suppress != null || baseline != null) {
            if (targets.size() > 1) {
                throw new ParameterException(spec.commandLine(), "--batch, --suppress and --baseline write one report: give -o once");
            }
            OutputTargets.Target t = targets.get(0);
            return new FleetCommandRun(owner, threshold, renderers.get(0), t.file(), t.format(), quiet, batch).run(job, suppress, baseline);
        }
        RunInfo run = new RunInfo(Instant.now(), job.version());
        PrintWriter err = spec.commandLine().getErr();
        List<String> unreadable;
        boolean reaches;
        if (targets.size() == 1) {
            // one report: streamed host by host as the audit goes
            OutputTargets.Target t = targets.get(0);
            Renderer renderer = renderers.get(0);
            AuditJob.Result[] result = new AuditJob.Result[1];
            OutputTargets.write(spec, t, w -> result[0] = job.run(renderer.open(w, run)));
            if (!t.isStdout()) {
                err.println("portolan: wrote " + Escape.text(t.file().toString()) + " (" + result[0].summary().findingCount() + " finding(s))");
            }
            unreadable = result[0].unreadable();
            reaches = result[0].summary().reaches(threshold);
        } else {
            // several reports of one audit: the audit is kept whole, then rendered once per target
            AuditJob.Outcome outcome = job.run();
            AuditReport report = outcome.report();
            for (int i = 0; i < targets.size(); i++) {
                OutputTargets.Target t = targets.get(i);
                Renderer renderer = renderers.get(i);
                OutputTargets.write(spec, t, w -> renderer.render(report, w));
                if (!t.isStdout()) err.println("portolan: wrote " + Escape.text(t.file().toString()) + " (" + report.findingCount() + " finding(s))");
            }
            unreadable = outcome.unreadable();
            reaches = report.reaches(threshold);
        }
        for (String u : unreadable) err.println("portolan: " + Escape.text(u));
        err.flush();
        ExitCode code = reaches ? ExitCode.FINDINGS : ExitCode.OK;
        if (!unreadable.isEmpty()) code = code.max(ExitCode.USAGE);
        return code.code();
    }
    /** {@code -o} onto one of the run's inputs would destroy it: refused before anything is read (exit 2). */
    private void refuseOutputOntoInput(List<Path> files) {
        for (Path output : outputs) {
            if (output.toString().equals("-")) continue;
            AtomicOutput.clashingInput(output, files).ifPresent(in -> {
                throw new ParameterException(spec.commandLine(), "-o " + output + " would overwrite the input " + in
                        + " (choose another output file)");
            });
        }
    }

    private Severity parseFailOn() {
        return parseFailOn(spec, failOn);
    }

    /** A --fail-on level; null for "never". */
    static Severity parseFailOn(CommandSpec spec, String failOn) {
        if (failOn.equalsIgnoreCase("never")) return null;
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad --fail-on '" + failOn + "' (expected error, warning, notice, info or never)");
        }
    }


    /** How reports are shown: thresholds from the options, colour and width from the terminal when writing to it. */
    private ReportOptions reportOptions(Severity threshold, boolean toStdout) {
        Severity min = Severity.NOTICE;
        if (show != null) {
            String s = show.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("info") && !s.equals("all")) {
                throw new ParameterException(spec.commandLine(), "bad --show '" + show + "' (expected info or all)");
            }
            if (minSeverity != null) {
                throw new ParameterException(spec.commandLine(), "--show and --min-severity both set what is listed; use one");
            }
            min = Severity.INFO;
        } else if (minSeverity != null) {
            try {
                min = Severity.parse(minSeverity);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "bad --min-severity '" + minSeverity
                        + "' (expected error, warning, notice or info)");
            }
        }
        Terminal terminal = Terminal.detect();
        return new ReportOptions(threshold, min, terminal.color(color, toStdout),
                toStdout ? terminal.columns() : ReportOptions.DEFAULT_WIDTH, csvBom);
    }

    /** The renderer a format name names; an unknown name is a usage error with a suggestion. */
    static Renderer renderer(CommandSpec spec, String name, ReportOptions options) {
        try {
            return Renderers.forName(name, options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + DidYouMean.hint(name, Renderers.names()));
        }
    }

    /** The file extensions that name report formats. */
    static List<String> extensions(Severity threshold) {
        List<String> out = new ArrayList<>();
        for (String n : Renderers.names()) out.add(Renderers.forName(n, threshold).extension());
        return out;
    }

    private Host buildHost() {
        Host.Builder b = Host.builder();
        try {
            if (host != null) {
                if (looksLikeAddress(host)) b.address(host).name(host);
                else b.name(host);
            }
            for (String a : addresses) b.address(a);
            if (os != null) b.os(OsFamily.parse(os));
            if (ephemeral != null) b.ephemeral(ephemeralRange(ephemeral));
            for (String r : roles) b.role(r);
            for (String kv : settings) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("bad --set '" + kv + "' (expected KEY=VALUE, e.g. clientmanager.version=4.33)");
                b.setting(kv.substring(0, eq), kv.substring(eq + 1));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return b.build();
    }

    private ReadOptions readOptions(Catalog cat) {
        ZoneId zone = null;
        if (tz != null) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new ParameterException(spec.commandLine(), "bad --tz '" + tz + "' (expected a zone such as UTC, Asia/Tokyo or +09:00)");
            }
        }
        String r = reader.toLowerCase(Locale.ROOT);
        if (!r.equals("default") && !r.equals("pcap4j")) {
            throw new ParameterException(spec.commandLine(), "bad --reader '" + reader + "' (expected default or pcap4j)");
        }
        if (cat == null) return new ReadOptions(zone, r, p -> false);
        return new ReadOptions(zone, r, p -> cat.isListenerPort(Protocol.TCP, p) || cat.isListenerPort(Protocol.UDP, p));
    }

    /** LOW-HIGH within 1024-65535, LOW below HIGH: a single port or a reserved port cannot be an ephemeral range. */
    private static PortRange ephemeralRange(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        PortRange r;
        try {
            r = dash < 0 ? null : PortRange.parse(t);
        } catch (IllegalArgumentException e) {
            r = null;
        }
        if (r == null || r.low() < 1024 || r.low() >= r.high()) {
            throw new IllegalArgumentException("bad --ephemeral '" + text + "' (expected LOW-HIGH within 1024-65535, e.g. 49152-65535)");
        }
        return r;
    }

    static boolean looksLikeAddress(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.%]+"));
    }

}
