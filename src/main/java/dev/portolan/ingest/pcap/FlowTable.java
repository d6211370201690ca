package dev.portolan.ingest.pcap;

import dev.portolan.model.CapturedFlowNumbers;
import dev.portolan.model.IpAddress;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Aggregates packets into bidirectional flows keyed by (protocol, endpoint A, endpoint B, ICMP kind) with the
 * endpoints in canonical order. Open addressing over primitive rows (no object per flow): a packet that joins a
 * known flow allocates nothing and touches an index entry and one row. Roles (originator/responder) are decided when a flow leaves the table, because the SYN
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

    /** Pseudo flag of a non-first IP fragment (its evidence says "fragment"). */
    static final int FRAGMENT = 0x10000;
    /** Per-side bits in a row's {@link #STATE}; side B uses the same bits shifted by 8. */
    private static final int S_SYN = 1, S_SYNACK = 2, S_FIN = 4, S_RST = 8, S_ANSWER = 16, S_REQUEST = 32;
    /** Ports at or above this are treated as ephemeral when guessing the responder (IANA dynamic range). */
    static final int EPHEMERAL_FLOOR = 49152;
    /** Bounded mode looks for finished flows every this many packets (or maxFlows, if fewer) and whenever the table is full. */
    private static final int SWEEP_EVERY = 1 << 16;

    /**
     * Limits of the bounded mode: at most {@code maxFlows} flows held; a flow quiet for {@code idleMicros} of
     * capture time (or {@code closedMicros} once closed) is let go.
     */
    record Bounds(int maxFlows, long idleMicros, long closedMicros, int departedKeys) {
        /** 65,536 flows (about 30 MB), 5 minutes idle (as Zeek's TCP inactivity timeout), 10 s after closing. */
        static final Bounds DEFAULT = new Bounds(1 << 16, 300_000_000L, 10_000_000L);

        Bounds {
            if (maxFlows < 4) throw new IllegalArgumentException("maxFlows must be at least 4");
            if (departedKeys < Departed.WAYS || Integer.bitCount(departedKeys) != 1) {
                throw new IllegalArgumentException("departedKeys must be a power of two, at least " + Departed.WAYS);
            }
        }

        /** With {@link Departed#CAPACITY} keys of departed flows remembered (1 M, 10 MB). */
        Bounds(int maxFlows, long idleMicros, long closedMicros) {
            this(maxFlows, idleMicros, closedMicros, Departed.CAPACITY);
        }
    }

    /*
     * A row per flow in {@link #rows}, STRIDE longs each: the key first (compared on every probe), then the counters a
     * packet updates, so a packet touches the index entry and one row (two or three cache lines) and allocates
     * nothing. The evidence packets sit apart in their own arrays (only a flow's first packets go there).
     */
    private static final int STRIDE = 16, SHIFT = 4;
    private static final int A_LO = 0, B_LO = 1, A_HI = 2, B_HI = 3, META = 4, FIRST = 5, LAST = 6, LAST_PACKET = 7,
            A_PKTS = 8, B_PKTS = 9, A_BYTES = 10, B_BYTES = 11, STATE = 12, KEY = 13, ROLES = 14;
    /** {@link #STATE} bits: side flags (16 bits), then the first SYN's side plus one (2 bits), evidence count, first from B. */
    private static final int SYN_SIDE_SHIFT = 16, EV_SHIFT = 18;
    private static final long SYN_SIDE_MASK = 3L << SYN_SIDE_SHIFT, EV_ONE = 1L << EV_SHIFT, FIRST_FROM_B = 1L << 21,
            LET_GO = 1L << 22;
    private static final int EV = Flow.MAX_EVIDENCE;
    /** Evidence info bits: the packet's flags (up to {@link #FRAGMENT}) and whether it came from side A. */
    private static final int EV_FROM_A = 1 << 20;

    private final String file;
    private final IntPredicate isListenerPort;
    /** Null in whole-table mode. */
    private final Bounds bounds;
    private final Consumer<Flow> out;
    private final Departed departed;
    /** False: a flow's evidence names its packets (file, number) without their time and summary line. */
    private final boolean evidenceText;
    /** Open addressing over rows: row + 1 per entry, 0 = empty; at most half full. */
    private int[] index = new int[1 << 12];
    private long[] rows;
    private long[] evPacket, evMicros;
    private int[] evInfo, evPayload;
    /** Per row, how many times it was let go (bounded mode): a {@link Ref} to an earlier flow of the row is stale. */
    private int[] generation;
    /**
     * Rows ever used. Whole-table mode never frees one, so rows are in the order flows were made, which is the order of
     * their first packets (save when an IP fragment older than a flow's first packet joins it late).
     */
    private int rowCount;
    /** Bounded mode: rows let go, to be used again. */
    private int[] free = new int[16];
    private int freeCount;
    /** Live flows. */
    private int size;
    /** Latest packet time seen (capture time), and packets since the last sweep. */
    private long now = Long.MIN_VALUE;
    private int sinceSweep;
    private long lastSweepMicros = Long.MIN_VALUE;

    /** Whole-table mode: every flow stays until {@link #finish}; its evidence with packet times and summaries. */
    FlowTable(String file, IntPredicate isListenerPort) {
        this(file, isListenerPort, true);
    }

    /**
     * Whole-table mode; {@code evidenceText} false: the flows' evidence names the packets without their times and
     * summary lines, which a flow table never prints ({@code portolan flows}).
     */
    FlowTable(String file, IntPredicate isListenerPort, boolean evidenceText) {
        this(file, isListenerPort, null, null, evidenceText);
    }

    /** Bounded mode: finished flows go to {@code out} while packets are added; {@link #finish} hands over the rest. */
    FlowTable(String file, IntPredicate isListenerPort, Bounds bounds, Consumer<Flow> out) {
        this(file, isListenerPort, bounds, out, true);
    }

    private FlowTable(String file, IntPredicate isListenerPort, Bounds bounds, Consumer<Flow> out, boolean evidenceText) {
        this.file = file;
        this.isListenerPort = isListenerPort;
        this.bounds = bounds;
        this.out = out;
        this.evidenceText = evidenceText;
        this.departed = bounds == null ? null : new Departed(bounds.departedKeys());
        allocateRows(1 << 11);
    }

    private void allocateRows(int capacity) {
        rows = new long[capacity << SHIFT];
        evPacket = new long[capacity * EV];
        evMicros = new long[capacity * EV];
        evInfo = new int[capacity * EV];
        evPayload = new int[capacity * EV];
        generation = new int[capacity];
    }

    int size() {
        return size;
    }

    /** The part of a row's key besides the addresses: ports, protocol, ICMP kind, IPv6. */
    private static long meta(int ports, int proto, int kind, boolean v6) {
        return (long) ports << 32 | (long) proto << 16 | (long) kind << 8 | (v6 ? 1 : 0);
    }

    private static int proto(long meta) {
        return (int) (meta >>> 16) & 0xff;
    }

    /**
     * Adds one packet. Addresses are (hi, lo) pairs; IPv4 uses lo only. {@code kind} is the normalised ICMP
     * type (0 otherwise). Returns the flow's row, which {@link #ref} turns into a handle for later IP fragments.
     */
    int add(boolean v6, long sHi, long sLo, long dHi, long dLo, int proto, int sport, int dport, int kind,
            long micros, long ipBytes, int flags, int payload, long packetNo) {
        if (bounds != null) beforePacket(micros);
        boolean srcIsA = sHi != dHi ? Long.compareUnsigned(sHi, dHi) < 0
                : sLo != dLo ? Long.compareUnsigned(sLo, dLo) < 0 : sport <= dport;
        long aHi = srcIsA ? sHi : dHi, aLo = srcIsA ? sLo : dLo, bHi = srcIsA ? dHi : sHi, bLo = srcIsA ? dLo : sLo;
        int aPort = srcIsA ? sport : dport, bPort = srcIsA ? dport : sport;
        long meta = meta((aPort << 16) | bPort, proto, kind, v6);
        long key = hash(aHi, aLo, bHi, bLo, meta);
        int row = find(aHi, aLo, bHi, bLo, meta, key);
        if (row < 0) row = insert(aHi, aLo, bHi, bLo, meta, key, !srcIsA, departed == null ? 0 : departed.get(key));
        addToRow(row, srcIsA, micros, ipBytes, flags, payload, packetNo);
        if (bounds != null && size > bounds.maxFlows) sweep();
        return row;
    }

    /** The live row of this key, or -1. */
    private int find(long aHi, long aLo, long bHi, long bLo, long meta, long key) {
        int[] ix = index;
        long[] r = rows;
        int mask = ix.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        int v;
        while ((v = ix[i]) != 0) {
            int o = (v - 1) << SHIFT;
            if (r[o + A_LO] == aLo && r[o + B_LO] == bLo && r[o + META] == meta && r[o + A_HI] == aHi
                    && r[o + B_HI] == bHi) {
                return v - 1;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Makes a row for a new flow (not in the table) and indexes it. */
    private int insert(long aHi, long aLo, long bHi, long bLo, long meta, long key, boolean firstFromB, int roles) {
        int row;
        if (freeCount > 0) {
            row = free[--freeCount];
        } else {
            if (rowCount == generation.length) growRows();
            row = rowCount++;
        }
        long[] r = rows;
        int o = row << SHIFT;
        r[o + A_LO] = aLo;
        r[o + B_LO] = bLo;
        r[o + A_HI] = aHi;
        r[o + B_HI] = bHi;
        r[o + META] = meta;
        r[o + FIRST] = Long.MAX_VALUE;
        r[o + LAST] = Long.MIN_VALUE;
        r[o + LAST_PACKET] = 0;
        r[o + A_PKTS] = 0;
        r[o + B_PKTS] = 0;
        r[o + A_BYTES] = 0;
        r[o + B_BYTES] = 0;
        r[o + STATE] = firstFromB ? FIRST_FROM_B : 0;
        r[o + KEY] = key;
        r[o + ROLES] = roles;
        place(row, key);
        if (++size * 2 > index.length) growIndex();
        return row;
    }

    /** Puts a row into the index (its key is not there). */
    private void place(int row, long key) {
        int[] ix = index;
        int mask = ix.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (ix[i] != 0) i = (i + 1) & mask;
        ix[i] = row + 1;
    }

    private void growRows() {
        int capacity = generation.length * 2;
        rows = Arrays.copyOf(rows, capacity << SHIFT);
        evPacket = Arrays.copyOf(evPacket, capacity * EV);
        evMicros = Arrays.copyOf(evMicros, capacity * EV);
        evInfo = Arrays.copyOf(evInfo, capacity * EV);
        evPayload = Arrays.copyOf(evPayload, capacity * EV);
        generation = Arrays.copyOf(generation, capacity);
    }

    private void growIndex() {
        int[] old = index;
        index = new int[old.length * 2];
        for (int v : old) if (v != 0) place(v - 1, rows[((v - 1) << SHIFT) + KEY]);
    }

    /** Adds a packet to a live row. */
    private void addToRow(int row, boolean fromA, long micros, long ipBytes, int flags, int payload, long packetNo) {
        long[] r = rows;
        int o = row << SHIFT;
        if (micros != Long.MIN_VALUE) {
            if (micros < r[o + FIRST]) r[o + FIRST] = micros;
            if (micros > r[o + LAST]) r[o + LAST] = micros;
            if (micros > now) now = micros;
        }
        r[o + LAST_PACKET] = packetNo;
        long state = r[o + STATE];
        int proto = proto(r[o + META]);
        int bits;
        if (proto == 6) {
            bits = 0;
            boolean syn = (flags & TCP_SYN) != 0, ack = (flags & TCP_ACK) != 0, rst = (flags & TCP_RST) != 0;
            if (syn) bits |= ack ? S_SYNACK : S_SYN;
            if ((flags & TCP_FIN) != 0) bits |= S_FIN;
            if (rst) bits |= S_RST;
            else if (payload > 0 || (ack && !syn)) bits |= S_ANSWER;
            if (syn && !ack && (state & SYN_SIDE_MASK) == 0) state |= (fromA ? 1L : 2L) << SYN_SIDE_SHIFT;
        } else if (proto == 132 || proto == 33) {
            // SCTP's INIT and INIT ACK, DCCP's Request and Response come as a SYN and a SYN/ACK (PacketDecoder.handshakeFlags)
            bits = S_ANSWER;
            if ((flags & TCP_SYN) != 0) bits |= (flags & TCP_ACK) != 0 ? S_SYNACK : S_SYN;
            if ((flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && (state & SYN_SIDE_MASK) == 0) state |= (fromA ? 1L : 2L) << SYN_SIDE_SHIFT;
        } else {
            bits = S_ANSWER;
            if ((proto == 1 || proto == 58) && (flags & ICMP_REPLY) == 0) {
                bits |= S_REQUEST;
                if ((state & SYN_SIDE_MASK) == 0) state |= (fromA ? 1L : 2L) << SYN_SIDE_SHIFT;
            }
        }
        // a later IP fragment adds its bytes to the datagram its first fragment counted: packets are IP datagrams, as
        // tshark's conversations and Zeek's conn.log count them after reassembly
        int packets = (flags & FRAGMENT) != 0 ? 0 : 1;
        if (fromA) {
            r[o + A_PKTS] += packets;
            r[o + A_BYTES] += ipBytes;
            state |= bits;
        } else {
            r[o + B_PKTS] += packets;
            r[o + B_BYTES] += ipBytes;
            state |= bits << 8;
        }
        int evN = (int) (state >>> EV_SHIFT) & 7;
        if (evN < EV) {
            keepEvidence(row, evN, packetNo, micros, fromA, flags, payload);
            state += EV_ONE;
        }
        r[o + STATE] = state;
    }

    /** Adds an evidence packet to a row's {@code evN} ones, kept in packet order (fragments that came early join late). */
    private void keepEvidence(int row, int evN, long packetNo, long micros, boolean fromA, int flags, int payload) {
        int base = row * EV;
        int i = base + evN;
        while (i > base && evPacket[i - 1] > packetNo) {
            evPacket[i] = evPacket[i - 1];
            evMicros[i] = evMicros[i - 1];
            evInfo[i] = evInfo[i - 1];
            evPayload[i] = evPayload[i - 1];
            i--;
        }
        evPacket[i] = packetNo;
        evMicros[i] = micros;
        evInfo[i] = flags | (fromA ? EV_FROM_A : 0);
        evPayload[i] = payload;
    }

    private int evidenceCount(int row) {
        return (int) (rows[(row << SHIFT) + STATE] >>> EV_SHIFT) & 7;
    }

    private long firstPacket(int row) {
        return evPacket[row * EV];
    }

    /**
     * A handle on a flow for the later fragments of an IP datagram whose first fragment joined it: it names the row
     * and the flow's key, so a fragment that comes after the flow left the table (bounded mode) goes to the flow's
     * live continuation instead.
     */
    static final class Ref {
        private final int row, generation;
        private final long aHi, aLo, bHi, bLo, meta, key;
        private final boolean firstFromB;

        private Ref(int row, int generation, long aHi, long aLo, long bHi, long bLo, long meta, long key, boolean firstFromB) {
            this.row = row;
            this.generation = generation;
            this.aHi = aHi;
            this.aLo = aLo;
            this.bHi = bHi;
            this.bLo = bLo;
            this.meta = meta;
            this.key = key;
            this.firstFromB = firstFromB;
        }

        /** True when (hi, lo) is the flow's side A. */
        boolean isA(long hi, long lo) {
            return hi == aHi && lo == aLo;
        }
    }

    /**
     * A handle on the flow in {@code row} (a row {@link #add} returned just now), or null for none (-1). The flow may
     * have left the table already (the packet that made it filled the table): then the handle leads to a continuation.
     */
    Ref ref(int row) {
        if (row < 0) return null;
        int o = row << SHIFT;
        long[] r = rows;
        int lived = (r[o + STATE] & LET_GO) != 0 ? generation[row] - 1 : generation[row];
        return new Ref(row, lived, r[o + A_HI], r[o + A_LO], r[o + B_HI], r[o + B_LO], r[o + META], r[o + KEY],
                (r[o + STATE] & FIRST_FROM_B) != 0);
    }

    /**
     * Adds a packet to a known flow (used for non-first IP fragments, with flags {@link #FRAGMENT}: their bytes, not a
     * packet more, since the datagram was counted at its first fragment).
     */
    void addToRef(Ref ref, boolean fromA, long micros, long ipBytes, int flags, int payload, long packetNo) {
        int row = ref.row;
        if (generation[row] != ref.generation) {
            // a later IP fragment of a flow that already left the table: its live continuation, made anew when none is
            row = find(ref.aHi, ref.aLo, ref.bHi, ref.bLo, ref.meta, ref.key);
            if (row < 0) row = insert(ref.aHi, ref.aLo, ref.bHi, ref.bLo, ref.meta, ref.key, ref.firstFromB, departed.get(ref.key));
        }
        addToRow(row, fromA, micros, ipBytes, flags, payload, packetNo);
    }

    /**
     * Whole-table mode: takes over the flows of the table that read the rest of the capture on its own (its packet
     * numbers count from 1, so {@code packetOffset} is the number of packets before its part), as if this table had
     * read on: a flow both saw keeps this table's first packet and side, and adds the other's counts, flags and
     * evidence (which comes later).
     */
    void absorb(FlowTable later, long packetOffset) {
        if (bounds != null || later.bounds != null) throw new IllegalStateException("only whole tables are absorbed");
        // one call per row: the loop runs once, so its body is compiled as a method (a loop alone would stay interpreted)
        for (int k = 0; k < later.rowCount; k++) absorbRow(later, k, packetOffset);
        if (later.now > now) now = later.now;
    }

    /** {@link #absorb}: the later table's row {@code k}, added to this table's flow of the same key or as a new one. */
    private void absorbRow(FlowTable later, int k, long packetOffset) {
        long[] lr = later.rows;
        int lo = k << SHIFT;
        long key = lr[lo + KEY];
        int row = find(lr[lo + A_HI], lr[lo + A_LO], lr[lo + B_HI], lr[lo + B_LO], lr[lo + META], key);
        long lstate = lr[lo + STATE];
        if (row < 0) {
            row = insert(lr[lo + A_HI], lr[lo + A_LO], lr[lo + B_HI], lr[lo + B_LO], lr[lo + META], key,
                    (lstate & FIRST_FROM_B) != 0, 0);
        }
        long[] r = rows;
        int o = row << SHIFT;
        r[o + FIRST] = Math.min(r[o + FIRST], lr[lo + FIRST]);
        r[o + LAST] = Math.max(r[o + LAST], lr[lo + LAST]);
        r[o + LAST_PACKET] = lr[lo + LAST_PACKET] + packetOffset;
        r[o + A_PKTS] += lr[lo + A_PKTS];
        r[o + B_PKTS] += lr[lo + B_PKTS];
        r[o + A_BYTES] += lr[lo + A_BYTES];
        r[o + B_BYTES] += lr[lo + B_BYTES];
        long state = r[o + STATE] | (lstate & 0xffff);
        if ((state & SYN_SIDE_MASK) == 0) state |= lstate & SYN_SIDE_MASK;
        int evN = (int) (state >>> EV_SHIFT) & 7;
        int lN = (int) (lstate >>> EV_SHIFT) & 7;
        for (int e = k * EV; e < k * EV + lN && evN < EV; e++) {
            int info = later.evInfo[e];
            keepEvidence(row, evN++, later.evPacket[e] + packetOffset, later.evMicros[e], (info & EV_FROM_A) != 0,
                    info & ~EV_FROM_A, later.evPayload[e]);
        }
        r[o + STATE] = (state & ~(7L << EV_SHIFT)) | (long) evN << EV_SHIFT;
    }

    /** A 64-bit mix of the key: its low bits place the row, all of it names the flow in {@link Departed}. */
    private static long hash(long aHi, long aLo, long bHi, long bLo, long meta) {
        int ports = (int) (meta >>> 32), proto = proto(meta), kind = (int) (meta >>> 8) & 0xff, v6 = (int) meta & 1;
        long x = aLo * 0x9E3779B97F4A7C15L + bLo;
        x = x * 0xC2B2AE3D27D4EB4FL + (aHi ^ (bHi << 1));
        x = x * 0x9E3779B97F4A7C15L + (((long) ports << 17) | (proto << 9) | (kind << 1) | v6);
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 32);
    }

    /** The live rows, in index order. */
    private int[] liveRows() {
        int[] live = new int[size];
        int n = 0;
        for (int v : index) if (v != 0) live[n++] = v - 1;
        return live;
    }

    /**
     * Bounded mode: lets go of the flows that are done (closed and quiet, or idle, in capture time) and answered (packets
     * both ways) and, when the table is still over its bound, of the least recently seen until it is at three quarters. The flows leave in
     * order of first packet; the index is rebuilt from the rest.
     */
    private void sweep() {
        sinceSweep = 0;
        lastSweepMicros = now;
        int[] live = liveRows();
        int[] stay = new int[live.length], leave = new int[live.length];
        int stays = 0, leaves = 0;
        long[] r = rows;
        for (int row : live) {
            int o = row << SHIFT;
            long last = r[o + LAST];
            long quiet = now == Long.MIN_VALUE || last == Long.MIN_VALUE ? 0 : now - last;
            // a flow nobody answered yet stays (while there is room): an answer that comes later still makes it answered
            boolean done = quiet > bounds.idleMicros || (quiet > bounds.closedMicros && closed(r[o + META], r[o + STATE]));
            if (done && r[o + A_PKTS] > 0 && r[o + B_PKTS] > 0) leave[leaves++] = row;
            else stay[stays++] = row;
        }
        int keep = bounds.maxFlows - bounds.maxFlows / 4;
        if (stays > keep) {
            // the least recently seen leave: no two flows share a last packet
            long[] byLast = new long[stays];
            for (int i = 0; i < stays; i++) byLast[i] = r[(stay[i] << SHIFT) + LAST_PACKET];
            Arrays.sort(byLast);
            long cut = byLast[stays - keep];
            int kept = 0;
            for (int i = 0; i < stays; i++) {
                if (r[(stay[i] << SHIFT) + LAST_PACKET] < cut) leave[leaves++] = stay[i];
                else stay[kept++] = stay[i];
            }
            stays = kept;
        }
        if (leaves == 0) return;
        index = new int[index.length];
        for (int i = 0; i < stays; i++) place(stay[i], r[(stay[i] << SHIFT) + KEY]);
        size = stays;
        StringBuilder scratch = new StringBuilder(128);
        for (int row : byFirstPacket(Arrays.copyOf(leave, leaves))) {
            out.accept(toFlow(row, true, scratch));
            letGo(row);
        }
    }

    /** Bounded mode: the row is free for another flow; handles on its flow now lead to its continuation. */
    private void letGo(int row) {
        rows[(row << SHIFT) + STATE] |= LET_GO;
        generation[row]++;
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = row;
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
    private static boolean closed(long meta, long state) {
        if (proto(meta) != 6) return false;
        int f = (int) state & 0xffff;
        return (f & S_RST) != 0 || (f & (S_RST << 8)) != 0 || ((f & S_FIN) != 0 && (f & (S_FIN << 8)) != 0);
    }

    /**
     * The flows still in the table, each flow's originator decided, ordered by first packet number. Whole-table mode:
     * returns them as a list that makes each flow as it is got (the table keeps numbers, not objects; the list may be
     * read from several threads at once; nothing is added to the table after this). Bounded mode: hands them to the
     * consumer, empties the table and returns an empty list.
     */
    List<Flow> finish() {
        if (bounds == null) {
            int[] all = new int[rowCount];
            for (int i = 0; i < rowCount; i++) all[i] = i;
            return new Made(byFirstPacketAlready(all) ? all : byFirstPacket(all));
        }
        StringBuilder scratch = new StringBuilder(128);
        for (int row : byFirstPacket(liveRows())) {
            out.accept(toFlow(row, false, scratch));
            letGo(row);
        }
        index = new int[16];
        allocateRows(16);
        rowCount = 0;
        freeCount = 0;
        size = 0;
        return List.of();
    }

    /** A whole table's flows in the order of {@code rows}, each made when it is got. */
    private final class Made extends java.util.AbstractList<Flow> implements java.util.RandomAccess, CapturedFlowNumbers {
        private final int[] order;

        Made(int[] order) {
            this.order = order;
        }

        @Override
        public Flow get(int i) {
            return toFlow(order[i], false, evidenceText ? new StringBuilder(96) : null);
        }

        /** The numbers of the flow {@link #get} makes ({@link #toFlow} without the departed table: a whole table has none). */
        @Override
        public <E extends Exception> void numbers(int i, CapturedFlowNumbers.Row<E> to) throws E {
            int row = order[i];
            long[] r = rows;
            int o = row << SHIFT;
            long meta = r[o + META];
            int protoNumber = proto(meta), kind = (int) (meta >>> 8) & 0xff;
            int ports = (int) (meta >>> 32);
            int aPort = ports >>> 16, bPort = ports & 0xffff;
            int decided = decide(row);
            boolean origIsA = (decided & DECIDED_ORIG_IS_A) != 0;
            boolean icmp = protoNumber == 1 || protoNumber == 58;
            int origPort = icmp ? 0 : origIsA ? aPort : bPort;
            int respPort = icmp ? kind : origIsA ? bPort : aPort;
            long aPkts = r[o + A_PKTS], bPkts = r[o + B_PKTS];
            // a Flow's times come from its packets (none: no times), as Flow.addPackets takes them
            boolean timed = aPkts > 0 || bPkts > 0;
            to.flow(file, protoNumber, (decided & DECIDED_BY_HANDSHAKE) != 0 ? Initiator.HANDSHAKE : Initiator.INFERRED,
                    (meta & 1) != 0, r[o + (origIsA ? A_HI : B_HI)], r[o + (origIsA ? A_LO : B_LO)], origPort,
                    r[o + (origIsA ? B_HI : A_HI)], r[o + (origIsA ? B_LO : A_LO)], respPort,
                    timed ? r[o + FIRST] : Long.MAX_VALUE, timed ? r[o + LAST] : Long.MIN_VALUE,
                    origIsA ? aPkts : bPkts, r[o + (origIsA ? A_BYTES : B_BYTES)], origIsA ? bPkts : aPkts,
                    r[o + (origIsA ? B_BYTES : A_BYTES)], decided >>> DECIDED_FLAGS, evPacket, row * EV, keptEvidence(row));
        }

        @Override
        public int size() {
            return order.length;
        }
    }

    /** True when the rows are already in order of their first packet (as they were made: no sort needed). */
    private boolean byFirstPacketAlready(int[] rowList) {
        for (int i = 1; i < rowList.length; i++) {
            if (firstPacket(rowList[i - 1]) > firstPacket(rowList[i])) return false;
        }
        return true;
    }

    /**
     * The rows in order of their first packet, as a stable sort would leave them. A flow's first packet is no other
     * flow's, so sorting the numbers, each with its row's place packed into its low bits, is enough: one primitive
     * sort instead of a comparator's call per comparison. Numbers too big to share a long with the places are sorted
     * with their places beside them.
     */
    private int[] byFirstPacket(int[] rowList) {
        int n = rowList.length;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long[] keys = new long[n];
        boolean packed = true;
        for (int i = 0; i < n && packed; i++) {
            long first = firstPacket(rowList[i]);
            packed = first >= 0 && first < 1L << (62 - bits);
            keys[i] = first << bits | i;
        }
        int[] sorted = new int[n];
        if (packed) {
            Arrays.sort(keys);
            long place = (1L << bits) - 1;
            for (int i = 0; i < n; i++) sorted[i] = rowList[(int) (keys[i] & place)];
            return sorted;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(firstPacket(rowList[x]), firstPacket(rowList[y])));
        for (int i = 0; i < n; i++) sorted[i] = rowList[order[i]];
        return sorted;
    }

    /**
     * {@code remember}: keep the key and roles in {@link Departed} (the flow leaves while packets still come);
     * {@code scratch}: the calling thread's builder for evidence lines (null without evidence text).
     */
    private Flow toFlow(int row, boolean remember, StringBuilder scratch) {
        long[] r = rows;
        int o = row << SHIFT;
        long meta = r[o + META];
        int roles = (int) r[o + ROLES];
        int protoNumber = proto(meta), kind = (int) (meta >>> 8) & 0xff;
        boolean v6 = (meta & 1) != 0;
        int ports = (int) (meta >>> 32);
        int aPort = ports >>> 16, bPort = ports & 0xffff;
        int decided = decide(row);
        boolean origIsA = (decided & DECIDED_ORIG_IS_A) != 0;
        Initiator how = (decided & DECIDED_BY_HANDSHAKE) != 0 ? Initiator.HANDSHAKE : Initiator.INFERRED;
        int bits = decided >>> DECIDED_FLAGS;
        String aAddr = IpAddress.format(v6, r[o + A_HI], r[o + A_LO]), bAddr = IpAddress.format(v6, r[o + B_HI], r[o + B_LO]);
        Protocol proto = Protocol.ofNumber(protoNumber);
        boolean icmp = protoNumber == 1 || protoNumber == 58;
        int origPort = icmp ? 0 : origIsA ? aPort : bPort;
        int respPort = icmp ? kind : origIsA ? bPort : aPort;
        long aPkts = r[o + A_PKTS], bPkts = r[o + B_PKTS], aBytes = r[o + A_BYTES], bBytes = r[o + B_BYTES];
        long first = r[o + FIRST], last = r[o + LAST];
        Flow f = new Flow(proto, protoNumber, origIsA ? aAddr : bAddr, origPort, origIsA ? bAddr : aAddr, respPort, how);
        if (roles != 0) f.markContinuation();
        f.addPackets(true, origIsA ? aPkts : bPkts, origIsA ? aBytes : bBytes, first, last);
        f.addPackets(false, origIsA ? bPkts : aPkts, origIsA ? bBytes : aBytes, first, last);
        f.addTcpFlags(bits);
        // the conversation's first packets are its evidence: a continuation adds only what its earlier parts left room for
        int keptBefore = (roles >>> Departed.EVIDENCE_SHIFT) & 7;
        int evidence = keptEvidence(row);
        if (remember) {
            boolean answered = (origIsA ? bPkts : aPkts) > 0 || (roles & Departed.ANSWERED) != 0;
            departed.put(r[o + KEY], Departed.KNOWN | (origIsA ? Departed.ORIG_IS_A : 0)
                    | (how == Initiator.HANDSHAKE ? Departed.HANDSHAKE : 0)
                    | ((bits & Flow.SYN_ACK) != 0 ? Departed.SYN_ACK : 0)
                    | ((bits & Flow.RST_FROM_RESP) != 0 ? Departed.RST_FROM_RESP : 0)
                    | (answered ? Departed.ANSWERED : 0)
                    | Math.min(Flow.MAX_EVIDENCE, keptBefore + evidence) << Departed.EVIDENCE_SHIFT);
        }
        if (!evidenceText) {
            for (int e = row * EV, end = e + evidence; e < end; e++) f.addEvidence(Evidence.ofPacket(file, evPacket[e], null, ""));
            return f;
        }
        if (evidence == 0) return f;
        // the endpoints every evidence line of this flow shows, built once: "10.0.0.1:50000", "10.0.0.2:80"
        boolean withPorts = !icmp && proto != Protocol.OTHER;
        String aEnd = withPorts ? dev.portolan.model.Addresses.endpoint(aAddr, aPort) : aAddr;
        String bEnd = withPorts ? dev.portolan.model.Addresses.endpoint(bAddr, bPort) : bAddr;
        for (int e = row * EV, end = e + evidence; e < end; e++) {
            int info = evInfo[e];
            boolean fromA = (info & EV_FROM_A) != 0;
            scratch.setLength(0);
            if (proto == Protocol.OTHER) scratch.append("ip-proto ").append(protoNumber);
            else scratch.append(proto.label());
            scratch.append(' ').append(fromA ? aEnd : bEnd).append(" > ").append(fromA ? bEnd : aEnd);
            evidenceDetail(scratch, proto, info & ~EV_FROM_A, evPayload[e], icmp);
            f.addEvidence(Evidence.ofPacket(file, evPacket[e], Timestamps.iso(evMicros[e]), scratch.toString()));
        }
        return f;
    }

    /** {@link #decide} bits: the originator is side A; it is known from the handshake; the flow's TCP flags above. */
    private static final int DECIDED_ORIG_IS_A = 1, DECIDED_BY_HANDSHAKE = 2, DECIDED_FLAGS = 8;

    /**
     * A row's roles and flags: which side is the originator and how that is known, and the {@link Flow#tcpFlags()} of
     * its flow ({@link #DECIDED_ORIG_IS_A}, {@link #DECIDED_BY_HANDSHAKE}, the flags from bit {@link #DECIDED_FLAGS} on).
     */
    private int decide(int row) {
        long[] r = rows;
        int o = row << SHIFT;
        long meta = r[o + META], state = r[o + STATE];
        int roles = (int) r[o + ROLES];
        int protoNumber = proto(meta);
        int ports = (int) (meta >>> 32);
        int aPort = ports >>> 16, bPort = ports & 0xffff;
        int sideFlags = (int) state & 0xffff;
        int aFlags = sideFlags & 0xff, bFlags = (sideFlags >>> 8) & 0xff;
        int firstSyn = (int) ((state & SYN_SIDE_MASK) >>> SYN_SIDE_SHIFT) - 1;
        boolean origIsA;
        boolean handshake;
        boolean opens = protoNumber == 6 || protoNumber == 132 || protoNumber == 33;
        if (roles != 0 && ((roles & Departed.HANDSHAKE) != 0 || !(opens && firstSyn >= 0))) {
            // the conversation began before this part: its roles were decided then (a handshake seen now wins
            // only over roles that were inferred)
            origIsA = (roles & Departed.ORIG_IS_A) != 0;
            handshake = (roles & Departed.HANDSHAKE) != 0;
        } else if (opens && firstSyn >= 0) {
            origIsA = firstSyn == 0;
            handshake = true;
        } else if (opens && ((aFlags | bFlags) & S_SYNACK) != 0) {
            // only the SYN/ACK (SCTP's INIT ACK, DCCP's Response) was captured: its sender is the responder
            origIsA = (bFlags & S_SYNACK) != 0;
            handshake = false;
        } else if ((protoNumber == 1 || protoNumber == 58) && firstSyn >= 0) {
            origIsA = firstSyn == 0;
            handshake = false;
        } else if (isGroup(meta, r[o + A_HI], r[o + A_LO]) != isGroup(meta, r[o + B_HI], r[o + B_LO])
                && r[o + (isGroup(meta, r[o + A_HI], r[o + A_LO]) ? A_PKTS : B_PKTS)] == 0) {
            // a multicast or broadcast address only receives: the other side sent (DHCP's reply to
            // 255.255.255.255:68 from port 67, DHCPv6 to ff02::1:2 from 546, LLMNR to ff02::1:3 were taken the wrong way
            // round by the port guess below); one that sent too is no group address (an anonymised capture's)
            origIsA = isGroup(meta, r[o + B_HI], r[o + B_LO]);
            handshake = false;
        } else {
            origIsA = guessOrigIsA(protoNumber, (state & FIRST_FROM_B) != 0, aPort, bPort);
            handshake = false;
        }
        int of = origIsA ? aFlags : bFlags, rf = origIsA ? bFlags : aFlags;
        int bits = 0;
        if (protoNumber == 6) {
            if ((of & S_SYN) != 0) bits |= Flow.SYN;
            if ((rf & S_SYNACK) != 0) bits |= Flow.SYN_ACK;
            if (((of | rf) & S_FIN) != 0) bits |= Flow.FIN;
            if (((of | rf) & S_RST) != 0) bits |= Flow.RST;
            if ((rf & S_RST) != 0) bits |= Flow.RST_FROM_RESP;
        }
        if ((rf & S_ANSWER) != 0) bits |= Flow.RESP_ANSWERED;
        // a continuation keeps what its conversation's earlier parts showed of the handshake and the answer
        if ((roles & Departed.SYN_ACK) != 0) bits |= Flow.SYN_ACK;
        if ((roles & Departed.RST_FROM_RESP) != 0) bits |= Flow.RST_FROM_RESP;
        if ((roles & Departed.ANSWERED) != 0) bits |= Flow.ANSWERED_EARLIER;
        return (origIsA ? DECIDED_ORIG_IS_A : 0) | (handshake ? DECIDED_BY_HANDSHAKE : 0) | bits << DECIDED_FLAGS;
    }

    /** The number of a row's evidence packets its flow keeps (a continuation: what its earlier parts left room for). */
    private int keptEvidence(int row) {
        int keptBefore = ((int) rows[(row << SHIFT) + ROLES] >>> Departed.EVIDENCE_SHIFT) & 7;
        return Math.min(evidenceCount(row), Math.max(0, Flow.MAX_EVIDENCE - keptBefore));
    }

    /** Whether a row's address (hi, lo) is a group address ({@link IpAddress#isGroup}); {@code meta} says the family. */
    private static boolean isGroup(long meta, long hi, long lo) {
        return IpAddress.isGroup((meta & 1) != 0, hi, lo);
    }

    /** No handshake: the side on a listener port is the responder, else the lower non-ephemeral port. */
    private boolean guessOrigIsA(int proto, boolean firstFromB, int aPort, int bPort) {
        boolean firstFromA = !firstFromB;
        if (!PacketDecoder.hasPortHeader(proto)) return firstFromA;
        if (isListenerPort != null) {
            boolean la = isListenerPort.test(aPort), lb = isListenerPort.test(bPort);
            if (la != lb) return lb;
        }
        if (aPort == bPort || Math.min(aPort, bPort) >= EPHEMERAL_FLOOR) return firstFromA;
        return bPort < aPort;
    }

    /** After "proto src > dst" of the packet's direction in {@code sb}: its type or flags, and its length. */
    private static void evidenceDetail(StringBuilder sb, Protocol proto, int flags, int payload, boolean icmp) {
        if (icmp) sb.append(" type ").append(flags & 0xff);
        if (proto == Protocol.SCTP || proto == Protocol.DCCP) {
            // the opening packets' names, as tcpdump prints them
            if ((flags & TCP_SYN) != 0) {
                boolean answer = (flags & TCP_ACK) != 0;
                sb.append(proto == Protocol.SCTP ? (answer ? " [INIT ACK]" : " [INIT]") : (answer ? " [Response]" : " [Request]"));
            }
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
        if ((flags & FRAGMENT) != 0) sb.append(" fragment");
        else if (!icmp && proto != Protocol.OTHER) sb.append(" len=").append(payload);
    }

    /**
     * True when the bounded table had to forget a departed flow to remember another (a set of its
     * {@link Bounds#departedKeys} was full): a flow that came back after that counts twice in the file's flow count.
     */
    boolean forgotDepartedFlows() {
        return departed != null && departed.forgot;
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
        static final int CAPACITY = 1 << 20, WAYS = 4;
        /** Made on the first departure: most captures fit the table and never need them. */
        private long[] keys;
        private short[] roles;
        private final int capacity;
        private final int mask;
        private int clock;
        /**
         * True once a departed flow's key made room for another: should that flow come back, it is counted as a new
         * flow (and its roles decided again). The file's flow count is then an upper bound.
         */
        private boolean forgot;

        Departed(int capacity) {
            this.capacity = capacity;
            this.mask = (capacity - 1) & ~(WAYS - 1);
        }

        void put(long key, int bits) {
            if (keys == null) {
                keys = new long[capacity];
                roles = new short[capacity];
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
            if (free < 0) {
                free = set + (clock++ & (WAYS - 1));
                forgot = true;
            }
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
