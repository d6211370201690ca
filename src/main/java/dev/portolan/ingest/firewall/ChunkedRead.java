package dev.portolan.ingest.firewall;

import java.io.IOException;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.model.Flow;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parses a plain (not gzip, not UTF-16) file in chunks on several threads. Chunks end at line
 * ends. A cheap pass (census) counts each chunk's lines and finds its '#' lines, so every later chunk
 * starts with its true line number and the #Fields layout in force at its start; results are
 * then merged in file order, which makes the outcome identical to a sequential read. The first chunk
 * needs no census and the last one's is never needed: the first chunk is parsed from the start while
 * the others' census runs, and each later chunk is parsed as soon as the census of the chunks before
 * it is known. Two chunks on two threads (the usual case) are not cut in the middle: the counting
 * thread takes the rest of the file from the first parser where their work meets ({@link Handoff}).
 */
final class ChunkedRead {
    /** More '#' lines than this in one chunk: not worth it, read sequentially. */
    private static final int MAX_COMMENTS_PER_CHUNK = 10_000;

    private final FileChannel channel;
    private final String name;
    private final TimeParser times;
    private final LayoutGuess layouts;
    private final int bufferSize;

    private final int flowCap;
    private final java.util.function.Consumer<List<Flow>> spill;
    /** Each chunk's thread asks for its own fold (null: the chunk makes flows). */
    private final java.util.function.Supplier<LogLineFold> folds;

    /** Whether the flows keep their evidence lines' text (see {@link LogFlows}). */
    private final boolean evidenceText;
    /** The chunks push flows to the sink as their tables fill: the read cannot be given up once it has begun. */
    private final boolean pushesFlows;
    /** Lines each chunk's parser reads before it keeps recent lines (see {@link FirewallLogReader.Options#withCachesAfter}). */
    private final int cachesAfter;

    /** {@code flowCap} > 0: each chunk spills its flows every so many (see {@link LineParser#spill()}), no merge. */
    ChunkedRead(FileChannel channel, String name, TimeParser times, LayoutGuess layouts, int bufferSize, int flowCap,
                java.util.function.Consumer<List<Flow>> spill, java.util.function.Supplier<LogLineFold> folds, boolean evidenceText,
                int cachesAfter, boolean pushesFlows) {
        this.evidenceText = evidenceText;
        this.cachesAfter = cachesAfter;
        this.pushesFlows = pushesFlows;
        this.folds = folds;
        this.flowCap = flowCap;
        this.spill = spill;
        this.channel = channel;
        this.name = name;
        this.times = times;
        this.layouts = layouts;
        this.bufferSize = bufferSize;
    }

    private record Chunk(long start, long end) {
    }

    /** A count of lines up to {@code end} (the chunk's end, or where a {@link Handoff} took the rest) and its '#' lines' offsets. */
    private record Census(long newlines, long[] commentOffsets, long end) {
    }

    /**
     * Two chunks on two threads, cut where the work meets rather than in the middle of the file. One thread parses from
     * the start while the other counts lines ahead of it (the census). Once the count has passed the middle between
     * where the parser has read to and the end of the file, the counting thread stops the parser at the line start it
     * has reached and parses the rest itself, from the line number and under the #Fields header the count knows. With
     * an even cut the counting thread started its half late by the whole census, and the other core sat idle that long
     * at the end (250 ms of a generated 5 M-line log's audit, 130 ms of a repeated corpus log's).
     */
    private static final class Handoff {
        private final long size;
        /** Where the first parser stops. */
        private long limit;
        /** How far the first parser has asked to read. */
        private long reserved;

        Handoff(long size) {
            this.size = size;
            this.limit = size;
        }

        /** The first parser asks for up to {@code len} bytes at {@code pos}: how many it may read, -1 at its end. */
        synchronized int reserve(long pos, int len) {
            if (pos >= limit) return -1;
            int n = (int) Math.min(len, limit - pos);
            reserved = pos + n;
            return n;
        }

        /**
         * Stops the first parser at the line start {@code at} when it has not asked to read past it and {@code at} lies
         * past the middle of what it has left; true when it did.
         */
        synchronized boolean take(long at) {
            if (at >= size || at < reserved || 2 * at < reserved + size) return false;
            limit = at;
            TAKEN.incrementAndGet();
            return true;
        }

        static final java.util.concurrent.atomic.AtomicLong TAKEN = new java.util.concurrent.atomic.AtomicLong();
    }

