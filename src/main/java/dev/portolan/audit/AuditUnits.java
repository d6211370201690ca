package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogEntry;
import dev.portolan.model.Addresses;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortClass;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which details of a flow a service group keeps exactly, before any flow is read: an address when it is
 * a known host's (the audited host, a manifest peer), loopback, or the other side's own address, and
 * the originator's port when a catalog entry names it (listener, fallback or fixed source port) or it is below
 * 1024; the responder's port of TCP, UDP, SCTP, DCCP and UDP-Lite when a catalog entry names it or it is below 1024. Other ports fold into
 * {@link PortClass}es cut at every ephemeral range boundary in play (each OS default and every host's override), so
 * "is it ephemeral?" has one answer for a whole class whatever OS the host turns out to run, and no catalog entry
 * claims any port of a class: every rule of the audit decides the same for all ports of a class.
 */
final class AuditUnits {
    private final BitSet exactTcp;
    private final BitSet exactUdp;
    private final BitSet sourceTcp;
    private final BitSet sourceUdp;
    /**
     * SCTP's, DCCP's and UDP-Lite's ports, one set for the three: few catalog rows name them, and a port kept exactly
     * for one of them is only kept exactly for the others too (it folds no flow another rule would tell apart).
     */
    private final BitSet exactOther;
    private final BitSet sourceOther;
    /** Class start ports, ascending; class i is [starts[i], starts[i+1]-1]. */
    private final int[] starts;
    private final PortClass[] classes;
    private final AddressSet known;
    private final Peers peers;
    private final boolean keepAllAddresses;

    private AuditUnits(ExactPorts exact, int[] starts, Collection<String> known, Peers peers, boolean keepAllAddresses) {
        this.exactTcp = exact.tcp;
        this.exactUdp = exact.udp;
        this.sourceTcp = exact.sourceTcp;
        this.sourceUdp = exact.sourceUdp;
        this.exactOther = exact.other;
        this.sourceOther = exact.sourceOther;
        this.starts = starts;
        this.classes = new PortClass[starts.length];
        for (int i = 0; i < starts.length; i++) {
            classes[i] = new PortClass(starts[i], i + 1 < starts.length ? starts[i + 1] - 1 : 65535);
        }
        this.known = new AddressSet(known);
        this.peers = peers;
        this.keepAllAddresses = keepAllAddresses;
    }

    /** Ports some catalog entry names, per protocol; computed once per catalog. */
    record ExactPorts(BitSet tcp, BitSet udp, BitSet sourceTcp, BitSet sourceUdp, BitSet other, BitSet sourceOther) {
        static ExactPorts of(Catalog catalog) {
            BitSet tcp = new BitSet(65536);
            BitSet udp = new BitSet(65536);
            BitSet other = new BitSet(65536);
            BitSet sourceTcp = new BitSet(65536);
            BitSet sourceUdp = new BitSet(65536);
            BitSet sourceOther = new BitSet(65536);
            tcp.set(0, 1024);
            udp.set(0, 1024);
            other.set(0, 1024);
            for (CatalogEntry e : catalog.entries()) {
                for (Protocol p : e.protocols()) {
                    if (!p.hasPorts()) continue;
                    BitSet b = p == Protocol.TCP ? tcp : p == Protocol.UDP ? udp : other;
                    for (PortRange r : e.ports().ranges()) b.set(r.low(), r.high() + 1);
                    if (e.fallback() != null) for (PortRange r : e.fallback().ranges()) b.set(r.low(), r.high() + 1);
                    if (e.sourcePort() >= 0) {
                        b.set(e.sourcePort());
                        (p == Protocol.TCP ? sourceTcp : p == Protocol.UDP ? sourceUdp : sourceOther).set(e.sourcePort());
                    }
                }
            }
            return new ExactPorts(tcp, udp, sourceTcp, sourceUdp, other, sourceOther);
        }
    }

    /**
     * @param hosts            the audited host and the known peers (their addresses are kept; their ranges cut classes)
     * @param keepAllAddresses keep every address (captures of several hosts, whose hosts are only known after reading)
     */
    static AuditUnits of(ExactPorts exact, Collection<Host> hosts, boolean keepAllAddresses) {
        Set<String> known = new java.util.HashSet<>();
        List<PortRange> ranges = new ArrayList<>();
        for (Host h : hosts) {
            ranges.add(h.ephemeralRange());
            for (String a : h.addresses()) known.add(Addresses.stripScope(a));
        }
        return new AuditUnits(exact, starts(ranges), known, Peers.none(), keepAllAddresses);
    }

    /** The units of one host among prepared peers: nothing here grows with the number of peers. */
    static AuditUnits of(ExactPorts exact, Host host, Peers peers, boolean keepAllAddresses) {
        Set<String> own = new java.util.HashSet<>();
        for (String a : host.addresses()) own.add(Addresses.stripScope(a));
        List<PortRange> ranges = new ArrayList<>(peers.ephemeralRanges());
        ranges.add(host.ephemeralRange());
        return new AuditUnits(exact, starts(ranges), own, peers, keepAllAddresses);
    }

    private static final List<OsFamily> CLASSING = List.of(OsFamily.WINDOWS, OsFamily.WINDOWS_LEGACY, OsFamily.LINUX, OsFamily.MACOS);

    private static int[] starts(List<PortRange> ranges) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(1024);
        // the design's four families' ranges class every report's ports alike; a FreeBSD, Solaris or AIX host's range
        // enters with the hosts' own ranges below, so that other hosts' classes stay as they were
        for (OsFamily os : CLASSING) cut(cuts, os.defaultEphemeralRange());
        for (PortRange r : ranges) cut(cuts, r);
        return cuts.stream().filter(p -> p <= 65535).mapToInt(Integer::intValue).toArray();
    }

    private static void cut(TreeSet<Integer> cuts, PortRange r) {
        cuts.add(r.low());
        cuts.add(r.high() + 1);
    }

    /**
     * The class of an originator port, or null when the port is kept exactly. For an originator that belongs to no
     * known host only a fixed source port can matter (nobody's listener port is checked on the unknown side).
     */
    PortClass classOf(Protocol proto, int port, boolean unknownOriginator) {
        BitSet exact = unknownOriginator
                ? (proto == Protocol.TCP ? sourceTcp : proto == Protocol.UDP ? sourceUdp : proto.hasPorts() ? sourceOther : null)
                : proto == Protocol.TCP ? exactTcp : proto == Protocol.UDP ? exactUdp : proto.hasPorts() ? exactOther : null;
        if (exact == null || port < 1024 || port > 65535 || exact.get(port)) return null;
        return classAt(port);
    }

    /**
     * The class of a responder port, or null when the port is kept exactly: every port of another protocol (ICMP
     * types), below 1024, or named by a catalog entry as a listener, fallback or source port.
     */
    PortClass responderClassOf(Protocol proto, int port) {
        BitSet exact = proto == Protocol.TCP ? exactTcp : proto == Protocol.UDP ? exactUdp : proto.hasPorts() ? exactOther : null;
        if (exact == null || port < 1024 || port > 65535 || exact.get(port)) return null;
        return classAt(port);
    }

    /** The class a port of 1024 and up falls in (also a port the catalog names: for a report's folded list). */
    PortClass classAt(int port) {
        // the last start at or below the port (the first class if none): halving a range that holds it, with a choice
        // the JIT can make without a jump (random ports would mispredict one)
        int lo = 0;
        for (int n = starts.length; n > 1; ) {
            int half = n >>> 1;
            lo = starts[lo + half] <= port ? lo + half : lo;
            n -= half;
        }
        return classes[lo];
    }

    /**
     * True when an endpoint's address is kept rather than folded with the other unknown addresses of that side:
     * a known host's, loopback, or the same as the other side's (a host talking to itself). Which host an unknown
     * address belongs to is then decided by the direction alone, the same for every address folded together.
     */
    boolean keepsAddress(String address, String otherSide) {
        if (keepAllAddresses) return true;
        String a = Addresses.stripScope(address);
        // the cheap tests first, the set look-ups last (called for every connection row)
        return Addresses.isLoopback(a) || Addresses.equalsStripped(a, otherSide) || isKnownStripped(a);
    }

    /** True when every address is kept. */
    boolean keepsAllAddresses() {
        return keepAllAddresses;
    }

    /**
     * True when an address is kept whatever the other side: a known host's or loopback. {@link #keepsAddress} is this,
     * or every address kept, or the other side the same address.
     */
    boolean keepsAlone(String address) {
        String a = Addresses.stripScope(address);
        return isKnownStripped(a) || Addresses.isLoopback(a);
    }

    /** {@link #keepsAlone} of an IPv4 address's dotted-quad text, from its 32-bit value. */
    boolean keepsAloneQuad(long quad) {
        return known.containsQuad(quad) || peers.isPeerQuad(quad) || (quad >>> 24) == 127;
    }

    /** True when an address belongs to the audited host or a known peer. */
    boolean isKnown(String address) {
        return keepAllAddresses || isKnownStripped(Addresses.stripScope(address)) || Addresses.isLoopback(address);
    }

    private boolean isKnownStripped(String address) {
        long quad = AddressSet.quad(address);
        return known.contains(address, quad) || peers.isPeerAddress(address, quad);
    }
}
