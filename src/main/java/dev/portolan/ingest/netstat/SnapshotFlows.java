package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
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
 * initiated, so it is {@link Initiator#INFERRED}: the remote side when the local port is one the same dump
 * listens on, or when only the remote port is in the host's ephemeral range (its OS from the dump's variant); else
 * the local side. The TCP state gives the conn_state (ESTABLISHED S1, SYN_SENT/SYN_RECV S0, closing states SF);
 * packet and byte counts are unknown (0).
 */
public final class SnapshotFlows {
    private SnapshotFlows() {
    }

    public static List<Flow> of(ReadResult snapshot) {
        Set<Long> listening = new HashSet<>();
        for (Listener l : snapshot.listeners()) listening.add(key(l.proto(), l.port()));
        PortRange ephemeral = OsFamily.ofInputVariant(snapshot.variant()).defaultEphemeralRange();
        List<Flow> out = new ArrayList<>(snapshot.connections().size());
        for (Connection c : snapshot.connections()) {
            if (!c.proto().hasPorts() || c.remotePort() <= 0 || Addresses.isWildcard(c.remoteAddress())) continue;
            boolean inbound = listening.contains(key(c.proto(), c.localPort()))
                    || !ephemeral.contains(c.localPort()) && ephemeral.contains(c.remotePort());
            int ipProtocol = c.proto() == Protocol.TCP ? 6 : 17;
            Flow f = inbound
                    ? new Flow(c.proto(), ipProtocol, c.remoteAddress(), c.remotePort(), c.localAddress(), c.localPort(), Initiator.INFERRED)
                    : new Flow(c.proto(), ipProtocol, c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort(), Initiator.INFERRED);
            if (c.proto() == Protocol.TCP) f.addTcpFlags(flags(c.state()));
            if (c.evidence() != null) f.addEvidence(c.evidence());
            out.add(f);
        }
        return out;
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
