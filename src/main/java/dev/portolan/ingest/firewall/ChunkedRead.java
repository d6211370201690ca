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
 * thread takes the rest of the file from the first parser where their work meets, and a thread that runs out of work
 * takes half of what the other has left ({@link Piece}).
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

    /** A count of lines up to {@code end} (the chunk's end, or where it took the rest of a {@link Piece}) and its '#' lines' offsets. */
    private record Census(long newlines, long[] commentOffsets, long end) {
    }

    /**
     * A stretch of the file one parser reads, from {@code start} to a limit another thread may lower. Two chunks on two
     * threads are not cut in the middle: one thread parses from the start while the other counts lines ahead of it (the
     * census); once the count has passed two fifths of the way from where the parser has read to to the end of the file,
     * the counting thread stops the parser at the line start it has reached ({@link #takeRest}) and parses the rest itself,
     * from the line number and under the #Fields header the count knows. With an even cut the counting thread started
     * its half late by the whole census, and the other core sat idle that long at the end (250 ms of a generated 5 M-line
     * log's audit, 130 ms of a repeated corpus log's). Later, a thread that has run out of work cuts the piece with the
     * most left at a line start past the middle of what is left ({@link #cutAt}) and parses the rest: the two virtual
     * cores of a shared machine do not run equally fast for long (see {@link ChunkedRead#steal}).
     */
    private static final class Piece {
        final long start;
        final LineParser parser;
        /** Where the parser stops. */
        private long limit;
        /** How far the parser has asked to read. */
        private long reserved;
        private boolean done;
        /**
         * A line start the parser had reached when it last asked for bytes (its start before that), that line's number
         * (before lone-CR shifts, as the census counts) and the #Fields layout in force there.
         */
        private long markPos;
        private long markLine;
        private LineParser.LayoutState markLayout;
        /** The number of the line the piece starts with. */
        final long firstLine;

        /** A piece whose parser, with the layout it was given, is to read from {@code start}, line {@code firstLine}, on. */
        Piece(long start, long limit, long firstLine, LineParser parser) {
            this.start = start;
            this.firstLine = firstLine;
            this.limit = limit;
            this.reserved = start;
            this.parser = parser;
            markPos = start;
            markLine = firstLine;
            markLayout = parser.layoutState();
        }

        /**
         * The parser asks for up to {@code len} bytes at {@code pos}: how many it may read, -1 at its end. When
         * {@code linePos} >= 0, the line numbered {@code lineNo} starts there, under {@code layout}.
         */
        synchronized int reserve(long pos, int len, long linePos, long lineNo, LineParser.LayoutState layout) {
            if (linePos >= 0) {
                markPos = linePos;
                markLine = lineNo;
                markLayout = layout;
            }
            if (pos >= limit) return -1;
            int n = (int) Math.min(len, limit - pos);
            reserved = pos + n;
            return n;
        }

        /**
         * The first hand-off: stops the parser at the line start {@code at} when it has not asked to read past it and
         * {@code at} lies two fifths or more of the way through what it has left; true when it did. The counting thread
         * takes the larger part: it starts it with a cold fold (every group made again, their distinct counts filling
         * again), and cut in the middle it often ran out of work first (4 runs of 6 on the generated 5 M-line log), when
         * all that is left lies before its lines and a piece taken there needs a fold of its own ({@link #steal}). Two
         * fifths to the first thread: it ran out first in 6 runs of 6, and took the rest's pieces with its own fold.
         * A flow table's read ({@code flows}: no fold) is cut in the middle: nothing starts cold there, and its threads
         * take nothing from each other later, so with two fifths one thread parsed alone for the last ~0.45 s of the
         * generated log's 2.3 s (timeline of CPU samples per thread).
         */
        synchronized boolean takeRest(long at) {
            boolean table = parser.fold() == null;
            if (done || at >= limit || at < reserved) return false;
            if (table ? 2 * (at - reserved) < limit - reserved : 5 * (at - reserved) < 2 * (limit - reserved)) return false;
            limit = at;
            TAKEN.incrementAndGet();
            return true;
        }

        /** Stops the parser at the line start {@code at} when its limit is still {@code expectedLimit} and it has not read past it. */
        synchronized boolean cutAt(long at, long expectedLimit) {
            if (done || limit != expectedLimit || at < reserved || at >= limit) return false;
            limit = at;
            return true;
        }

        /** The parser has read to its limit: nobody may cut this piece any more. Returns where it ended. */
        synchronized long finish() {
            done = true;
            return limit;
        }

        synchronized long left() {
            return done ? 0 : limit - reserved;
        }

        synchronized Mark mark() {
            return new Mark(limit, reserved, markPos, markLine, markLayout);
        }

        static final java.util.concurrent.atomic.AtomicLong TAKEN = new java.util.concurrent.atomic.AtomicLong();
        /** Pieces taken after the thief's folded lines (its fold went on), and before them (a fold of their own). */
        static final java.util.concurrent.atomic.AtomicLong STOLEN_AFTER = new java.util.concurrent.atomic.AtomicLong();
        static final java.util.concurrent.atomic.AtomicLong STOLEN_BEFORE = new java.util.concurrent.atomic.AtomicLong();
    }

    /** A piece's state at one moment (see {@link Piece}). */
    private record Mark(long limit, long reserved, long linePos, long lineNo, LineParser.LayoutState layout) {
    }

    /** How many reads handed the rest of their file over ({@link Piece#takeRest}) in this JVM: tests see that theirs did. */
    static long handoffsTaken() {
        return Piece.TAKEN.get();
    }

    /**
     * How many pieces threads out of work took ({@link #steal}) in this JVM: after the lines the thief had folded
     * ({@code after}: its fold went on), or before them.
     */
    static long stealsTaken(boolean after) {
        return (after ? Piece.STOLEN_AFTER : Piece.STOLEN_BEFORE).get();
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

    /**
     * See {@link Piece}: the first parser and, when the count took the rest, the second, and the pieces either thread
     * took from the other later; their parsers in file order.
     */
    private List<LineParser> handOff(ExecutorService pool) throws IOException, InterruptedException {
        long size = channel.size();
        Pieces pieces = new Pieces();
        Piece whole = new Piece(0, size, 1, newParser(folds.get()));
        pieces.list.add(whole);
        // the first parser looks for more work only once the count has handed the rest over, or given up
        java.util.concurrent.CountDownLatch restKnown = new java.util.concurrent.CountDownLatch(1);
        Future<?> first = pool.submit(() -> {
            work(whole, pieces, restKnown);
            return null;
        });
        Future<?> rest = pool.submit(() -> {
            Piece second;
            try {
                Census c = census(new Chunk(0, size), whole);
                if (c == null || c.end() >= size) return null;
                second = new Piece(c.end(), size, 1 + c.newlines(), newParser(folds.get(), fieldsBefore(List.of(c), 1)));
                synchronized (pieces) {
                    pieces.list.add(second);
                }
            } finally {
                restKnown.countDown();
            }
            work(second, pieces, null);
            return null;
        });
        get(first);
        get(rest);
        List<Piece> inOrder = new ArrayList<>(pieces.list);
        inOrder.sort(java.util.Comparator.comparingLong(p -> p.start));
        List<LineParser> parsers = new ArrayList<>();
        for (Piece p : inOrder) parsers.add(p.parser);
        return parsers;
    }

    /**
     * Parses {@code piece}, then, while a piece with enough left is found, half of what it has left ({@link #steal}).
     * A thread's fold goes on with a piece that lies after every line it has folded (folding is in file order); a piece
     * before them gets a fold of its own.
     */
    private void work(Piece piece, Pieces pieces, java.util.concurrent.CountDownLatch before) throws IOException,
            InterruptedException {
        LogLineFold fold = piece.parser.fold();
        long foldEnd = 0;
        while (piece != null) {
            scan(piece);
            long end = piece.finish();
            piece.parser.finished();
            if (piece.parser.fold() == fold) foldEnd = Math.max(foldEnd, end);
            else {
                fold = piece.parser.fold();
                foldEnd = end;
            }
            if (fold == null) return;
            if (before != null) before.await();
            piece = steal(pieces, fold, foldEnd);
        }
    }

    /**
     * A thread out of work cuts the unfinished piece with the most left at the first line start past the middle of
     * what it has left, and returns the rest as a new piece for itself, or null. The rest's first line number is the
     * number of the line start the piece's parser last told ({@link Piece#reserve}) plus the newlines counted from
     * there to the cut; its layout is the one in force there, or the last #Fields header in between. Worth it only for
     * a good stretch: the new piece has a parser of its own (its caches, its window, more to merge at the end), and,
     * when it lies before lines the thief folded, a fold of its own too (all the groups made again): at least
     * {@link #STEAL_BUFFERS} buffers left, four times that then, and at most {@link #MAX_FOLDS_MADE} such pieces.
     */
    private Piece steal(Pieces pieces, LogLineFold fold, long foldEnd) throws IOException {
        Piece victim = null;
        long most = 0;
        boolean mayMakeFold;
        synchronized (pieces) {
            mayMakeFold = pieces.foldsMade < MAX_FOLDS_MADE;
            for (Piece p : pieces.list) {
                long left = p.left();
                if (left > most) {
                    most = left;
                    victim = p;
                }
            }
        }
        if (victim == null) return null;
        Mark m = victim.mark();
        if (m.limit() - m.reserved() < (long) STEAL_BUFFERS * bufferSize) return null;
        long cut = lineEndAfter(m.reserved() + (m.limit() - m.reserved()) / 2);
        if (cut >= m.limit()) return null;
        boolean after = cut >= foldEnd;
        if (!after && (!mayMakeFold || m.limit() - m.reserved() < 4L * STEAL_BUFFERS * bufferSize)) return null;
        Census c = census(new Chunk(m.linePos(), cut));
        if (c == null) return null;
        byte[] header = fieldsBefore(List.of(c), 1);
        LineParser parser = newParser(after ? fold : folds.get(), header);
        // no header in between: the one in force where the victim's parser had reached
        if (header == null) parser.presetLayout(m.layout());
        Piece rest = new Piece(cut, m.limit(), m.lineNo() + c.newlines(), parser);
        // registered before the cut, so that no thread looks for work while the rest belongs to nobody
        synchronized (pieces) {
            if (!after && pieces.foldsMade >= MAX_FOLDS_MADE) return null;
            pieces.list.add(rest);
            if (victim.cutAt(cut, m.limit())) {
                if (!after) pieces.foldsMade++;
                (after ? Piece.STOLEN_AFTER : Piece.STOLEN_BEFORE).incrementAndGet();
                return rest;
            }
            pieces.list.remove(rest);
        }
        return null;
    }

    /** The pieces of one read (their lock guards the list and the count). */
    private static final class Pieces {
        final List<Piece> list = new ArrayList<>();
        /** Folds made for pieces taken before the thief's lines. */
        int foldsMade;
    }

    /**
     * Pieces taken before the thief's lines get at most this many folds of their own in one read: each holds all the
     * groups again (some 13,000 on the generated log), and a thread that stays slow would otherwise make one for each
     * halving of what it has left (the test's slow fold made five). Pieces after a thief's lines are taken as before.
     */
    static final int MAX_FOLDS_MADE = 1;

    /** See {@link #steal}: a piece is cut only with at least this many buffers left. */
    static final int STEAL_BUFFERS = 4;

    private LineParser newParser(LogLineFold fold) {
        return new LineParser(name, times.copy(), layouts, flowCap, spill, fold, evidenceText, cachesAfter);
    }

    /** A parser for a stretch that starts under the #Fields line {@code header} (null: none seen before it). */
    private LineParser newParser(LogLineFold fold, byte[] header) {
        LineParser parser = newParser(fold);
        if (header != null) parser.presetHeader(header, 0, header.length);
        return parser;
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

    /**
     * Where a stretch may start at or after {@code pos}: just past the first '\n' there that a record's date or a header
     * line follows ({@link #startsStretch}), or the file size. A record wrapped onto the next line (a narrow window's
     * "… - - -" and "SEND 4") is read as one by a sequential read; a cut between its two lines would read them as two
     * problems, so no stretch starts at a line without a date. Past {@link #CUT_SEARCH} bytes of such lines (a file of
     * other lines), just past the first '\n'.
     */
    private long lineEndAfter(long pos) throws IOException {
        long size = channel.size();
        long first = -1;
        byte[] head = new byte[5];
        for (long at = pos; ; ) {
            at = newlineEndAfter(at);
            if (at >= size) return first >= 0 ? first : size;
            if (first < 0) first = at;
            if (at - first > CUT_SEARCH) return first;
            int n = readAt(head, at, (int) Math.min(head.length, size - at));
            if (startsStretch(head, 0, Math.max(n, 0))) return at;
        }
    }

    /** How far past the first line end {@link #lineEndAfter} looks for a line a stretch may start at. */
    static final int CUT_SEARCH = 64 * 1024;

    /**
     * Whether a stretch of the file may start at {@code buf[i]} (of {@code buf[0, n)}): a record's date (four digits and
     * '-') or a header ('#', or NUL padding or a byte-order mark before one) starts the line there. A line that does not
     * may be the rest of a record wrapped from the line before.
     */
    private static boolean startsStretch(byte[] buf, int i, int n) {
        if (i < n && startsHeader(buf[i])) return true;
        if (i + 5 > n) return false;
        for (int k = i; k < i + 4; k++) if (buf[k] < '0' || buf[k] > '9') return false;
        return buf[i + 4] == '-';
    }

    /** Offset just past the first '\n' at or after {@code pos}, or the file size. */
    private long newlineEndAfter(long pos) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long size = channel.size();
        while (pos < size) {
            int n = readAt(buf, pos, (int) Math.min(buf.length, size - pos));
            if (n <= 0) break;
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
     * Counts the chunk's lines and notes its '#' lines (null: too many of them). With the {@code first} piece, after each
     * buffer it offers the first parser's stop at the last line start it has seen, and stops counting there once taken.
     */
    private Census census(Chunk c, Piece first) throws IOException {
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
            if (first != null) {
                // the last line start in this buffer where a stretch may start (a record's date or a header there): the
                // newlines counted after it are taken off again
                int k = last;
                long after = 0;
                while (k >= 0) {
                    while (k >= 0 && buf[k] != '\n') k--;
                    if (k < 0 || startsStretch(buf, k + 1, n)) break;
                    after++;
                    k--;
                }
                long at = pos + k + 1;
                if (k >= 0 && first.takeRest(at)) {
                    int before = commentCount;
                    while (before > 0 && comments[before - 1] >= at) before--;
                    return new Census(newlines - after, Arrays.copyOf(comments, before), at);
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

    /**
     * The last "#Fields:" line before chunk {@code index} that the scanner hands to the parser (null: none): one longer
     * than the buffer it reports and skips (see {@link LineScanner}), and the header before it stays in force there.
     */
    private byte[] fieldsBefore(List<Census> census, int index) throws IOException {
        byte[] prefix = "#Fields:".getBytes(StandardCharsets.US_ASCII);
        for (int i = index - 1; i >= 0; i--) {
            long[] offsets = census.get(i).commentOffsets();
            for (int j = offsets.length - 1; j >= 0; j--) {
                LineAt at = lineAt(offsets[j]);
                byte[] line = at.text();
                if (line.length < prefix.length || !new String(line, 0, prefix.length, StandardCharsets.US_ASCII).equalsIgnoreCase("#Fields:")) {
                    continue;
                }
                if (at.scanned()) return line;
                // skipped as too long: the header before it is in force
            }
        }
        return null;
    }

    /**
     * The text of the line starting at {@code offset} (after NUL padding and a byte-order mark, up to a NUL or CR), and
     * whether the scanner hands it to the parser: it does unless the line, from where its buffer starts, is at least a
     * buffer long. The scanner drops a buffer that holds only NUL padding and reads on, so the padding counts modulo the
     * buffer size.
     */
    private record LineAt(byte[] text, boolean scanned) {
    }

    private LineAt lineAt(long offset) throws IOException {
        byte[] buf = new byte[8192];
        long size = channel.size();
        long nuls = 0;
        int n;
        while (true) {
            n = readAt(buf, offset, (int) Math.min(buf.length, size - offset));
            if (n <= 0) return new LineAt(new byte[0], true);
            int k = 0;
            while (k < n && buf[k] == 0) k++;
            if (k == 0) break;
            nuls += k;
            offset += k;
        }
        // the line's bytes after the padding, to its '\n', read until the scanner's buffer would be full
        long room = bufferSize - nuls % bufferSize;
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        long read = 0;
        boolean ended = false;
        while (n > 0) {
            int end = LineScanner.indexOfNewline(buf, 0, n);
            int take = end < 0 ? n : end;
            text.write(buf, 0, (int) Math.min(take, Math.max(0, room - read)));
            read += take;
            if (end >= 0 || read >= room) {
                ended = end >= 0;
                break;
            }
            offset += n;
            n = offset < size ? readAt(buf, offset, (int) Math.min(buf.length, size - offset)) : 0;
            if (n <= 0) ended = true; // the end of the file ends the line
        }
        // with its '\n' the line must fit in what is left of the buffer
        boolean scanned = ended && read + 1 <= room;
        byte[] b = text.toByteArray();
        int from = b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF ? 3 : 0;
        int stop = from;
        while (stop < b.length && b[stop] != 0 && b[stop] != '\r') stop++;
        return new LineAt(Arrays.copyOfRange(b, from, stop), scanned);
    }

    /** Parses the chunk from line {@code firstLine} on, under {@code header} (null: none), as a piece nobody cuts. */
    private LineParser parse(Chunk c, long firstLine, byte[] header) throws IOException {
        LineParser parser = newParser(folds.get(), header);
        scan(new Piece(c.start(), c.end(), firstLine, parser));
        return parser;
    }

    /** Parses a {@link Piece} to its limit, telling it at each buffer where a line starts (see {@link Piece#reserve}). */
    private void scan(Piece piece) throws IOException {
        LineParser parser = piece.parser;
        LineScanner.scan(new LineScanner.Bytes() {
            private long pos = piece.start;

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return read(buf, off, len, 0, false);
            }

            @Override
            public int read(byte[] buf, int off, int len, long lineNo, boolean atLineStart) throws IOException {
                int n = atLineStart ? piece.reserve(pos, len, pos - off, lineNo, parser.layoutState())
                        : piece.reserve(pos, len, -1, 0, null);
                if (n <= 0) return -1;
                n = readAt(buf, pos, off, n);
                pos += n;
                return n;
            }
        }, parser, piece.firstLine, bufferSize);
    }

    private int readAt(byte[] buf, long pos, int len) throws IOException {
        return readAt(buf, pos, 0, len);
    }

    /** Reads exactly {@code len} bytes (the file does not shrink while we read it). */
    private int readAt(byte[] buf, long pos, int off, int len) throws IOException {
        return dev.portolan.ingest.ChannelSlices.readFully(channel, buf, off, len, pos);
    }
}
