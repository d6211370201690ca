package dev.portolan.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Flows folded into one row per service: (protocol, responder address, responder port, direction).
 * Thousands of connections from ephemeral source ports to one listener become one row, which is
 * what an audit compares with the catalog. Source-neutral: built from any {@link Flow}s (firewall
 * logs, captures). Immutable.
 */
public final class ServiceGroup {
    /** Originator addresses kept as a sample; all are counted. */
    public static final int MAX_SAMPLE_ORIGINATORS = 10;

    private final Protocol proto;
    private final int ipProtocol;
    private final String respAddr;
    private final int respPort;
    private final Direction direction;
    private final long flowCount;
    private final long originatorCount;
    private final List<String> sampleOriginators;
    private final long[] actionCounts;
    private final long firstMicros;
    private final long lastMicros;
    private final long packets;
    private final long bytes;
    private final List<Evidence> evidence;

    private ServiceGroup(Builder b) {
        this.proto = b.proto;
        this.ipProtocol = b.ipProtocol;
        this.respAddr = b.respAddr;
        this.respPort = b.respPort;
        this.direction = b.direction;
        this.flowCount = b.flowCount;
        this.originatorCount = b.originators.size();
        this.sampleOriginators = List.copyOf(b.sample);
        this.actionCounts = b.actionCounts.clone();
        this.firstMicros = b.firstMicros;
        this.lastMicros = b.lastMicros;
        this.packets = b.packets;
        this.bytes = b.bytes;
        this.evidence = List.copyOf(b.evidence);
    }

    /** Groups flows by (protocol, responder address, responder port, direction), in first-seen order. */
    public static List<ServiceGroup> group(Collection<Flow> flows) {
        Map<Key, Builder> groups = new LinkedHashMap<>();
        for (Flow f : flows) {
            Key k = new Key(f.proto(), f.ipProtocol(), f.respAddr(), f.respPort(), f.direction());
            groups.computeIfAbsent(k, Builder::new).add(f);
        }
        List<ServiceGroup> out = new ArrayList<>(groups.size());
        for (Builder b : groups.values()) out.add(new ServiceGroup(b));
        return Collections.unmodifiableList(out);
    }

    private record Key(Protocol proto, int ipProtocol, String respAddr, int respPort, Direction direction) {
    }

    private static final class Builder {
        final Protocol proto;
        final int ipProtocol;
        final String respAddr;
        final int respPort;
        final Direction direction;
        long flowCount;
        final Set<String> originators = new HashSet<>();
        final List<String> sample = new ArrayList<>();
        final long[] actionCounts = new long[FirewallAction.values().length];
        long firstMicros = Long.MAX_VALUE;
        long lastMicros = Long.MIN_VALUE;
        long packets;
        long bytes;
        final List<Evidence> evidence = new ArrayList<>();

        Builder(Key k) {
            proto = k.proto();
            ipProtocol = k.ipProtocol();
            respAddr = k.respAddr();
            respPort = k.respPort();
            direction = k.direction();
        }

        void add(Flow f) {
            flowCount++;
            if (originators.add(f.origAddr()) && sample.size() < MAX_SAMPLE_ORIGINATORS) sample.add(f.origAddr());
            for (FirewallAction a : FirewallAction.values()) actionCounts[a.ordinal()] += f.actionCount(a);
            firstMicros = Math.min(firstMicros, f.firstMicros());
            lastMicros = Math.max(lastMicros, f.lastMicros());
            packets += f.packets();
            bytes += f.bytes();
            for (Evidence e : f.evidence()) {
                if (evidence.size() >= Flow.MAX_EVIDENCE) break;
                evidence.add(e);
            }
        }
    }

    public Protocol proto() { return proto; }
    public int ipProtocol() { return ipProtocol; }
    public String respAddr() { return respAddr; }
    /** Responder port; for ICMP the ICMP type. */
    public int respPort() { return respPort; }
    public Direction direction() { return direction; }
    /** Flows in the group (distinct originator address/port pairs). */
    public long flowCount() { return flowCount; }
    /** Distinct originator addresses. */
    public long originatorCount() { return originatorCount; }
    /** The first {@link #MAX_SAMPLE_ORIGINATORS} distinct originator addresses, first seen first. */
    public List<String> sampleOriginators() { return sampleOriginators; }
    /** Firewall log lines with this action, summed over the group's flows (0 for captures). */
    public long actionCount(FirewallAction a) { return actionCounts[a.ordinal()]; }
    public boolean wasDropped() { return actionCounts[FirewallAction.DROP.ordinal()] > 0; }
    /** First timestamp in µs since the epoch, Long.MAX_VALUE when none. */
    public long firstMicros() { return firstMicros; }
    public long lastMicros() { return lastMicros; }
    public long packets() { return packets; }
    public long bytes() { return bytes; }
    /** The first few evidence items of the group's first flows (at most {@link Flow#MAX_EVIDENCE}). */
    public List<Evidence> evidence() { return evidence; }

    /** "udp -> 192.168.0.1:53 (outbound)". */
    public String describe() {
        return proto.label() + " -> " + Addresses.endpoint(respAddr, respPort) + " (" + direction.label() + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServiceGroup g)) return false;
        return ipProtocol == g.ipProtocol && respPort == g.respPort && flowCount == g.flowCount && proto == g.proto
                && Objects.equals(respAddr, g.respAddr) && direction == g.direction && originatorCount == g.originatorCount
                && java.util.Arrays.equals(actionCounts, g.actionCounts) && firstMicros == g.firstMicros
                && lastMicros == g.lastMicros && packets == g.packets && bytes == g.bytes && evidence.equals(g.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proto, ipProtocol, respAddr, respPort, direction, flowCount);
    }

    @Override
    public String toString() {
        return describe() + " flows=" + flowCount + " originators=" + originatorCount + " pkts=" + packets;
    }
}
