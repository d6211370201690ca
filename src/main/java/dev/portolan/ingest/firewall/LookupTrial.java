package dev.portolan.ingest.firewall;

/**
 * Whether a cache of recent lines pays: look-ups are counted in trials, and a trial in which fewer than one look-up in
 * {@code divisor} found anything switches the cache off for good. The first trial is short, so the verdict comes while
 * the code is still being profiled: switching back on after millions of lines would first run code the JIT compiled
 * the parser without, which undoes the compiled parser.
 */
final class LookupTrial {
    private static final int FIRST_TRIAL = 1 << 12;
    private static final int TRIAL = 1 << 16;

    private final int divisor;
    private int trial = FIRST_TRIAL;
    private int lookups;
    private int hits;
    private boolean off;

    LookupTrial(int divisor) {
        this.divisor = divisor;
    }

    /** Counts one look-up; false when the cache is (now) switched off, and the caller then does not look. */
    boolean look() {
        if (off) return false;
        if (++lookups == trial) {
            if (hits < trial / divisor) {
                off = true;
                return false;
            }
            trial = TRIAL;
            lookups = 0;
            hits = 0;
        }
        return true;
    }

    /** The look-up just counted found what it looked for. */
    void hit() {
        hits++;
    }

    /** False once switched off. */
    boolean on() {
        return !off;
    }
}