    /** How many reads handed the rest of their file over ({@link Handoff}) in this JVM: tests see that theirs did. */
    static long handoffsTaken() {
        return Handoff.TAKEN.get();
    }

    /** The parsers of all chunks in file order and the merged flows. */
    record Outcome(List<LineParser> parsers, List<Flow> flows) {
    }

    /** Reads the file in chunks, or returns null when it should be read sequentially. */
    Outcome run(int chunkCount, int threads) throws IOException {
        List<Chunk> chunks = split(chunkCount);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, chunks.size()), r -> {
            Thread t = new Thread(r, "portolan-firewall-chunk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<LineParser> parsers = chunks.size() == 2 && threads >= 2 && !pushesFlows ? handOff(pool) : evenChunks(pool, chunks);
            if (parsers == null) return null;
            // lines ended by a lone CR shift the numbers of all later chunks: the sequential read gets them right
            if (parsers.stream().anyMatch(p -> p.lineShift > 0)) return null;
            if (flowCap > 0) {
                for (LineParser p : parsers) p.spill();
                return new Outcome(parsers, List.of());
            }
            List<LogFlows> tables = new ArrayList<>();
            for (LineParser p : parsers) tables.add(p.table);
            List<Flow> flows = FlowMerge.merge(tables, pool, threads);
            return new Outcome(parsers, flows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name, e);
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** See {@link Handoff}: the first parser and, when the count took the rest, the second, in file order. */
    private List<LineParser> handOff(ExecutorService pool) throws IOException, InterruptedException {
        Handoff handoff = new Handoff(channel.size());
        Future<LineParser> first = pool.submit(() -> parseUntilStopped(handoff));
        Future<LineParser> rest = pool.submit(() -> {
            Census c = census(new Chunk(0, handoff.size), handoff);
            if (c == null || c.end() >= handoff.size) return null;
            return parse(new Chunk(c.end(), handoff.size), 1 + c.newlines(), fieldsBefore(List.of(c), 1));
        });
        List<LineParser> parsers = new ArrayList<>();
        parsers.add(get(first));
        LineParser second = get(rest);
        if (second != null) parsers.add(second);
        return parsers;
    }

    /** The chunks cut evenly: each later chunk parsed once the census of those before it is known; null: read sequentially. */
    private List<LineParser> evenChunks(ExecutorService pool, List<Chunk> chunks) throws IOException, InterruptedException {
        // lone CRs make the chunked read be given up below, after the chunks have parsed: flows they pushed by then
        // would reach the sink twice, so such a read looks for lone CRs first
        if (pushesFlows && anyLoneCr(pool, chunks)) return null;
        // every census is queued before any parse, so a parse waiting for a census never waits for a queued one
        List<Future<Census>> census = new ArrayList<>();
        for (Chunk c : chunks.subList(0, chunks.size() - 1)) census.add(pool.submit(() -> census(c)));
        // likewise a census that says to read sequentially: such a read has every census before any chunk parses
        if (pushesFlows) {
            for (Future<Census> f : census) if (get(f) == null) return null;
        }
        List<Future<LineParser>> parses = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            List<Future<Census>> before = census.subList(0, i);
            parses.add(pool.submit(() -> parseAfter(chunk, before)));
        }
        List<LineParser> parsers = new ArrayList<>();
        boolean sequential = false;
        for (Future<LineParser> f : parses) {
            LineParser p = get(f);
            if (p == null) sequential = true;
            parsers.add(p);
        }
        return sequential ? null : parsers;
    }

    /**
     * Parses a chunk once the census of every chunk before it is known: its first line number and the #Fields header
     * in force at its start follow from them. Null (parsing nothing) when one of them says to read sequentially.
     */
    private LineParser parseAfter(Chunk chunk, List<Future<Census>> before) throws IOException, InterruptedException {
        List<Census> census = new ArrayList<>();
        for (Future<Census> f : before) {
            Census c = get(f);
            if (c == null) return null;
            census.add(c);
        }
        long first = 1;
        for (Census c : census) first += c.newlines();
        return parse(chunk, first, fieldsBefore(census, census.size()));
    }

    private static <T> T get(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static IOException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) return io;
        if (cause instanceof RuntimeException re) throw re;
        if (cause instanceof Error err) throw err;
        return new IOException(cause);
    }

