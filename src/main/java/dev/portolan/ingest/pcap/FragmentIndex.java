package dev.portolan.ingest.pcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which flow the first fragment of an IP datagram joined, so later fragments (which carry no
 * ports) count to the same flow. Later fragments that arrive before their first fragment (reordered on the
 * wire or by the capturing host) wait here and join the flow when the first fragment comes. Bounded: the
 * oldest datagrams are forgotten first; a waiting fragment that is never claimed is an orphan.
 */
final class FragmentIndex {
    private static final int MAX_DATAGRAMS = 4096;
    private static final int MAX_WAITING = 4096;

    private record Key(long sHi, long sLo, long dHi, long dLo, int proto, long id) {
    }

    private final Map<Key, FlowTable.Ref> map = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FlowTable.Ref> eldest) {
            return size() > MAX_DATAGRAMS;
        }
    };

    /** Later fragments without their first fragment so far: per datagram, {micros, ipBytes, packetNo} each. */
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

    /**
     * Records the flow of a datagram's first fragment and adds the datagram's later fragments that came
     * before it to that flow.
     */
    void firstFragment(long sHi, long sLo, long dHi, long dLo, int proto, long id, int row, FlowTable table) {
        if (row < 0) return;
        FlowTable.Ref flow = table.ref(row);
        Key key = new Key(sHi, sLo, dHi, dLo, proto, id);
        map.put(key, flow);
        if (waitingCount == 0) return;
        List<long[]> early = waiting.remove(key);
        if (early == null) return;
        waitingCount -= early.size();
        boolean fromA = flow.isA(sHi, sLo);
        for (long[] f : early) table.addToRef(flow, fromA, f[0], f[1], FlowTable.FRAGMENT, 0, f[2]);
        joined += early.size();
    }

    /**
     * A later fragment ({@code ipBytes}: its payload): added to the flow of its datagram's first fragment, or kept
     * until that comes.
     */
    void later(long sHi, long sLo, long dHi, long dLo, int proto, long id, long micros, long ipBytes, long packetNo,
            FlowTable table) {
        FlowTable.Ref flow = map.get(new Key(sHi, sLo, dHi, dLo, proto, id));
        if (flow == null) {
            early(sHi, sLo, dHi, dLo, proto, id, micros, ipBytes, packetNo);
            return;
        }
        table.addToRef(flow, flow.isA(sHi, sLo), micros, ipBytes, FlowTable.FRAGMENT, 0, packetNo);
        joined++;
    }

    /** What the fragments of a capture came to, as notes of its read. */
    void notes(dev.portolan.ingest.FileReading result) {
        if (joined > 0) {
            result.addNote(joined + " later IP fragments joined their datagrams: a flow's packets are IP datagrams, as"
                    + " tshark and Zeek count them, and the input's packets are what crossed the wire");
        }
        long orphans = orphans();
        if (orphans > 0) result.addNote(orphans + " IP fragments whose first fragment was not captured");
    }

    /** A later fragment whose first fragment was not seen (yet): kept until it comes. */
    private void early(long sHi, long sLo, long dHi, long dLo, int proto, long id, long micros, long ipBytes, long packetNo) {
        waiting.computeIfAbsent(new Key(sHi, sLo, dHi, dLo, proto, id), k -> new ArrayList<>(2))
                .add(new long[] {micros, ipBytes, packetNo});
        waitingCount++;
    }

    /** Later fragments whose first fragment never came (or came too late to be matched). */
    private long orphans() {
        return evicted + waitingCount;
    }
}
