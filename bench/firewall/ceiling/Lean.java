import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The core of a firewall log's audit, written as lean as we could: each line's fields found eight bytes at a time,
 * its time compared with the line before, action, protocol, both addresses (IPv4 and IPv6), both ports, size and path
 * read; a service group looked up by a key of longs (protocol, action, direction, both ports or their classes, the
 * audited host's addresses kept); per group lines, bytes and two distinct counts (flows and originators: exact up to
 * 256, then the 256 smallest hashes). The file in two halves on two threads. Left out, all of which portolan's audit
 * does: the #Fields layout, validation and input problems, flows seen again, evidence samples, the catalog's port
 * classes, merging the halves, findings and the report. Not portolan: a yardstick (bench/firewall/ceiling.sh).
 */
public final class Lean {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** False with a second argument "no-distinct": the groups count lines and bytes only (what the distinct counts cost). */
    private static boolean DISTINCT = true;

    public static void main(String[] args) throws Exception {
        DISTINCT = !(args.length > 1 && args[1].equals("no-distinct"));
        try (FileChannel ch = FileChannel.open(Path.of(args[0]))) {
            long size = ch.size();
            Half a = new Half(ch, 0, size / 2);
            Half b = new Half(ch, size / 2, size);
            Thread t = new Thread(b);
            t.start();
            a.run();
            t.join();
            System.out.println((a.lines + b.lines) + " lines, " + a.groups + " + " + b.groups + " groups, "
                    + (a.bad + b.bad) + " lines not read");
        }
    }

    /** Distinct 64-bit hashes: exact up to 256, then the 256 smallest kept (pruned at 320). */
    static final class Distinct {
        private long[] slots = new long[8];
        private int size;
        private boolean saturated;
        private long ceiling = -1;

        static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            return h ^ (h >>> 33);
        }

