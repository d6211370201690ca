package dev.portolan.audit;

import dev.portolan.ingest.LogLine;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.model.Direction;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.IpAddress;
import dev.portolan.model.PortClass;
import dev.portolan.model.Protocol;

import java.util.function.Consumer;

/**
 * Folds firewall log lines of one reading thread straight into service groups, as {@link ServiceAggregator#add}
 * folds the flow of each line: same keys, counts, samples and evidence, without a flow, a String key or evidence text
 * per line. A line's group is found by a key of longs (the kept addresses in binary, ports or their classes,
 * direction, action traits); the group's real key is made once, by {@link ServiceAggregator#keyOf}, when that long key
 * is first seen. Addresses get their text and hash once (a bounded cache). Evidence text is made only for a line that
 * enters its group's evidence sample. A later line of a flow the reader already handed over only adds its counts and
 * perhaps its evidence (its addresses, ports and group are the flow's). Not thread-safe: one reading thread.
 */
final class LineFolding implements LogLineFold {
    private static final long MAX_LINE = (1L << 43) - 1;

    private final AuditUnits units;
    private final EvidenceOrder order;
    private final ServiceAggregator groups;
    private final Consumer<ServiceAggregator> whenDone;
    /** IPv6 addresses' hashes and whether the audit keeps them alone; {@link #quads}: the same of IPv4 addresses. */
    private final Names names = new Names();
    private final Quads quads = new Quads();
    private final GroupIndex index = new GroupIndex();
    private String file;
    private long fileBits;

    /** {@code whenDone} takes this fold's groups once the reader is {@linkplain #done() done}. */
    LineFolding(AuditUnits units, EvidenceOrder order, Consumer<ServiceAggregator> whenDone) {
        this.units = units;
        this.order = order;
        this.groups = new ServiceAggregator(units, order);
        this.whenDone = whenDone;
    }

    @Override
    public Handle first(LogLine l) {
        boolean srcV6 = l.srcV6();
        long srcHi = l.srcHi();
        long srcLo = l.srcLo();
        boolean dstV6 = l.dstV6();
        long dstHi = l.dstHi();
        long dstLo = l.dstLo();
        int srcSlot = srcV6 ? names.slot(true, srcHi, srcLo) : quads.slot(srcLo);
        long srcHash = srcV6 ? names.hash(srcSlot) : quads.hash(srcSlot);
        boolean srcAlone = srcV6 ? names.alone(srcSlot) : quads.alone(srcSlot);
        int dstSlot = dstV6 ? names.slot(true, dstHi, dstLo) : quads.slot(dstLo);
        long dstHash = dstV6 ? names.hash(dstSlot) : quads.hash(dstSlot);
        boolean dstAlone = dstV6 ? names.alone(dstSlot) : quads.alone(dstSlot);
        // ServiceAggregator.keyOf's address rule (AuditUnits.keepsAddress) on the binary form
        boolean same = srcLo == dstLo && srcHi == dstHi && srcV6 == dstV6;
        boolean all = units.keepsAllAddresses();
        boolean origKept = all || same || srcAlone;
        boolean respKept = all || same || dstAlone;
        Protocol proto = l.proto();
        Direction d = l.direction();
        boolean unknownOriginator = !origKept && d != Direction.OUTBOUND && d != Direction.LOCAL;
        PortClass pc = units.classOf(proto, l.srcPort(), unknownOriginator);
        PortClass rc = units.responderClassOf(proto, l.dstPort());
        FirewallAction a = l.action();
        boolean allowed = a.passes();
        boolean dropped = a == FirewallAction.DROP;
        long k0 = l.ipProtocol() | (origKept ? 1L << 8 : 0) | (respKept ? 1L << 9 : 0)
                | (origKept && srcV6 ? 1L << 10 : 0) | (respKept && dstV6 ? 1L << 11 : 0)
                | (long) portKey(l.srcPort(), pc) << 12 | (long) portKey(l.dstPort(), rc) << 29
                | (long) d.ordinal() << 46 | (allowed ? 1L << 49 : 0) | (dropped ? 1L << 50 : 0);
        long k1 = origKept ? srcHi : 0;
        long k2 = origKept ? srcLo : 0;
        long k3 = respKept ? dstHi : 0;
        long k4 = respKept ? dstLo : 0;
        GroupTally t = index.get(k0, k1, k2, k3, k4);
        if (t == null) {
            // a one-line flow's traits: its action alone; nobody answered a log line; no handshake was seen
            FlowTraits traits = new FlowTraits(allowed, dropped, false, FlowTraits.Attempt.NONE);
            t = groups.tally(groups.keyOf(proto, l.ipProtocol(), l.srcText(), l.srcPort(), l.dstText(), l.dstPort(), d, traits));
            index.put(k0, k1, k2, k3, k4, t);
        }
        t.addLine(l, srcHash, dstHash, position(l));
        return t;
    }

