package dev.portolan.model;

/**
 * Which local ends of a snapshot's connection rows face more than one remote end: a local address and port that
 * several peers (their own address or port) are connected to is a server's, even where the dump shows no listening
 * row for it (netstat without -a, {@code ss -tn}, a grep for ESTABLISHED). Read only when a row's ports alone do not
 * tell who initiated ({@link Connection#inbound}). Kept in fixed memory (about 2 MB) however long the dump: a local end
 * takes the first free slot of {@link #PROBES} from the one its hash names; one that finds them all held by others
 * (a table filling up: tens of thousands of such ends) is not counted, and then simply never said to fan in. Not
 * thread-safe.
 */
public final class FanIn {
    private static final int SLOTS = 1 << 16;
    private static final int WELL_KNOWN = 1024;
    /** The local end (protocol, address, port) a slot holds, as a hash; 0: none. */
    private final long[] local = new long[SLOTS];
    /** The first remote end seen for the slot's local end (a hash, 0 stored as 1). */
    private final long[] first = new long[SLOTS];
    /** Slots whose local end was seen with a second, different remote end. */
    private final java.util.BitSet several = new java.util.BitSet(SLOTS);

    /** Counts one connection row. */
    public void add(Connection c) {
        // read only where neither port is well-known ({@link Connection#inbound} asks nothing else): most rows go no further
        if (c.localPort() < WELL_KNOWN || c.remotePort() < WELL_KNOWN || !c.proto().hasPorts() || mayBeCut(c)) return;
        long key = key(c.proto(), c.localAddress(), c.localPort());
        int slot = slotOf(key, true);
        if (slot < 0) return; // every slot it may take is another local end's: this one is not counted
        if (several.get(slot)) return;
        long end = DistinctCount.combine(DistinctCount.hash(Addresses.stripScope(c.remoteAddress())), c.remotePort());
        if (end == 0) end = 1;
        long seen = first[slot];
        if (seen == 0) first[slot] = end;
        else if (seen != end) several.set(slot);
    }

    /** Whether connection rows of this local end face more than one remote end. */
    public boolean fansIn(Protocol proto, String localAddress, int localPort) {
        if (localPort <= 0) return false;
        int slot = slotOf(key(proto, localAddress, localPort), false);
        return slot >= 0 && several.get(slot);
    }

    /** Slots a local end may take: the one its hash names and the next ones (linear probing), at most this many. */
    static final int PROBES = 8;

    /**
     * The slot holding {@code key}, or with {@code claim} the first free one of its {@link #PROBES} (then holding it);
     * -1 when there is none. Slots are never freed, so a key found at none of them was never counted.
     */
    private int slotOf(long key, boolean claim) {
        int first = (int) (key >>> 48);
        for (int i = 0; i < PROBES; i++) {
            int slot = (first + i) & (SLOTS - 1);
            long held = local[slot];
            if (held == key) return slot;
            if (held == 0) {
                if (!claim) return -1;
                local[slot] = key;
                return slot;
            }
        }
        return -1;
    }

    /** The slot {@code key}'s probing starts at (tests). */
    static int firstSlot(Protocol proto, String address, int port) {
        return (int) (key(proto, address, port) >>> 48);
    }

    /**
     * The local end as BSD netstat prints it ("192.168.1.221.5450") fills a narrow column: macOS's {@code netstat -A}
     * cuts "192.168.1.221.54501" to that, so that several of the host's own client ports read as one port facing several
     * peers. Such rows are not counted.
     */
    private static boolean mayBeCut(Connection c) {
        if (c.evidence() == null) return false;
        int port = c.localPort();
        int digits = port < 10 ? 1 : port < 100 ? 2 : port < 1000 ? 3 : port < 10000 ? 4 : 5;
        if (c.localAddress().length() + 1 + digits < CUT_WIDTH) return false; // most rows: no text made
        String printed = c.localAddress() + "." + port;
        return printed.length() >= CUT_WIDTH && c.evidence().text().contains(printed);
    }

    /** The narrowest address column BSD netstat fills (macOS's with -A: 18 characters). */
    private static final int CUT_WIDTH = 18;

    private static long key(Protocol proto, String address, int port) {
        long k = DistinctCount.combine(DistinctCount.hash(Addresses.stripScope(address)), ((long) proto.ordinal() << 16) | port);
        return k == 0 ? 1 : k;
    }
}
