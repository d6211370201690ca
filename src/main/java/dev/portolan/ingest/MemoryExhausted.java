package dev.portolan.ingest;

/**
 * The JVM ran out of heap while reading an input. Carries what was being read and what to do, so the command
 * line can end with exit 2 and a sentence instead of a stack trace.
 */
public final class MemoryExhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MemoryExhausted(String whatWasRead, OutOfMemoryError cause) {
        super(advice("while reading " + whatWasRead), cause);
    }

    /** The sentence for an out-of-memory during {@code activity} (e.g. "while reading x.pcap"). */
    public static String advice(String activity) {
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        return "ran out of memory " + activity + " (Java heap limit " + mib + " MiB): give the JVM more, e.g. "
                + "PORTOLAN_JAVA_OPTS=-Xmx4g ./portolan ..., or audit fewer files at once (--batch reads one host at a time)";
    }
}
