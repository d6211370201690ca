package dev.portolan.model;

/**
 * A non-listening socket row of a netstat/ss snapshot (ESTABLISHED, TIME_WAIT, SYN_SENT ...).
 * Who initiated it is not known from a snapshot. {@code state} is normalised to the
 * Linux/English spelling (ESTABLISHED, TIME_WAIT, ...), or null for stateless UDP rows.
 */
public record Connection(Protocol proto, String localAddress, int localPort, String remoteAddress, int remotePort,
                         String state, long pid, String process, Evidence evidence) {

    /**
     * Whether the remote side initiated this connection, as far as a snapshot tells: yes when the local port is one
     * the host listens on ({@code localListens}); else by the ephemeral range, the end outside it answering the end
     * inside it; else, when neither end's port is in the range, a well-known port (below 1024) answers one that is not
     * (an SSH client's port 31675, from a host whose range is not this one's, to port 22: 22 answers); else, when neither
     * port is well-known either, a local port that faces several remote ends ({@code localFansIn}, {@link FanIn}: a
     * honeypot's 2222 from 17 peers, an agent's 49983 from four) answers; else nothing tells and the local side is taken
     * as the initiator (a client's port 1053 to a push service's 5228). The audit and the flow table orient rows this one
     * way.
     */
    public boolean inbound(boolean localListens, boolean localFansIn, PortRange ephemeral) {
        if (localListens) return true;
        boolean localEphemeral = ephemeral.contains(localPort);
        boolean remoteEphemeral = ephemeral.contains(remotePort);
        if (localEphemeral != remoteEphemeral) return remoteEphemeral;
        if (!localEphemeral && localPort < WELL_KNOWN && remotePort >= WELL_KNOWN) return true;
        return localFansIn && remotePort >= WELL_KNOWN;
    }

    /**
     * {@link #inbound(boolean, boolean, PortRange)} asking {@code fanIn} whether the local end fans in only when the
     * ports alone do not tell (a big dump's rows mostly tell: asking for each cost a tenth of its audit).
     */
    public boolean inbound(boolean localListens, FanIn fanIn, PortRange ephemeral) {
        if (localListens) return true;
        boolean localEphemeral = ephemeral.contains(localPort);
        if (localEphemeral != ephemeral.contains(remotePort) || localPort < WELL_KNOWN || remotePort < WELL_KNOWN) {
            return inbound(false, false, ephemeral);
        }
        return fanIn.fansIn(proto, localAddress, localPort);
    }

    /** The first port above the well-known (system) ones, 0-1023. */
    private static final int WELL_KNOWN = 1024;
}
