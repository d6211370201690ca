package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Change between two audits of the same fleet: per host, the listeners, services and findings that are new or
 * gone. Things are compared by what identifies them from run to run ({@link HostResult#findingKey}), so PIDs,
 * ephemeral ports, peers, evidence lines and report times do not make a change. The old run is held as keys
 * per host; the new run is compared one host at a time ({@link #compare}), then {@link #finish} lists the
 * hosts that are gone.
 */
public final class ResultDiff {
    private final String oldName;
    private final Map<String, OldHost> old = new HashMap<>();
    private final Set<String> seen = new java.util.HashSet<>();
    private final List<HostDelta> changes = new ArrayList<>();
    private long unchanged;

    private record OldHost(Set<String> findings, Set<String> listeners, Set<String> services, boolean observed) {
    }

    /** How a host changed. */
    public enum Status { NEW_HOST, GONE_HOST, CHANGED }

    /**
     * One host's change. {@code newFindings} are whole findings (they may need attention), the gone ones are keys;
     * {@code suppressedNew} are new findings a suppression row accepted.
     */
    public record HostDelta(String host, Status status, List<String> newListeners, List<String> goneListeners,
                            List<String> newServices, List<String> goneServices, List<Finding> newFindings,
                            List<String> goneFindings, List<Suppressions.Suppressed> suppressedNew) {

        public boolean reaches(Severity threshold) {
            if (threshold == null) return false;
            for (Finding f : newFindings) if (f.severity().atLeast(threshold)) return true;
            return false;
        }
    }

    /** The whole change, hosts in name order. */
    public record Result(String oldName, String newName, List<HostDelta> changes, long unchangedHosts) {

        public boolean reaches(Severity threshold) {
            for (HostDelta d : changes) if (d.reaches(threshold)) return true;
            return false;
        }

        public long count(java.util.function.Function<HostDelta, List<?>> part) {
            long n = 0;
            for (HostDelta d : changes) n += part.apply(d).size();
            return n;
        }

        public long hosts(Status s) {
            return changes.stream().filter(d -> d.status() == s).count();
        }
    }

    private ResultDiff(String oldName) {
        this.oldName = oldName;
    }

    /** Loads the old run (json or jsonl written by {@code audit}). */
    public static ResultDiff against(Path oldResult) throws IOException {
        ResultDiff d = new ResultDiff(oldResult.toString());
        AuditResults.read(oldResult, d::addOld);
        return d;
    }

    private void addOld(HostResult h) {
        OldHost prev = old.get(h.host());
        Set<String> f = prev == null ? new LinkedHashSet<>() : prev.findings;
        for (Finding x : h.findings()) f.add(h.findingKey(x));
        Set<String> l = prev == null ? new LinkedHashSet<>(h.listeners()) : prev.listeners;
        Set<String> s = prev == null ? new LinkedHashSet<>(h.services()) : prev.services;
        if (prev != null) {
            l.addAll(h.listeners());
            s.addAll(h.services());
        }
        old.put(h.host(), new OldHost(f, l, s, h.observed()));
    }

    /** Compares one host of the new run (after suppression: {@code suppressed} are its accepted findings). */
    public synchronized HostDelta compare(HostResult now, List<Suppressions.Suppressed> suppressed) {
        seen.add(now.host());
        OldHost was = old.get(now.host());
        Set<String> oldFindings = was == null ? Set.of() : was.findings;
        List<Finding> newFindings = new ArrayList<>();
        Set<String> nowKeys = new LinkedHashSet<>();
        for (Finding f : now.findings()) {
            String k = now.findingKey(f);
            nowKeys.add(k);
            if (!oldFindings.contains(k)) newFindings.add(f);
        }
        List<Suppressions.Suppressed> suppressedNew = new ArrayList<>();
        for (Suppressions.Suppressed s : suppressed) {
            String k = now.findingKey(s.finding());
            nowKeys.add(k);
            if (!oldFindings.contains(k)) suppressedNew.add(s);
        }
        List<String> goneFindings = new ArrayList<>();
        for (String k : oldFindings) if (!nowKeys.contains(k)) goneFindings.add(k);
        boolean compareObs = was != null && was.observed && now.observed();
        List<String> newL = compareObs ? minus(now.listeners(), was.listeners) : List.of();
        List<String> goneL = compareObs ? minus(was.listeners, new LinkedHashSet<>(now.listeners())) : List.of();
        List<String> newS = compareObs ? minus(now.services(), was.services) : List.of();
        List<String> goneS = compareObs ? minus(was.services, new LinkedHashSet<>(now.services())) : List.of();
        if (was == null && now.observed()) {
            newL = List.copyOf(new LinkedHashSet<>(now.listeners()));
            newS = List.copyOf(new LinkedHashSet<>(now.services()));
        }
        Status status = was == null ? Status.NEW_HOST : Status.CHANGED;
        HostDelta d = new HostDelta(now.host(), status, newL, goneL, newS, goneS, newFindings, goneFindings, suppressedNew);
        boolean changed = status == Status.NEW_HOST || !newFindings.isEmpty() || !goneFindings.isEmpty() || !newL.isEmpty()
                || !goneL.isEmpty() || !newS.isEmpty() || !goneS.isEmpty() || !suppressedNew.isEmpty();
        if (changed) changes.add(d);
        else unchanged++;
        return d;
    }

    private static List<String> minus(java.util.Collection<String> a, Set<String> b) {
        List<String> out = new ArrayList<>();
        for (String x : new LinkedHashSet<>(a)) if (!b.contains(x)) out.add(x);
        return out;
    }

    /** Adds the hosts of the old run that the new run did not have, and returns the change in host-name order. */
    public synchronized Result finish(String newName) {
        Map<String, HostDelta> sorted = new TreeMap<>();
        for (HostDelta d : changes) sorted.put(d.host(), d);
        for (Map.Entry<String, OldHost> e : old.entrySet()) {
            if (seen.contains(e.getKey())) continue;
            OldHost o = e.getValue();
            sorted.put(e.getKey(), new HostDelta(e.getKey(), Status.GONE_HOST, List.of(), List.copyOf(o.listeners), List.of(),
                    List.copyOf(o.services), List.of(), List.copyOf(o.findings), List.of()));
        }
        return new Result(oldName, newName, List.copyOf(sorted.values()), unchanged);
    }
}
