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
final class GroupTally implements dev.portolan.ingest.LogLineFold.Handle {
    final DistinctCount flows = new DistinctCount();
    final DistinctCount originators = new DistinctCount();
    final Sample<String> sampleOriginators = new Sample<>(ServiceGroup.MAX_SAMPLE_ORIGINATORS);
    /** The distinct responders: one, unless the group folds unknown responders together. */
    final ResponderSample responders = new ResponderSample();
    final DistinctCount respPorts = new DistinctCount();
    final Sample<Integer> sampleRespPorts = new Sample<>(ServiceGroup.MAX_SAMPLE_PORTS);
    final Sample<Evidence> evidence = new Sample<>(Flow.MAX_EVIDENCE);
    /** The earliest flow's originator endpoint, for messages. */
    final Sample<Endpoint> firstOriginator = new Sample<>(1);
    private static final FirewallAction[] ACTIONS = FirewallAction.values();
    final long[] actions = new long[ACTIONS.length];
    long packets;
    long bytes;
    long firstMicros = Long.MAX_VALUE;
    long lastMicros = Long.MIN_VALUE;
    long evidenceCount;
    /**
     * The value {@link #addLine} last added to {@link #respPorts} (valid when {@link #respPortAdded}): a group whose key
     * holds its responder port sees that one value on every line, and adding it again changes nothing.
     */
    private long lastRespPort;
    private boolean respPortAdded;
    /** Likewise the responder {@link #addLine} last added to {@link #responders}: most groups have one. */
    private long lastResponder;
    private boolean responderAdded;

    /**
     * Each sample's {@link Sample#fullFrom} as {@link #addLine} and {@link #count} last saw it: a line at or past it
     * cannot enter that sample, and the sample is not read. Lines come in file order, so in a busy group of a big log
     * every sample is full after a few lines, and most lines read four objects fewer (each a likely cache miss when a
     * log has thousands of groups). A value seen before an item was added elsewhere is never too low (see fullFrom).
     */
    private long originatorsFullFrom = Long.MAX_VALUE;
    private long portsFullFrom = Long.MAX_VALUE;
    private long evidenceFullFrom = Long.MAX_VALUE;
    private long firstFullFrom = Long.MAX_VALUE;

    /** The earliest flow's endpoints, for messages when addresses are folded. */
    record Endpoint(String address, int port, String responder, int responderPort) {
    }

    /** Adds one flow (or part of one) whose earliest evidence sits at {@code position}. */
    void add(Flow f, long position, EvidenceOrder order) {
        flows.add(DistinctCount.combine(DistinctCount.combine(DistinctCount.hash(f.origAddr()), DistinctCount.hash(f.respAddr())),
                ((long) f.ipProtocol() << 32) | ((long) f.origPort() << 16) | f.respPort()));
        originators.add(DistinctCount.hash(f.origAddr()));
        sampleOriginators.add(f.origAddr(), position);
        responders.add(DistinctCount.hash(f.respAddr()), f.respAddr(), position);
        respPorts.add(DistinctCount.combine(f.ipProtocol(), f.respPort()));
        sampleRespPorts.add(f.respPort(), position);
        firstOriginator.add(new Endpoint(f.origAddr(), f.origPort(), f.respAddr(), f.respPort()), position);
        for (Evidence e : f.evidence()) evidence.add(e, order.position(e));
        evidenceCount += f.evidenceCount();
        for (int i = 0; i < ACTIONS.length; i++) actions[i] += f.actionCount(ACTIONS[i]);
        packets += f.packets();
        bytes += f.bytes();
        if (f.firstMicros() < firstMicros) firstMicros = f.firstMicros();
        if (f.lastMicros() > lastMicros) lastMicros = f.lastMicros();
    }

