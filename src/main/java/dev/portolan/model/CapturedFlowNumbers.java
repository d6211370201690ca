package dev.portolan.model;

/**
 * A capture's whole flow table that can also hand out each flow's numbers without making the {@link Flow}: a CSV
 * writer formats the rows straight from them. The numbers are exactly those of the flow the list's {@code get(index)}
 * makes (its originator and responder decided, its counts, TCP flags and first packets).
 */
public interface CapturedFlowNumbers {
    /** How many flows (the same as the list's size). */
    int size();

    /** Hands flow {@code index}'s numbers to {@code to}. Safe from several threads once the table is complete. */
    <E extends Exception> void numbers(int index, Row<E> to) throws E;

    /** What one flow's row is made of. */
    @FunctionalInterface
    interface Row<E extends Exception> {
        /**
         * @param ipProtocol  the IP protocol number ({@link Protocol#ofNumber})
         * @param v6          whether the addresses are IPv6; {@code origHi}/{@code origLo} are the originator's bits as
         *                    {@link IpAddress#format(boolean, long, long)} takes them (likewise for the responder)
         * @param origPort    the originator's port (0 for ICMP); {@code respPort} the responder's (the ICMP type for ICMP)
         * @param firstMicros the earliest packet's time, µs since the epoch ({@code lastMicros}: the latest), as
         *                    {@link Flow#firstMicros()} and {@link Flow#lastMicros()} give them
         * @param tcpFlags    the flow's {@link Flow#tcpFlags()}
         * @param packets     the numbers of its first packets are {@code packets[packetsAt, packetsAt + kept)}, in order
         *                    (read them, never change them)
         */
        void flow(String file, int ipProtocol, Initiator initiator, boolean v6, long origHi, long origLo, int origPort,
                  long respHi, long respLo, int respPort, long firstMicros, long lastMicros, long origPackets, long origBytes,
                  long respPackets, long respBytes, int tcpFlags, long[] packets, int packetsAt, int kept) throws E;
    }
}
