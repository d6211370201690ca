package dev.portolan.model;

/**
 * A list of flows read from a firewall log that can also hand out each flow's numbers without making the {@link Flow}:
 * a CSV writer formats the millions of rows of a big log's table straight from them. The numbers are exactly those of
 * the flow the list's {@code get(index)} makes: the source is the originator and the destination the responder, the
 * initiator is {@link Initiator#LOGGED}, every line counts as one of the originator's packets and its size as the
 * originator's bytes; there are no responder packets and no TCP flags.
 */
public interface LoggedFlowNumbers {
    /** How many flows (the same as the list's size). */
    int size();

    /** Hands flow {@code index}'s numbers to {@code to}. Safe from several threads once the table is complete. */
    <E extends Exception> void numbers(int index, Row<E> to) throws E;

    /** What one flow's row is made of. */
    @FunctionalInterface
    interface Row<E extends Exception> {
        /**
         * @param ipProtocol  the IP protocol number ({@link Protocol#ofNumber})
         * @param srcV6       whether the source address is IPv6; {@code srcHi}/{@code srcLo} are its bits as
         *                    {@link IpAddress#format(boolean, long, long)} takes them (likewise for the destination)
         * @param firstMicros the earliest line's time, µs since the epoch ({@code lastMicros}: the latest)
         * @param lines       the flow's line count
         * @param bytes       the sum of its lines' sizes
         * @param firstLine   the number of its first line; its next {@code min(lines, Flow.MAX_EVIDENCE) - 1} kept line
         *                    numbers are {@code moreLines[moreAt ...]} (read them, never change them)
         */
        void flow(String file, int ipProtocol, boolean srcV6, long srcHi, long srcLo, int srcPort, boolean dstV6, long dstHi,
                  long dstLo, int dstPort, long firstMicros, long lastMicros, long lines, long bytes, long firstLine,
                  long[] moreLines, int moreAt) throws E;
    }
}
