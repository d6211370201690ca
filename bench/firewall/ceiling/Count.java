import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * mawk's count in Java: lines per (field 3, field 4, field 8) of a firewall log, the file in two halves on two threads,
 * a byte at a time. Not portolan: a yardstick for what the JVM itself costs on this work (bench/firewall/ceiling.sh).
 * Keys are folded to one 64-bit hash (a cost measurement; collisions are not resolved).
 */
public final class Count {
    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]))) {
            long size = ch.size();
            Half a = new Half(ch, 0, size / 2);
            Half b = new Half(ch, size / 2, size);
            Thread t = new Thread(b);
            t.start();
            a.run();
            t.join();
            System.out.println((a.lines + b.lines) + " lines, " + (a.keys() + b.keys()) + " keys (per half)");
        }
    }

    /** The lines that start in [from, to): the first one at from if from is 0, else the one after the first newline. */
    static final class Half implements Runnable {
        private static final int SLOTS = 1 << 20;
        final FileChannel ch;
        final long from;
        final long to;
        long lines;
        final long[] keys = new long[SLOTS];
        final long[] counts = new long[SLOTS];

        Half(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.from = from;
            this.to = to;
        }

        int keys() {
            int n = 0;
            for (long c : counts) if (c != 0) n++;
            return n;
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
                        int nl = -1;
                        for (int j = i; j < end; j++) {
                            if (buf[j] == '\n') {
                                nl = j;
                                break;
                            }
                        }
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

        private void line(byte[] b, int s, int e) {
            lines++;
            int field = 0;
            long h = 0;
            for (int i = s; i < e && field < 8; i++) {
                byte c = b[i];
                if (c == ' ') {
                    field++;
                    continue;
                }
                if (field == 2 || field == 3 || field == 7) h = h * 31 + c;
            }
            int slot = (int) ((h * 0x9E3779B97F4A7C15L) >>> 44);
            while (counts[slot] != 0 && keys[slot] != h) slot = (slot + 1) & (SLOTS - 1);
            keys[slot] = h;
            counts[slot]++;
        }
    }
}
