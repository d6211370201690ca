package dev.portolan.ingest.pcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which flow the first fragment of an IP datagram joined, so later fragments (which carry no
 * ports) count to the same flow. Later fragments that arrive before their first fragment (reordered on the
 * wire or by the capturing host) wait here and join the flow when the first fragment comes. A first fragment
 * seen again while its datagram is incomplete (no last fragment yet) and within {@link #REPEAT_WINDOW_MICROS}
 * — the same datagram captured twice, or a fragment sent again — is not a new datagram: it joins as a later
 * fragment does, adding no bytes (tshark and Zeek reassemble such a datagram once). Bounded: the oldest
 * datagrams are forgotten first; a waiting fragment that is never claimed is an orphan.
 */
final class FragmentIndex {
    private static final int MAX_DATAGRAMS = 4096;
    private static final int MAX_WAITING = 4096;
    /**
     * How long after its first fragment a datagram's first fragment seen again is a repeat: Linux's reassembly timeout
     * (ipfrag_time, 30 s); a datagram still incomplete after that was given up by its receiver, and its identification
     * may be a new datagram's.
     */
    static final long REPEAT_WINDOW_MICROS = 30_000_000L;

    private record Key(long sHi, long sLo, long dHi, long dLo, int proto, long id) {
    }

    /** A datagram whose first fragment was seen: its flow, that fragment's time, and whether its last fragment came. */
    private static final class Datagram {
        final FlowTable.Ref flow;
        final long micros;
        boolean complete;

        Datagram(FlowTable.Ref flow, long micros) {
            this.flow = flow;
            this.micros = micros;
        }
    }

    private final Map<Key, Datagram> map = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Datagram> eldest) {
            return size() > MAX_DATAGRAMS;
        }
    };

    /** Later fragments without their first fragment so far: per datagram, {micros, ipBytes, packetNo, last} each. */
    private final Map<Key, List<long[]>> waiting = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<long[]>> eldest) {
            if (waitingCount <= MAX_WAITING) return false;
            waitingCount -= eldest.getValue().size();
            evicted += eldest.getValue().size();
            return true;
        }
    };
    private int waitingCount;
    private long evicted;
    /** Later fragments added to their datagram's flow. */
    private long joined;
    /** First fragments seen again while their datagram was incomplete. */
    private long repeated;

    /**
     * Records the flow of a datagram's first fragment and adds the datagram's later fragments that came
     * before it to that flow.
     */
    void firstFragment(long sHi, long sLo, long dHi, long dLo, int proto, long id, long micros, int row, FlowTable table) {
        if (row < 0) return;
        FlowTable.Ref flow = table.ref(row);
        Key key = new Key(sHi, sLo, dHi, dLo, proto, id);
        Datagram d = new Datagram(flow, micros);
        map.put(key, d);
        if (waitingCount == 0) return;
        List<long[]> early = waiting.remove(key);
        if (early == null) return;
        waitingCount -= early.size();
        boolean fromA = flow.isA(sHi, sLo);
        for (long[] f : early) {
            table.addToRef(flow, fromA, f[0], f[1], FlowTable.FRAGMENT, 0, f[2]);
            if (f[3] != 0) d.complete = true;
        }
        joined += early.size();
    }

    /**
     * Whether a first fragment (offset 0, more to come) is its datagram's first fragment seen again (see the class
     * comment): then it is added to the datagram's flow as evidence, with no bytes and not as a packet, and the caller
     * counts it no further.
     */
    boolean repeat(long sHi, long sLo, long dHi, long dLo, int proto, long id, long micros, long packetNo, FlowTable table) {
        if (map.isEmpty()) return false;
        Datagram d = map.get(new Key(sHi, sLo, dHi, dLo, proto, id));
        if (d == null || d.complete) return false;
        if (micros != Long.MIN_VALUE && d.micros != Long.MIN_VALUE && Math.abs(micros - d.micros) > REPEAT_WINDOW_MICROS) return false;
        table.addToRef(d.flow, d.flow.isA(sHi, sLo), micros, 0, FlowTable.FRAGMENT, 0, packetNo);
        repeated++;
        return true;
    }

    /**
     * A later fragment ({@code ipBytes}: its payload; {@code last}: no more fragments follow it): added to the flow of
     * its datagram's first fragment, or kept until that comes.
     */
    void later(long sHi, long sLo, long dHi, long dLo, int proto, long id, boolean last, long micros, long ipBytes,
               long packetNo, FlowTable table) {
        Datagram d = map.get(new Key(sHi, sLo, dHi, dLo, proto, id));
        if (d == null) {
            early(sHi, sLo, dHi, dLo, proto, id, last, micros, ipBytes, packetNo);
            return;
        }
        table.addToRef(d.flow, d.flow.isA(sHi, sLo), micros, ipBytes, FlowTable.FRAGMENT, 0, packetNo);
        if (last) d.complete = true;
        joined++;
    }

    /** What the fragments of a capture came to, as notes of its read. */
    void notes(dev.portolan.ingest.FileReading result) {
        if (joined > 0) {
            result.addNote(joined + " later IP fragments joined their datagrams: a flow's packets are IP datagrams, as"
                    + " tshark and Zeek count them, and the input's packets are what crossed the wire");
        }
        if (repeated > 0) {
            result.addNote(repeated + " first IP fragments seen again before their datagram was complete (captured twice,"
                    + " or sent again) counted once");
        }
        long orphans = orphans();
        if (orphans > 0) result.addNote(orphans + " IP fragments whose first fragment was not captured");
    }

    /** A later fragment whose first fragment was not seen (yet): kept until it comes. */
    private void early(long sHi, long sLo, long dHi, long dLo, int proto, long id, boolean last, long micros, long ipBytes,
                       long packetNo) {
        waiting.computeIfAbsent(new Key(sHi, sLo, dHi, dLo, proto, id), k -> new ArrayList<>(2))
                .add(new long[] {micros, ipBytes, packetNo, last ? 1 : 0});
        waitingCount++;
    }

    /** Later fragments whose first fragment never came (or came too late to be matched). */
    private long orphans() {
        return evicted + waitingCount;
    }
}
