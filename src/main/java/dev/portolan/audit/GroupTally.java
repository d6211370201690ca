package dev.portolan.audit;

import dev.portolan.model.DistinctCount;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.PortClass;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;
import dev.portolan.model.Direction;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counts of one service group while flows arrive: exact sums, distinct flows and originators, the earliest
 * evidence and originators. Merges with another tally of the same group in any order with the same result.
 */
final class GroupTally {
    final DistinctCount flows = new DistinctCount();
    final DistinctCount originators = new DistinctCount();
    final Sample<String> sampleOriginators = new Sample<>(ServiceGroup.MAX_SAMPLE_ORIGINATORS);
    final DistinctCount respPorts = new DistinctCount();
    final Sample<Integer> sampleRespPorts = new Sample<>(ServiceGroup.MAX_SAMPLE_PORTS);
    final Sample<Evidence> evidence = new Sample<>(Flow.MAX_EVIDENCE);
    /** The earliest flow's originator endpoint, for messages. */
    final Sample<Endpoint> firstOriginator = new Sample<>(1);
    final long[] actions = new long[FirewallAction.values().length];
    long packets;
    long bytes;
    long firstMicros = Long.MAX_VALUE;
    long lastMicros = Long.MIN_VALUE;
    long evidenceCount;

    /** The earliest flow's endpoints, for messages when addresses are folded. */
    record Endpoint(String address, int port, String responder, int responderPort) {
    }

    /** Adds one flow (or part of one) whose earliest evidence sits at {@code position}. */
    void add(Flow f, long position, EvidenceOrder order) {
        flows.add(DistinctCount.combine(DistinctCount.combine(DistinctCount.hash(f.origAddr()), DistinctCount.hash(f.respAddr())),
                ((long) f.ipProtocol() << 32) | ((long) f.origPort() << 16) | f.respPort()));
        originators.add(DistinctCount.hash(f.origAddr()));
        sampleOriginators.add(f.origAddr(), position);
        respPorts.add(DistinctCount.combine(f.ipProtocol(), f.respPort()));
        sampleRespPorts.add(f.respPort(), position);
        firstOriginator.add(new Endpoint(f.origAddr(), f.origPort(), f.respAddr(), f.respPort()), position);
        for (Evidence e : f.evidence()) evidence.add(e, order.position(e));
        evidenceCount += f.evidenceCount();
        for (FirewallAction a : FirewallAction.values()) actions[a.ordinal()] += f.actionCount(a);
        packets += f.packets();
        bytes += f.bytes();
        if (f.firstMicros() < firstMicros) firstMicros = f.firstMicros();
        if (f.lastMicros() > lastMicros) lastMicros = f.lastMicros();
    }

    void addAll(GroupTally o) {
        flows.addAll(o.flows);
        originators.addAll(o.originators);
        sampleOriginators.addAll(o.sampleOriginators);
        respPorts.addAll(o.respPorts);
        sampleRespPorts.addAll(o.sampleRespPorts);
        firstOriginator.addAll(o.firstOriginator);
        evidence.addAll(o.evidence);
        evidenceCount += o.evidenceCount;
        for (int i = 0; i < actions.length; i++) actions[i] += o.actions[i];
        packets += o.packets;
        bytes += o.bytes;
        firstMicros = Math.min(firstMicros, o.firstMicros);
        lastMicros = Math.max(lastMicros, o.lastMicros);
    }

    long firstPosition() {
        return firstOriginator.firstPosition();
    }

    ServiceGroup build(Protocol proto, int ipProtocol, boolean origCollapsed, PortClass origPortClass, boolean respCollapsed,
                       PortClass respPortClass, Direction direction, FlowTraits traits) {
        Endpoint first = firstOriginator.first();
        Map<FirewallAction, Long> a = new EnumMap<>(FirewallAction.class);
        for (FirewallAction x : FirewallAction.values()) if (actions[x.ordinal()] != 0) a.put(x, actions[x.ordinal()]);
        return new ServiceGroup(proto, ipProtocol, first.address(), origCollapsed, first.port(), origPortClass,
                first.responder(), respCollapsed, first.responderPort(), respPortClass, respPorts, sampleRespPorts.items(),
                direction, traits, flows, originators, sampleOriginators.items(), packets, bytes, a, firstMicros, lastMicros,
                evidence.items(), evidenceCount);
    }
}