    private List<Chunk> split(int count) throws IOException {
        long size = channel.size();
        List<Chunk> chunks = new ArrayList<>();
        long start = 0;
        for (int i = 1; i <= count && start < size; i++) {
            long end = i == count ? size : lineEndAfter(Math.max(start, size * i / count));
            if (end > start) chunks.add(new Chunk(start, end));
            start = end;
        }
        return chunks;
    }

    /** Offset just past the first '\n' at or after {@code pos}, or the file size. */
    private long lineEndAfter(long pos) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long size = channel.size();
        while (pos < size) {
            int n = readAt(buf, pos, (int) Math.min(buf.length, size - pos));
            int nl = LineScanner.indexOfNewline(buf, 0, n);
            if (nl >= 0) return pos + nl + 1;
            pos += n;
        }
        return size;
    }

    /** A line starting with this byte may be a header (also after NUL padding, or after a byte-order mark): the census notes it. */
    private static boolean startsHeader(byte b) {
        return b == '#' || b == 0 || b == (byte) 0xEF;
    }

    private Census census(Chunk c) throws IOException {
        return census(c, null);
    }

    /**
     * Counts the chunk's lines and notes its '#' lines (null: too many of them). With a {@code handoff}, after each
     * buffer it offers the first parser's stop at the last line start it has seen, and stops counting there once taken.
     */
    private Census census(Chunk c, Handoff handoff) throws IOException {
        byte[] buf = new byte[bufferSize];
        long newlines = 0;
        long[] comments = new long[16];
        int commentCount = 0;
        boolean atLineStart = true;
        for (long pos = c.start(); pos < c.end(); ) {
            int n = readAt(buf, pos, (int) Math.min(buf.length, c.end() - pos));
            if (n <= 0) break;
            if (atLineStart && startsHeader(buf[0])) {
                if (commentCount == comments.length) comments = Arrays.copyOf(comments, commentCount * 2);
                comments[commentCount++] = pos;
            }
            int last = n - 1;
            int i = 0;
            for (; i + 8 <= last; i += 8) {
                long m = Swar.newlineMask(buf, i);
                if (m == 0) continue;
                // most lines start with a date: count the word's newlines at once unless a byte after one starts a
                // '#' line, NUL padding or a byte-order mark (the byte after the word's last byte is buf[i + 8])
                if (((m << 8) & Swar.startsHeaderMask(Swar.word(buf, i))) == 0 && (m >= 0 || !startsHeader(buf[i + 8]))) {
                    newlines += Swar.countFlagged(m);
                    continue;
                }
                while (m != 0) {
                    int at = i + Swar.lowestFlagged(m);
                    m &= m - 1;
                    newlines++;
                    // a header may also follow NUL padding at the start of a line
                    if (startsHeader(buf[at + 1])) {
                        if (commentCount == MAX_COMMENTS_PER_CHUNK) return null;
                        if (commentCount == comments.length) comments = Arrays.copyOf(comments, commentCount * 2);
                        comments[commentCount++] = pos + at + 1;
                    }
                }
            }
            for (; i < last; i++) {
                if (buf[i] == '\n') {
                    newlines++;
                    if (startsHeader(buf[i + 1])) {
                        if (commentCount == MAX_COMMENTS_PER_CHUNK) return null;
                        if (commentCount == comments.length) comments = Arrays.copyOf(comments, commentCount * 2);
                        comments[commentCount++] = pos + i + 1;
                    }
                }
            }
            atLineStart = buf[last] == '\n';
            if (atLineStart) newlines++;
            if (handoff != null) {
                // the last line start in this buffer: every newline counted so far is before it
                int k = last;
                while (k >= 0 && buf[k] != '\n') k--;
                long at = pos + k + 1;
                if (k >= 0 && handoff.take(at)) {
                    int before = commentCount;
                    while (before > 0 && comments[before - 1] >= at) before--;
                    return new Census(newlines, Arrays.copyOf(comments, before), at);
                }
            }
            pos += n;
        }
        return new Census(newlines, Arrays.copyOf(comments, commentCount), c.end());
    }

    private boolean anyLoneCr(ExecutorService pool, List<Chunk> chunks) throws IOException, InterruptedException {
        List<Future<Boolean>> scans = new ArrayList<>();
        for (Chunk c : chunks) scans.add(pool.submit(() -> hasLoneCr(c)));
        boolean any = false;
        for (Future<Boolean> f : scans) any |= get(f);
        return any;
    }

    /**
     * True when the chunk holds a CR (run) followed by anything but a line feed: a line end of its own, which the
     * {@code '\n'} count does not see (a run at the very end of the file ends nothing). May say true for a CR the
     * parser never looks at (inside an over-long line): that only costs a sequential read.
     */
    private Boolean hasLoneCr(Chunk c) throws IOException {
        byte[] buf = new byte[bufferSize];
        boolean inRun = false; // the last buffer ended in a CR run
        for (long pos = c.start(); pos < c.end(); ) {
            int n = readAt(buf, pos, (int) Math.min(buf.length, c.end() - pos));
            if (n <= 0) break;
            int i = 0;
            if (inRun) {
                while (i < n && buf[i] == '\r') i++;
                if (i < n && buf[i] != '\n') return true;
                inRun = i == n;
            }
            // a plain loop: only a read that pushes flows as it goes (a library's sink) looks
            while ((i = indexOfCr(buf, i, n)) >= 0) {
                while (i < n && buf[i] == '\r') i++;
                if (i == n) {
                    inRun = true;
                    break;
                }
                if (buf[i] != '\n') return true;
            }
            pos += n;
        }
        // a chunk other than the file's last ends just after a '\n'; the file's last may end in a run, which ends nothing
        return false;
    }

    private static int indexOfCr(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\r') return i;
        }
        return -1;
    }

    /** The last "#Fields:" line before chunk {@code index}, or null when none. */
    private byte[] fieldsBefore(List<Census> census, int index) throws IOException {
        byte[] prefix = "#Fields:".getBytes(StandardCharsets.US_ASCII);
        for (int i = index - 1; i >= 0; i--) {
            long[] offsets = census.get(i).commentOffsets();
            for (int j = offsets.length - 1; j >= 0; j--) {
                byte[] line = lineAt(offsets[j]);
                if (line.length >= prefix.length && new String(line, 0, prefix.length, StandardCharsets.US_ASCII).equalsIgnoreCase("#Fields:")) {
                    return line;
                }
            }
        }
        return null;
    }

    private byte[] lineAt(long offset) throws IOException {
        byte[] buf = new byte[8192];
        long size = channel.size();
        int n;
        while (true) {
            n = readAt(buf, offset, (int) Math.min(buf.length, size - offset));
            if (n <= 0) return new byte[0];
            int k = 0;
            while (k < n && buf[k] == 0) k++;
            if (k == 0) break;
            offset += k;
        }
        int end = LineScanner.indexOfNewline(buf, 0, n);
        if (end < 0) end = n;
        int from = end >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF ? 3 : 0;
        int stop = from;
        while (stop < end && buf[stop] != 0 && buf[stop] != '\r') stop++;
        return Arrays.copyOfRange(buf, from, stop);
    }

    private LineParser parse(Chunk c, long firstLine, byte[] header) throws IOException {
        LineParser parser = new LineParser(name, times.copy(), layouts, flowCap, spill, folds.get(), evidenceText, cachesAfter);
        if (header != null) parser.presetHeader(header, 0, header.length);
        long[] pos = {c.start()};
        LineScanner.scan((buf, off, len) -> {
            long left = c.end() - pos[0];
            if (left <= 0) return -1;
            int n = readAt(buf, pos[0], off, (int) Math.min(len, left));
            pos[0] += n;
            return n;
        }, parser, firstLine, bufferSize);
        return parser;
    }

    /** The first part of a {@link Handoff}: from the start of the file to where the counting thread stops it. */
    private LineParser parseUntilStopped(Handoff handoff) throws IOException {
        LineParser parser = new LineParser(name, times.copy(), layouts, flowCap, spill, folds.get(), evidenceText, cachesAfter);
        long[] pos = {0};
        LineScanner.scan((buf, off, len) -> {
            int n = handoff.reserve(pos[0], len);
            if (n <= 0) return -1;
            n = readAt(buf, pos[0], off, n);
            pos[0] += n;
            return n;
        }, parser, 1, bufferSize);
        return parser;
    }

    private int readAt(byte[] buf, long pos, int len) throws IOException {
        return readAt(buf, pos, 0, len);
    }

    /** Reads exactly {@code len} bytes (the file does not shrink while we read it). */
    private int readAt(byte[] buf, long pos, int off, int len) throws IOException {
        return dev.portolan.ingest.ChannelSlices.readFully(channel, buf, off, len, pos);
    }
}
