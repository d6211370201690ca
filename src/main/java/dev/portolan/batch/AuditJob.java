package dev.portolan.batch;

import dev.portolan.audit.Auditor;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputWalk;
import dev.portolan.ingest.MemoryExhausted;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.NotAnInputException;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an audit over input files: one host (all files describe it) or a batch (every sub-folder of a given folder
 * is a host; loose files are a host each, named by the file), on a local thread pool. Each host's files are read
 * one after the other straight into its {@link HostAudit}; each host report goes to the {@link ReportWriter} as
 * soon as it and every host before it are done, so nothing holds more than the hosts in flight.
 * {@link #audit(HostInputs)} is the unit of work: other runners (the Spark job) find the hosts' files their own way
 * and call it once per host.
 * An unreadable file never stops the others: it becomes an INPUT_PROBLEM of its host and is listed in
 * {@link Result#unreadable()} so the caller can choose the exit code.
 */
public final class AuditJob {
    private final Auditor auditor;
    private final List<Path> paths;
    private final Host template;
    private final boolean inferRoles;
    private final HostsManifest manifest;
    /** The manifest's hosts by address, prepared once for every host of the run. */
    private final dev.portolan.audit.Peers peers;
    private final ReadOptions readOptions;
    private final boolean batch;
    private final boolean includeFlows;
    private final int threads;
    private final String version;
    private final boolean followLinks;
    /** The plan, walked before the job was built (null: walked when asked). */
    private final Future<List<HostInputs>> walkedAhead;

    /** What a streamed run produced: the run's totals, and which files could not be read at all. */
    public record Result(RunSummary summary, List<String> unreadable) {
    }

    /** What {@link #run()} produced: the whole report, and which files could not be read at all. */
    public record Outcome(AuditReport report, List<String> unreadable) {
    }

    /** What auditing one host's files gave: its host report(s) (several for a capture of several hosts) and unreadable files. */
    public record HostAudit(List<HostReport> reports, List<String> unreadable) {
        public HostAudit {
            reports = List.copyOf(reports);
            unreadable = List.copyOf(unreadable);
        }
    }

    /**
     * The hosts to audit with their files, sorted by host name (a folder before a loose file of the same name), so a
     * streaming run can write them in a deterministic order.
     */
    public List<HostInputs> plan() throws IOException {
        if (walkedAhead != null) return new ArrayList<>(get(walkedAhead));
        return sorted(group(batch, paths, followLinks, template.name()));
    }

    private static List<HostInputs> sorted(List<HostInputs> hosts) {
        List<HostInputs> out = new ArrayList<>(hosts);
        out.sort(java.util.Comparator.comparing(HostInputs::name).thenComparing(HostInputs::nameFromContent));
        return out;
    }

    /**
     * Starts the walk of a batch's folders ({@link #plan()}) on a thread of its own, before the job can be built: the
     * walk needs only the paths, so a tree of thousands of host folders is walked while the catalog and the hosts
     * manifest load. Give the result to {@link Builder#walkedAhead} of a batch job over the same paths.
     */
    public static Future<List<HostInputs>> walkAhead(List<Path> paths, boolean followLinks) {
        List<Path> given = List.copyOf(paths);
        java.util.concurrent.FutureTask<List<HostInputs>> walk = new java.util.concurrent.FutureTask<>(
                () -> sorted(group(true, given, followLinks, "")));
        Thread t = new Thread(walk, "portolan-walk");
        t.setDaemon(true);
        t.start();
        return walk;
    }

    /**
     * Audits one host of the job from its files, wherever they were found (the folder walk of {@link #plan()}, a
     * Hadoop listing in the Spark job): the unit of work of every runner. Thread-safe, so hosts can run on a pool; an
     * input that cannot be read becomes an INPUT_PROBLEM of its host and is listed in {@link HostAudit#unreadable()}.
     */
    public HostAudit audit(HostInputs host) throws IOException {
        List<String> unreadable = new ArrayList<>();
        List<HostReport> reports = new ArrayList<>(auditHost(host, unreadable));
        reports.sort(java.util.Comparator.comparing(r -> r.host().name()));
        return new HostAudit(reports, unreadable);
    }

    public int threads() {
        return threads;
    }

    private AuditJob(Builder b) {
        this.auditor = b.auditor;
        this.paths = List.copyOf(b.paths);
        this.template = b.template;
        this.inferRoles = b.inferRoles;
        this.manifest = b.manifest;
        this.peers = dev.portolan.audit.Peers.of(b.manifest.addresses());
        // raw flows in the report are whole 5-tuples; otherwise readers may push flows in parts
        this.readOptions = b.readOptions.withWholeFlows(b.includeFlows);
        this.batch = b.batch;
        this.includeFlows = b.includeFlows;
        this.threads = b.threads;
        this.version = b.version;
        this.followLinks = b.followLinks;
        if (b.walkedAhead != null && !b.batch) throw new IllegalArgumentException("a folder walk ahead is for batch jobs");
        this.walkedAhead = b.walkedAhead;
    }

    public static Builder builder(Auditor auditor) {
        return new Builder(auditor);
    }

    /** When the run started and by which version, for {@link dev.portolan.report.Renderer#open}. */
    public String version() {
        return version;
    }

    /** Audits everything and keeps the whole report (tests, library callers with few hosts). */
    public Outcome run() throws IOException {
        List<HostReport> hosts = new ArrayList<>();
        Result r = run(new ReportWriter() {
            @Override
            public void host(HostReport h) {
                hosts.add(h);
            }

            @Override
            public void end(RunSummary summary) {
            }
        });
        return new Outcome(new AuditReport(hosts, Instant.now(), version), r.unreadable());
    }

    /** Audits everything, writing each host report to {@code out} in host order as hosts complete, then ends it. */
    public Result run(ReportWriter out) throws IOException {
        List<HostInputs> hosts = plan();
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        RunSummary.Tally tally = new RunSummary.Tally();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, hosts.size())), r -> {
            Thread t = new Thread(r, "portolan-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<HostReport>>> futures = new ArrayList<>();
            for (HostInputs h : hosts) futures.add(pool.submit(() -> auditHost(h, unreadable)));
            // in host order: a later host that finished first waits in its future, not in a list of reports
            for (Future<List<HostReport>> f : futures) {
                for (HostReport h : get(f)) {
                    out.host(h);
                    tally.add(h);
                }
            }
            RunSummary summary = tally.summary();
            out.end(summary);
            return new Result(summary, List.copyOf(unreadable));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A finished task's result, with its own exception rethrown as it was (IOException, RuntimeException, Error). */
    static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err; // OutOfMemoryError: the command line says what to do
            throw new IOException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private List<HostReport> auditHost(HostInputs files, List<String> unreadable) throws IOException {
        boolean fleet = isCaptureFleet(files.files());
        Host host = fleet ? Host.builder().os(template.os()).build() : hostFor(files);
        // a host whose name is not fixed before reading (its inputs or its folder name it) is looked up in the manifest
        // by the name it ends with
        boolean nameLater = files.nameFromContent() || host.name() == null || host.name().isEmpty();
        dev.portolan.audit.HostAudit audit = auditor.start(host, new Auditor.Options(inferRoles && !fleet, peers, includeFlows, fleet,
                files.nameFromContent() ? files.name() : null, rolesDeclared(files),
                nameLater && !fleet && !manifest.isEmpty() ? manifest::byName : null));
        for (HostInputs.Input e : files.files()) audit.file(e.source());
        Map<String, OneHostCheck.Seen> seen = new java.util.HashMap<>();
        for (HostInputs.Input e : files.files()) {
            Source s = e.source();
            if (e.kind() == InputWalk.Kind.FILE) {
                read(audit, s, e.inFolder(), unreadable, seen);
            } else if (e.kind() == InputWalk.Kind.UNREADABLE) {
                unreadable.add(e.message());
                audit.unreadable(s, e.message());
            } else {
                audit.read(FileSummary.skipped(s, e.message()));
            }
        }
        if (!batch) OneHostCheck.require(audit.files(), seen);
        List<FileSummary> read = audit.files();
        ReadNothing.reason(read, batch).ifPresent(reason -> {
            unreadable.add(reason);
            audit.problem(new InputProblem(Evidence.ofFile(read.get(0).source().name(), ""), reason));
        });
        if (fleet) return audit.finishFleet(manifest.hosts(), inferRoles, template.os());
        return List.of(audit.finish());
    }

    private void read(dev.portolan.audit.HostAudit audit, Source s, boolean fromFolder, List<String> unreadable,
                      Map<String, OneHostCheck.Seen> seen) {
        try {
            dev.portolan.ingest.ObservationSink sink = audit;
            if (!batch) {
                OneHostCheck.Seen tee = new OneHostCheck.Seen(audit);
                seen.put(s.name(), tee);
                sink = tee;
            }
            audit.read(Inputs.read(s, readOptions, sink));
        } catch (OutOfMemoryError e) {
            throw new MemoryExhausted(s.name(), e);
        } catch (NotAnInputException e) {
            if (fromFolder) {
                // said without its name (the notice's evidence names it): the files of a folder skipped for one reason
                // make one notice
                java.util.Optional<String> named = hostnameIn(s);
                audit.read(named.isPresent() ? FileSummary.naming(s, named.get())
                        : FileSummary.skipped(s, "skipped while reading its folder: " + e.reason()));
            } else {
                unreadable.add(e.getMessage());
                audit.unreadable(s, e.getMessage());
            }
        } catch (UnreadableInputException e) {
            unreadable.add(e.getMessage());
            audit.unreadable(s, e.getMessage());
        } catch (IOException | RuntimeException e) {
            String m = e instanceof IOException ? e.getMessage() : s.name() + ": reader failed: " + e;
            unreadable.add(m);
            audit.unreadable(s, m);
        }
    }

    /** The host name a support bundle's {@code hostname} file holds; empty for any other file (or one unreadable). */
    private static java.util.Optional<String> hostnameIn(Source s) {
        try {
            return dev.portolan.ingest.HostnameFile.name(s);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Captures of several hosts, with nobody named as "the" host: every host of the manifest (and with
     * --infer-roles every address that answered) gets a report of its own. Decided by content, before reading.
     */
    private boolean isCaptureFleet(List<HostInputs.Input> files) {
        boolean anonymous = template.name().isEmpty() && template.addresses().isEmpty() && template.roles().isEmpty();
        if (!anonymous || (manifest.isEmpty() && !inferRoles)) return false;
        // a capture's magic is in its first bytes: the text sniffers (the costly part) run only when one is there
        boolean anyCapture = false;
        for (HostInputs.Input e : files) {
            if (e.kind() != InputWalk.Kind.FILE) continue;
            try {
                anyCapture = Inputs.isCapture(e.source());
            } catch (IOException unreadable) {
                continue; // unreadable: reported when it is read
            }
            if (anyCapture) break;
        }
        if (!anyCapture) return false;
        for (HostInputs.Input e : files) {
            if (e.kind() != InputWalk.Kind.FILE) continue;
            InputFormat f;
            try {
                f = Inputs.detect(e.source());
            } catch (IOException unreadable) {
                continue;
            }
            if (f != InputFormat.PCAP && f != InputFormat.PCAPNG && f != InputFormat.UNKNOWN) return false;
        }
        return true;
    }

    private Host hostFor(HostInputs files) {
        if (!batch) {
            Host h = template;
            Host m = manifest.byName(h.name());
            return m != null ? merge(m, h) : h;
        }
        // a loose file's host may be named by its content: the audit guesses the name when it is left empty
        String name = files.nameFromContent() ? "" : files.name();
        Host m = name.isEmpty() ? null : manifest.byName(name);
        return (m != null ? merge(m, template) : template).toBuilder().name(name).build();
    }

    /** Roles were stated for this host: on the command line, or by its row in the manifest (even an empty one). */
    private boolean rolesDeclared(HostInputs files) {
        if (!template.roles().isEmpty()) return true;
        if (!batch) return manifest.byName(template.name()) != null;
        return !files.nameFromContent() && manifest.byName(files.name()) != null;
    }

    /** Manifest values win; roles/settings given on the command line are added. */
    private static Host merge(Host fromManifest, Host given) {
        Host.Builder b = fromManifest.toBuilder();
        given.roles().forEach(b::role);
        given.settings().forEach((k, v) -> { if (!fromManifest.settings().containsKey(k)) b.setting(k, v); });
        given.addresses().forEach(b::address);
        if (fromManifest.os() == OsFamily.UNKNOWN) b.os(given.os());
        return b.build();
    }

    /** The hosts and what the walk met for each, in the order given; a file given twice is read once. */
    private static List<HostInputs> group(boolean batch, List<Path> paths, boolean followLinks, String hostName) throws IOException {
        if (!batch) {
            List<InputWalk.Entry> all = InputWalk.readOnce(Inputs.walk(paths, followLinks));
            // one folder given and no name: the host is named after it (unless its files name it), not after the
            // folder of the first file in it (a support bundle's "etc")
            if (hostName.isEmpty() && paths.size() == 1 && java.nio.file.Files.isDirectory(paths.get(0))) {
                Path dir = paths.get(0).toAbsolutePath().normalize().getFileName();
                if (dir != null) return List.of(HostInputs.walked(dir.toString(), true, all, p -> !paths.contains(p)));
            }
            return List.of(HostInputs.walked(hostName, false, all, p -> !paths.contains(p)));
        }
        Map<HostInputs.Key, List<InputWalk.Entry>> hosts = new LinkedHashMap<>();
        Set<Path> fromFolders = new HashSet<>();
        for (Path root : paths) {
            if (Files.isDirectory(root)) {
                for (InputWalk.Entry e : Inputs.walk(List.of(root), followLinks)) {
                    fromFolders.add(e.path());
                    List<String> rel = new ArrayList<>();
                    root.relativize(e.path()).forEach(seg -> rel.add(seg.toString()));
                    hosts.computeIfAbsent(HostInputs.keyOf(rel, !e.isFile()), k -> new ArrayList<>()).add(e);
                }
            } else {
                hosts.computeIfAbsent(HostInputs.keyOf(List.of(root.getFileName().toString()), false), k -> new ArrayList<>())
                        .add(new InputWalk.Entry(root, InputWalk.Kind.FILE, ""));
            }
        }
        List<HostInputs> out = new ArrayList<>();
        hosts.forEach((k, entries) -> out.add(HostInputs.walked(k.name(), k.nameFromContent(), InputWalk.readOnce(entries), fromFolders::contains)));
        return out;
    }

    public static final class Builder {
        private final Auditor auditor;
        private final List<Path> paths = new ArrayList<>();
        private Host template = Host.builder().build();
        private boolean inferRoles;
        private HostsManifest manifest = HostsManifest.empty();
        private ReadOptions readOptions = ReadOptions.defaults();
        private boolean batch;
        private boolean includeFlows;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String version = "dev";
        private boolean followLinks;
        private Future<List<HostInputs>> walkedAhead;

        private Builder(Auditor auditor) {
            this.auditor = auditor;
        }

        public Builder inputs(List<Path> p) { paths.addAll(p); return this; }
        public Builder host(Host h) { template = h; return this; }
        public Builder inferRoles(boolean b) { inferRoles = b; return this; }
        public Builder manifest(HostsManifest m) { manifest = m; return this; }
        public Builder readOptions(ReadOptions o) { readOptions = o; return this; }
        public Builder batch(boolean b) { batch = b; return this; }
        /** Keep the per-5-tuple flows in the host reports (memory grows with them). */
        public Builder includeFlows(boolean b) { includeFlows = b; return this; }
        public Builder threads(int n) { threads = n; return this; }
        public Builder version(String v) { version = v; return this; }
        /** Also read what symbolic links outside a given folder lead to (not followed by default). */
        public Builder followLinks(boolean b) { followLinks = b; return this; }
        /** The plan from {@link #walkAhead} over the same paths and link option (batch jobs only). */
        public Builder walkedAhead(Future<List<HostInputs>> plan) { walkedAhead = plan; return this; }
        public AuditJob build() { return new AuditJob(this); }
    }
}
