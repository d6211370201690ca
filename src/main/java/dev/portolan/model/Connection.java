package dev.portolan.model;

/**
 * A non-listening socket row of a netstat/ss snapshot (ESTABLISHED, TIME_WAIT, SYN_SENT ...).
 * Who initiated it is not known from a snapshot. {@code state} is normalised to the
 * Linux/English spelling (ESTABLISHED, TIME_WAIT, ...), or null for stateless UDP rows.
 */
public record Connection(Protocol proto, String localAddress, int localPort, String remoteAddress, int remotePort,
                         String state, long pid, String process, Evidence evidence) {
}