    /** A later line of the same 5-tuple, action and direction: the same group, and nothing its key decides is new. */
    @Override
    public void again(Handle flow, LogLine l) {
        ((GroupTally) flow).addAgain(l, position(l));
    }

    private long position(LogLine l) {
        if (!l.file().equals(file)) {
            file = l.file();
            fileBits = order.fileBits(file);
        }
        return fileBits | Math.min(l.line(), MAX_LINE);
    }

    /** A port kept exactly, or its class (by its first port) above every port. */
    private static int portKey(int port, PortClass c) {
        return c == null ? port : 0x10000 | c.low();
    }

    @Override
    public void done() {
        whenDone.accept(groups);
    }

    /**
     * Each IPv6 address seen lately with the {@link DistinctCount#hash} of its text and whether the audit keeps it
     * whatever the other side ({@link AuditUnits#keepsAlone}), in flat arrays (a look-up reads no object). Forgets them
     * all past {@link #LIMIT} (memory stays bounded). A slot {@link #slot} returns is good until the next call.
     */
    private final class Names {
        private static final int LIMIT = 1 << 15;
        private long[] his = new long[1024];
        private long[] los = new long[1024];
        /** 0 = empty; else 1 | 2 when IPv6 | 4 when kept alone. */
        private byte[] flags = new byte[1024];
        private long[] hashes = new long[1024];
        private int size;

        int slot(boolean v6, long hi, long lo) {
            int family = v6 ? 3 : 1;
            int mask = flags.length - 1;
            int s = index(hi, lo) & mask;
            while (true) {
                byte f = flags[s];
                if (f == 0) break;
                if (los[s] == lo && his[s] == hi && (f & 3) == family) return s;
                s = (s + 1) & mask;
            }
            if (size >= LIMIT) {
                java.util.Arrays.fill(flags, (byte) 0);
                size = 0;
            } else if ((size + 1) * 2 > flags.length) {
                grow();
            } else {
                return put(s, v6, hi, lo);
            }
            mask = flags.length - 1;
            s = index(hi, lo) & mask;
            while (flags[s] != 0) s = (s + 1) & mask;
            return put(s, v6, hi, lo);
        }

        private int put(int s, boolean v6, long hi, long lo) {
            String text = IpAddress.format(v6, hi, lo);
            hashes[s] = DistinctCount.hash(text);
            his[s] = hi;
            los[s] = lo;
            flags[s] = (byte) ((v6 ? 3 : 1) | (units.keepsAlone(text) ? 4 : 0));
            size++;
            return s;
        }

        long hash(int s) {
            return hashes[s];
        }

        boolean alone(int s) {
            return (flags[s] & 4) != 0;
        }

        private int index(long hi, long lo) {
            long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
            h *= 0xFF51AFD7ED558CCDL;
            return (int) (h ^ (h >>> 32));
        }

