package dev.portolan.ingest.pcap;

import dev.portolan.model.IpAddress;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Aggregates packets into bidirectional flows keyed by (protocol, endpoint A, endpoint B, ICMP kind) with the
 * endpoints in canonical order. Open addressing over primitive keys: a packet that joins a known flow
 * allocates nothing. Roles (originator/responder) are decided when a flow leaves the table, because the SYN
 * may arrive after other packets of the flow or never.
 *
 * <p>Two modes. <b>Whole table</b> ({@link #FlowTable(String, IntPredicate)}): every flow stays until
 * {@link #finish}, which returns them ordered by first packet ({@code portolan flows} prints exactly this).
 * <b>Bounded</b> ({@link #FlowTable(String, IntPredicate, Bounds, Consumer)}): a flow leaves the table as soon as it
 * is done, in capture time: answered (packets both ways) and closed (FIN both ways, or a RST) and quiet for
 * {@link Bounds#closedMicros}, or answered and quiet for {@link Bounds#idleMicros}; or the least recently seen when
 * the table holds more than {@link Bounds#maxFlows}. It is handed to the consumer at once. Its key, decided roles,
 * handshake flags, answer and evidence count stay behind in a fixed-size {@link Departed} table, so packets of the
 * same conversation that come later form a flow marked {@linkplain Flow#isContinuation() continuation} with the same
 * originator (the handshake is not seen twice) and the same traits, and counting flows stays exact. Memory is then
 * flat in the capture's size.
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
    /** Bounded mode looks for finished flows every this many packets (or maxFlows, if fewer) and whenever the table is full. */
    private static final int SWEEP_EVERY = 1 << 16;
    /** Whole tables of at least this many flows are turned into flows on two threads. */
    private static final int BUILD_ON_TWO_THREADS_FROM = 4096;

    /**
     * Limits of the bounded mode: at most {@code maxFlows} flows held; a flow quiet for {@code idleMicros} of
     * capture time (or {@code closedMicros} once closed) is let go.
     */
    record Bounds(int maxFlows, long idleMicros, long closedMicros) {
        /** 65,536 flows (about 30 MB), 5 minutes idle (as Zeek's TCP inactivity timeout), 10 s after closing. */
        static final Bounds DEFAULT = new Bounds(1 << 16, 300_000_000L, 10_000_000L);

        Bounds {
            if (maxFlows < 4) throw new IllegalArgumentException("maxFlows must be at least 4");
        }
    }

    private final String file;
    private final IntPredicate isListenerPort;
    /** Null in whole-table mode. */
    private final Bounds bounds;
    private final Consumer<Flow> out;
    private final Departed departed;
    private Slot[] slots = new Slot[1 << 12];
    /**
     * Whole-table mode: the slots in the order they were made, which is the order of their first packets (save when an
     * IP fragment older than a flow's first packet joins it late); null in bounded mode.
     */
    private Slot[] made;
    private int madeCount;
    private int size;
    /** Latest packet time seen (capture time), and packets since the last sweep. */
    private long now = Long.MIN_VALUE;
    private int sinceSweep;
    private long lastSweepMicros = Long.MIN_VALUE;

    /** Whole-table mode: every flow stays until {@link #finish}. */
    FlowTable(String file, IntPredicate isListenerPort) {
        this.file = file;
        this.isListenerPort = isListenerPort;
        this.bounds = null;
        this.out = null;
        this.departed = null;
        this.made = new Slot[1 << 11];
    }

    /** Bounded mode: finished flows go to {@code out} while packets are added; {@link #finish} hands over the rest. */
    FlowTable(String file, IntPredicate isListenerPort, Bounds bounds, Consumer<Flow> out) {
        this.file = file;
        this.isListenerPort = isListenerPort;
        this.bounds = bounds;
        this.out = out;
        this.departed = new Departed();
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
        if (bounds != null) beforePacket(micros);
        boolean srcIsA = sHi != dHi ? Long.compareUnsigned(sHi, dHi) < 0
                : sLo != dLo ? Long.compareUnsigned(sLo, dLo) < 0 : sport <= dport;
        long aHi = srcIsA ? sHi : dHi, aLo = srcIsA ? sLo : dLo, bHi = srcIsA ? dHi : sHi, bLo = srcIsA ? dLo : sLo;
        int aPort = srcIsA ? sport : dport, bPort = srcIsA ? dport : sport;
        int ports = (aPort << 16) | bPort;
        long key = hash(aHi, aLo, bHi, bLo, ports, proto, kind, v6);
        int h = (int) (key ^ (key >>> 32));
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
            s.key = key;
            if (departed != null) s.roles = departed.get(key);
            t[i] = s;
            remember(s);
            if (++size * 2 > t.length) grow();
        }
        addToSlot(s, srcIsA, micros, ipBytes, flags, payload, packetNo);
        if (bounds != null && size > bounds.maxFlows) sweep();
        return s;
    }

    /** Adds a packet to a known flow (also used for non-first IP fragments, with flags 0). */
    void addToSlot(Slot s, boolean fromA, long micros, long ipBytes, int flags, int payload, long packetNo) {
        if (s.departed) s = revive(s); // a later IP fragment of a flow that already left the table
        if (micros != Long.MIN_VALUE) {
            if (micros < s.first) s.first = micros;
            if (micros > s.last) s.last = micros;
            if (micros > now) now = micros;
        }
        s.lastPacket = packetNo;
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

    /**
     * Whole-table mode: takes over the flows of the table that read the rest of the capture on its own (its packet
     * numbers count from 1, so {@code packetOffset} is the number of packets before its part), as if this table had
     * read on: a flow both saw keeps this table's first packet and side, and adds the other's counts, flags and
     * evidence (which comes later).
     */
    void absorb(FlowTable later, long packetOffset) {
        if (bounds != null || later.bounds != null) throw new IllegalStateException("only whole tables are absorbed");
        for (int k = 0; k < later.madeCount; k++) {
            Slot o = later.made[k];
            Slot[] t = slots;
            int mask = t.length - 1;
            int i = o.hash & mask;
            Slot s;
            while ((s = t[i]) != null) {
                if (s.hash == o.hash && s.aLo == o.aLo && s.bLo == o.bLo && s.ports == o.ports && s.proto == o.proto
                        && s.aHi == o.aHi && s.bHi == o.bHi && s.kind == o.kind && s.v6 == o.v6) break;
                i = (i + 1) & mask;
            }
            o.lastPacket += packetOffset;
            for (int e = 0; e < o.evN; e++) o.evPacket[e] += packetOffset;
            if (s == null) {
                t[i] = o;
                remember(o);
                if (++size * 2 > t.length) grow();
                continue;
            }
            s.first = Math.min(s.first, o.first);
            s.last = Math.max(s.last, o.last);
            s.lastPacket = o.lastPacket;
            s.aPkts += o.aPkts;
            s.bPkts += o.bPkts;
            s.aBytes += o.aBytes;
            s.bBytes += o.bBytes;
            s.sideFlags |= o.sideFlags;
            if (s.firstSyn < 0) s.firstSyn = o.firstSyn;
            for (int e = 0; e < o.evN && s.evN < Flow.MAX_EVIDENCE; e++) {
                s.keepEvidence(o.evPacket[e], o.evMicros[e], o.evFromA[e], o.evFlags[e], o.evPayload[e]);
            }
        }
        if (later.now > now) now = later.now;
    }

    /** A 64-bit mix of the key: its low bits place the slot, all of it names the flow in {@link Departed}. */
    private static long hash(long aHi, long aLo, long bHi, long bLo, int ports, int proto, int kind, boolean v6) {
        long x = aLo * 0x9E3779B97F4A7C15L + bLo;
        x = x * 0xC2B2AE3D27D4EB4FL + (aHi ^ (bHi << 1));
        x = x * 0x9E3779B97F4A7C15L + (((long) ports << 17) | (proto << 9) | (kind << 1) | (v6 ? 1 : 0));
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 32);
    }

    /** The live slot for a departed slot's key (made anew, as a continuation, when none is). */
    private Slot revive(Slot gone) {
        Slot[] t = slots;
        int mask = t.length - 1;
        int i = gone.hash & mask;
        Slot s;
        while ((s = t[i]) != null) {
            if (s.key == gone.key && s.aLo == gone.aLo && s.bLo == gone.bLo && s.ports == gone.ports && s.proto == gone.proto
                    && s.aHi == gone.aHi && s.bHi == gone.bHi && s.kind == gone.kind && s.v6 == gone.v6) return s;
            i = (i + 1) & mask;
        }
        s = new Slot(gone.v6, gone.aHi, gone.aLo, gone.bHi, gone.bLo, gone.ports, gone.proto, gone.kind, gone.hash, gone.firstFromB);
        s.key = gone.key;
        s.roles = departed.get(gone.key);
        t[i] = s;
        if (++size * 2 > t.length) grow();
        return s;
    }

    /**
     * Bounded mode: lets go of the flows that are done (closed and quiet, or idle, in capture time) and answered (packets
     * both ways) and, when the table is still over its bound, of the least recently seen until it is at three quarters. The flows leave in
     * order of first packet; the table is rebuilt from the rest.
     */
    private void sweep() {
        sinceSweep = 0;
        lastSweepMicros = now;
        List<Slot> stay = new ArrayList<>(size);
        List<Slot> leave = new ArrayList<>();
        for (Slot s : slots) {
            if (s == null) continue;
            long quiet = now == Long.MIN_VALUE || s.last == Long.MIN_VALUE ? 0 : now - s.last;
            // a flow nobody answered yet stays (while there is room): an answer that comes later still makes it answered
            boolean done = quiet > bounds.idleMicros || (quiet > bounds.closedMicros && closed(s));
            if (done && s.aPkts > 0 && s.bPkts > 0) leave.add(s);
            else stay.add(s);
        }
        int keep = bounds.maxFlows - bounds.maxFlows / 4;
        if (stay.size() > keep) {
            stay.sort(Comparator.comparingLong(s -> s.lastPacket));
            leave.addAll(stay.subList(0, stay.size() - keep));
            stay = new ArrayList<>(stay.subList(stay.size() - keep, stay.size()));
        }
        if (leave.isEmpty()) return;
        Slot[] t = new Slot[slots.length];
        int mask = t.length - 1;
        for (Slot s : stay) {
            int i = s.hash & mask;
            while (t[i] != null) i = (i + 1) & mask;
            t[i] = s;
        }
        slots = t;
        size = stay.size();
        leave.sort(Comparator.comparingLong(s -> s.evPacket[0]));
        for (Slot s : leave) {
            s.departed = true;
            out.accept(toFlow(s, true));
        }
    }

    /**
     * Bounded mode, before each packet: sweeps every {@link #SWEEP_EVERY} packets (or maxFlows, if fewer) and whenever
     * capture time moved on by the closed-flow grace since the last sweep, so flows leave before this packet counts.
     */
    private void beforePacket(long micros) {
        if (micros != Long.MIN_VALUE && micros > now) {
            now = micros;
            if (lastSweepMicros == Long.MIN_VALUE) lastSweepMicros = now;
        }
        if (++sinceSweep >= Math.min(SWEEP_EVERY, bounds.maxFlows)
                || (now != Long.MIN_VALUE && now - lastSweepMicros > Math.max(1, bounds.closedMicros))) {
            sweep();
        }
    }

    /** TCP with a FIN from both sides or a RST from either. */
    private static boolean closed(Slot s) {
        if (s.proto != 6) return false;
        int f = s.sideFlags;
        return (f & S_RST) != 0 || (f & (S_RST << 8)) != 0 || ((f & S_FIN) != 0 && (f & (S_FIN << 8)) != 0);
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

    /**
     * Builds the flows still in the table, deciding each flow's originator, ordered by first packet number: returned
     * in whole-table mode; in bounded mode handed to the consumer (and an empty list returned).
     */
    List<Flow> finish() {
        List<Slot> all;
        if (made != null) {
            all = java.util.Arrays.asList(made).subList(0, madeCount);
            if (!byFirstPacketAlready(all)) all = byFirstPacket(all);
        } else {
            all = new ArrayList<>(size);
            for (Slot s : slots) if (s != null) all.add(s);
            all = byFirstPacket(all);
        }
        List<Flow> flows = out == null ? build(all) : List.of();
        if (out != null) {
            for (Slot s : all) {
                s.departed = true;
                out.accept(toFlow(s, false));
            }
        }
        slots = new Slot[16];
        if (made != null) made = new Slot[16];
        madeCount = 0;
        size = 0;
        return flows;
    }

    /** Whole-table mode: keeps the order slots are made in. */
    private void remember(Slot s) {
        if (made == null) return;
        if (madeCount == made.length) made = java.util.Arrays.copyOf(made, madeCount * 2);
        made[madeCount++] = s;
    }

    /** True when the slots are already in order of their first packet (as they were made: no sort needed). */
    private static boolean byFirstPacketAlready(List<Slot> slots) {
        for (int i = 1; i < slots.size(); i++) {
            if (slots.get(i - 1).evPacket[0] > slots.get(i).evPacket[0]) return false;
        }
        return true;
    }

    /**
     * The slots in order of their first packet, as a stable sort would leave them. A flow's first packet is no other
     * flow's, so sorting the numbers, each with its slot's place packed into its low bits, is enough: one primitive
     * sort instead of a comparator's call and two object reads per comparison (a 20,000-flow table's sort took a
     * tenth of a second before the JIT compiled it). Numbers too big to share a long with the places are sorted the
     * ordinary way.
     */
    static List<Slot> byFirstPacket(List<Slot> slots) {
        int n = slots.size();
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long first = slots.get(i).evPacket[0];
            if (first < 0 || first >= 1L << (62 - bits)) {
                List<Slot> sorted = new ArrayList<>(slots);
                sorted.sort(Comparator.comparingLong(s -> s.evPacket[0]));
                return sorted;
            }
            keys[i] = first << bits | i;
        }
        java.util.Arrays.sort(keys);
        long place = (1L << bits) - 1;
        List<Slot> sorted = new ArrayList<>(n);
        for (long k : keys) sorted.add(slots.get((int) (k & place)));
        return sorted;
    }

    /** Whole-table mode: the flows of these slots, in their order; a big table is built on two threads. */
    private List<Flow> build(List<Slot> all) {
        Flow[] built = new Flow[all.size()];
        int half = all.size() < BUILD_ON_TWO_THREADS_FROM ? all.size() : all.size() / 2;
        Thread second = null;
        RuntimeException[] failed = new RuntimeException[1];
        if (half < all.size()) {
            second = new Thread(() -> {
                try {
                    for (int i = half; i < built.length; i++) built[i] = toFlow(all.get(i), false);
                } catch (RuntimeException e) {
                    failed[0] = e;
                }
            }, "portolan-capture-flows");
            second.start();
        }
        for (int i = 0; i < half; i++) built[i] = toFlow(all.get(i), false);
        if (second != null) {
            boolean interrupted = false;
            while (second.isAlive()) {
                try {
                    second.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (failed[0] != null) throw failed[0];
        }
        return new ArrayList<>(java.util.Arrays.asList(built));
    }

    /** {@code remember}: keep the key and roles in {@link Departed} (the flow leaves while packets still come). */
    private Flow toFlow(Slot s, boolean remember) {
        int aPort = s.ports >>> 16, bPort = s.ports & 0xffff;
        int aFlags = s.sideFlags & 0xff, bFlags = (s.sideFlags >>> 8) & 0xff;
        boolean origIsA;
        Initiator how;
        if (s.roles != 0 && ((s.roles & Departed.HANDSHAKE) != 0 || !(s.proto == 6 && s.firstSyn >= 0))) {
            // the conversation began before this part: its roles were decided then (a handshake seen now wins
            // only over roles that were inferred)
            origIsA = (s.roles & Departed.ORIG_IS_A) != 0;
            how = (s.roles & Departed.HANDSHAKE) != 0 ? Initiator.HANDSHAKE : Initiator.INFERRED;
        } else if (s.proto == 6 && s.firstSyn >= 0) {
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
        String aAddr = IpAddress.format(s.v6, s.aHi, s.aLo), bAddr = IpAddress.format(s.v6, s.bHi, s.bLo);
        Protocol proto = Protocol.ofNumber(s.proto);
        boolean icmp = s.proto == 1 || s.proto == 58;
        int origPort = icmp ? 0 : origIsA ? aPort : bPort;
        int respPort = icmp ? s.kind : origIsA ? bPort : aPort;
        Flow f = new Flow(proto, s.proto, origIsA ? aAddr : bAddr, origPort, origIsA ? bAddr : aAddr, respPort, how);
        if (s.roles != 0) f.markContinuation();
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
        // a continuation keeps what its conversation's earlier parts showed of the handshake and the answer
        if ((s.roles & Departed.SYN_ACK) != 0) bits |= Flow.SYN_ACK;
        if ((s.roles & Departed.RST_FROM_RESP) != 0) bits |= Flow.RST_FROM_RESP;
        if ((s.roles & Departed.ANSWERED) != 0) bits |= Flow.ANSWERED_EARLIER;
        f.addTcpFlags(bits);
        // the conversation's first packets are its evidence: a continuation adds only what its earlier parts left room for
        int keptBefore = (s.roles >>> Departed.EVIDENCE_SHIFT) & 7;
        int evidence = Math.min(s.evN, Math.max(0, Flow.MAX_EVIDENCE - keptBefore));
        if (remember) {
            boolean answered = (origIsA ? s.bPkts : s.aPkts) > 0 || (s.roles & Departed.ANSWERED) != 0;
            departed.put(s.key, Departed.KNOWN | (origIsA ? Departed.ORIG_IS_A : 0)
                    | (how == Initiator.HANDSHAKE ? Departed.HANDSHAKE : 0)
                    | ((bits & Flow.SYN_ACK) != 0 ? Departed.SYN_ACK : 0)
                    | ((bits & Flow.RST_FROM_RESP) != 0 ? Departed.RST_FROM_RESP : 0)
                    | (answered ? Departed.ANSWERED : 0)
                    | Math.min(Flow.MAX_EVIDENCE, keptBefore + evidence) << Departed.EVIDENCE_SHIFT);
        }
        // the parts every evidence line of this flow shares, built once: "tcp 10.0.0.1:50000 > 10.0.0.2:80"
        String head = (proto == Protocol.OTHER ? "ip-proto " + s.proto : proto.label()) + " ";
        boolean ports = !icmp && proto != Protocol.OTHER;
        String aEnd = ports ? dev.portolan.model.Addresses.endpoint(aAddr, aPort) : aAddr;
        String bEnd = ports ? dev.portolan.model.Addresses.endpoint(bAddr, bPort) : bAddr;
        String aToB = head + aEnd + " > " + bEnd, bToA = head + bEnd + " > " + aEnd;
        for (int i = 0; i < evidence; i++) {
            String text = evidenceText(s.evFromA[i] ? aToB : bToA, proto, s.evFlags[i], s.evPayload[i], icmp);
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

    /** {@code endpoints}: "proto src > dst" of the packet's direction; flags and length follow. */
    private static String evidenceText(String endpoints, Protocol proto, int flags, int payload, boolean icmp) {
        StringBuilder sb = new StringBuilder(endpoints.length() + 16).append(endpoints);
        if (icmp) sb.append(" type ").append(flags & 0xff);
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
        /** The key's 64-bit hash ({@link Departed}'s name for the flow). */
        long key;
        /** Roles inherited from an earlier part of the conversation ({@link Departed} bits), 0 when none. */
        int roles;
        /** Set once the flow left the table (bounded mode); later fragments then go to its live slot. */
        boolean departed;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        long lastPacket;
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

    /**
     * Keys (64-bit hashes) of flows that left the table, with the roles decided for them, what their parts showed of
     * the handshake and the answer, and how many evidence packets they gave: a fixed-size table (about 10 MB),
     * set-associative with four ways; when a set is full the oldest entry is overwritten, and a conversation coming
     * back after that counts as a new flow with roles decided afresh.
     */
    static final class Departed {
        static final int KNOWN = 1, ORIG_IS_A = 2, HANDSHAKE = 4, SYN_ACK = 8, RST_FROM_RESP = 16, ANSWERED = 32;
        /** Where the number of evidence packets given so far (0 to {@link Flow#MAX_EVIDENCE}) sits in the bits. */
        static final int EVIDENCE_SHIFT = 6;
        private static final int CAPACITY = 1 << 20, WAYS = 4;
        /** Made on the first departure: most captures fit the table and never need them. */
        private long[] keys;
        private short[] roles;
        private final int mask = (CAPACITY - 1) & ~(WAYS - 1);
        private int clock;

        void put(long key, int bits) {
            if (keys == null) {
                keys = new long[CAPACITY];
                roles = new short[CAPACITY];
            }
            long k = key == 0 ? 1 : key;
            int set = (int) k & mask;
            int free = -1;
            for (int i = set; i < set + WAYS; i++) {
                if (keys[i] == k || keys[i] == 0) {
                    free = i;
                    break;
                }
            }
            if (free < 0) free = set + (clock++ & (WAYS - 1));
            keys[free] = k;
            roles[free] = (short) bits;
        }

        /** The roles bits for {@code key}, or 0 when it is not (or no longer) known. */
        int get(long key) {
            if (keys == null) return 0;
            long k = key == 0 ? 1 : key;
            int set = (int) k & mask;
            for (int i = set; i < set + WAYS; i++) if (keys[i] == k) return roles[i];
            return 0;
        }
    }
}
