package dev.portolan.ingest.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A sliding window over the capture. Records are parsed in place in {@link #buf}; {@link #require} makes a whole
 * record available when it straddles the end of the window.
 *
 * <p>Two ways to fill it: synchronously (small files: one reusable array, compacted and refilled), or
 * {@linkplain #prefetching prefetching}, where a second thread reads (and for gzip, inflates) the next chunks while
 * the caller decodes this one. Chunks carry {@link #RESERVE} spare bytes in front, so moving to the next chunk copies
 * only the tail of the record that straddles the two, never the chunk itself.
 */
final class InputWindow implements AutoCloseable {
    /**
     * The most a synchronous window holds. Refills read about half of it, so the bytes a read copies are still in the
     * core's cache (512 KB of L2 on the bench machine) when the packets are decoded: with 8 MB windows the decoding
     * thread stalled on its first touch of every record, and reading a 3 M-packet capture took a third more CPU.
     */
    private static final int LARGE = 512 << 10;
    /** Bytes read per prefetched chunk, and the spare room kept in front of them for a straddling record's head. */
    static final int CHUNK = 2 << 20, RESERVE = 256 << 10;
    /** Chunks in flight: one being decoded, one being filled, two ready. */
    private static final int CHUNKS = 4;

    private final ReadableByteChannel channel;
    private final InputStream stream;
    private final Prefetcher prefetcher;
    byte[] buf;
    /** Next unread byte in {@link #buf}. */
    int pos;
    /** End of valid data in {@link #buf}. */
    int limit;
    /** File offset of buf[0]. */
    private long base;
    private boolean eof;

    /** {@code sizeHint}: the file size when known; small files get a small buffer (batches read thousands). */
    InputWindow(ReadableByteChannel channel, long sizeHint) {
        this(channel, sizeHint, 0);
    }

    /**
     * Over a channel positioned at file offset {@code start} (a range of the file read by its own thread):
     * {@link #offset()} counts from the file's start.
     */
    InputWindow(ReadableByteChannel channel, long sizeHint, long start) {
        this.channel = channel;
        this.stream = null;
        this.prefetcher = null;
        this.buf = new byte[(int) Math.min(LARGE, Math.max(1 << 16, sizeHint + 1))];
        this.base = start;
    }

    InputWindow(InputStream stream) {
        this.channel = null;
        this.stream = stream;
        this.prefetcher = null;
        this.buf = new byte[LARGE];
    }

    private InputWindow(Prefetcher prefetcher) {
        this.channel = null;
        this.stream = null;
        this.prefetcher = prefetcher;
        this.buf = new byte[0];
    }

    /**
     * A window filled by a reading thread: {@code in} is either a {@link ReadableByteChannel} or an {@link InputStream}.
     * {@link #close} stops the thread (it also stops by itself at the end of the input).
     */
    static InputWindow prefetching(Object in) {
        return prefetching(in, CHUNK, RESERVE);
    }

    /** With other chunk sizes (tests use tiny chunks so that records straddle chunks often). */
    static InputWindow prefetching(Object in, int chunk, int reserve) {
        Prefetcher p = new Prefetcher(in, chunk, reserve);
        p.start();
        return new InputWindow(p);
    }

    /** File offset of {@link #pos}. */
    long offset() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Makes at least {@code n} bytes available from {@link #pos}; false when the input ends first. Small enough for the
     * first JIT tier to inline (the parsers ask twice per packet, and the bytes are nearly always there).
     */
    boolean require(int n) throws IOException {
        return limit - pos >= n || refill(n);
    }

    /** {@link #require} when fewer than {@code n} bytes are left in the window. */
    private boolean refill(int n) throws IOException {
        if (eof) return false;
        if (prefetcher != null) return requirePrefetched(n);
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        base += pos;
        limit -= pos;
        pos = 0;
        while (limit < n || limit < buf.length / 2) {
            int r = fill(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                break;
            }
            limit += r;
        }
        return limit >= n;
    }

    private boolean requirePrefetched(int n) throws IOException {
        while (limit - pos < n && !eof) {
            Chunk c = prefetcher.next();
            if (c.last) eof = true;
            if (c.length == 0) {
                prefetcher.recycle(c.buf);
                continue;
            }
            int rest = limit - pos;
            byte[] old = buf;
            int reserve = prefetcher.reserve;
            if (rest <= reserve) {
                // the unread tail (the head of a record) goes just in front of the new chunk's data
                System.arraycopy(buf, pos, c.buf, reserve - rest, rest);
                base += pos - (reserve - rest);
                buf = c.buf;
                pos = reserve - rest;
                limit = reserve + c.length;
            } else {
                // a record longer than the reserve (rare: jumbo frames, big pcapng blocks): join into a private array
                byte[] joined = new byte[rest + c.length];
                System.arraycopy(buf, pos, joined, 0, rest);
                System.arraycopy(c.buf, reserve, joined, rest, c.length);
                prefetcher.recycle(c.buf);
                base += pos;
                buf = joined;
                pos = 0;
                limit = joined.length;
            }
            prefetcher.recycle(old);
        }
        return limit - pos >= n;
    }

    private int fill(byte[] b, int off, int len) throws IOException {
        if (channel != null) return channel.read(ByteBuffer.wrap(b, off, len));
        return stream.read(b, off, len);
    }

    void skip(int n) {
        pos += n;
    }

    @Override
    public void close() {
        if (prefetcher != null) prefetcher.interrupt();
    }

    /** A filled chunk: data in {@code buf[reserve, reserve + length)}; {@code last} after the input's end or an error. */
    private record Chunk(byte[] buf, int length, boolean last, IOException error) {
    }

    /** The reading thread: fills free chunk arrays in file order and queues them. */
    private static final class Prefetcher extends Thread {
        private final ReadableByteChannel channel;
        private final InputStream stream;
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
        private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS);

        private final int chunk, reserve;

        Prefetcher(Object in, int chunk, int reserve) {
            super("portolan-capture-read");
            this.chunk = chunk;
            this.reserve = reserve;
            setDaemon(true);
            this.channel = in instanceof ReadableByteChannel c ? c : null;
            this.stream = in instanceof InputStream s ? s : null;
            for (int i = 0; i < CHUNKS; i++) free.add(new byte[reserve + chunk]);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] b = free.take();
                    int n = 0;
                    boolean end = false;
                    IOException error = null;
                    try {
                        while (n < chunk) {
                            int r = channel != null ? channel.read(ByteBuffer.wrap(b, reserve + n, chunk - n))
                                    : stream.read(b, reserve + n, chunk - n);
                            if (r < 0) {
                                end = true;
                                break;
                            }
                            n += r;
                        }
                    } catch (IOException e) {
                        error = e;
                        end = true;
                    }
                    // the bytes read before an error are delivered first, like a synchronous read would
                    full.put(new Chunk(b, n, end && error == null, null));
                    if (error != null) full.put(new Chunk(new byte[0], 0, true, error));
                    if (end) return;
                }
            } catch (InterruptedException e) {
                // the reader stopped early (damage, or done): nothing more to read
            }
        }

        Chunk next() throws IOException {
            Chunk c;
            try {
                c = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the capture");
            }
            if (c.error != null) throw c.error;
            return c;
        }

        /** Gives a chunk array back once the window moved past it (private joined arrays are dropped). */
        void recycle(byte[] b) {
            if (b.length == reserve + chunk) free.offer(b);
        }
    }
}
