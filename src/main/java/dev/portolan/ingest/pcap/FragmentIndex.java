package dev.portolan.ingest.pcap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which flow the first fragment of an IP datagram joined, so later fragments (which carry no
 * ports) count to the same flow. Bounded: the oldest datagrams are forgotten first.
 */
final class FragmentIndex {
    private static final int MAX_DATAGRAMS = 4096;

    private record Key(long sHi, long sLo, long dHi, long dLo, int proto, long id) {
    }

    private final Map<Key, FlowTable.Slot> map = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FlowTable.Slot> eldest) {
            return size() > MAX_DATAGRAMS;
        }
    };

    void firstFragment(long sHi, long sLo, long dHi, long dLo, int proto, long id, FlowTable.Slot slot) {
        if (slot != null) map.put(new Key(sHi, sLo, dHi, dLo, proto, id), slot);
    }

    /** The flow of this datagram's first fragment, or null when it was not seen. */
    FlowTable.Slot flowOf(long sHi, long sLo, long dHi, long dLo, int proto, long id) {
        return map.get(new Key(sHi, sLo, dHi, dLo, proto, id));
    }
}
