package dev.portolan.audit;

import dev.portolan.model.DistinctCount;
import dev.portolan.model.ServiceGroup;

import java.util.List;

/**
 * The distinct responder addresses of a service group or a finding, exactly up to
 * {@link ServiceGroup#MAX_SAMPLE_RESPONDERS} of them (the earliest, by position), beyond that only that there were
 * more. Merges in any order with the same count; the names kept are the earliest of each part. Not thread-safe.
 */
final class ResponderSample {
    private static final int LIMIT = ServiceGroup.MAX_SAMPLE_RESPONDERS;
    /** {@link DistinctCount#hash}es of the distinct responders counted, {@code n} of them. */
    private final long[] hashes = new long[LIMIT];
    private int n;
    private boolean more;
    private final Sample<String> names = new Sample<>(LIMIT);

    /** Counts a responder seen at {@code position}. */
    void add(long hash, String name, long position) {
        if (count(hash)) name(name, position);
    }

    /**
     * Counts the hash; true when it is new and within the limit: then {@link #name} takes its name (a caller that makes
     * the name only then).
     */
    boolean count(long hash) {
        for (int i = 0; i < n; i++) if (hashes[i] == hash) return false;
        if (n == LIMIT) {
            more = true;
            return false;
        }
        hashes[n++] = hash;
        return true;
    }

    /** The name of the responder {@link #count} just counted, seen at {@code position}. */
    void name(String name, long position) {
        names.add(name, position);
    }

    void addAll(ResponderSample o) {
        for (int i = 0; i < o.n; i++) count(o.hashes[i]);
        more |= o.more;
        names.addAll(o.names);
    }

    /**
     * Adds a built group's responders, its names at {@code position} and after in their order. Every name is offered
     * to the sample, counted or not: past the limit, a group added later may still hold the earliest names.
     */
    void addAll(ServiceGroup g, long position) {
        List<String> list = g.sampleResponders();
        for (int i = 0; i < list.size(); i++) {
            String r = list.get(i);
            count(DistinctCount.hash(r));
            names.add(r, position + i);
        }
        more |= g.moreResponders();
    }

    /** The distinct responders counted, earliest first: all of them unless {@link #more()}. */
    List<String> names() {
        return names.items();
    }

    boolean more() {
        return more;
    }
}