    /**
     * Adds one firewall log line at {@code position}: the same as {@link #add} of the line's one-line flow (originator =
     * source), with the addresses' {@link DistinctCount#hash}es given. Address and evidence texts are made only for a
     * line whose items enter a sample.
     */
    void addLine(dev.portolan.ingest.LogLine l, long origHash, long respHash, long position) {
        int ip = l.ipProtocol();
        int origPort = l.srcPort();
        int respPort = l.dstPort();
        flows.add(DistinctCount.combine(DistinctCount.combine(origHash, respHash), ((long) ip << 32) | ((long) origPort << 16) | respPort));
        // an originator counted before was offered to the sample then, at an earlier position (lines come in file order)
        if (originators.add(origHash) && position < originatorsFullFrom && sampleOriginators.takes(position)) {
            sampleOriginators.add(l.srcText(), position);
            originatorsFullFrom = sampleOriginators.fullFrom();
        }
        if (respHash != lastResponder || !responderAdded) {
            // lines come in file order: the responder of the line before is known already, at an earlier position
            if (responders.count(respHash)) responders.name(l.dstText(), position);
            lastResponder = respHash;
            responderAdded = true;
        }
        long rp = DistinctCount.combine(ip, respPort);
        if (rp != lastRespPort || !respPortAdded) {
            // likewise the port of the line before was offered to the sample already
            if (respPorts.add(rp) && position < portsFullFrom && sampleRespPorts.takes(position)) {
                sampleRespPorts.add(respPort, position);
                portsFullFrom = sampleRespPorts.fullFrom();
            }
            lastRespPort = rp;
            respPortAdded = true;
        }
        if (position < firstFullFrom && firstOriginator.takes(position)) {
            firstOriginator.add(new Endpoint(l.srcText(), origPort, l.dstText(), respPort), position);
            firstFullFrom = firstOriginator.fullFrom();
        }
        count(l, position);
    }

    /**
     * Adds one oriented connection row of a snapshot at {@code position}: one packet and one piece of evidence, the
     * socket's hash given. Items that cannot enter a full sample are not made.
     */
    void addRow(String orig, long origHash, int origPort, String resp, int respPort, long socketHash, Evidence e, long position) {
        flows.add(socketHash);
        packets++;
        evidenceCount++;
        if (e != null && evidence.takes(position)) evidence.add(e, position);
        originators.add(origHash);
        sampleOriginators.add(orig, position);
        responders.add(DistinctCount.hash(resp), resp, position);
        if (firstOriginator.takes(position)) firstOriginator.add(new Endpoint(orig, origPort, resp, respPort), position);
        respPorts.add(DistinctCount.combine(0, respPort));
        if (sampleRespPorts.takes(position)) sampleRespPorts.add(respPort, position);
    }

    /**
     * Adds a later line of a flow whose first line went through {@link #addLine}, at a later position: its hashes and
     * sampled items are that line's, so only its counts and perhaps its evidence are new.
     */
    void addAgain(dev.portolan.ingest.LogLine l, long position) {
        count(l, position);
    }

    private void count(dev.portolan.ingest.LogLine l, long position) {
        if (position < evidenceFullFrom && evidence.takes(position)) {
            evidence.add(l.evidence(), position);
            evidenceFullFrom = evidence.fullFrom();
        }
        evidenceCount++;
        actions[l.action().ordinal()]++;
        packets++;
        if (l.bytes() > 0) bytes += l.bytes();
        long micros = l.micros();
        if (micros != Long.MIN_VALUE) {
            if (micros < firstMicros) firstMicros = micros;
            if (micros > lastMicros) lastMicros = micros;
        }
    }

    void addAll(GroupTally o) {
        flows.addAll(o.flows);
        originators.addAll(o.originators);
        sampleOriginators.addAll(o.sampleOriginators);
        responders.addAll(o.responders);
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

    /** The group these counts make; its distinct counts are this tally's, {@linkplain DistinctCount#frozen frozen}: add nothing after. */
    ServiceGroup build(Protocol proto, int ipProtocol, boolean origCollapsed, PortClass origPortClass, boolean respCollapsed,
                       PortClass respPortClass, Direction direction, FlowTraits traits) {
        Endpoint first = firstOriginator.first();
        Map<FirewallAction, Long> a = new EnumMap<>(FirewallAction.class);
        for (FirewallAction x : FirewallAction.values()) if (actions[x.ordinal()] != 0) a.put(x, actions[x.ordinal()]);
        return new ServiceGroup(proto, ipProtocol, first.address(), origCollapsed, first.port(), origPortClass,
                first.responder(), respCollapsed, first.responderPort(), respPortClass, respPorts.frozen(), sampleRespPorts.items(),
                direction, traits, flows.frozen(), originators.frozen(), sampleOriginators.items(), responders.names(), responders.more(), packets, bytes, a, firstMicros, lastMicros,
                evidence.items(), evidenceCount);
    }
}
