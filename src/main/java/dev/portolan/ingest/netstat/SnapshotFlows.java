package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.IpAddress;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The connection rows of a netstat/ss snapshot as flows, for the conversation table ({@code portolan flows}): one
 * flow per row, in the same Zeek conn.log columns as captures and firewall logs. A snapshot does not say who
 * initiated, so it is {@link Initiator#INFERRED}, by {@link Connection#inbound} (the host's ephemeral range from the
 * dump's variant): the remote side when the local port is one the same dump listens on, or when only the remote port
 * is in the range, or when neither is and only the local port is a well-known one (below 1024); else the local side. The TCP state gives the conn_state (ESTABLISHED S1, SYN_SENT/SYN_RECV S0, closing states SF);
 * packet and byte counts are unknown (0). A connection between two sockets of the same host (loopback, or the host's
 * own address on both sides) has a row for each end: the two rows are one flow with both rows' evidence, its
 * responder the end that listens, else the end outside the ephemeral range, else the lower port. Rows of the same
 * socket (sockstat and {@code netstat -b} list a socket once per process holding it) are one flow too. The other end
 * of a connection from a loopback address is on the host: the name netstat without {@code -n} prints for it (the
 * host's own) is read as that loopback address.
 */
public final class SnapshotFlows {
    private SnapshotFlows() {
    }

    public static List<Flow> of(ReadResult snapshot) {
        Set<Long> listening = new HashSet<>();
        for (Listener l : snapshot.listeners()) listening.add(key(l.proto(), l.port()));
        PortRange ephemeral = OsFamily.ofInputVariant(snapshot.variant()).defaultEphemeralRange();
        dev.portolan.model.FanIn fanIn = new dev.portolan.model.FanIn();
        for (Connection c : snapshot.connections()) {
            if (c.proto().hasPorts() && c.remotePort() > 0 && !Addresses.isWildcard(c.remoteAddress())) fanIn.add(c);
        }
        List<Flow> out = new ArrayList<>(snapshot.connections().size());
        // each row's flow by (proto, local end, remote end), and a host-internal connection's flow by its other end's row
        // too: a row of a socket already seen (shared by processes, or listed again) or of the other end joins its flow
        java.util.Map<String, Flow> ends = new java.util.HashMap<>();
        for (Connection c : snapshot.connections()) {
            if (!c.proto().hasPorts() || c.remotePort() <= 0 || Addresses.isWildcard(c.remoteAddress())) continue;
            // from a loopback address the other end is on this host too: netstat without -n prints the host's name for it
            // ("127.0.0.1:49862  DESKTOP-DQP1BRI:49863"), which is that loopback address
            String remote = Addresses.isLoopback(c.localAddress()) && IpAddress.parse(Addresses.stripScope(c.remoteAddress())) == null
                    ? c.localAddress() : c.remoteAddress();
            String self = end(c.proto(), c.localAddress(), c.localPort(), remote, c.remotePort());
            Flow pair = ends.get(self);
            if (pair != null) {
                if (c.evidence() != null) pair.addEvidence(c.evidence());
                continue;
            }
            boolean localListens = listening.contains(key(c.proto(), c.localPort()));
            boolean remoteListens = listening.contains(key(c.proto(), c.remotePort()));
            boolean inbound = c.inbound(localListens, fanIn, ephemeral);
            boolean bothEnds = Addresses.stripScope(c.localAddress()).equals(Addresses.stripScope(remote));
            if (bothEnds && !localListens && !remoteListens && ephemeral.contains(c.localPort()) == ephemeral.contains(c.remotePort())
                    && !fanIn.fansIn(c.proto(), c.localAddress(), c.localPort()) && !fanIn.fansIn(c.proto(), remote, c.remotePort())) {
                inbound = c.localPort() < c.remotePort(); // both ends on this host and nothing tells: the lower port answers
            } else if (bothEnds && remoteListens && !localListens) {
                inbound = false;
            }
            int ipProtocol = c.proto() == Protocol.TCP ? 6 : 17;
            Flow f = inbound
                    ? new Flow(c.proto(), ipProtocol, remote, c.remotePort(), c.localAddress(), c.localPort(), Initiator.INFERRED)
                    : new Flow(c.proto(), ipProtocol, c.localAddress(), c.localPort(), remote, c.remotePort(), Initiator.INFERRED);
            if (c.proto() == Protocol.TCP) f.addTcpFlags(flags(c.state()));
            if (c.evidence() != null) f.addEvidence(c.evidence());
            out.add(f);
            ends.put(self, f);
            if (bothEnds) ends.put(end(c.proto(), remote, c.remotePort(), c.localAddress(), c.localPort()), f);
        }
        return out;
    }

    /** A row's key: protocol, its local end, its remote end (addresses without their zone). */
    private static String end(Protocol p, String localAddress, int localPort, String remoteAddress, int remotePort) {
        return p + " " + Addresses.stripScope(localAddress) + " " + localPort + " " + Addresses.stripScope(remoteAddress) + " " + remotePort;
    }

    /** The handshake flags a TCP state implies, so that {@link Flow#connState()} names it. */
    private static int flags(String state) {
        String s = state == null ? "" : state.toUpperCase(Locale.ROOT);
        switch (s) {
            case "ESTABLISHED": return Flow.SYN | Flow.SYN_ACK;
            case "SYN_SENT": case "SYN_RECV": case "SYN_RECEIVED": return Flow.SYN;
            case "FIN_WAIT1": case "FIN_WAIT_1": case "FIN_WAIT2": case "FIN_WAIT_2": case "CLOSE_WAIT": case "CLOSING":
            case "LAST_ACK": case "TIME_WAIT": case "CLOSE": case "CLOSED":
                return Flow.SYN | Flow.SYN_ACK | Flow.FIN;
            default: return 0;
        }
    }

    private static long key(Protocol p, int port) {
        return ((long) p.ordinal() << 32) | port;
    }
}
