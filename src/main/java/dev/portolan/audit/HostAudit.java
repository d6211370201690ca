package dev.portolan.audit;

import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.ServiceGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of one host while its inputs are read: a sink that folds listeners, connection rows and flows into
 * the audit's units as they arrive ({@link ServiceAggregator}, {@link Listeners}, {@link Connections}) and keeps
 * the first few problems of each file; {@link #finish()} audits the folds and returns the host report. Nothing
 * grows with the number of lines, packets or distinct 5-tuples, except the raw flows when they were asked for.
 * Observations may arrive from several reader threads at once.
 *
 * <pre>{@code
 * HostAudit audit = auditor.start(host, options);
 * audit.file(source);                                  // before reading it: fixes the evidence order
 * audit.read(Inputs.read(source, readOptions, audit)); // the reader pushes; its summary goes back in
 * HostReport report = audit.finish();
 * }</pre>
 */
public final class HostAudit implements ObservationSink {
    private final Auditor auditor;
    private final Host host;
    private final Auditor.Options options;
    private final EvidenceOrder order = new EvidenceOrder();
    private final AuditUnits units;
    private final Listeners.Tally listeners = new Listeners.Tally();
    private final Connections connections;
    private final ServiceAggregator flows;
    /**
     * The flows each reading thread folded, merged into {@link #flows} at the end (folding is order-independent): the
     * threads of a chunked read never wait for each other. Keyed by thread rather than a ThreadLocal, so nothing
     * stays behind in a pool's threads once the host is done.
     */
    private final Map<Thread, ServiceAggregator> parts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Flow> rawFlows = new ArrayList<>();
    private final Map<String, List<InputProblem>> problems = new LinkedHashMap<>();
    /** Per file, how many problems each message had (the first {@link InputProblemGroups#GROUPS_LISTED} messages). */
    private final Map<String, Map<String, Long>> problemCounts = new LinkedHashMap<>();
    private final List<FileSummary> files = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    HostAudit(Auditor auditor, Host host, Auditor.Options options, AuditUnits units) {
        this.auditor = auditor;
        this.host = host;
        this.options = options;
        this.units = units;
        this.connections = new Connections(order);
        this.flows = new ServiceAggregator(units, order);
    }

    /** Announces a file before it is read: evidence sorts by the order files were announced. */
    public synchronized void file(Source source) {
        order.file(source.name());
    }

    /** Takes the summary a reader returned for a file announced with {@link #file}. */
    public synchronized void read(FileSummary summary) {
        order.file(summary.source().name());
        files.add(summary);
    }

    /** A file that could not be read at all: it becomes an INPUT_PROBLEM of this host. */
    public synchronized void unreadable(Source source, String message) {
        order.file(source.name());
        files.add(FileSummary.unreadable(source));
        problem(new InputProblem(Evidence.ofFile(source.name(), ""), "could not be read at all: " + message));
    }

    @Override
    public synchronized void listener(Listener l) {
        listeners.add(l);
    }

    @Override
    public synchronized void connection(Connection c) {
        connections.add(c);
    }

    @Override
    public void flow(Flow f) {
        part().add(f);
        if (options.includeFlows()) keep(List.of(f));
    }

    @Override
    public void flows(Collection<Flow> batch) {
        ServiceAggregator part = part();
        for (Flow f : batch) part.add(f);
        if (options.includeFlows()) keep(batch);
    }

    /**
     * A fold of firewall log lines for one reading thread, straight into service groups (no flow per 5-tuple); its
     * groups join this host's when the reader is done with it. None when the raw flows are kept.
     */
    @Override
    public dev.portolan.ingest.LogLineFold logLineFold() {
        if (options.includeFlows()) return null;
        return new LineFolding(units, order, this::adopt);
    }

    private synchronized void adopt(ServiceAggregator folded) {
        flows.addAll(folded);
    }

    /** This thread's fold (one thread adds to it). */
    private ServiceAggregator part() {
        return parts.computeIfAbsent(Thread.currentThread(), t -> new ServiceAggregator(units, order));
    }

    private synchronized void keep(Collection<Flow> batch) {
        rawFlows.addAll(batch);
    }

    /** Merges the threads' folds; call once every reader is done. */
    private ServiceAggregator merged() {
        for (ServiceAggregator p : parts.values()) flows.addAll(p);
        parts.clear();
        return flows;
    }

    @Override
    public synchronized void problem(InputProblem p) {
        // grouped by message as they arrive: the first few of each of the first groups are kept, the rest only counted
        Map<String, Long> counts = problemCounts.computeIfAbsent(p.evidence().file(), k -> new LinkedHashMap<>());
        Long n = counts.get(p.message());
        if (n == null && counts.size() >= InputProblemGroups.GROUPS_LISTED) return;
        long now = n == null ? 1 : n + 1;
        counts.put(p.message(), now);
        if (now <= InputProblemGroups.EVIDENCE_KEPT) problems.computeIfAbsent(p.evidence().file(), k -> new ArrayList<>()).add(p);
    }

    /** The summaries of the files read so far. */
    public synchronized List<FileSummary> files() {
        return List.copyOf(files);
    }

    /** Audits what was read. Call once, after every file. */
    public synchronized HostReport finish() {
        return auditor.finish(host, options, folds(merged().groups(), List.of(), true));
    }

    /**
     * Audits a capture of several hosts read through this (every address kept): one report per host, see
     * {@link CaptureFleet}. Call once, after every file, instead of {@link #finish()}.
     */
    public synchronized List<HostReport> finishFleet(Collection<Host> manifest, boolean inferRoles,
                                                     dev.portolan.model.OsFamily defaultOs) {
        return CaptureFleet.audit(auditor, this, merged().groups(), manifest, inferRoles, defaultOs);
    }

    /** The folds with the given flow groups, and this host's files and problems when {@code withInputs}. */
    Folds folds(List<ServiceGroup> flowGroups, List<ServiceGroup> untouched, boolean withInputs) {
        return new Folds(files, withInputs, listeners.groups(), connections, flowGroups, untouched, units, order,
                problems, problemCounts, rawFlows);
    }

    /** What {@link Auditor#finish} audits. */
    record Folds(List<FileSummary> files, boolean withProblems, List<dev.portolan.model.ListeningService> listeners,
                 Connections connections, List<ServiceGroup> flowGroups, List<ServiceGroup> untouched, AuditUnits units,
                 EvidenceOrder order, Map<String, List<InputProblem>> problems,
                 Map<String, Map<String, Long>> problemCounts, List<Flow> rawFlows) {
        boolean snapshot() {
            for (FileSummary f : files) if (f.format() == InputFormat.NETSTAT) return true;
            return false;
        }
    }
}
