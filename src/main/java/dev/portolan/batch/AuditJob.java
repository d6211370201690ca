package dev.portolan.batch;

import dev.portolan.audit.Auditor;
import dev.portolan.audit.CaptureFleet;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputWalk;
import dev.portolan.ingest.MemoryExhausted;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.AuditReport;
import dev.portolan.model.Evidence;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * Runs an audit over input files: one host (all files describe it) or a batch (every sub-folder of a
 * given folder is a host; loose files are a host each, named by the file), on a local thread pool.
 * An unreadable file never stops the others: it becomes an INPUT_PROBLEM of its host and is listed in
 * {@link Outcome#unreadable()} so the caller can choose the exit code.
 */
public final class AuditJob {
    private final Auditor auditor;
    private final List<Path> paths;
    private final Host template;
    private final boolean inferRoles;
    private final HostsManifest manifest;
    private final ReadOptions readOptions;
    private final boolean batch;
    private final int threads;
    private final String version;
    private final boolean followLinks;

    /** What the job produced, and which files could not be read at all. */
    public record Outcome(AuditReport report, List<String> unreadable) {
    }

    /** The audit of one host's files: its report (several for a capture of several hosts) and the unreadable files. */
    public record HostAudit(List<HostReport> reports, List<String> unreadable) {
        public HostAudit {
            reports = List.copyOf(reports);
            unreadable = List.copyOf(unreadable);
        }
    }

    private AuditJob(Builder b) {
        this.auditor = b.auditor;
        this.paths = List.copyOf(b.paths);
        this.template = b.template;
        this.inferRoles = b.inferRoles;
        this.manifest = b.manifest;
        this.readOptions = b.readOptions;
        this.batch = b.batch;
        this.threads = b.threads;
        this.version = b.version;
        this.followLinks = b.followLinks;
    }

    public static Builder builder(Auditor auditor) {
        return new Builder(auditor);
    }

    public Outcome run() throws IOException {
        List<HostInputs> hosts = plan();
        List<String> unreadable = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, hosts.size())), r -> {
            Thread t = new Thread(r, "portolan-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostAudit>> futures = new ArrayList<>();
            for (HostInputs h : hosts) {
                futures.add(pool.submit(() -> audit(h)));
            }
            List<HostReport> reports = new ArrayList<>();
            for (Future<HostAudit> f : futures) {
                try {
                    HostAudit r = f.get();
                    reports.addAll(r.reports());
                    unreadable.addAll(r.unreadable());
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
            return new Outcome(new AuditReport(reports, Instant.now(), version), List.copyOf(unreadable));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The hosts to audit with their files, sorted by host name (a loose file before a folder of the same name), so a
     * streaming run can write them in a deterministic order.
     */
    public List<HostInputs> plan() throws IOException {
        List<HostInputs> out = new ArrayList<>(group());
        out.sort(java.util.Comparator.comparing(HostInputs::name).thenComparing(h -> !h.nameFromContent()));
        return out;
    }

    public int threads() {
        return threads;
    }

    public String version() {
        return version;
    }

    /**
     * Audits one host of the job from its files, wherever they were found (a folder walk here, a Hadoop listing in
     * the Spark job): the unit of work of every runner. Thread-safe; never throws for an input that cannot be read.
     * Entries the walk did not read (loops, unreadable folders, links out, repeats) become notes or unreadable files.
     */
    public HostAudit audit(HostInputs host) {
        List<ReadResult> results = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (HostInputs.Input in : host.files()) {
            Source s = in.source();
            if (in.kind() != InputWalk.Kind.FILE) {
                results.add(passedOver(s, in, unreadable));
                continue;
            }
            try {
                results.add(Inputs.read(s, readOptions));
            } catch (dev.portolan.ingest.UnreadableInputException e) {
                if (in.inFolder() && e.getMessage().contains("not a recognised input")) {
                    ReadResult r = new ReadResult(s, InputFormat.UNKNOWN);
                    r.setSkipped("skipped while reading its folder: " + e.getMessage());
                    results.add(r);
                } else {
                    results.add(unreadable(s, e.getMessage(), unreadable));
                }
            } catch (IOException | RuntimeException e) {
                results.add(unreadable(s, e instanceof IOException ? e.getMessage() : s.name() + ": reader failed: " + e, unreadable));
            } catch (OutOfMemoryError e) {
                throw new MemoryExhausted(s.name(), e);
            }
        }
        if (isCaptureFleet(results)) {
            List<HostReport> reports = new ArrayList<>(CaptureFleet.audit(auditor, results, manifest.hosts(), inferRoles, template.os()));
            reports.sort(java.util.Comparator.comparing(r -> r.host().name()));
            return new HostAudit(reports, unreadable);
        }
        Host h = hostFor(host, results);
        return new HostAudit(List.of(auditor.audit(h, results, inferRoles, manifest.addresses())), unreadable);
    }

    /** A path the walk did not read: an unreadable one counts for the exit code; the others are notes. */
    private static ReadResult passedOver(Source s, HostInputs.Input e, List<String> unreadable) {
        if (e.kind() == InputWalk.Kind.UNREADABLE) return unreadable(s, e.message(), unreadable);
        ReadResult r = new ReadResult(s, InputFormat.UNKNOWN);
        r.setSkipped(e.message());
        return r;
    }

    /** A file that could not be read at all: listed for the exit code, and an INPUT_PROBLEM of its host. */
    private static ReadResult unreadable(Source s, String message, List<String> unreadable) {
        unreadable.add(message);
        ReadResult r = new ReadResult(s, InputFormat.UNKNOWN);
        r.addProblem(new InputProblem(Evidence.ofFile(s.name(), ""), "could not be read at all: " + message));
        return r;
    }

    /**
     * Captures of several hosts, with nobody named as "the" host: every host of the manifest (and with
     * --infer-roles every address that answered) gets a report of its own.
     */
    private boolean isCaptureFleet(List<ReadResult> results) {
        boolean anonymous = template.name().isEmpty() && template.addresses().isEmpty() && template.roles().isEmpty();
        if (!anonymous || (manifest.isEmpty() && !inferRoles)) return false;
        boolean anyCapture = false;
        for (ReadResult r : results) {
            if (r.format() == InputFormat.PCAP || r.format() == InputFormat.PCAPNG) anyCapture = true;
            else if (r.format() != InputFormat.UNKNOWN) return false;
        }
        return anyCapture;
    }

    private Host hostFor(HostInputs host, List<ReadResult> results) {
        if (!batch) {
            Host h = template;
            Host m = manifest.byName(h.name());
            return m != null ? merge(m, h) : h;
        }
        String name = host.name();
        for (ReadResult r : results) if (r.hostName() != null && host.nameFromContent()) name = r.hostName();
        Host m = manifest.byName(name);
        Host.Builder b = (m != null ? merge(m, template) : template).toBuilder().name(name);
        return b.build();
    }

    /** Manifest values win; roles/settings given on the command line are added. */
    private static Host merge(Host fromManifest, Host given) {
        Host.Builder b = fromManifest.toBuilder();
        given.roles().forEach(b::role);
        given.settings().forEach((k, v) -> { if (!fromManifest.settings().containsKey(k)) b.setting(k, v); });
        given.addresses().forEach(b::address);
        if (fromManifest.os() == dev.portolan.model.OsFamily.UNKNOWN) b.os(given.os());
        return b.build();
    }

    /** The hosts and their files; in batch mode grouped by {@link HostInputs#keyOf}. */
    private List<HostInputs> group() throws IOException {
        if (!batch) {
            List<HostInputs.Input> files = new ArrayList<>();
            for (InputWalk.Entry e : InputWalk.readOnce(Inputs.walk(paths, followLinks))) {
                files.add(HostInputs.Input.of(e, !paths.contains(e.path())));
            }
            return List.of(new HostInputs(template.name(), false, files));
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
        hosts.forEach((k, entries) -> {
            List<HostInputs.Input> files = new ArrayList<>();
            for (InputWalk.Entry e : InputWalk.readOnce(entries)) files.add(HostInputs.Input.of(e, fromFolders.contains(e.path())));
            out.add(new HostInputs(k.name(), k.nameFromContent(), files));
        });
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
        private int threads = Runtime.getRuntime().availableProcessors();
        private String version = "dev";
        private boolean followLinks;

        private Builder(Auditor auditor) {
            this.auditor = auditor;
        }

        public Builder inputs(List<Path> p) { paths.addAll(p); return this; }
        public Builder host(Host h) { template = h; return this; }
        public Builder inferRoles(boolean b) { inferRoles = b; return this; }
        public Builder manifest(HostsManifest m) { manifest = m; return this; }
        public Builder readOptions(ReadOptions o) { readOptions = o; return this; }
        public Builder batch(boolean b) { batch = b; return this; }
        public Builder threads(int n) { threads = n; return this; }
        public Builder version(String v) { version = v; return this; }
        /** Also read what symbolic links outside a given folder lead to (not followed by default). */
        public Builder followLinks(boolean b) { followLinks = b; return this; }
        public AuditJob build() { return new AuditJob(this); }
    }
}