        void add(long hash) {
            long h = hash == 0 ? 1 : hash;
            if (saturated && Long.compareUnsigned(h, ceiling) > 0) return;
            int m = slots.length - 1;
            int i = (int) mix(h) & m;
            while (slots[i] != 0) {
                if (slots[i] == h) return;
                i = (i + 1) & m;
            }
            slots[i] = h;
            size++;
            if (size * 2 > slots.length && slots.length < 1024) grow();
            if (size > 320) prune();
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 4];
            for (long h : old) if (h != 0) put(h);
        }

        private void put(long h) {
            int m = slots.length - 1;
            int i = (int) mix(h) & m;
            while (slots[i] != 0) i = (i + 1) & m;
            slots[i] = h;
        }

        private void prune() {
            saturated = true;
            long[] kept = new long[size];
            int n = 0;
            for (long h : slots) if (h != 0) kept[n++] = h ^ Long.MIN_VALUE;
            Arrays.sort(kept, 0, n);
            ceiling = kept[255] ^ Long.MIN_VALUE;
            Arrays.fill(slots, 0);
            for (int j = 0; j < 256; j++) put(kept[j] ^ Long.MIN_VALUE);
            size = 256;
        }
    }

    static final class Group {
        long lines;
        long bytes;
        final Distinct flows = new Distinct();
        final Distinct originators = new Distinct();
    }

    static final class Half implements Runnable {
        private static final long HOST = 0xC0A80001L; // 192.168.0.1, the audited host of bench/firewall/audit.sh
        final FileChannel ch;
        final long from;
        final long to;
        long lines;
        long bad;
        int groups;
        private final int[] edges = new int[2 * 40];
        private long[] groupKeys = new long[3 * 1024];
        private Group[] groupValues = new Group[1024];
        private final byte[] lastStamp = new byte[19];
        private long v6Hi;

        Half(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try {
                byte[] buf = new byte[1 << 16];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                long off = from;
                int have = 0;
                boolean skipFirst = from > 0;
                while (true) {
                    bb.clear();
                    bb.position(have);
                    int n = ch.read(bb, off + have);
                    if (n <= 0) break;
                    int end = have + n;
                    int i = 0;
                    if (skipFirst) {
                        while (i < end && buf[i] != '\n') i++;
                        i++;
                        skipFirst = false;
                    }
                    boolean done = false;
                    while (true) {
                        if (off + i >= to) {
                            done = true;
                            break;
                        }
                        int nl = newline(buf, i, end);
                        if (nl < 0) break;
                        if (nl > i && buf[i] != '#') line(buf, i, nl);
                        i = nl + 1;
                    }
                    if (done) break;
                    int rest = end - i;
                    System.arraycopy(buf, i, buf, 0, rest);
                    off += i;
                    have = rest;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static int newline(byte[] b, int i, int end) {
            for (; i + 8 <= end; i += 8) {
                long x = (long) LONGS.get(b, i) ^ (ONES * '\n');
                long z = (x - ONES) & ~x & HIGHS;
                if (z != 0) return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
            for (; i < end; i++) if (b[i] == '\n') return i;
            return -1;
        }

        /** Field starts and ends into edges; the field count (at most 40). Separators: bytes up to a space. */
        private int tokenize(byte[] b, int from, int end) {
            int k = 0;
            int i = from;
            long sepBefore = 0x80L;
            for (; i + 8 <= end; i += 8) {
                long x = (long) LONGS.get(b, i);
                long sep = ~(((x & ~HIGHS) + ONES * (0x80 - 0x21)) | x) & HIGHS;
                long prev = (sep << 8) | sepBefore;
                long t = (~sep & prev & HIGHS) | (sep & ~prev);
                while (t != 0) {
                    if (k == edges.length) return k >>> 1;
                    edges[k++] = i + (Long.numberOfTrailingZeros(t) >>> 3);
                    t &= t - 1;
                }
                sepBefore = sep >>> 56;
            }
            boolean in = sepBefore == 0;
            for (; i < end && k < edges.length; i++) {
                boolean text = (b[i] & 0xff) > 0x20;
                if (text != in) {
                    edges[k++] = i;
                    in = text;
                }
            }
            if (in && k < edges.length) edges[k++] = end;
            return k >>> 1;
        }

        /** A dotted quad, or -1. */
        private static long v4(byte[] b, int s, int e) {
            long a = 0;
            int octet = 0;
            int dots = 0;
            for (int i = s; i < e; i++) {
                int c = b[i];
                if (c == '.') {
                    a = (a << 8) | octet;
                    octet = 0;
                    dots++;
                } else if (c >= '0' && c <= '9') {
                    octet = octet * 10 + (c - '0');
                    if (octet > 255) return -1;
                } else {
                    return -1;
                }
            }
            return dots == 3 ? (a << 8) | octet : -1;
        }

        /** An IPv6 address's low 64 bits (its high ones in v6Hi), or false. */
        private boolean v6(byte[] b, int s, int e, long[] out, int at) {
            long[] groups16 = new long[8];
            int n = 0;
            int gap = -1;
            int i = s;
            if (e - s >= 2 && b[s] == ':' && b[s + 1] == ':') {
                gap = 0;
                i = s + 2;
            }
            while (i < e) {
                int v = 0;
                int digits = 0;
                while (i < e && digits < 4) {
                    int d = Character.digit(b[i], 16);
                    if (d < 0) break;
                    v = v << 4 | d;
                    digits++;
                    i++;
                }
                if (digits == 0 || n == 8) return false;
                groups16[n++] = v;
                if (i == e) break;
                if (b[i] == '%') break;
                if (b[i] != ':') return false;
                i++;
                if (i < e && b[i] == ':') {
                    if (gap >= 0) return false;
                    gap = n;
                    i++;
                }
            }
            long[] full = new long[8];
            if (gap < 0) {
                if (n != 8) return false;
                System.arraycopy(groups16, 0, full, 0, 8);
            } else {
                System.arraycopy(groups16, 0, full, 0, gap);
                System.arraycopy(groups16, gap, full, 8 - (n - gap), n - gap);
            }
            out[at] = full[0] << 48 | full[1] << 32 | full[2] << 16 | full[3];
            out[at + 1] = full[4] << 48 | full[5] << 32 | full[6] << 16 | full[7];
            return true;
        }

        private static int number(byte[] b, int s, int e) {
            if (b[s] == '-') return -1;
            int v = 0;
            for (int i = s; i < e; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || v > 100_000_000) return -2;
                v = v * 10 + d;
            }
            return v;
        }

        private final long[] addr = new long[4];

        private void line(byte[] b, int s, int e) {
            lines++;
            int n = tokenize(b, s, e);
            int[] ed = edges;
            if (n < 17 || ed[3] - s != 19) {
                bad++;
                return;
            }
            if (!Arrays.equals(b, s, s + 19, lastStamp, 0, 19)) System.arraycopy(b, s, lastStamp, 0, 19);
            byte a0 = b[ed[4]];
            boolean allow = a0 == 'A';
            boolean drop = a0 == 'D';
            int ps = ed[6];
            int plen = ed[7] - ps;
            int proto = plen == 3 ? (b[ps] == 'T' ? 6 : 17) : plen == 4 ? 1 : 58;
            long srcLo = v4(b, ed[8], ed[9]);
            long dstLo = v4(b, ed[10], ed[11]);
            long srcHi = 0;
            long dstHi = 0;
            boolean v6 = srcLo < 0 || dstLo < 0;
            if (v6) {
                if (!v6(b, ed[8], ed[9], addr, 0) || !v6(b, ed[10], ed[11], addr, 2)) {
                    bad++;
                    return;
                }
                srcHi = addr[0];
                srcLo = addr[1];
                dstHi = addr[2];
                dstLo = addr[3];
            }
            int sp = number(b, ed[12], ed[13]);
            int dp = number(b, ed[14], ed[15]);
            int size = number(b, ed[16], ed[17]);
            int path = n > 16 ? b[ed[32]] : 0;
            int direction = path == 'S' ? 1 : path == 'R' ? 2 : 3;
            boolean srcKept = !v6 && srcLo == HOST;
            boolean dstKept = !v6 && dstLo == HOST;
            long k0 = proto | (allow ? 1L << 8 : 0) | (drop ? 1L << 9 : 0) | (long) direction << 10
                    | (long) portKey(sp) << 12 | (long) portKey(dp) << 29 | (srcKept ? 1L << 46 : 0) | (dstKept ? 1L << 47 : 0);
            Group g = group(k0, srcKept ? srcLo : 0, dstKept ? dstLo : 0);
            g.lines++;
            g.bytes += Math.max(size, 0);
            long sh = Distinct.mix(srcHi * 31 + srcLo);
            long dh = Distinct.mix(dstHi * 31 + dstLo);
            if (!DISTINCT) return;
            g.flows.add(Distinct.mix(sh * 31 + dh) ^ ((long) proto << 32 | (long) (sp & 0xffff) << 16 | (dp & 0xffff)));
            g.originators.add(sh);
        }

        /**
         * A port below 1024 or a few well-known ones kept, else its class (a 64th of the port range: the generated log
         * then has about as many groups as portolan's audit makes of it, some 11,000 a half).
         */
        private static int portKey(int port) {
            if (port < 0) return 0x1ffff;
            return port < 1024 || port == 3389 || port == 8080 ? port : 0x10000 | (port >>> 10);
        }

        private Group group(long k0, long k1, long k2) {
            int m = groupValues.length - 1;
            long h = ((k0 * 0x9E3779B97F4A7C15L) ^ k1) * 0x9E3779B97F4A7C15L ^ k2;
            h *= 0xff51afd7ed558ccdL;
            int i = (int) (h ^ (h >>> 32)) & m;
            while (groupValues[i] != null) {
                if (groupKeys[3 * i] == k0 && groupKeys[3 * i + 1] == k1 && groupKeys[3 * i + 2] == k2) return groupValues[i];
                i = (i + 1) & m;
            }
            Group g = new Group();
            groupKeys[3 * i] = k0;
            groupKeys[3 * i + 1] = k1;
            groupKeys[3 * i + 2] = k2;
            groupValues[i] = g;
            if (++groups * 2 > groupValues.length) growGroups();
            return g;
        }

        private void growGroups() {
            long[] ok = groupKeys;
            Group[] ov = groupValues;
            groupKeys = new long[ok.length * 2];
            groupValues = new Group[ov.length * 2];
            int m = groupValues.length - 1;
            for (int j = 0; j < ov.length; j++) {
                if (ov[j] == null) continue;
                long h = ((ok[3 * j] * 0x9E3779B97F4A7C15L) ^ ok[3 * j + 1]) * 0x9E3779B97F4A7C15L ^ ok[3 * j + 2];
                h *= 0xff51afd7ed558ccdL;
                int i = (int) (h ^ (h >>> 32)) & m;
                while (groupValues[i] != null) i = (i + 1) & m;
                System.arraycopy(ok, 3 * j, groupKeys, 3 * i, 3);
                groupValues[i] = ov[j];
            }
        }
    }
}