        private void grow() {
            long[] oh = his;
            long[] ol = los;
            byte[] of = flags;
            long[] ohash = hashes;
            int n = of.length * 2;
            his = new long[n];
            los = new long[n];
            flags = new byte[n];
            hashes = new long[n];
            int mask = n - 1;
            for (int i = 0; i < of.length; i++) {
                if (of[i] == 0) continue;
                int s = index(oh[i], ol[i]) & mask;
                while (flags[s] != 0) s = (s + 1) & mask;
                his[s] = oh[i];
                los[s] = ol[i];
                flags[s] = of[i];
                hashes[s] = ohash[i];
            }
        }
    }

    /**
     * The {@link DistinctCount#hashDottedQuad} of IPv4 addresses seen lately and whether the audit keeps each alone
     * ({@link AuditUnits#keepsAloneQuad}), direct-mapped (a newcomer replaces what sat in its slot): a look-up is one
     * slot of two arrays (256 KB) where making both again took two dozen multiplications and a look-up in the hosts'
     * addresses, on both addresses of every line. A slot {@link #slot} returns is good until the next call.
     */
    private final class Quads {
        private static final int BITS = 14;
        /** Per slot: 0 = empty, else (the address | 1 << 32) << 1 | 1 when kept alone. */
        private final long[] tags = new long[1 << BITS];
        private final long[] hashes = new long[1 << BITS];

        int slot(long quad) {
            int s = (int) ((quad * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
            if (tags[s] >>> 1 != (quad | 1L << 32)) {
                hashes[s] = DistinctCount.hashDottedQuad(quad);
                tags[s] = (quad | 1L << 32) << 1 | (units.keepsAloneQuad(quad) ? 1 : 0);
            }
            return s;
        }

        long hash(int s) {
            return hashes[s];
        }

        boolean alone(int s) {
            return (tags[s] & 1) != 0;
        }
    }

    /** Open addressing from a key of five longs to its group's tally. Grows with the groups (a few per service group). */
    private static final class GroupIndex {
        private long[] keys = new long[5 * 256];
        private GroupTally[] values = new GroupTally[256];
        private int size;

        GroupTally get(long k0, long k1, long k2, long k3, long k4) {
            int mask = values.length - 1;
            int s = hash(k0, k1, k2, k3, k4) & mask;
            while (true) {
                GroupTally t = values[s];
                if (t == null) return null;
                int o = s * 5;
                // one test, not five: a key that differs only in a later part is no branch the JIT first meets late
                if (((keys[o] ^ k0) | (keys[o + 1] ^ k1) | (keys[o + 2] ^ k2) | (keys[o + 3] ^ k3) | (keys[o + 4] ^ k4)) == 0) return t;
                s = (s + 1) & mask;
            }
        }

        /** Adds a key this index does not hold yet. */
        void put(long k0, long k1, long k2, long k3, long k4, GroupTally t) {
            if ((size + 1) * 2 > values.length) grow();
            insert(k0, k1, k2, k3, k4, t);
            size++;
        }

        private void insert(long k0, long k1, long k2, long k3, long k4, GroupTally t) {
            int mask = values.length - 1;
            int s = hash(k0, k1, k2, k3, k4) & mask;
            while (values[s] != null) s = (s + 1) & mask;
            int o = s * 5;
            keys[o] = k0;
            keys[o + 1] = k1;
            keys[o + 2] = k2;
            keys[o + 3] = k3;
            keys[o + 4] = k4;
            values[s] = t;
        }

        private void grow() {
            long[] ok = keys;
            GroupTally[] ov = values;
            keys = new long[ok.length * 2];
            values = new GroupTally[ov.length * 2];
            for (int i = 0; i < ov.length; i++) {
                if (ov[i] != null) insert(ok[i * 5], ok[i * 5 + 1], ok[i * 5 + 2], ok[i * 5 + 3], ok[i * 5 + 4], ov[i]);
            }
        }

        private static int hash(long k0, long k1, long k2, long k3, long k4) {
            long h = k0 * 0x9E3779B97F4A7C15L;
            h = (h ^ k1) * 0x9E3779B97F4A7C15L;
            h = (h ^ k2) * 0x9E3779B97F4A7C15L;
            h = (h ^ k3) * 0x9E3779B97F4A7C15L;
            h = (h ^ k4) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return (int) h;
        }
    }
}
