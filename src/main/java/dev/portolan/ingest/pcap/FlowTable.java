package dev.portolan.ingest.pcap;

import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Aggregates packets into bidirectional flows keyed by (protocol, endpoint A, endpoint B, ICMP kind) with the
 * endpoints in canonical order. Open addressing over primitive keys: a packet that joins a known flow
 * allocates nothing. Roles (originator/responder) are decided once, in {@link #finish}, because the SYN
 * may arrive after other packets of the flow or never.
 *
 * <p>Both capture readers feed this table, so they differ only in how they decode packets.
 */
final class FlowTable {
    /** Raw TCP flag bits as on the wire. */
    static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_ACK = 0x10;
    /** Pseudo flag for ICMP: the message is a reply (echo reply, timestamp reply …). */
    static final int ICMP_REPLY = 0x100;

    /** Per-side bits in {@link Slot#sideFlags}; side B uses the same bits shifted by 8. */
    private static final int S_SYN = 1, S_SYNACK = 2, S_FIN = 4, S_RST = 8, S_ANSWER = 16, S_REQUEST = 32;
    /** Ports at or above this are treated as ephemeral when guessing the responder (IANA dynamic range). */
    static final int EPHEMERAL_FLOOR = 49152;

    private final String file;
    private final IntPredicate isListenerPort;
    private Slot[] slots = new Slot[1 << 12];
    private int size;

    FlowTable(String file, IntPredicate isListenerPort) {
        this.file = file;
        this.isListenerPort = isListenerPort;
    }

    int size() {
        return size;
    }

    /**
     * Adds one packet. Addresses are (hi, lo) pairs; IPv4 uses lo only. {@code kind} is the normalised ICMP
     * type (0 otherwise). Returns the flow's slot, which {@link #addToSlot} accepts for later IP fragments.
     */
    Slot add(boolean v6, long sHi, long sLo, long dHi, long dLo, int proto, int sport, int dport, int kind,
             long micros, long ipBytes, int flags, int payload, long packetNo) {
        boolean srcIsA = sHi != dHi ? Long.compareUnsigned(sHi, dHi) < 0
                : sLo != dLo ? Long.compareUnsigned(sLo, dLo) < 0 : sport <= dport;
        long aHi = srcIsA ? sHi : dHi, aLo = srcIsA ? sLo : dLo, bHi = srcIsA ? dHi : sHi, bLo = srcIsA ? dLo : sLo;
        int aPort = srcIsA ? sport : dport, bPort = srcIsA ? dport : sport;
        int ports = (aPort << 16) | bPort;
        int h = hash(aHi, aLo, bHi, bLo, ports, proto, kind);
        Slot[] t = slots;
        int mask = t.length - 1;
        int i = h & mask;
        Slot s;
        while ((s = t[i]) != null) {
            if (s.hash == h && s.aLo == aLo && s.bLo == bLo && s.ports == ports && s.proto == proto
                    && s.aHi == aHi && s.bHi == bHi && s.kind == kind && s.v6 == v6) break;
            i = (i + 1) & mask;
        }
        if (s == null) {
            s = new Slot(v6, aHi, aLo, bHi, bLo, ports, proto, kind, h, !srcIsA);
            t[i] = s;
            if (++size * 2 > t.length) grow();
        }
        addToSlot(s, srcIsA, micros, ipBytes, flags, payload, packetNo);
        return s;
    }

    /** Adds a packet to a known flow (also used for non-first IP fragments, with flags 0). */
    void addToSlot(Slot s, boolean fromA, long micros, long ipBytes, int flags, int payload, long packetNo) {
        if (micros != Long.MIN_VALUE) {
            if (micros < s.first) s.first = micros;
            if (micros > s.last) s.last = micros;
        }
        int bits;
        if (s.proto == 6) {
            bits = 0;
            boolean syn = (flags & TCP_SYN) != 0, ack = (flags & TCP_ACK) != 0, rst = (flags & TCP_RST) != 0;
            if (syn) bits |= ack ? S_SYNACK : S_SYN;
            if ((flags & TCP_FIN) != 0) bits |= S_FIN;
            if (rst) bits |= S_RST;
            else if (payload > 0 || (ack && !syn)) bits |= S_ANSWER;
            if (syn && !ack && s.firstSyn < 0) s.firstSyn = fromA ? 0 : 1;
        } else {
            bits = S_ANSWER;
            if (s.proto == 1 || s.proto == 58) {
                if ((flags & ICMP_REPLY) == 0) {
                    bits |= S_REQUEST;
                    if (s.firstSyn < 0) s.firstSyn = fromA ? 0 : 1;
                }
            }
        }
        if (fromA) {
            s.aPkts++;
            s.aBytes += ipBytes;
            s.sideFlags |= bits;
        } else {
            s.bPkts++;
            s.bBytes += ipBytes;
            s.sideFlags |= bits << 8;
        }
        if (s.evN < Flow.MAX_EVIDENCE) s.keepEvidence(packetNo, micros, fromA, flags, payload);
    }

    private static int hash(long aHi, long aLo, long bHi, long bLo, int ports, int proto, int kind) {
        long x = aLo * 0x9E3779B97F4A7C15L + bLo;
        x = x * 0xC2B2AE3D27D4EB4FL + (aHi ^ (bHi << 1));
        x = x * 0x9E3779B97F4A7C15L + (((long) ports << 16) | (proto << 8) | kind);
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 32));
    }

    private void grow() {
        Slot[] old = slots;
        Slot[] t = new Slot[old.length * 2];
        int mask = t.length - 1;
        for (Slot s : old) {
            if (s == null) continue;
            int i = s.hash & mask;
            while (t[i] != null) i = (i + 1) & mask;
            t[i] = s;
        }
        slots = t;
    }

    /** Builds the flows, deciding each flow's originator; ordered by first packet number. */
    List<Flow> finish() {
        List<Slot> all = new ArrayList<>(size);
        for (Slot s : slots) if (s != null) all.add(s);
        all.sort(Comparator.comparingLong(s -> s.evPacket[0]));
        List<Flow> flows = new ArrayList<>(all.size());
        for (Slot s : all) flows.add(toFlow(s));
        return flows;
    }

    private Flow toFlow(Slot s) {
        int aPort = s.ports >>> 16, bPort = s.ports & 0xffff;
        int aFlags = s.sideFlags & 0xff, bFlags = (s.sideFlags >>> 8) & 0xff;
        boolean origIsA;
        Initiator how;
        if (s.proto == 6 && s.firstSyn >= 0) {
            origIsA = s.firstSyn == 0;
            how = Initiator.HANDSHAKE;
        } else if (s.proto == 6 && ((aFlags | bFlags) & S_SYNACK) != 0) {
            // only the SYN/ACK was captured: its sender is the responder
            origIsA = (bFlags & S_SYNACK) != 0;
            how = Initiator.INFERRED;
        } else if ((s.proto == 1 || s.proto == 58) && s.firstSyn >= 0) {
            origIsA = s.firstSyn == 0;
            how = Initiator.INFERRED;
        } else {
            origIsA = guessOrigIsA(s, aPort, bPort);
            how = Initiator.INFERRED;
        }
        int of = origIsA ? aFlags : bFlags, rf = origIsA ? bFlags : aFlags;
        String aAddr = AddressText.of(s.v6, s.aHi, s.aLo), bAddr = AddressText.of(s.v6, s.bHi, s.bLo);
        Protocol proto = Protocol.ofNumber(s.proto);
        boolean icmp = s.proto == 1 || s.proto == 58;
        int origPort = icmp ? 0 : origIsA ? aPort : bPort;
        int respPort = icmp ? s.kind : origIsA ? bPort : aPort;
        Flow f = new Flow(proto, s.proto, origIsA ? aAddr : bAddr, origPort, origIsA ? bAddr : aAddr, respPort, how);
        f.addPackets(true, origIsA ? s.aPkts : s.bPkts, origIsA ? s.aBytes : s.bBytes, s.first, s.last);
        f.addPackets(false, origIsA ? s.bPkts : s.aPkts, origIsA ? s.bBytes : s.aBytes, s.first, s.last);
        int bits = 0;
        if (s.proto == 6) {
            if ((of & S_SYN) != 0) bits |= Flow.SYN;
            if ((rf & S_SYNACK) != 0) bits |= Flow.SYN_ACK;
            if (((of | rf) & S_FIN) != 0) bits |= Flow.FIN;
            if (((of | rf) & S_RST) != 0) bits |= Flow.RST;
            if ((rf & S_RST) != 0) bits |= Flow.RST_FROM_RESP;
        }
        if ((rf & S_ANSWER) != 0) bits |= Flow.RESP_ANSWERED;
        f.addTcpFlags(bits);
        for (int i = 0; i < s.evN; i++) {
            boolean fromA = s.evFromA[i];
            String text = evidenceText(proto, s.proto, fromA ? aAddr : bAddr, fromA ? aPort : bPort,
                    fromA ? bAddr : aAddr, fromA ? bPort : aPort, s.evFlags[i], s.evPayload[i], icmp);
            f.addEvidence(Evidence.ofPacket(file, s.evPacket[i], Timestamps.iso(s.evMicros[i]), text));
        }
        return f;
    }

    /** No handshake: the side on a listener port is the responder, else the lower non-ephemeral port. */
    private boolean guessOrigIsA(Slot s, int aPort, int bPort) {
        boolean firstFromA = !s.firstFromB;
        if (s.proto != 6 && s.proto != 17) return firstFromA;
        if (isListenerPort != null) {
            boolean la = isListenerPort.test(aPort), lb = isListenerPort.test(bPort);
            if (la != lb) return lb;
        }
        if (aPort == bPort || Math.min(aPort, bPort) >= EPHEMERAL_FLOOR) return firstFromA;
        return bPort < aPort;
    }

    private static String evidenceText(Protocol proto, int ipProto, String src, int sport, String dst, int dport, int flags,
                                       int payload, boolean icmp) {
        StringBuilder sb = new StringBuilder(64).append(proto == Protocol.OTHER ? "ip-proto " + ipProto : proto.label()).append(" ");
        if (icmp) {
            sb.append(src).append(" > ").append(dst).append(" type ").append(flags & 0xff);
        } else if (proto == Protocol.OTHER) {
            sb.append(src).append(" > ").append(dst);
        } else {
            sb.append(dev.portolan.model.Addresses.endpoint(src, sport)).append(" > ")
                    .append(dev.portolan.model.Addresses.endpoint(dst, dport));
        }
        if (proto == Protocol.TCP) {
            sb.append(" [");
            if ((flags & TCP_SYN) != 0) sb.append('S');
            if ((flags & TCP_FIN) != 0) sb.append('F');
            if ((flags & TCP_RST) != 0) sb.append('R');
            if ((flags & 0x08) != 0) sb.append('P');
            if ((flags & TCP_ACK) != 0) sb.append('.');
            sb.append(']');
        }
        if ((flags & Slot.FRAGMENT) != 0) sb.append(" fragment");
        else if (!icmp && proto != Protocol.OTHER) sb.append(" len=").append(payload);
        return sb.toString();
    }

    /** One flow's key and counters. */
    static final class Slot {
        static final int FRAGMENT = 0x10000;
        final boolean v6;
        final long aHi, aLo, bHi, bLo;
        final int ports, proto, kind, hash;
        final boolean firstFromB;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        long aPkts, bPkts, aBytes, bBytes;
        int sideFlags;
        /** Side (0 = A, 1 = B) of the first SYN without ACK (TCP) or first ICMP request; -1 when none. */
        int firstSyn = -1;
        int evN;
        final long[] evPacket = new long[Flow.MAX_EVIDENCE];
        final long[] evMicros = new long[Flow.MAX_EVIDENCE];
        final int[] evFlags = new int[Flow.MAX_EVIDENCE];
        final int[] evPayload = new int[Flow.MAX_EVIDENCE];
        final boolean[] evFromA = new boolean[Flow.MAX_EVIDENCE];

        Slot(boolean v6, long aHi, long aLo, long bHi, long bLo, int ports, int proto, int kind, int hash, boolean firstFromB) {
            this.v6 = v6;
            this.aHi = aHi;
            this.aLo = aLo;
            this.bHi = bHi;
            this.bLo = bLo;
            this.ports = ports;
            this.proto = proto;
            this.kind = kind;
            this.hash = hash;
            this.firstFromB = firstFromB;
        }

        boolean isA(long hi, long lo) {
            return hi == aHi && lo == aLo;
        }

        void keepEvidence(long packetNo, long micros, boolean fromA, int flags, int payload) {
            // kept in packet order: IP fragments that came before their first fragment are added late
            int i = evN;
            while (i > 0 && evPacket[i - 1] > packetNo) {
                evPacket[i] = evPacket[i - 1];
                evMicros[i] = evMicros[i - 1];
                evFlags[i] = evFlags[i - 1];
                evPayload[i] = evPayload[i - 1];
                evFromA[i] = evFromA[i - 1];
                i--;
            }
            evPacket[i] = packetNo;
            evMicros[i] = micros;
            evFlags[i] = flags;
            evPayload[i] = payload;
            evFromA[i] = fromA;
            evN++;
        }
    }
}
