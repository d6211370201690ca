package dev.portolan.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A conversation between an originator (orig) and a responder (resp), named as in Zeek's conn.log.
 * Built from packets (captures) or log lines (firewall logs). Timestamps are microseconds since the
 * epoch; firewall times are local wall-clock times stored as if UTC unless a time zone was given.
 * For ICMP, {@code origPort} is 0 and {@code respPort} the ICMP type.
 *
 * <p>Mutable while its reader aggregates; treat it as read-only afterwards. Keeps at most
 * {@link #MAX_EVIDENCE} evidence items, but counts all of them.
 */
public final class Flow {
    public static final int MAX_EVIDENCE = 5;

    public static final int SYN = 1;
    public static final int SYN_ACK = 2;
    public static final int FIN = 4;
    public static final int RST = 8;
    /** A RST sent by the responder (refused connection). */
    public static final int RST_FROM_RESP = 16;
    /** Payload or a non-SYN ACK from the responder: the responder answered. */
    public static final int RESP_ANSWERED = 32;
    /**
     * A {@linkplain #isContinuation() continuation} whose earlier parts had packets from the responder: the
     * conversation was answered, even if this part holds none of the responder's packets.
     */
    public static final int ANSWERED_EARLIER = 64;

    private Protocol proto;
    private String origAddr;
    private int origPort;
    private String respAddr;
    private int respPort;
    private int ipProtocol;
    private Initiator initiator;
    private Direction direction = Direction.UNKNOWN;
    private long firstMicros = Long.MAX_VALUE;
    private long lastMicros = Long.MIN_VALUE;
    private long origPackets;
    private long respPackets;
    private long origBytes;
    private long respBytes;
    private int tcpFlags;
    // firewall logs make millions of one-line flows, so the common case is kept small: ALLOW/DROP counts
    // and the first evidence item in fields, anything else in arrays made on first use
    private long allowCount;
    private long dropCount;
    private long[] otherActions;
    private Evidence firstEvidence;
    private List<Evidence> moreEvidence;
    private long evidenceCount;
    private boolean continuation;

    public Flow(Protocol proto, int ipProtocol, String origAddr, int origPort, String respAddr, int respPort, Initiator initiator) {
        this.proto = proto;
        this.ipProtocol = ipProtocol;
        this.origAddr = origAddr;
        this.origPort = origPort;
        this.respAddr = respAddr;
        this.respPort = respPort;
        this.initiator = initiator;
    }

    /** Adds one packet; {@code fromOrig} says which side sent it, {@code bytes} its IP length. */
    public void addPacket(boolean fromOrig, long micros, long bytes, int tcpFlagBits) {
        touch(micros);
        if (fromOrig) {
            origPackets++;
            origBytes += bytes;
        } else {
            respPackets++;
            respBytes += bytes;
        }
        tcpFlags |= tcpFlagBits;
    }

    /**
     * Adds packets already aggregated by a reader (capture readers count per side first and decide the
     * originator at the end). {@code firstMicros}/{@code lastMicros} widen the flow's time span.
     */
    public void addPackets(boolean fromOrig, long packets, long bytes, long firstMicros, long lastMicros) {
        // bytes without a packet: the later IP fragments of a datagram counted in an earlier part of the conversation
        if (packets <= 0 && bytes <= 0) return;
        if (firstMicros != Long.MAX_VALUE) touch(firstMicros);
        touch(lastMicros);
        if (fromOrig) {
            origPackets += packets;
            origBytes += bytes;
        } else {
            respPackets += packets;
            respBytes += bytes;
        }
    }

    /** Adds one firewall log line (counted as a packet from the originator). */
    public void addLogLine(FirewallAction action, long micros, long bytes) {
        touch(micros);
        countAction(action, 1);
        origPackets++;
        if (bytes > 0) origBytes += bytes;
    }

    /**
     * Adds {@code lines} firewall log lines of one action at once, as that many {@link #addLogLine} and
     * {@link #addEvidence} calls would (a reader that counted them first): {@code kept} are the first lines' evidence,
     * in order (at most {@link #MAX_EVIDENCE} are kept).
     */
    public void addLogLines(FirewallAction action, long lines, long bytes, long firstMicros, long lastMicros, List<Evidence> kept) {
        touch(firstMicros);
        touch(lastMicros);
        countAction(action, lines);
        origPackets += lines;
        if (bytes > 0) origBytes += bytes;
        for (Evidence e : kept) storeEvidence(e);
        evidenceCount += lines;
    }

    public void addEvidence(Evidence e) {
        evidenceCount++;
        storeEvidence(e);
    }

    /**
     * Adds everything {@code later} counted for the same 5-tuple from a later part of the same
     * input (a reader that parses chunks in parallel merges them in input order). Evidence is
     * appended after this flow's, still capped at {@link #MAX_EVIDENCE}. An unknown direction
     * takes the other's; two different known directions make LOCAL (seen both leaving and
     * entering the host, so it never left it).
     */
    public void merge(Flow later) {
        if (later.firstMicros != Long.MAX_VALUE) touch(later.firstMicros);
        if (later.lastMicros != Long.MIN_VALUE) touch(later.lastMicros);
        origPackets += later.origPackets;
        respPackets += later.respPackets;
        origBytes += later.origBytes;
        respBytes += later.respBytes;
        tcpFlags |= later.tcpFlags;
        for (FirewallAction a : FirewallAction.values()) {
            long n = later.actionCount(a);
            if (n != 0) countAction(a, n);
        }
        for (Evidence e : later.evidence()) storeEvidence(e);
        evidenceCount += later.evidenceCount;
        if (direction == Direction.UNKNOWN) {
            direction = later.direction;
        } else if (later.direction != Direction.UNKNOWN && later.direction != direction) {
            direction = Direction.LOCAL;
        }
    }

    private void touch(long micros) {
        if (micros == Long.MIN_VALUE) return;
        if (micros < firstMicros) firstMicros = micros;
        if (micros > lastMicros) lastMicros = micros;
    }

    /** Swaps originator and responder (used when the initiator turns out to be the other side). */
    public void reverse(Initiator how) {
        String a = origAddr; origAddr = respAddr; respAddr = a;
        int p = origPort; origPort = respPort; respPort = p;
        long x = origPackets; origPackets = respPackets; respPackets = x;
        x = origBytes; origBytes = respBytes; respBytes = x;
        initiator = how;
    }

    /**
     * Marks this flow as a later part of a conversation already reported as a flow: a capture reader with a
     * bounded flow table let the conversation go (idle, closed, or the table full) and then saw more of it. Its
     * originator is the one decided for the first part; count it as packets and bytes, not as another flow.
     */
    public void markContinuation() { continuation = true; }
    public boolean isContinuation() { return continuation; }
    public void setInitiator(Initiator initiator) { this.initiator = initiator; }
    public void setDirection(Direction direction) { this.direction = direction; }
    public void addTcpFlags(int bits) { tcpFlags |= bits; }

    public Protocol proto() { return proto; }
    public int ipProtocol() { return ipProtocol; }
    public String origAddr() { return origAddr; }
    public int origPort() { return origPort; }
    public String respAddr() { return respAddr; }
    public int respPort() { return respPort; }
    public Initiator initiator() { return initiator; }
    public Direction direction() { return direction; }
    /** First timestamp in µs since the epoch, or Long.MAX_VALUE when none was read. */
    public long firstMicros() { return firstMicros; }
    public long lastMicros() { return lastMicros; }
    public long origPackets() { return origPackets; }
    public long respPackets() { return respPackets; }
    public long origBytes() { return origBytes; }
    public long respBytes() { return respBytes; }
    public long packets() { return origPackets + respPackets; }
    public long bytes() { return origBytes + respBytes; }
    public int tcpFlags() { return tcpFlags; }
    public boolean hasFlag(int bit) { return (tcpFlags & bit) != 0; }
    public long actionCount(FirewallAction a) {
        if (a == FirewallAction.ALLOW) return allowCount;
        if (a == FirewallAction.DROP) return dropCount;
        return otherActions == null ? 0 : otherActions[a.ordinal()];
    }
    public boolean wasDropped() { return dropCount > 0; }
    public boolean wasAllowed() {
        if (allowCount > 0) return true;
        if (otherActions == null) return false;
        for (FirewallAction a : FirewallAction.ALL) if (a.passes() && actionCount(a) > 0) return true;
        return false;
    }
    public List<Evidence> evidence() {
        if (firstEvidence == null) return List.of();
        if (moreEvidence == null) return Collections.singletonList(firstEvidence);
        List<Evidence> all = new ArrayList<>(1 + moreEvidence.size());
        all.add(firstEvidence);
        all.addAll(moreEvidence);
        return Collections.unmodifiableList(all);
    }

    private void countAction(FirewallAction a, long n) {
        if (a == FirewallAction.ALLOW) allowCount += n;
        else if (a == FirewallAction.DROP) dropCount += n;
        else {
            if (otherActions == null) otherActions = new long[FirewallAction.ALL.length];
            otherActions[a.ordinal()] += n;
        }
    }

    private void storeEvidence(Evidence e) {
        if (firstEvidence == null) {
            firstEvidence = e;
        } else if (moreEvidence == null) {
            moreEvidence = new ArrayList<>(2);
            moreEvidence.add(e);
        } else if (moreEvidence.size() < MAX_EVIDENCE - 1) {
            moreEvidence.add(e);
        }
    }
    public long evidenceCount() { return evidenceCount; }

    /** "tcp 10.0.0.1:50000 -> 10.0.0.2:443". */
    public String describe() {
        return proto.label() + " " + Addresses.endpoint(origAddr, origPort) + " -> " + Addresses.endpoint(respAddr, respPort);
    }

    /** Zeek-like connection state summary: S0 (SYN, no answer), REJ (RST answer), SF (closed), S1 (established), OTH. */
    public String connState() {
        return connState(proto, tcpFlags, respPackets);
    }

    /** {@link #connState()} of a flow of {@code proto} with these {@link #tcpFlags()} and responder packets. */
    public static String connState(Protocol proto, int tcpFlags, long respPackets) {
        if (proto != Protocol.TCP) return respPackets > 0 ? "SF" : "S0";
        boolean syn = (tcpFlags & SYN) != 0, synAck = (tcpFlags & SYN_ACK) != 0;
        if (syn && (tcpFlags & RST_FROM_RESP) != 0 && !synAck) return "REJ";
        if (syn && !synAck && respPackets == 0) return "S0";
        if (synAck && (tcpFlags & FIN) != 0) return "SF";
        if (synAck && (tcpFlags & RST) != 0) return "RSTO";
        if (synAck) return "S1";
        return "OTH";
    }

    @Override
    public String toString() {
        return describe() + " pkts=" + packets() + " bytes=" + bytes() + " init=" + initiator.label();
    }
}
