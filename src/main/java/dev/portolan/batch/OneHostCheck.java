package dev.portolan.batch;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.model.InputProblem;
import java.util.Map;
import dev.portolan.model.Addresses;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.Flow;
import dev.portolan.model.Listener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses inputs that describe different machines given as one host: what each input says about the machine it
 * was taken on (a host name in its rows, its own IPv4 addresses, its OS) must not contradict the others. A netstat
 * dump, a firewall log and a capture of one host agree; seven machines' dumps given together do not, and auditing
 * them as one would infer roles from all of them and report on a host that does not exist.
 */
public final class OneHostCheck {
    private OneHostCheck() {
    }

    /** What one input says about its machine; empty fields say nothing. Captures say nothing: they see many hosts. */
    record Identity(String file, String name, Set<String> addresses, String os) {
        boolean contradicts(Identity o) {
            if (name != null && o.name != null && !name.equalsIgnoreCase(o.name)) return true;
            if (os != null && o.os != null && !os.equals(o.os)) return true;
            return !addresses.isEmpty() && !o.addresses.isEmpty() && Collections.disjoint(addresses, o.addresses);
        }

        String describe() {
            List<String> says = new ArrayList<>();
            if (name != null) says.add("host " + name);
            if (!addresses.isEmpty()) says.add(String.join(" ", addresses));
            if (os != null) says.add(os);
            return file + (says.isEmpty() ? "" : " (" + String.join(", ", says) + ")");
        }
    }

    /** Thrown when the inputs of one host describe several machines; the message names them and the fix. */
    public static final class SeveralHostsException extends IllegalArgumentException {
        public SeveralHostsException(String message) {
            super(message);
        }
    }

    /** What one file said about its own machine while it was read: its own addresses, kept as a sink tee. */
    public static final class Seen implements ObservationSink {
        private static final int MAX_ADDRESSES = 256;
        private final ObservationSink next;
        private final Set<String> snapshotOwn = new TreeSet<>();
        private final Set<String> flowOwn = new TreeSet<>();

        public Seen(ObservationSink next) {
            this.next = next;
        }

        @Override
        public void listener(Listener l) {
            synchronized (this) {
                if (snapshotOwn.size() < MAX_ADDRESSES) addOwn(snapshotOwn, l.address());
            }
            next.listener(l);
        }

        @Override
        public void connection(Connection c) {
            synchronized (this) {
                if (snapshotOwn.size() < MAX_ADDRESSES) addOwn(snapshotOwn, c.localAddress());
            }
            next.connection(c);
        }

        @Override
        public void flow(Flow f) {
            see(f);
            next.flow(f);
        }

        @Override
        public void flows(java.util.Collection<Flow> batch) {
            seeAll(batch);
            next.flows(batch);
        }

        /** The next sink's fold, seeing the host's own address of each line on the way (each address once). */
        @Override
        public dev.portolan.ingest.LogLineFold logLineFold() {
            dev.portolan.ingest.LogLineFold fold = next.logLineFold();
            if (fold == null) return null;
            return new dev.portolan.ingest.LogLineFold() {
                private final Set<dev.portolan.model.IpAddress> seenHere = new java.util.HashSet<>();
                private boolean open = true;
                /** The last own address seen: most lines of a host's log name the same one. */
                private dev.portolan.model.IpAddress last;

                @Override
                public Handle first(dev.portolan.ingest.LogLine l) {
                    if (open && (l.direction() == Direction.INBOUND || l.direction() == Direction.OUTBOUND)) see(l);
                    return fold.first(l);
                }

                /** The line's own address (destination inbound, source outbound), made a value only when not the last one. */
                private void see(dev.portolan.ingest.LogLine l) {
                    boolean in = l.direction() == Direction.INBOUND;
                    boolean v6 = in ? l.dstV6() : l.srcV6();
                    long hi = in ? l.dstHi() : l.srcHi();
                    long lo = in ? l.dstLo() : l.srcLo();
                    if (last == null || last.lo() != lo || last.hi() != hi || last.v6() != v6) {
                        dev.portolan.model.IpAddress own = new dev.portolan.model.IpAddress(v6, hi, lo);
                        last = own;
                        if (seenHere.add(own)) {
                            if (seenHere.size() > 4 * MAX_ADDRESSES) seenHere.clear();
                            open = seeOwn(own.text());
                        }
                    }
                }

                /** A later line of a flow: the same addresses as its first. */
                @Override
                public void again(Handle flow, dev.portolan.ingest.LogLine l) {
                    fold.again(flow, l);
                }

                @Override
                public void done() {
                    fold.done();
                }
            };
        }

