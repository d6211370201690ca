package dev.portolan.ingest.firewall;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputReader;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Evidence;
import dev.portolan.model.LogGap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads a Windows Firewall log (pfirewall.log) into flows keyed by (protocol, src, sport, dst, dport),
 * the source being the originator ({@link dev.portolan.model.Initiator#LOGGED}). Columns follow the
 * {@code #Fields:} header in force at each line (a log restarted mid-file re-defines them); without
 * a header the standard layout is assumed (17 fields, 18 with pid). Bad lines become problems and
 * reading goes on. Large plain files are parsed in parallel chunks; gzip and UTF-16 input is read
 * sequentially. Memory grows with the number of distinct flows, never with the file size.
 */
public final class FirewallLogReader implements InputReader {

    /**
     * @param zone             time zone of the logged local times; null = store them as if UTC
     * @param threads          threads for one large file (1 = always sequential)
     * @param chunks           chunks a large file is cut into (0 = one per thread)
     * @param minParallelBytes smallest plain file worth splitting
     * @param bufferSize       read buffer per thread; also the longest line kept whole
     * @param flowCap          0 = the whole 5-tuple table; else flows are pushed every so many (see withFlowCap)
     * @param evidenceText     false: flows' evidence names the file and line without the line's text (see withEvidenceText)
     * @param cachesAfter      lines a reading thread reads before it keeps recent lines to skip repeats (see withCachesAfter)
     */
    public record Options(ZoneId zone, int threads, int chunks, long minParallelBytes, int bufferSize, int flowCap,
                          boolean evidenceText, int cachesAfter) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
            if (chunks < 0) throw new IllegalArgumentException("chunks must be >= 0");
            if (bufferSize < 64) throw new IllegalArgumentException("bufferSize must be >= 64");
            if (cachesAfter < 0) throw new IllegalArgumentException("cachesAfter must be >= 0");
        }

        public static Options defaults() {
            return new Options(null, Runtime.getRuntime().availableProcessors(), 0, 16L << 20, LineScanner.BUFFER, 0, true,
                    LineParser.CACHES_AFTER);
        }

        public Options withZone(ZoneId z) { return new Options(z, threads, chunks, minParallelBytes, bufferSize, flowCap, evidenceText, cachesAfter); }
        public Options withThreads(int t) { return new Options(zone, t, chunks, minParallelBytes, bufferSize, flowCap, evidenceText, cachesAfter); }
        public Options withChunks(int c) { return new Options(zone, threads, c, minParallelBytes, bufferSize, flowCap, evidenceText, cachesAfter); }
        public Options withMinParallelBytes(long b) { return new Options(zone, threads, chunks, b, bufferSize, flowCap, evidenceText, cachesAfter); }
        public Options withBufferSize(int b) { return new Options(zone, threads, chunks, minParallelBytes, b, flowCap, evidenceText, cachesAfter); }
        /**
         * Push flows to the sink every {@code n} distinct flows per reading thread instead of building the whole
         * 5-tuple table (0, the default): memory stays bounded; a flow may then arrive in several parts.
         */
        public Options withFlowCap(int n) { return new Options(zone, threads, chunks, minParallelBytes, bufferSize, n, evidenceText, cachesAfter); }
        /**
         * Each reading thread keeps the keys and the tails of recent lines, to skip parsing a line that repeats one, once
         * it has read {@code n} lines (default 2,048: the caches take 3 MB a thread, more than
         * a small log saves); 0 from the first line, {@link Integer#MAX_VALUE} never. The flows are the same either way.
         */
        public Options withCachesAfter(int n) {
            return new Options(zone, threads, chunks, minParallelBytes, bufferSize, flowCap, evidenceText, n);
        }

        /**
         * False: the flows' evidence names the file and line of each kept line but not its text, for a flow table that
         * prints neither (memory per flow drops from about 250 to about 100 bytes); true, the default, keeps the text.
         */
        public Options withEvidenceText(boolean keep) {
            return new Options(zone, threads, chunks, minParallelBytes, bufferSize, flowCap, keep, cachesAfter);
        }
    }

    private final Options options;

    public FirewallLogReader(Options options) {
        this.options = options;
    }

    /** Default options with the given time zone (null = logged local time taken as UTC). */
    public FirewallLogReader(ZoneId zone) {
        this(Options.defaults().withZone(zone));
    }

    public FirewallLogReader() {
        this(Options.defaults());
    }

    @Override
    public InputFormat format() {
        return InputFormat.FIREWALL_LOG;
    }

    /** True when the head of a file looks like a Windows Firewall log. See {@link FirewallSniffer}. */
    public static boolean sniff(byte[] head) {
        return FirewallSniffer.sniff(head);
    }

    @Override
    public FileSummary read(Source source, ObservationSink sink) throws IOException {
        return readWith(source, sink).summary();
    }

    /** Reads the whole log into lists, with the line statistics (tests, small files). */
    public FirewallLog readLog(Source source) throws IOException {
        ReadResult.Collector c = new ReadResult.Collector();
        Read r = readWith(source, c);
        return new FirewallLog(c.result(r.summary()), r.stats());
    }

    /** What one read returns: the file's summary and its line statistics. */
    private record Read(FileSummary summary, FirewallStats stats) {
    }

    private Read readWith(Source source, ObservationSink sink) throws IOException {
        Head first = headLines(source);
        List<String> head = first.lines();
        // a log turned into CSV (its header names the log's fields): read through a conversion back to log lines
        char csv = FirewallCsv.delimiter(head);
        if (csv != 0) head = FirewallCsv.converted(head, csv);
        // or into JSON lines that keep its field names: each line back to the record, in the order Windows writes them
        boolean json = csv == 0 && FirewallJson.isLog(head);
        if (json) head = head.stream().map(FirewallJson::line).toList();
        java.util.function.UnaryOperator<String> convert = csv != 0 ? new FirewallCsv.Converter(csv)::line
                : json ? FirewallJson::line : null;
        // "#Time Format: UTC" in the header: the times are UTC already, whatever zone the user gave for local times
        boolean utc = loggedInUtc(head);
        TimeParser times = new TimeParser(utc ? null : options.zone());
        LayoutGuess layouts = guessLayouts(head);
        FileReading reading = new FileReading(source, InputFormat.FIREWALL_LOG, sink);
        java.util.function.Consumer<List<Flow>> spill = options.flowCap() > 0 ? reading::flows : null;
        // a sink that folds lines itself gets them without a flow each (a fold per reading thread); asked once here,
        // because one that takes flows gets them pushed as the tables fill (see ChunkedRead's lone-CR check)
        LogLineFold firstFold = spill != null ? reading.logLineFold() : null;
        java.util.function.Supplier<LogLineFold> folds = firstFold == null ? () -> null : handOut(firstFold, reading);
        ChunkedRead.Outcome outcome = null;
        // a #Fields header indented or behind a search tool's prefix is no header to the chunks' census, which looks
        // for '#' at a line's start, and a line wrapped onto the next may be cut between two chunks: read in one piece
        if (options.threads() > 1 && !source.isSequential() && convert == null && !first.inOnePiece()) {
            outcome = readChunked(source, times, layouts, spill, folds, spill != null && firstFold == null);
        }
        if (outcome == null) {
            LineParser parser = readSequential(source, times, layouts, spill, folds.get(), convert);
            if (spill != null) parser.spill();
            outcome = new ChunkedRead.Outcome(List.of(parser), spill != null ? List.of() : parser.table.flows());
        }
        String converted = csv != 0 ? "a CSV made from a firewall log (its header names the log's fields; values separated by "
                + (csv == '\t' ? "tabs" : "'" + csv + "'") + "): each row read as the log's record"
                : json ? "JSON lines made from a firewall log (objects named after its fields): each line read as the log's record,"
                + " its fields in the order Windows writes them" : null;
        return assemble(source, outcome, layouts, reading, utc, converted);
    }

    /**
     * The first lines of a file ({@link #headLines}), and whether it is to be read in one piece: a #Fields line among them
     * is not at its line's start (indented in a paste, after a search tool's or a numbering's prefix), or a header or
     * record line seems wrapped onto the next line.
     */
    private record Head(List<String> lines, boolean inOnePiece) {
    }

    /**
     * The non-blank lines of the first {@link LayoutGuess#SAMPLE_BYTES} of the file (UTF-16 decoded; else one char per
     * byte), without NUL padding, byte-order marks, a search tool's or a numbering's prefix and surrounding blanks.
     */
    private static Head headLines(Source source) throws IOException {
        byte[] head;
        // from the head, not a second open(): a pipe or standard input can be read only once
        try (InputStream raw = new java.io.BufferedInputStream(new java.io.ByteArrayInputStream(source.head(2 * LayoutGuess.SAMPLE_BYTES + 4)))) {
            raw.mark(4);
            byte[] bom = raw.readNBytes(4);
            raw.reset();
            Charset utf16 = Utf16Decoding.detect(bom);
            InputStream in = utf16 == null ? raw : new Utf16Decoding(raw, utf16);
            head = in.readNBytes(LayoutGuess.SAMPLE_BYTES);
        }
        List<String> lines = new java.util.ArrayList<>();
        boolean onePiece = false;
        String before = "";
        for (String line : new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).split("[\\r\\n]+")) {
            String bare = line.replace("\0", "").replace("\u00EF\u00BB\u00BF", "");
            // a search tool's or a numbering's prefix ("pfirewall.log:12:", "    12\t") is no field
            String t = LineParser.withoutPrefix(bare).strip();
            if (t.isEmpty()) continue;
            lines.add(t);
            if (!bare.startsWith("#") && t.regionMatches(true, 0, "#Fields:", 0, 8)) onePiece = true;
            // the rest of a wrapped line: field names after the header, a record's fields after a record's start
            if (before.regionMatches(true, 0, "#Fields:", 0, 8) && t.matches("[a-z][a-z -]*")
                    || DATED.matcher(before).lookingAt() && !DATED.matcher(t).lookingAt() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-')) {
                onePiece = true;
            }
            before = t;
        }
        return new Head(lines, onePiece);
    }

    private static final java.util.regex.Pattern DATED = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\d\\s");

    /** Whether the header before the first record says "#Time Format: UTC" (Windows writes "Local"). */
    private static boolean loggedInUtc(List<String> head) {
        for (String t : head) {
            if (!t.startsWith("#")) return false;
            if (t.regionMatches(true, 0, "#Time Format:", 0, 13)) return t.substring(13).strip().equalsIgnoreCase("UTC");
        }
        return false;
    }

    /** Decides the columns of header-less rows from the first rows of the file (see {@link LayoutGuess}). */
    private static LayoutGuess guessLayouts(List<String> head) {
        List<String[]> rows = new java.util.ArrayList<>();
        for (String t : head) {
            if (t.startsWith("#")) {
                if (t.regionMatches(true, 0, "#Fields:", 0, 8)) break;
                continue;
            }
            rows.add(t.split("[ \\t]+"));
            if (rows.size() == LayoutGuess.SAMPLE_ROWS) break;
        }
        return rows.isEmpty() ? LayoutGuess.standard() : LayoutGuess.decide(rows);
    }

    private ChunkedRead.Outcome readChunked(Source source, TimeParser times, LayoutGuess layouts,
                                            java.util.function.Consumer<List<Flow>> spill,
                                            java.util.function.Supplier<LogLineFold> folds, boolean pushesFlows)
            throws IOException {
        try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            if (ch.size() < Math.max(options.minParallelBytes(), 4)) return null;
            byte[] head = new byte[4];
            ch.read(java.nio.ByteBuffer.wrap(head), 0);
            if (Utf16Decoding.detect(head) != null) return null;
            int chunks = options.chunks() > 0 ? options.chunks() : options.threads();
            return new ChunkedRead(ch, source.name(), times, layouts, options.bufferSize(), options.flowCap(), spill, folds,
                    options.evidenceText(), options.cachesAfter(), pushesFlows)
                    .run(chunks, options.threads());
        }
    }

    /** {@code first}, then a new fold of the sink for each later reading thread. */
    private static java.util.function.Supplier<LogLineFold> handOut(LogLineFold first, FileReading reading) {
        return new java.util.function.Supplier<>() {
            private boolean given;

            @Override
            public synchronized LogLineFold get() {
                if (given) return reading.logLineFold();
                given = true;
                return first;
            }
        };
    }

    private LineParser readSequential(Source source, TimeParser times, LayoutGuess layouts,
                                      java.util.function.Consumer<List<Flow>> spill, LogLineFold fold,
                                      java.util.function.UnaryOperator<String> convert) throws IOException {
        LineParser parser = new LineParser(source.name(), times, layouts, options.flowCap(), spill, fold, options.evidenceText(),
                options.cachesAfter());
        try (InputStream raw = source.open()) {
            raw.mark(4);
            byte[] head = raw.readNBytes(4);
            raw.reset();
            Charset utf16 = Utf16Decoding.detect(head);
            Utf16Decoding decoding = utf16 == null ? null : new Utf16Decoding(raw, utf16);
            InputStream in = decoding == null ? raw : decoding;
            if (convert != null) in = new FirewallCsv.Stream(in, convert);
            long newlines = LineScanner.scan(in::read, parser, 1, options.bufferSize());
            if (decoding != null && decoding.cutTail() > 0) {
                parser.endProblem(newlines + 1, "the file ends inside a UTF-16 character (" + decoding.cutTail()
                        + " byte(s) dropped): it was cut off");
            }
        }
        return parser;
    }

    /** The INFO-EVENTS-LOST records of all parts, in file order, summed into one gap. */
    private static LogGap logGap(Source source, List<LineParser> parts, FirewallStats stats) {
        String first = null;
        String last = null;
        boolean counted = false;
        List<Evidence> evidence = new java.util.ArrayList<>();
        for (LineParser p : parts) {
            if (p.gapFirstTime == null) continue;
            if (first == null) first = p.gapFirstTime;
            last = p.gapLastTime;
            counted |= p.gapCounted;
            for (Evidence e : p.gapEvidence) if (evidence.size() < LogGap.MAX_EVIDENCE) evidence.add(e);
        }
        return new LogGap(source.name(), stats.infoEventsLostLines, counted ? stats.eventsLost : -1, first, last, evidence);
    }


    private Read assemble(Source source, ChunkedRead.Outcome outcome, LayoutGuess layouts, FileReading result, boolean utc,
                          String converted) throws UnreadableInputException {
        List<LineParser> parts = outcome.parsers();
        FirewallStats stats = new FirewallStats();
        long headerless = 0;
        java.util.Set<Integer> headerlessCounts = new java.util.TreeSet<>();
        long bytes = 0;
        InputProblem first = null;
        for (LineParser p : parts) {
            bytes += p.bytesRead;
            stats.add(p.stats);
            if (headerless == 0) headerless = p.firstHeaderlessLine;
            if (first == null && !p.problems.isEmpty()) first = p.problems.get(0);
            headerlessCounts.addAll(p.headerlessFieldCounts);
        }
        if (stats.dataLines == 0 && stats.commentLines == 0) {
            String why = first == null ? "it is empty" : "first problem: " + first;
            throw new UnreadableInputException(source.name() + ": no Windows Firewall log line found (" + stats.lines + " lines; " + why + ")");
        }
        for (LineParser p : parts) {
            for (InputProblem problem : p.problems) result.problem(problem);
            // a part keeps only the first MAX_PROBLEMS; the rest still count
            result.moreProblems(p.problemCount - p.problems.size());
        }
        LineParser.foldsDone(parts);
        result.flowTable(outcome.flows());
        // the parts' distinct flows together (a flow may span parts and windows): the table's size when there is one
        dev.portolan.model.DistinctCount distinct = null;
        for (LineParser p : parts) {
            if (p.distinctFlows == null) continue;
            if (distinct == null) distinct = p.distinctFlows.copy();
            else distinct.addAll(p.distinctFlows);
        }
        if (distinct != null) result.distinctFlows(distinct.count(), distinct.isExact());
        result.setRecords(stats.lines);
        result.setBytesRead(bytes);
        result.setVariant(stats.pidLines > 0 ? "pfirewall-pid" : "pfirewall");
        if (converted != null) result.addNote(converted);
        if (utc) {
            result.addNote("times are UTC, as the header says (#Time Format: UTC)"
                    + (options.zone() != null ? "; the time zone given for local times (--tz " + options.zone() + ") does not apply" : ""));
        } else if (options.zone() == null) {
            result.addNote("times are the logged local wall-clock times, stored as if UTC (no time zone given)");
        }
        if (headerless > 0) {
            result.addNote("no #Fields header before line " + headerless + ": assumed the layout "
                    + layouts.describe(headerlessCounts));
        }
        if (stats.fieldsHeaders > 1) {
            result.addNote(stats.fieldsHeaders + " #Fields headers: the log was restarted; each header defines the columns from its line on");
        }
        if (stats.infoEventsLostLines > 0) {
            result.addNote(stats.infoEventsLostLines + " INFO-EVENTS-LOST line(s): " + stats.eventsLost
                    + " events were not logged, so the log is incomplete");
            result.setLogGap(logGap(source, parts, stats));
        }
        if (stats.nulBytes > 0) {
            result.addNote(stats.nulBytes + " NUL bytes skipped (padding left by a crash or an unclean stop)");
        }
        long joined = 0;
        long elided = 0;
        long annotated = 0;
        for (LineParser p : parts) {
            joined += p.joinedRecords;
            elided += p.elidedRecords;
            annotated += p.annotatedRecords;
        }
        if (annotated > 0) {
            result.addNote(annotated + " record(s) with a note written after their last field ('<--', '->', '//' …): read"
                    + " without it");
        }
        if (elided > 0) {
            result.addNote(elided + " record(s) cut short with an ellipsis ('...'): read by the fields before it, the rest"
                    + " (size, TCP details, path) unknown");
        }
        if (joined > 0) {
            result.addNote(joined + " record(s) read from two lines each: the line was wrapped (a narrow window, a page's layout)");
        }
        if (stats.searchPrefixedLines > 0) {
            result.addNote(stats.searchPrefixedLines + " lines read after a search tool's prefix (findstr /n, grep -n or -H,"
                    + " Select-String): only the lines the search matched were given");
        }
        return new Read(result.summary(), stats);
    }
}
