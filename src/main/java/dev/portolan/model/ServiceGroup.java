package dev.portolan.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's unit: flows folded by what the audit looks at — protocol, responder port, direction,
 * what happened to them ({@link FlowTraits}), each side's address when it is a known host's (else all unknown
 * addresses of that side together) and the originator's port when the catalog could care about it (else its {@link PortClass}). Counts are
 * exact (flows and originators exact up to {@link DistinctCount#EXACT_UP_TO}, then estimated and flagged); the
 * evidence is the earliest few items in input order, and {@code origAddr}/{@code origPort} are then those of the
 * earliest flow. Thousands of connections from ephemeral ports to one listener are one group. Immutable once built.
 *
 * @param origCollapsed   true when {@code origAddr} is only a sample of unknown originators
 * @param respCollapsed   true when {@code respAddr} is only a sample of unknown responders
 * @param origPortClass   null when {@code origPort} is exact; else the class and {@code origPort} a sample
 * @param respPortClass   null when {@code respPort} is exact; else the class and {@code respPort} the earliest port
 * @param sampleResponders the earliest distinct responder addresses, at most {@link #MAX_SAMPLE_RESPONDERS}: all of
 *                        them unless {@code moreResponders} (several only where unknown responders are folded)
 * @param moreResponders  true when there were more distinct responders than the sample holds
 * @param respPorts       the distinct responder ports (one when {@code respPort} is exact)
 * @param sampleRespPorts the earliest distinct responder ports, at most {@link #MAX_SAMPLE_PORTS}
 * @param packets         packets (captures) or log lines (firewall logs) or socket rows (netstat)
 * @param folded          null, or how a report's list shows several of the audit's groups as this one (after the
 *                        audit: many loopback or self-talking addresses, or catalog-named ephemeral source ports)
 */
public record ServiceGroup(Protocol proto, int ipProtocol, String origAddr, boolean origCollapsed, int origPort,
                           PortClass origPortClass, String respAddr, boolean respCollapsed, int respPort,
                           PortClass respPortClass, DistinctCount respPorts, List<Integer> sampleRespPorts, Direction direction, FlowTraits traits,
                           DistinctCount flows, DistinctCount originators, List<String> sampleOriginators,
                           List<String> sampleResponders, boolean moreResponders,
                           long packets, long bytes, Map<FirewallAction, Long> actions, long firstMicros, long lastMicros,
                           List<Evidence> evidence, long evidenceCount, Folded folded) {
    /** Originator addresses kept as a sample; all are counted. */
    public static final int MAX_SAMPLE_ORIGINATORS = 10;
    /**
     * Distinct responder addresses kept (several only where unknown responders are folded), and how far they are
     * counted: beyond it only "more" is known. Not counted like originators: where every line of a log goes somewhere
     * new, a distinct count per group cost 4 % of the audit (generated 5 M-line log, bench/firewall/RESULTS.md).
     */
    public static final int MAX_SAMPLE_RESPONDERS = 5;
    /** Responder ports of a folded port class kept as a sample; all are counted. */
    public static final int MAX_SAMPLE_PORTS = 10;

    /**
     * Address classes shown in place of a side's address ({@code origAddr}/{@code respAddr}/{@code origPort} are then
     * the earliest group's, for reading): a class or null per side (a folded source port shows as
     * {@code origPortClass}), and how many of the audit's groups this one lists.
     */
    public record Folded(String origClass, String respClass, int groups) {
    }

    /** A group as the audit made it (no address classes). */
    public ServiceGroup(Protocol proto, int ipProtocol, String origAddr, boolean origCollapsed, int origPort,
                        PortClass origPortClass, String respAddr, boolean respCollapsed, int respPort,
                        PortClass respPortClass, DistinctCount respPorts, List<Integer> sampleRespPorts, Direction direction,
                        FlowTraits traits, DistinctCount flows, DistinctCount originators, List<String> sampleOriginators,
                        List<String> sampleResponders, boolean moreResponders,
                        long packets, long bytes, Map<FirewallAction, Long> actions, long firstMicros, long lastMicros,
                        List<Evidence> evidence, long evidenceCount) {
        this(proto, ipProtocol, origAddr, origCollapsed, origPort, origPortClass, respAddr, respCollapsed, respPort,
                respPortClass, respPorts, sampleRespPorts, direction, traits, flows, originators, sampleOriginators, sampleResponders,
                moreResponders, packets, bytes, actions, firstMicros, lastMicros, evidence, evidenceCount, null);
    }

    public ServiceGroup {
        sampleOriginators = List.copyOf(sampleOriginators);
        sampleResponders = List.copyOf(sampleResponders);
        sampleRespPorts = List.copyOf(sampleRespPorts);
        respPorts = respPorts.copy();
        Map<FirewallAction, Long> a = new EnumMap<>(FirewallAction.class);
        a.putAll(actions);
        actions = java.util.Collections.unmodifiableMap(a);
        evidence = List.copyOf(evidence);
        flows = flows.copy();
        originators = originators.copy();
    }

    public boolean origPortExact() {
        return origPortClass == null;
    }

    public boolean respPortExact() {
        return respPortClass == null;
    }

    /** The responder port, or its class "LOW-HIGH" when folded. */
    public String respPortLabel() {
        return respPortClass == null ? Integer.toString(respPort) : respPortClass.toString();
    }

    public long flowCount() {
        return flows.count();
    }

    public long originatorCount() {
        return originators.count();
    }

    public long actionCount(FirewallAction a) {
        return actions.getOrDefault(a, 0L);
    }

    public boolean wasDropped() {
        return traits.dropped();
    }

    public boolean wasAllowed() {
        return traits.allowed();
    }

    /** "tcp 10.0.0.1:50000 -> 10.0.0.2:443" (the earliest flow's originator when several are folded). */
    public String describe() {
        return proto.label() + " " + Addresses.endpoint(origAddr, origPort) + " -> " + Addresses.endpoint(respAddr, respPort);
    }

    @Override
    public String toString() {
        return describe() + " " + direction.label() + " " + traits + " flows=" + flows.label() + " originators="
                + originators.label() + " pkts=" + packets;
    }
}
