package dev.portolan.batch;

import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A streaming batch: hosts are audited on the local pool, at most {@code window} at a time, and handed to the
 * sink one by one in host-name order (the oldest task is waited for first, so the queue of finished tasks is the
 * reorder buffer). Once the sink has written a host, nothing of it stays in memory but its share of the compact
 * {@link FleetSummary}; memory depends on the window, not on the number of hosts.
 */
public final class FleetRun {
    /** Receives every host, in host-name order, after suppression. */
    @FunctionalInterface
    public interface HostSink {
        void host(HostReport report, HostResult kept, List<Suppressions.Suppressed> suppressed) throws IOException;
    }

    /** Told as the run goes; see {@link Progress}. */
    public interface Listener {
        void started(int hosts, long files);

        void hostDone(int files);

        void finished();
    }

    /** What the run found besides what the sink wrote. {@code changes} is null without a baseline. */
    public record Outcome(FleetSummary summary, List<String> unreadable, ResultDiff.Result changes,
                          List<Suppressions.Note> notes) {

        /** The exit-code question: with a baseline only new findings count. */
        public boolean reaches(Severity threshold) {
            return changes != null ? changes.reaches(threshold) : summary.reachesThreshold();
        }
    }

    private final AuditJob job;
    private final Severity threshold;
    private final Suppressions suppressions;
    private final ResultDiff baseline;
    private final int window;

    /**
     * @param baseline an earlier run to compare with (null for none)
     * @param window   hosts audited or waiting to be written at once (bounds memory)
     */
    public FleetRun(AuditJob job, Severity threshold, Suppressions suppressions, ResultDiff baseline, int window) {
        this.job = job;
        this.threshold = threshold;
        this.suppressions = suppressions;
        this.baseline = baseline;
        this.window = Math.max(1, window);
    }

    public Outcome run(HostSink sink, Listener listener, String newName) throws IOException {
        List<HostInputs> tasks = job.plan();
        long files = 0;
        for (HostInputs t : tasks) files += t.files().size();
        listener.started(tasks.size(), files);
        FleetSummary summary = new FleetSummary(threshold);
        List<String> unreadable = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(job.threads(), tasks.size())), r -> {
            Thread t = new Thread(r, "portolan-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<AuditJob.HostAudit>> inFlight = new ArrayDeque<>();
            Deque<Integer> inFlightFiles = new ArrayDeque<>();
            int next = 0;
            while (next < tasks.size() || !inFlight.isEmpty()) {
                while (next < tasks.size() && inFlight.size() < window) {
                    HostInputs task = tasks.get(next++);
                    inFlight.add(pool.submit(() -> job.audit(task)));
                    inFlightFiles.add(task.files().size());
                }
                AuditJob.HostAudit done = AuditJob.get(inFlight.removeFirst());
                unreadable.addAll(done.unreadable());
                for (HostReport r : done.reports()) emit(r, sink, summary);
                listener.hostDone(inFlightFiles.removeFirst());
            }
        } finally {
            pool.shutdownNow();
            listener.finished();
        }
        ResultDiff.Result changes = baseline == null ? null : baseline.finish(newName);
        return new Outcome(summary, List.copyOf(unreadable), changes, suppressions.notes());
    }

    private void emit(HostReport r, HostSink sink, FleetSummary summary) throws IOException {
        HostResult all = HostResult.of(r, baseline != null);
        Suppressions.Applied applied = suppressions.apply(all);
        HostReport kept = applied.suppressed().isEmpty() ? r
                : new HostReport(r.host(), applied.kept().findings(), r.listeners(), r.services(), r.flows(), r.untouched(), r.inputs());
        summary.add(applied.kept(), applied.suppressed().size());
        if (baseline != null) baseline.compare(applied.kept(), applied.suppressed());
        sink.host(kept, applied.kept(), applied.suppressed());
    }
}
