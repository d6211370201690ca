package dev.portolan.model;

/**
 * Which local ends of a snapshot's connection rows face more than one remote end: a local address and port that
 * several peers (their own address or port) are connected to is a server's, even where the dump shows no listening
 * row for it (netstat without -a, {@code ss -tn}, a grep for ESTABLISHED). Read only when a row's ports alone do not
 * tell who initiated ({@link Connection#inbound}). Kept in fixed memory (about 2 MB) however long the dump: a local end
 * whose slot another one holds is not counted, and then simply never said to fan in. Not thread-safe.
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
        int slot = (int) (key >>> 48);
        long held = local[slot];
        if (held == 0) local[slot] = key;
        else if (held != key) return; // another local end's slot: this one is not counted
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
        long key = key(proto, localAddress, localPort);
        int slot = (int) (key >>> 48);
        return local[slot] == key && several.get(slot);
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
