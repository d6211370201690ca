package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.Severity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Change between two audits of the same fleet: per host, the listeners, services and findings that are new or
 * gone. Things are compared by what identifies them from run to run ({@link HostResult#findingKey}), so PIDs,
 * ephemeral ports, peers, evidence lines and report times do not make a change. The old run is held compactly:
 * per host, 64-bit hashes of its keys, sorted (8 bytes a key, whatever the key's text); the new run is compared
 * one host at a time ({@link #compare}); {@link #finish} lists the hosts that are gone and reads the old run once
 * more for the text of what is gone (so the old result must be a file that can be read twice).
 */
public final class ResultDiff {
    private final Path oldFile;
    private final String oldName;
    private final Map<String, OldHost> old = new HashMap<>();
    private final Set<String> seen = new java.util.HashSet<>();
    private final List<Compared> changes = new ArrayList<>();
    private long unchanged;

    /** Sorted, distinct key hashes of one old host. */
    private record OldHost(long[] findings, long[] listeners, long[] services, boolean observed) {
    }

    /** A changed host of the new run; the text of its gone keys is looked up in the old run at the end. */
    private record Compared(HostDelta delta, long[] goneFindings, long[] goneListeners, long[] goneServices) {
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

    private ResultDiff(Path oldFile) {
        this.oldFile = oldFile;
        this.oldName = oldFile.toString();
    }

    /** Loads the old run (json or jsonl written by {@code audit}). */
    public static ResultDiff against(Path oldResult) throws IOException {
        ResultDiff d = new ResultDiff(oldResult);
        AuditResults.read(oldResult, d::addOld);
        return d;
    }

    private static long key(String text) {
        return dev.portolan.model.DistinctCount.hash(text);
    }

    private static long[] keys(java.util.Collection<String> texts) {
        long[] out = new long[texts.size()];
        int i = 0;
        for (String t : texts) out[i++] = key(t);
        return sortedDistinct(out);
    }

    private static long[] sortedDistinct(long[] a) {
        Arrays.sort(a);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (n == 0 || a[n - 1] != a[i]) a[n++] = a[i];
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    private static long[] union(long[] a, long[] b) {
        long[] u = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, u, a.length, b.length);
        return sortedDistinct(u);
    }

    private static boolean has(long[] sorted, long k) {
        return Arrays.binarySearch(sorted, k) >= 0;
    }

    private void addOld(HostResult h) {
        List<String> f = new ArrayList<>(h.findings().size());
        for (Finding x : h.findings()) f.add(h.findingKey(x));
        OldHost now = new OldHost(keys(f), keys(h.listeners()), keys(h.services()), h.observed());
        OldHost prev = old.get(h.host());
        if (prev != null) {
            now = new OldHost(union(prev.findings, now.findings), union(prev.listeners, now.listeners),
                    union(prev.services, now.services), prev.observed || now.observed);
        }
        old.put(h.host(), now);
    }

    /** Compares one host of the new run (after suppression: {@code suppressed} are its accepted findings). */
    public synchronized void compare(HostResult now, List<Suppressions.Suppressed> suppressed) {
        seen.add(now.host());
        OldHost was = old.get(now.host());
        long[] oldFindings = was == null ? new long[0] : was.findings;
        List<Finding> newFindings = new ArrayList<>();
        List<Long> nowKeys = new ArrayList<>();
        for (Finding f : now.findings()) {
            long k = key(now.findingKey(f));
            nowKeys.add(k);
            if (!has(oldFindings, k)) newFindings.add(f);
        }
        List<Suppressions.Suppressed> suppressedNew = new ArrayList<>();
        for (Suppressions.Suppressed s : suppressed) {
            long k = key(now.findingKey(s.finding()));
            nowKeys.add(k);
            if (!has(oldFindings, k)) suppressedNew.add(s);
        }
        long[] goneF = minus(oldFindings, nowKeys);
        boolean compareObs = was != null && was.observed && now.observed();
        List<String> newL = List.of();
        List<String> newS = List.of();
        long[] goneL = new long[0];
        long[] goneS = new long[0];
        if (compareObs) {
            newL = newTexts(now.listeners(), was.listeners);
            newS = newTexts(now.services(), was.services);
            goneL = minus(was.listeners, hashes(now.listeners()));
            goneS = minus(was.services, hashes(now.services()));
        } else if (was == null && now.observed()) {
            newL = List.copyOf(new LinkedHashSet<>(now.listeners()));
            newS = List.copyOf(new LinkedHashSet<>(now.services()));
        }
        Status status = was == null ? Status.NEW_HOST : Status.CHANGED;
        boolean changed = status == Status.NEW_HOST || !newFindings.isEmpty() || goneF.length > 0 || !newL.isEmpty()
                || goneL.length > 0 || !newS.isEmpty() || goneS.length > 0 || !suppressedNew.isEmpty();
        if (!changed) {
            unchanged++;
            return;
        }
        HostDelta d = new HostDelta(now.host(), status, newL, List.of(), newS, List.of(), newFindings, List.of(), suppressedNew);
        changes.add(new Compared(d, goneF, goneL, goneS));
    }

    private static List<Long> hashes(List<String> texts) {
        List<Long> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(key(t));
        return out;
    }

    /** The old keys not among {@code now}, sorted. */
    private static long[] minus(long[] old, List<Long> now) {
        long[] n = new long[now.size()];
        for (int i = 0; i < n.length; i++) n[i] = now.get(i);
        n = sortedDistinct(n);
        long[] out = new long[old.length];
        int k = 0;
        for (long o : old) if (!has(n, o)) out[k++] = o;
        return Arrays.copyOf(out, k);
    }

    /** The texts (in their order, once each) whose key the old host did not have. */
    private static List<String> newTexts(List<String> now, long[] old) {
        List<String> out = new ArrayList<>();
        for (String x : new LinkedHashSet<>(now)) if (!has(old, key(x))) out.add(x);
        return out;
    }

    /**
     * Adds the hosts of the old run that the new run did not have, and returns the change in host-name order. Reads
     * the old run once more when anything is gone, for the text of what is gone (in the old run's order).
     */
    public synchronized Result finish(String newName) throws IOException {
        Map<String, Compared> gone = new HashMap<>();
        for (Compared c : changes) {
            if (c.goneFindings.length + c.goneListeners.length + c.goneServices.length > 0) gone.put(c.delta.host(), c);
        }
        Set<String> goneHosts = new java.util.TreeSet<>();
        for (String h : old.keySet()) if (!seen.contains(h)) goneHosts.add(h);
        // host -> the text of each gone key, three kinds
        Map<String, List<Map<Long, String>>> texts = new HashMap<>();
        if (!gone.isEmpty() || !goneHosts.isEmpty()) {
            AuditResults.read(oldFile, h -> {
                Compared c = gone.get(h.host());
                boolean whole = goneHosts.contains(h.host());
                if (c == null && !whole) return;
                List<Map<Long, String>> t = texts.computeIfAbsent(h.host(),
                        k -> List.of(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
                for (Finding x : h.findings()) collect(t.get(0), h.findingKey(x), whole ? null : c.goneFindings);
                for (String x : h.listeners()) collect(t.get(1), x, whole ? null : c.goneListeners);
                for (String x : h.services()) collect(t.get(2), x, whole ? null : c.goneServices);
            });
        }
        Map<String, HostDelta> sorted = new TreeMap<>();
        for (Compared c : changes) {
            HostDelta d = c.delta;
            List<Map<Long, String>> t = texts.get(d.host());
            if (t != null) {
                d = new HostDelta(d.host(), d.status(), d.newListeners(), List.copyOf(t.get(1).values()), d.newServices(),
                        List.copyOf(t.get(2).values()), d.newFindings(), List.copyOf(t.get(0).values()), d.suppressedNew());
            }
            sorted.put(d.host(), d);
        }
        for (String h : goneHosts) {
            List<Map<Long, String>> t = texts.getOrDefault(h, List.of(Map.of(), Map.of(), Map.of()));
            sorted.put(h, new HostDelta(h, Status.GONE_HOST, List.of(), List.copyOf(t.get(1).values()), List.of(),
                    List.copyOf(t.get(2).values()), List.of(), List.copyOf(t.get(0).values()), List.of()));
        }
        return new Result(oldName, newName, List.copyOf(sorted.values()), unchanged);
    }

    /** Keeps {@code text} when its key is among {@code wanted} (null: all). */
    private static void collect(Map<Long, String> into, String text, long[] wanted) {
        long k = key(text);
        if (wanted == null || has(wanted, k)) into.putIfAbsent(k, text);
    }
}
