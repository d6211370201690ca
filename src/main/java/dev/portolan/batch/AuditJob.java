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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Files found by walking a folder: one that is not an input at all is skipped with a notice, not exit 2. */
    private final java.util.Set<Path> fromFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final boolean followLinks;

    /** What the job produced, and which files could not be read at all. */
    public record Outcome(AuditReport report, List<String> unreadable) {
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
        List<HostTask> tasks = plan();
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), r -> {
            Thread t = new Thread(r, "portolan-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<HostReport>>> futures = new ArrayList<>();
            for (HostTask task : tasks) {
                futures.add(pool.submit(() -> auditHost(task.key(), task.files(), unreadable)));
            }
            List<HostReport> reports = new ArrayList<>();
            for (Future<List<HostReport>> f : futures) {
                try {
                    reports.addAll(f.get());
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

    /** The files of one host (a batch sub-folder, a loose file, or every input when not in batch mode). */
    public record HostTask(String key, List<InputWalk.Entry> files) {
        public HostTask {
            files = List.copyOf(files);
        }

        /** The host name the task is sorted by (a loose file's stem; its content may name it otherwise). */
        public String displayName() {
            return key.startsWith("\u0000") ? key.substring(1) : key;
        }
    }

    /** What auditing one task gave: its host report(s) (several for a capture of several hosts) and unreadable files. */
    public record HostAudit(List<HostReport> reports, List<String> unreadable) {
    }

    /** The hosts to audit, sorted by host name, so a streaming run can write them in a deterministic order. */
    public List<HostTask> plan() throws IOException {
        List<HostTask> out = new ArrayList<>();
        for (var e : group().entrySet()) out.add(new HostTask(e.getKey(), e.getValue()));
        out.sort(java.util.Comparator.comparing(HostTask::displayName).thenComparing(HostTask::key));
        return out;
    }

    /** Audits one task; thread-safe, so tasks can run on a pool. */
    public HostAudit audit(HostTask task) {
        List<String> unreadable = new ArrayList<>();
        List<HostReport> reports = new ArrayList<>(auditHost(task.key(), task.files(), unreadable));
        reports.sort(java.util.Comparator.comparing(r -> r.host().name()));
        return new HostAudit(reports, unreadable);
    }

    public int threads() {
        return threads;
    }

    public String version() {
        return version;
    }

    /** {@code files}: what the walk met for this host; loops, unreadable folders, links out and repeats are not read. */
    private List<HostReport> auditHost(String key, List<InputWalk.Entry> files, List<String> unreadable) {
        List<ReadResult> results = new ArrayList<>();
        for (InputWalk.Entry entry : files) {
            Path p = entry.path();
            Source s = Source.of(p);
            if (!entry.isFile()) {
                results.add(passedOver(s, entry, unreadable));
                continue;
            }
            try {
                results.add(Inputs.read(s, readOptions));
            } catch (dev.portolan.ingest.UnreadableInputException e) {
                if (fromFolders.contains(p) && e.getMessage().contains("not a recognised input")) {
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
        if (!batch) OneHostCheck.require(results);
        ReadNothing.reason(results, batch).ifPresent(reason -> {
            unreadable.add(reason);
            results.get(0).addProblem(new InputProblem(Evidence.ofFile(results.get(0).source().name(), ""), reason));
        });
        if (isCaptureFleet(results)) {
            return CaptureFleet.audit(auditor, results, manifest.hosts(), inferRoles, template.os());
        }
        Host host = hostFor(key, results);
        return List.of(auditor.audit(host, results, inferRoles, manifest.addresses()));
    }

    /** A path the walk did not read: an unreadable one counts for the exit code; the others are notes. */
    private static ReadResult passedOver(Source s, InputWalk.Entry e, List<String> unreadable) {
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

    private Host hostFor(String key, List<ReadResult> results) {
        if (!batch) {
            Host h = template;
            Host m = manifest.byName(h.name());
            return m != null ? merge(m, h) : h;
        }
        String name = key;
        for (ReadResult r : results) if (r.hostName() != null && key.startsWith("\u0000")) name = r.hostName();
        if (name.startsWith("\u0000")) name = name.substring(1);
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

    /** Host key → files. In batch mode a loose file's key starts with NUL: its name may come from the content. */
    private Map<String, List<InputWalk.Entry>> group() throws IOException {
        Map<String, List<InputWalk.Entry>> hosts = new LinkedHashMap<>();
        if (!batch) {
            List<InputWalk.Entry> all = Inputs.walk(paths, followLinks);
            for (InputWalk.Entry e : all) if (!paths.contains(e.path())) fromFolders.add(e.path());
            hosts.put(template.name(), all);
        } else {
            for (Path root : paths) {
                if (Files.isDirectory(root)) {
                    for (InputWalk.Entry e : Inputs.walk(List.of(root), followLinks)) {
                        fromFolders.add(e.path());
                        Path rel = root.relativize(e.path());
                        boolean topFolder = rel.getNameCount() == 1 && !e.isFile();
                        String key = rel.getNameCount() > 1 || topFolder ? rel.getName(0).toString() : "\u0000" + stem(e.path());
                        hosts.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                    }
                } else {
                    hosts.computeIfAbsent("\u0000" + stem(root), k -> new ArrayList<>())
                            .add(new InputWalk.Entry(root, InputWalk.Kind.FILE, ""));
                }
            }
        }
        Map<String, List<InputWalk.Entry>> out = new LinkedHashMap<>();
        for (var en : hosts.entrySet()) out.put(en.getKey(), InputWalk.readOnce(en.getValue()));
        return out;
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
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