        /** {@link #see} of one own address; false once no more are taken. */
        private synchronized boolean seeOwn(String address) {
            if (flowOwn.size() >= MAX_ADDRESSES) return false;
            addOwn(flowOwn, address);
            return flowOwn.size() < MAX_ADDRESSES;
        }

        private synchronized void seeAll(java.util.Collection<Flow> batch) {
            for (Flow f : batch) see(f);
        }

        private synchronized void see(Flow f) {
            if (flowOwn.size() >= MAX_ADDRESSES) return;
            if (f.direction() == Direction.INBOUND) addOwn(flowOwn, f.respAddr());
            else if (f.direction() == Direction.OUTBOUND) addOwn(flowOwn, f.origAddr());
        }

        @Override
        public void problem(InputProblem p) {
            next.problem(p);
        }

        /** What the file read says about its machine; null when it says nothing (captures, skipped files). */
        synchronized Identity identity(FileSummary r) {
            if (r.format() == InputFormat.NETSTAT) return new Identity(r.source().name(), r.hostName(), snapshotOwn, osOf(r.variant()));
            if (r.format() == InputFormat.FIREWALL_LOG) return new Identity(r.source().name(), r.hostName(), flowOwn, "windows");
            return null;
        }
    }

    /** @throws SeveralHostsException when two inputs contradict each other about the machine they come from */
    public static void require(List<FileSummary> inputs, Map<String, Seen> seen) {
        List<List<Identity>> machines = new ArrayList<>();
        for (FileSummary r : inputs) {
            Seen s = seen.get(r.source().name());
            Identity id = s == null ? null : s.identity(r);
            if (id == null) continue;
            List<Identity> home = null;
            for (List<Identity> m : machines) {
                if (m.stream().noneMatch(id::contradicts)) {
                    home = m;
                    break;
                }
            }
            if (home == null) machines.add(home = new ArrayList<>());
            home.add(id);
        }
        if (machines.size() < 2) return;
        List<String> named = new ArrayList<>();
        for (List<Identity> m : machines) named.add(m.get(0).describe() + (m.size() > 1 ? " and " + (m.size() - 1) + " more file(s)" : ""));
        throw new SeveralHostsException("the inputs describe " + machines.size() + " different machines, given as one host: "
                + String.join("; ", named) + ". Audit each machine on its own: --batch with one folder per host "
                + "(or loose files, one host each), or --hosts with a manifest of the hosts and their addresses");
    }

    /**
     * Only specific IPv4 addresses: wildcards, loopback, multicast, broadcast and link-local say nothing (every Windows
     * host's log receives SSDP on 239.255.255.250: two machines' logs looked like one), and a host's IPv6 set need not
     * meet its IPv4 set.
     */
    private static void addOwn(Set<String> own, String address) {
        // most rows repeat an address already taken: looked up before it is parsed
        if (address == null || own.contains(address) || Addresses.isIpv6(address) || Addresses.namesNoOneHost(address)) return;
        if (!address.isEmpty() && Character.isDigit(address.charAt(0))) own.add(address);
    }

    /** The OS a dump's variant names, as the audit reads it ({@link dev.portolan.model.OsFamily#ofInputVariant}); null for none. */
    private static String osOf(String variant) {
        dev.portolan.model.OsFamily os = dev.portolan.model.OsFamily.ofInputVariant(variant == null ? null : variant.toLowerCase(Locale.ROOT));
        return os == dev.portolan.model.OsFamily.UNKNOWN ? null : os.label();
    }
}
