package dev.portolan.ingest.firewall;

import dev.portolan.ingest.LogLine;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.ingest.ReadResult;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.IpAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the physical lines of one stretch of a pfirewall.log into flows, line statistics and
 * problems. Works on the bytes in place: a String is made only for a new flow's addresses
 * (cached) and for kept evidence. One instance per thread; not thread-safe.
 */
final class LineParser {
    static final int MAX_FIELDS = 32;

    private static final byte[] FIELDS = "#Fields:".getBytes(StandardCharsets.US_ASCII);

    private final String file;
    private final TimeParser times;
    /** The layouts of header-less rows, decided from the first rows of the file. */
    private final LayoutGuess headerless;
    /** Null until a #Fields header is read: until then {@link #headerless} decides the columns. */
    private Columns layout;
    private boolean layoutUnusable;

    /** The flows of this stretch (without a fold). */
    final LogFlows table;
    /** Null: lines become flows in {@link #table}. Else lines go to the fold and {@link #keys} only counts flows. */
    private final LogLineFold fold;
    private FlowTable keys;
    /** The fold's handle of each flow in {@link #keys}, by its index there. */
    private LogLineFold.Handle[] handles;
    /** Counts the windows of {@link #keys}: a new one each time it is cleared. */
    private long window;
    /** With a fold: the view each record line is handed over in (filled again for each line; the fold keeps none). */
    private final LogLine view = new LogLine();
    /**
     * Recent lines' keys by their raw bytes, so a repeated line skips parsing them; and recent lines by their bytes
     * after the date and time, so a repeated line is not even split into fields. Made once {@link #cachesAfter} lines
     * were read ({@link #CACHES_AFTER} unless told otherwise; null before): they take 3 MB, which a small log would spend more time making than they save it (a
     * fleet's audit reads hundreds of logs of a hundred lines).
     */
    private RecentLines recent;
    private RecentTails tails;
    static final int CACHES_AFTER = 2048;
    private final int cachesAfter;
    /** The layout {@link #tailsFit} was decided for, and whether a line's tail holds all but its date and time. */
    private Columns tailLayout;
    private boolean tailsFit;
    /** The entry of the record {@link #record} last handed to the fold or the table, null when it handed none or keeps none. */
    private RecentLines.Entry lastEntry;
    /** The size field's value of the record line last read (what {@link RecentTails#keep} keeps with its tail). */
    private long lastSize;
    /**
     * The previous physical line when it was one plain record line handed to the fold under {@link #layout} (else
     * null): its entry, where it sat in the buffer, the length of its first two fields with what follows them, and
     * where the next line starts. A line right after it with the same bytes from its third field on is the same key
     * again (see {@link #repeats}).
     */
    private RecentLines.Entry repeated;
    private int repeatedStart;
    private int repeatedLength;
    private int repeatedPrefix;
    private int repeatedNext;
    private int repeatedFields;
    /** The layout {@link #keyAfterTwo} was decided for, and whether its key fields all come after its first two. */
    private Columns repeatLayout;
    private boolean keyAfterTwo;
    /**
     * With a flow cap: the file part's distinct flows, exact up to {@link #EXACT_FLOWS}. The window of keys a fold uses
     * and a spilled table both forget flows, so a flow may come as new several times; its key's hash counts once.
     */
    final dev.portolan.model.DistinctCount distinctFlows;
    /** A log's flow count is exact up to this many flows, then an estimate (about 0.4 % standard error; 1-2 MB per reading thread). */
    static final int EXACT_FLOWS = 1 << 16;
    /** Spill the table when it holds this many flows; 0 = keep every flow (the whole 5-tuple table). */
    private final int flowCap;
    private final java.util.function.Consumer<List<Flow>> spill;
    final FirewallStats stats = new FirewallStats();
    final List<InputProblem> problems = new ArrayList<>();
    long problemCount;
    /** Bytes the scanner fed this parser (decompressed/transcoded content). */
    long bytesRead;
    /** Lines ended by a lone CR so far: physical lines the '\n' count does not see. */
    long lineShift;
    /** Line number of the first record read without a header, 0 if none. */
    long firstHeaderlessLine;
    /** INFO-EVENTS-LOST records: the logged time of the first and last, and the first few lines. */
    String gapFirstTime;
    String gapLastTime;
    boolean gapCounted;
    final List<Evidence> gapEvidence = new ArrayList<>();
    /** The #Fields line last applied (its bytes), and whether the line before this one was it. */
    private byte[] fieldsLine;
    private boolean afterFields;
    /**
     * A record line short of its layout's fields, held until the next line says whether it goes on there (a record
     * wrapped by a narrow window or a page's layout): its bytes, field count and line number; null when none is held.
     */
    private byte[] held;
    private int heldFields;
    private long heldLine;
    /**
     * Whether the log has begun: a record, a header line or a line that failed as one was read (or this stretch of the
     * file starts after its first line). Before, a word alone is text around the log, not a damaged record.
     */
    private boolean logStarted;
    /** Records read from two physical lines (one wrapped onto the next). */
    long joinedRecords;
    /** Records with a person's note written after their last field ("->>> This is it"). */
    long annotatedRecords;
    /** Records a person cut short with an ellipsis, read by their first fields; the field count of the last one's layout. */
    long elidedRecords;
    private int elidedFrom;

    /** Field counts of the header-less records read (which of the guessed layouts were used). */
    final java.util.Set<Integer> headerlessFieldCounts = new java.util.TreeSet<>();

    /**
     * Scratch of {@link #tokenize}: where each field starts and ends, field i at {@code bounds[2i, 2i + 1]} (the fields'
     * edges in line order: each byte where text begins or ends), and where the segment ended.
     */
    final int[] bounds = new int[2 * MAX_FIELDS];
    int segmentEnd;

    /** Where field {@code i} of the line last tokenized starts. */
    int fieldStart(int i) {
        return bounds[2 * i];
    }

    /** Where field {@code i} of the line last tokenized ends (exclusive). */
    int fieldEnd(int i) {
        return bounds[2 * i + 1];
    }

    LineParser(String file, TimeParser times, LayoutGuess headerless) {
        this(file, times, headerless, 0, null);
    }

    /** A parser that hands its flows to {@code spill} every {@code flowCap} flows (and at {@link #spill()}). */
    LineParser(String file, TimeParser times, LayoutGuess headerless, int flowCap, java.util.function.Consumer<List<Flow>> spill) {
        this(file, times, headerless, flowCap, spill, null);
    }

    /**
     * With a {@code fold} (and {@code flowCap} > 0), each record line goes to the fold instead of into a flow; the
     * parser only keeps the keys of the last {@code flowCap} distinct flows and the fold's handles of them, to hand
     * the fold later lines of a flow as such; it counts the distinct flows as a spilling table does
     * ({@link #distinctFlows}).
     */
    LineParser(String file, TimeParser times, LayoutGuess headerless, int flowCap, java.util.function.Consumer<List<Flow>> spill,
               LogLineFold fold) {
        this(file, times, headerless, flowCap, spill, fold, true);
    }

    /** {@code evidenceText} false: the flows' evidence names file and line but not the line's text (see {@link LogFlows}). */
    LineParser(String file, TimeParser times, LayoutGuess headerless, int flowCap, java.util.function.Consumer<List<Flow>> spill,
               LogLineFold fold, boolean evidenceText) {
        this(file, times, headerless, flowCap, spill, fold, evidenceText, CACHES_AFTER);
    }

    /** {@code cachesAfter}: the lines read before the caches of recent lines are made (0: at once). */
    LineParser(String file, TimeParser times, LayoutGuess headerless, int flowCap, java.util.function.Consumer<List<Flow>> spill,
               LogLineFold fold, boolean evidenceText, int cachesAfter) {
        if (fold != null && flowCap <= 0) throw new IllegalArgumentException("a fold needs a flow cap");
        this.file = file;
        this.times = times;
        this.headerless = headerless;
        this.flowCap = flowCap;
        this.spill = spill;
        this.fold = fold;
        this.cachesAfter = cachesAfter;
        if (cachesAfter == 0) makeCaches();
        this.keys = fold == null ? null : new FlowTable();
        this.handles = fold == null ? null : new LogLineFold.Handle[flowCap];
        // the whole table without texts (`portolan flows`) counts its lines in batches: nothing reads it before the end
        this.table = fold == null ? new LogFlows(file, evidenceText, !evidenceText && flowCap <= 0) : null;
        // the whole table (no cap) holds each flow once: its size is the count
        this.distinctFlows = flowCap > 0 ? dev.portolan.model.DistinctCount.upTo(EXACT_FLOWS) : null;
        if (table != null && distinctFlows != null) table.countDistinct(distinctFlows);
    }

    /** A line found again by its key's or its tail's bytes skips its parse from now on: into the fold, or into the table. */
    private void makeCaches() {
        recent = new RecentLines();
        tails = new RecentTails();
    }

    /** Starts with the layout a #Fields header before this stretch of the file defined. */
    void presetHeader(byte[] line, int from, int to) {
        applyFields(line, from, to, 0, false);
        logStarted = true;
    }

    /** The #Fields layout in force after the lines read so far: null before any header; unusable after a bad one. */
    record LayoutState(Columns layout, boolean unusable) {
    }

    LayoutState layoutState() {
        return new LayoutState(layout, layoutUnusable);
    }

    /** Starts with the layout another parser had at the line this stretch starts with ({@link #layoutState}). */
    void presetLayout(LayoutState state) {
        layout = state.layout();
        layoutUnusable = state.unusable();
        logStarted = true;
    }

    /** The fold lines go to, or null (lines become flows). */
    LogLineFold fold() {
        return fold;
    }

    /**
     * One physical line {@code b[start, end)} without its '\n'. {@code leadingNuls} NUL bytes of this
     * line were already dropped by the scanner (a run longer than its buffer). {@code noLineEnd}:
     * the file ends inside this line.
     */
    void line(byte[] b, int start, int end, long lineNo, long leadingNuls, boolean noLineEnd) {
        // a stretch of the file that starts after its first line starts where the log has begun (see logStarted)
        if (stats.lines == 0 && lineNo > 1) logStarted = true;
        int rawEnd = end;
        lineNo += lineShift;
        boolean fieldsJustBefore = afterFields;
        afterFields = false;
        if (++stats.lines >= cachesAfter && recent == null) makeCaches();
        while (end > start && b[end - 1] == '\r') end--;
        if (repeated != null && held == null) {
            if (start == repeatedNext && end - start == repeatedLength && leadingNuls == 0 && !noLineEnd && repeats(b, start)) {
                repeatedLine(b, start, end, rawEnd, lineNo);
                return;
            }
            repeated = null;
        }
        int tail = held == null && tails != null && leadingNuls == 0 && !noLineEnd && tails.on() ? repeatedTail(b, start, end, lineNo)
                : TAIL_NOT_LOOKED_UP;
        if (tail == TAIL_READ) return;
        lastEntry = null;
        int firstStart = start;
        long shiftBefore = lineShift;
        int segments = 0;
        // a byte-order mark starts the file, and also every log appended to another (concatenated exports)
        if (end - start >= 3 && b[start] == (byte) 0xEF && b[start + 1] == (byte) 0xBB && b[start + 2] == (byte) 0xBF) {
            start += 3;
        }
        boolean record = false;
        boolean comment = false;
        boolean problem = false;
        boolean holding = false;
        long nuls = leadingNuls;
        int pos = start;
        // a record's date has its '-' here: else perhaps a search tool's prefix ("12:", "pfirewall.log:12:") before it
        if (end - start > 4 && b[start + 4] != '-' && b[start] != '#') {
            int after = searchPrefix(b, start, end);
            if (after > 0) {
                pos = after;
                stats.searchPrefixedLines++;
            }
        }
        while (true) {
            if (pos < end && b[pos] == '\r') {
                // a lone CR before more text ends a line too (old Mac line ends, lines glued by a bad copy)
                int crs = pos;
                while (pos < end && b[pos] == '\r') pos++;
                if (pos < end) {
                    // each CR ends a line, as editors count them: CR CR is an empty line between
                    int breaks = pos - crs;
                    count(record, comment, problem);
                    record = comment = problem = false;
                    stats.lines += breaks;
                    stats.blankLines += breaks - 1;
                    lineNo += breaks;
                    lineShift += breaks;
                    if (end - pos >= 3 && b[pos] == (byte) 0xEF && b[pos + 1] == (byte) 0xBB && b[pos + 2] == (byte) 0xBF) pos += 3;
                    start = pos;
                }
                continue;
            }
            int q = pos;
            while (q < end && b[q] == 0) q++;
            nuls += q - pos;
            if (nuls > 0) {
                // a line with NUL padding goes on with no held line: that one is read alone first, in line order
                if (held != null) flushHeld();
                stats.nulBytes += nuls;
                problem(lineNo, b, start, end, leadingNuls, nuls + " NUL bytes (padding left by a crash or an unclean stop); "
                        + (q < end ? "read on after them" : "nothing else on this line"));
                problem = true;
                nuls = 0;
            }
            pos = q;
            if (pos >= end) break;
            if ((b[pos] == ' ' || b[pos] == '\t') && pos == start) {
                // a log pasted as an indented block (a Markdown list, a quoted mail): its header lines and markup too
                int p = pos;
                while (p < end && (b[p] == ' ' || b[p] == '\t')) p++;
                if (p < end && (b[p] == '#' || b[p] > '9')) pos = p;
            }
            if (b[pos] == '#') {
                // nor does a header line (a #Fields line may change the layout the held line is read under)
                if (held != null) flushHeld();
                logStarted = true;
                int to = pos;
                while (to < end && b[to] != 0 && !crBreak(b, to, end)) to++;
                comment(b, pos, to, lineNo);
                comment = true;
                pos = to;
                continue;
            }
            // whether this segment starts as a record's date does: asked below up to three times, made once
            boolean startsDated = dated(b, pos, end);
            // the rest of a record held from the line before ("- - SEND" after a row wrapped at 80 columns), before it is
            // taken for text (a list item)
            if (held != null && firstText(b, start, pos) && !startsDated && nuls == 0 && leadingNuls == 0 && !problem
                    && !noLineEnd && segments == 0) {
                int n = tokenize(b, pos, end);
                if (segmentEnd == end && goesOn(b, pos, n) && recordFields(b, pos, end)) {
                    segments++;
                    joinHeld(b, pos, end);
                    comment = true;
                    break;
                }
            }
            // a #Fields header wrapped by a narrow window or a page's layout: its next line holds only the field names it lacks
            if (fieldsJustBefore && firstText(b, start, pos) && fieldsGoOn(b, pos, end, lineNo)) {
                comment = true;
                break;
            }
            // a record starts with its date; '```', '{code}', '<pre>' around a log pasted in a ticket, and a prompt or command
            // before it, are headers, and so is text a person wrote around it (a numbered answer, "1. The OS of this log is …")
            if (!startsDated && firstText(b, start, pos)
                    && (dev.portolan.ingest.TicketMarkup.isMarkup(b, pos, end) || commandLine(b, pos, end)
                    || !logStarted && wordAlone(b, pos, end))) {
                comment = true;
                break;
            }
            int n = tokenize(b, pos, end);
            int to = segmentEnd;
            segments++;
            if (n > 0) {
                String cut = to < end && b[to] == '\r' ? "" : to < end ? "; the record is cut short by NUL padding"
                        : noLineEnd ? "; the last line has no line end: the writer was probably interrupted" : "";
                boolean whole = segments == 1 && to == end && nuls == 0 && leadingNuls == 0 && !problem;
                if (held != null) {
                    // the rest of the record held from the line before: read as one record there
                    if (whole && !noLineEnd && !startsDated && goesOn(b, pos, n) && recordFields(b, pos, to)) {
                        joinHeld(b, pos, to);
                        comment = true;
                        pos = to;
                        continue;
                    }
                    flushHeld();
                    // the held line's fields were split over this line's
                    n = tokenize(b, pos, to);
                }
                // a line with bytes no record holds (binary noise, control characters) is damaged, not wrapped
                if (whole && !noLineEnd && startsDated && shortOfLayout(n) && !ellipsis(b, fieldStart(n - 1), fieldEnd(n - 1))
                        && printableAscii(b, pos, to)) {
                    held = Arrays.copyOfRange(b, pos, to);
                    heldFields = n;
                    heldLine = lineNo;
                    holding = true;
                } else if (record(b, pos, to, n, lineNo, cut)) {
                    record = true;
                } else {
                    problem = true;
                }
            }
            pos = to;
        }
        if (!holding) count(record, comment, problem);
        if (lastEntry != null && segments == 1 && !comment && !problem && leadingNuls == 0 && !noLineEnd
                && lineShift == shiftBefore && start == firstStart) {
            rememberRepeatable(b, start, end, rawEnd);
            if (tail == TAIL_NOT_FOUND && layout == tailLayout && fieldStart(0) == start) {
                tails.keep(b, fieldStart(2), end, lastEntry, lastSize);
            }
        }
    }

    /**
     * Where a record (or comment) starts after the prefix a search tool or a numbering wrote before it — {@code 12:}
     * ({@code findstr /n}, {@code grep -n}), {@code pfirewall.log:} ({@code grep -H}, several files),
     * {@code C:\Windows\…\pfirewall.log:12:} (Select-String -Path), {@code "     12\t"} ({@code cat -n}, {@code nl}) — or
     * -1: after the number and tab, or after one of the line's first three colons (within 400 bytes) and any blanks, a
     * date {@code YYYY-MM-DD} or a header's {@code #} and capital must follow.
     */
    static int searchPrefix(byte[] b, int start, int end) {
        // cat -n, nl: spaces, the line number, a tab
        int n0 = start;
        while (n0 < end && b[n0] == ' ') n0++;
        int d = n0;
        while (d < end && d - n0 < 10 && b[d] >= '0' && b[d] <= '9') d++;
        if (d > n0 && d < end && b[d] == '\t' && (d + 1 == end || startsRecord(b, d + 1, end))) return d + 1; // or a blank line
        int colon = start - 1;
        int limit = Math.min(end, start + 400);
        for (int n = 0; n < 3; n++) {
            do colon++; while (colon < limit && b[colon] != ':');
            if (colon >= limit) return -1;
            int i = colon + 1;
            while (i < end && (b[i] == ' ' || b[i] == '\t')) i++;
            if (startsRecord(b, i, end)) return i;
        }
        return -1;
    }

    /**
     * A line's text after a search tool's or a numbering's prefix ({@link #searchPrefix}), for the readers of a file's
     * first lines (detection, the header, the headerless layout); the line as it is when it has none. Takes the line
     * before it is trimmed: a blank line {@code cat -n} numbered is its number and a tab.
     */
    static String withoutPrefix(String line) {
        String t = line.trim();
        if (t.isEmpty() || t.charAt(0) == '#' || t.length() > 4 && t.charAt(4) == '-') return line;
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int after = searchPrefix(bytes, 0, bytes.length);
        return after > 0 ? line.substring(after) : line;
    }

    /** Whether {@code b[start, pos)} is blank: {@code pos} is where the line's text starts. */
    private static boolean firstText(byte[] b, int start, int pos) {
        for (int i = start; i < pos; i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    /**
     * A prompt or a command that shows the log, pasted before it ({@code type "C:\…\pfirewall.log"}, {@code C:\>more
     * pfirewall.log}, {@code $ cat pfirewall.log}), or text a person wrote around it ("Here is my firewall log:"; a
     * sentence, a heading, a link: {@link dev.portolan.ingest.netstat.TextLines}): a header, not a record that failed.
     */
    private static boolean commandLine(byte[] b, int from, int to) {
        if (to - from > 400) return false;
        String line = Escapes.lineText(b, from, to).strip();
        return dev.portolan.ingest.netstat.Transcripts.isCommandLine(line) || dev.portolan.ingest.netstat.TextLines.isText(line)
                || plainText(line);
    }

    /**
     * A word of letters and digits alone ("Hi" at the top of a comment), none of a record's words: before the log has
     * begun it is text, as the sentences around it are; between records it stays a problem, as likely a damaged line.
     */
    private static boolean wordAlone(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t' || b[to - 1] == '\r')) to--;
        if (to - from > 40 || to == from) return false;
        boolean letter = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            boolean l = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!l && !(c >= '0' && c <= '9')) return false;
            letter |= l;
        }
        return letter && !RECORD_WORDS.contains(new String(b, from, to - from, StandardCharsets.US_ASCII));
    }

    /** The words a record holds that a line of text around a log has no reason to: actions, protocols, paths. */
    private static final java.util.Set<String> RECORD_WORDS = java.util.Set.of("ALLOW", "DROP", "OPEN", "CLOSE", "OPEN-INBOUND",
            "INFO-EVENTS-LOST", "TCP", "UDP", "ICMP", "ICMPv6", "SEND", "RECEIVE", "FORWARD");

    /**
     * A line of text that cannot be a record, nor a piece of one: it does not start with a date, holds none of a record's
     * words ({@link #RECORD_WORDS}) and at least one letter, and no control character or undecodable byte. A line of a
     * few words, a path alone ("C:\Windows\System32\LogFiles\Firewall\"), a table row, a program's version line: text
     * around a pasted log, which a person's sentence-minded test ({@link dev.portolan.ingest.netstat.TextLines}) does not
     * know, as it is strict about socket addresses a firewall record never writes. A record wrapped onto a second line
     * ("- - SEND"), one that lost its date ("12:35:19 DROP UDP …"), a word alone ("garbage") and a line that looks as a
     * search tool's prefix would ("note: 10:00 …", which {@link #searchPrefix} declined) stay problems.
     */
    static boolean plainText(String line) {
        if (line.isEmpty() || line.length() > 400 || startsDated(line)) return false;
        boolean letter = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c == '\uFFFD') return false;
            letter |= Character.isLetter(c);
        }
        if (!letter) return false;
        String[] words = line.split("[ \\t]+");
        // one word of letters and digits alone ("garbage" between two records) is as likely a damaged line as text
        if (words.length == 1 && line.chars().allMatch(Character::isLetterOrDigit)) return false;
        for (String word : words) {
            if (RECORD_WORDS.contains(word)) return false;
        }
        // "word: 12…": a prefix to a record's line that was not quite one
        int colon = line.indexOf(':');
        if (colon > 0 && line.lastIndexOf(' ', colon) < 0 && line.lastIndexOf('\t', colon) < 0) {
            String after = line.substring(colon + 1).stripLeading();
            if (!after.isEmpty() && Character.isDigit(after.charAt(0))) return false;
        }
        return true;
    }

    private static final java.util.regex.Pattern DATED_TEXT = java.util.regex.Pattern.compile("\\d{4}-");

    /** Whether a line of text starts as a record's date does (four digits and a '-'): {@link #dated} of a String. */
    static boolean startsDated(String line) {
        return DATED_TEXT.matcher(line).lookingAt();
    }

    /**
     * A date {@code YYYY-MM-DD} as a whole field (a blank after it: not "BuildDate: 2022-07-11_11:44:08" in a program's
     * version lines), or a header's {@code #} and capital ({@code #Fields}, {@code #Version} …), at {@code i}.
     */
    private static boolean startsRecord(byte[] b, int i, int end) {
        if (end - i >= 2 && b[i] == '#' && b[i + 1] >= 'A' && b[i + 1] <= 'Z') return true;
        return end - i >= 11 && digits(b, i, 4) && b[i + 4] == '-' && digits(b, i + 5, 2) && b[i + 7] == '-' && digits(b, i + 8, 2)
                && (b[i + 10] == ' ' || b[i + 10] == '\t');
    }

    /**
     * The columns of a record a person cut short with an ellipsis ("… 56875 445 0 ..."): the fields before it as the first
     * ones of {@code full} (else of the shortest header-less layout that has more), when those hold every field a flow
     * needs (date, time, action, protocol, both addresses and both ports); null when the last field is no ellipsis or
     * they do not. The fields left out are not logged for this record (no size, no path: its direction is unknown).
     */
    private Columns elided(byte[] b, int n, Columns full) {
        if (n < 7 || n > MAX_FIELDS || !ellipsis(b, fieldStart(n - 1), fieldEnd(n - 1))) return null;
        Columns c = full;
        if (c == null) {
            for (int k = n; k <= MAX_FIELDS && c == null; k++) c = headerless.forFieldCount(k);
            if (c == null) return null;
        }
        int kept = n - 1;
        if (kept >= c.fieldCount || c.date >= kept || c.time >= kept || c.action >= kept || c.protocol >= kept || c.srcIp >= kept
                || c.dstIp >= kept || c.srcPort >= kept || c.dstPort >= kept) {
            return null;
        }
        elidedRecords++;
        elidedFrom = c.fieldCount;
        return Columns.of(c.names().subList(0, kept));
    }

    /**
     * The layout of a record a person wrote a note after ("… SEND 4696    ->>> This is it we found it."): {@code full}, or
     * the header-less layout of fewer fields than {@code n}, when the field right after its last starts as such a note
     * does (an arrow, "//", "#", "(" …); else null. The record is its fields; the note is no field.
     */
    private Columns annotated(byte[] b, int n, Columns full) {
        if (n > MAX_FIELDS) return null;
        if (full != null) return n > full.fieldCount && noteStarts(b, fieldStart(full.fieldCount), fieldEnd(full.fieldCount)) ? full : null;
        for (int k = n - 1; k >= 7; k--) {
            Columns c = headerless.forFieldCount(k);
            if (c != null && noteStarts(b, fieldStart(k), fieldEnd(k))) return c;
        }
        return null;
    }

    private static final java.util.regex.Pattern NOTE = java.util.regex.Pattern.compile(
            "(<-+|-+>|<<|>>|<=|=>|//|#|\\(|\\u2190|\\u2192|\\u21D0|\\u21D2|\\u27F5|\\u27F6).*");

    private static boolean noteStarts(byte[] b, int from, int to) {
        return NOTE.matcher(new String(b, from, to - from, StandardCharsets.UTF_8)).matches();
    }

    /** "...", "…", "[...]", "(...)": text left out. */
    private static boolean ellipsis(byte[] b, int from, int to) {
        String t = new String(b, from, to - from, StandardCharsets.UTF_8);
        return t.equals("...") || t.equals("\u2026") || t.equals("[...]") || t.equals("(...)") || t.equals("[…]");
    }

    /** The field names a #Fields header may hold (the layout Windows writes, with pid). */
    private static final java.util.Set<String> FIELD_NAMES = java.util.Set.copyOf(Columns.STANDARD_PID_LAYOUT.names());

    /**
     * Whether {@code b[from, to)}, the line right after a #Fields header, holds only field names that header lacks (its
     * wrapped rest): then the header is read with them, from this line on.
     */
    private boolean fieldsGoOn(byte[] b, int from, int to, long lineNo) {
        if (fieldsLine == null || to - from > 400) return false;
        String rest = new String(b, from, to - from, StandardCharsets.ISO_8859_1).strip();
        if (rest.isEmpty()) return false;
        String header = new String(fieldsLine, StandardCharsets.ISO_8859_1);
        java.util.Set<String> named = new java.util.HashSet<>(java.util.Arrays.asList(
                header.substring(FIELDS.length).strip().toLowerCase(java.util.Locale.ROOT).split("[ \\t]+")));
        for (String name : rest.split("[ \\t]+")) {
            if (!FIELD_NAMES.contains(name) || !named.add(name)) return false;
        }
        byte[] whole = (header.stripTrailing() + " " + rest).getBytes(StandardCharsets.ISO_8859_1);
        applyFields(whole, 0, whole.length, lineNo, true);
        fieldsLine = whole;
        return true;
    }

    /** Whether {@code b[from, to)} is printable ASCII and blanks, as every field of a record is. */
    private static boolean printableAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte x = b[i];
            if ((x < 0x20 || x > 0x7E) && x != '\t') return false;
        }
        return true;
    }

    /** Whether {@code n} fields are fewer than a record has under the layout in force (or any header-less one decided). */
    private boolean shortOfLayout(int n) {
        if (layoutUnusable) return false;
        if (layout != null) return n < layout.fieldCount;
        return n < MAX_FIELDS && headerless.forFieldCount(n) == null && longerLayout(n);
    }

    private boolean longerLayout(int n) {
        for (int k = n + 1; k <= MAX_FIELDS; k++) if (headerless.forFieldCount(k) != null) return true;
        return false;
    }

    /**
     * Whether {@code b[from, to)} holds only what a record's fields hold: numbers, addresses, '-', TCP flags and capital
     * words (actions, protocols, paths), not a sentence's words that happen to make up the missing count.
     */
    private static boolean recordFields(byte[] b, int from, int to) {
        boolean lower = false;
        boolean upper = false;
        for (int i = from; i <= to; i++) {
            byte x = i < to ? b[i] : (byte) ' ';
            if (x == ' ' || x == '\t') {
                // a word is either capitals or a number or address (hex digits in IPv6), not both kinds of letter
                if (lower && upper) return false;
                lower = upper = false;
                continue;
            }
            if (x >= 'a' && x <= 'z') {
                if (x > 'f') return false;
                lower = true;
            } else if (x >= 'A' && x <= 'Z') {
                upper = true;
            } else if (!(x >= '0' && x <= '9' || x == '-' || x == '.' || x == ':' || x == '%' || x == '[' || x == ']')) {
                return false;
            }
        }
        return true;
    }

    /** Whether a record of {@code n} fields fits the layout in force. */
    private boolean fitsLayout(int n) {
        if (layoutUnusable || n > MAX_FIELDS) return false;
        return layout != null ? n == layout.fieldCount : headerless.forFieldCount(n) != null;
    }

    /**
     * Whether the line at {@code from}, of {@code n} fields, is the rest of the held line: the fields make up a record
     * together, or they do once the word cut at the wrap is one again (a terminal wraps at its last column, inside a word:
     * "… - - RE" and "CEIVE").
     */
    private boolean goesOn(byte[] b, int from, int n) {
        return fitsLayout(heldFields + n) || cutInWord(b, from) && fitsLayout(heldFields + n - 1);
    }

    /** Whether the held line ends inside a word that the line at {@code from} goes on with. */
    private boolean cutInWord(byte[] b, int from) {
        byte last = held[held.length - 1];
        return last != ' ' && last != '\t' && b[from] != ' ' && b[from] != '\t';
    }

    /** Reads the held line and the line {@code b[from, to)} that goes on with it as one record, at the held line's number. */
    private void joinHeld(byte[] b, int from, int to) {
        int n = tokenize(b, from, to);
        // one word cut at the wrap is put together again; else the line break stood between two fields
        boolean glue = !fitsLayout(heldFields + n) && cutInWord(b, from);
        int gap = glue ? 0 : 1;
        byte[] joined = new byte[held.length + gap + to - from];
        System.arraycopy(held, 0, joined, 0, held.length);
        if (!glue) joined[held.length] = ' ';
        System.arraycopy(b, from, joined, held.length + gap, to - from);
        long line = heldLine;
        held = null;
        boolean ok = record(joined, 0, joined.length, tokenize(joined, 0, joined.length), line, "");
        if (ok) joinedRecords++;
        count(ok, false, !ok);
        // the record's bytes are in no buffer a later line is compared with
        lastEntry = null;
    }

    /** The held line, when no line goes on with it: read alone (a record cut short, as any other). */
    private void flushHeld() {
        byte[] line = held;
        held = null;
        int n = tokenize(line, 0, line.length);
        boolean ok = record(line, 0, line.length, n, heldLine, "");
        count(ok, false, !ok);
        lastEntry = null;
    }

    /** The input (or this stretch of it) ends: a line still held is read alone. */
    void endOfInput() {
        if (held != null) flushHeld();
    }

    /** Whether {@code b[i, end)} starts as a record's date does: four digits and a '-'. */
    private static boolean dated(byte[] b, int i, int end) {
        return end - i >= 5 && digits(b, i, 4) && b[i + 4] == '-';
    }

    private static boolean digits(byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) if (b[i] < '0' || b[i] > '9') return false;
        return true;
    }

    private static final int TAIL_NOT_LOOKED_UP = 0;
    private static final int TAIL_NOT_FOUND = 1;
    private static final int TAIL_READ = 2;

    /**
     * Reads the line {@code b[start, end)} when its bytes after its date and time are a recent valid line's
     * ({@link RecentTails}): its first two fields are split here (text, then separators: no NUL, no CR), its other
     * fields, key and size are that line's ({@link #TAIL_READ}). Else nothing is read: {@link #TAIL_NOT_FOUND} when the
     * tail was looked up (then {@link RecentTails#keep} may keep it), {@link #TAIL_NOT_LOOKED_UP} when the line or the
     * layout does not fit.
     */
    private int repeatedTail(byte[] b, int start, int end, long lineNo) {
        Columns c = layout;
        if (c == null || layoutUnusable) return TAIL_NOT_LOOKED_UP;
        if (tailLayout != c) {
            tailsFit = c.date == 0 && c.time == 1 && c.fieldCount >= 3 && c.size != 0 && c.size != 1 && keyAfterTwo(c);
            tailLayout = c;
        }
        if (!tailsFit) return TAIL_NOT_LOOKED_UP;
        int i = splitStamp(b, start, end, bounds);
        if (i < 0) return TAIL_NOT_LOOKED_UP;
        RecentLines.Entry seen = tails.find(b, i, end, c);
        if (seen == null) return TAIL_NOT_FOUND;
        segmentEnd = end;
        lastEntry = null;
        boolean ok;
        long second = times.seconds(b, start, bounds[1], bounds[2], bounds[3]);
        if (second == Long.MIN_VALUE) ok = badTime(b, start, end, c, lineNo, "");
        else ok = again(seen, second, seen.size, b, start, end, c, lineNo);
        count(ok, false, !ok);
        return TAIL_READ;
    }

    /**
     * Where the third field of the line {@code b[start, end)} starts, its first two fields' edges in {@code edges[0, 4)}
     * as {@link #tokenize} finds them, when the line starts with text (not '#', not a byte-order mark), has its first
     * two fields and a third, and no NUL or CR before the third; else -1. The usual date and time in two words and a
     * half, any other as {@link #splitStampBytes}.
     */
    static int splitStamp(byte[] b, int start, int end, int[] edges) {
        if (end - start > 21 && start + 24 <= b.length && b[start] != '#' && b[start] != (byte) 0xEF && usualStamp(b, start)) {
            edges[0] = start;
            edges[1] = start + 10;
            edges[2] = start + 11;
            edges[3] = start + 19;
            return start + 20;
        }
        return splitStampBytes(b, start, end, edges);
    }

    /** {@link #splitStamp} a byte at a time: the definition. */
    static int splitStampBytes(byte[] b, int start, int end, int[] edges) {
        if (start >= end) return -1;
        int x = b[start] & 0xFF;
        if (x <= 0x20 || x == '#' || x == 0xEF) return -1;
        int i = start + 1;
        while (i < end && (b[i] & 0xFF) > 0x20) i++;
        int dateEnd = i;
        while (i < end && separator(b[i])) i++;
        int timeStart = i;
        if (timeStart == dateEnd || i == end || (b[i] & 0xFF) <= 0x20) return -1;
        while (i < end && (b[i] & 0xFF) > 0x20) i++;
        int timeEnd = i;
        while (i < end && separator(b[i])) i++;
        if (i == timeEnd || i == end || (b[i] & 0xFF) <= 0x20) return -1;
        edges[0] = start;
        edges[1] = dateEnd;
        edges[2] = timeStart;
        edges[3] = timeEnd;
        return i;
    }

    /**
     * True when the 21 bytes at {@code s} are ten of text, a space, eight of text, a space and text (the date and time as
     * Windows writes them, and the first byte of the third field): a separator only at 10 and 19, and those spaces.
     */
    private static boolean usualStamp(byte[] b, int s) {
        return Swar.separatorMask(Swar.word(b, s)) == 0
                && Swar.separatorMask(Swar.word(b, s + 8)) == 0x80L << 16
                && (Swar.separatorMask(Swar.word(b, s + 16)) & 0x8080808080L) == 0x80L << 24
                && b[s + 10] == ' ' && b[s + 19] == ' ';
    }

    /** A byte between fields: at most a space, but neither NUL nor CR (where {@link #tokenize} ends a segment). */
    private static boolean separator(byte x) {
        return (x & 0xFF) <= 0x20 && x != 0 && x != '\r';
    }

    /** Whether the key's fields all come after a line's first two under {@code c}. */
    private static boolean keyAfterTwo(Columns c) {
        return c.action >= 2 && c.protocol >= 2 && c.srcIp >= 2 && c.dstIp >= 2 && c.srcPort != 0 && c.srcPort != 1
                && c.dstPort != 0 && c.dstPort != 1 && c.icmpType != 0 && c.icmpType != 1 && c.path != 0 && c.path != 1;
    }

    /**
     * Keeps the line just read as {@link #repeated} when a line equal to it from its third field on is surely the same
     * key: the columns come from a #Fields header, the key's fields all come after the first two, the line starts
     * with its first field.
     */
    private void rememberRepeatable(byte[] b, int start, int end, int rawEnd) {
        Columns c = layout;
        if (c == null || layoutUnusable || lastEntry.layout != c || fieldStart(0) != start || b[start] == '#' || b[start] == (byte) 0xEF) return;
        if (repeatLayout != c) {
            keyAfterTwo = keyAfterTwo(c);
            repeatLayout = c;
        }
        if (!keyAfterTwo || c.fieldCount < 3) return;
        repeated = lastEntry;
        repeatedStart = start;
        repeatedLength = end - start;
        repeatedPrefix = fieldStart(2) - start;
        repeatedNext = rawEnd + 1;
        repeatedFields = c.fieldCount;
    }

    /**
     * True when the line at {@code start} (of {@link #repeatedLength} bytes, right after {@link #repeated}'s line) is
     * that line again from its third field on, and its first two fields split as that line's did: same bytes from
     * there, and separators where that line has separators before (no NUL, no CR), so its fields are that line's with
     * only the first two (the date and time) its own.
     */
    private boolean repeats(byte[] b, int start) {
        int prev = repeatedStart;
        int p = repeatedPrefix;
        if (!Arrays.equals(b, start + p, start + repeatedLength, b, prev + p, prev + repeatedLength)) return false;
        for (int i = 0; i < p; i++) {
            int x = b[start + i] & 0xFF;
            if (x == 0 || x == '\r' || (x > 0x20) != ((b[prev + i] & 0xFF) > 0x20)) return false;
        }
        return true;
    }

    /** A line {@link #repeats} the previous one: its fields are where that line's were, moved; only its time and size are read. */
    private void repeatedLine(byte[] b, int start, int end, int rawEnd, long lineNo) {
        int delta = start - repeatedStart;
        for (int i = 0; i < 2 * repeatedFields; i++) bounds[i] += delta;
        segmentEnd = end;
        boolean ok = seenAgain(repeated, b, start, end, layout, lineNo, "");
        count(ok, false, !ok);
        repeatedStart = start;
        repeatedNext = rawEnd + 1;
    }

    private void count(boolean record, boolean comment, boolean problem) {
        if (record || problem) logStarted = true;
        if (record) stats.dataLines++;
        else if (comment) stats.commentLines++;
        else if (problem) stats.rejectedLines++;
        else stats.blankLines++;
    }

    /** A CR (run) at {@code i} followed by text, not by the line end: a line break of its own. */
    private static boolean crBreak(byte[] b, int i, int end) {
        if (b[i] != '\r') return false;
        while (i < end && b[i] == '\r') i++;
        return i < end;
    }

    /** Reports a line longer than the scanner's buffer; the scanner skips the rest of it. */
    void overlongLine(byte[] b, int start, int end, long lineNo) {
        lineNo += lineShift;
        stats.lines++;
        stats.rejectedLines++;
        problem(lineNo, b, start, Math.min(end, start + 200), 0, "line longer than " + (end - start) + " bytes: not a firewall log record");
    }

    /** A problem about the end of the input (after its last line), e.g. an encoding cut off mid-character. */
    void endProblem(long lineNo, String message) {
        problemCount++;
        if (problems.size() < ReadResult.MAX_PROBLEMS) {
            problems.add(new InputProblem(Evidence.ofLine(file, lineNo + lineShift, ""), message));
        }
    }

    /**
     * Splits at spaces/tabs/control characters; stops at a NUL (segmentEnd). Returns the field count, MAX_FIELDS + 1 for
     * too many. Eight bytes at a time; a line with a NUL or CR in it, or too many fields, goes through
     * {@link #tokenizeBytes}, which this must always agree with.
     */
    int tokenize(byte[] b, int from, int end) {
        int[] edges = bounds;
        int k = 0;
        int i = from;
        // high bit set: the byte before the next word is a separator (before the segment: as if it were)
        long sepBefore = 0x80L;
        for (; i + 8 <= end; i += 8) {
            long x = Swar.word(b, i);
            if (Swar.anyBelowSo(x) && Swar.hasNulOrCr(x)) return tokenizeBytes(b, from, end);
            long sep = Swar.separatorMask(x);
            // an edge is a byte whose kind (text or separator) differs from the byte's before: starts and ends alternate,
            // so they go to bounds in turn, with no test of which one each is
            long prevSep = (sep << 8) | sepBefore;
            long t = (~sep & prevSep & 0x8080808080808080L) | (sep & ~prevSep);
            // a word has at most 8 edges: only near the bound are they counted
            if (k > 2 * MAX_FIELDS - 8 && k + Swar.countFlagged(t) > 2 * MAX_FIELDS) return tokenizeBytes(b, from, end);
            while (t != 0) {
                edges[k++] = i + Swar.lowestFlagged(t);
                t &= t - 1;
            }
            sepBefore = sep >>> 56;
        }
        boolean inField = sepBefore == 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == 0 || c == '\r') return tokenizeBytes(b, from, end);
            boolean isText = (c & 0xFF) > 0x20;
            if (isText != inField) {
                if (k == 2 * MAX_FIELDS) return tokenizeBytes(b, from, end);
                edges[k++] = i;
                inField = isText;
            }
        }
        if (inField) edges[k++] = end;
        segmentEnd = end;
        return k >>> 1;
    }

    /** {@link #tokenize} a byte at a time: the definition. */
    int tokenizeBytes(byte[] b, int from, int end) {
        int n = 0;
        int i = from;
        while (i < end) {
            byte c = b[i];
            if ((c & 0xFF) > 0x20) {
                if (n == MAX_FIELDS) {
                    n++;
                    while (i < end && b[i] != 0) i++;
                    break;
                }
                bounds[2 * n] = i;
                i++;
                while (i < end && (b[i] & 0xFF) > 0x20) i++;
                bounds[2 * n + 1] = i;
                n++;
            } else if (c == 0 || c == '\r' && crBreak(b, i, end)) {
                break;
            } else {
                i++;
            }
        }
        segmentEnd = i;
        return n;
    }

    private void comment(byte[] b, int from, int to, long lineNo) {
        int joined = embeddedRecord(b, from, to);
        if (joined >= 0) {
            // the header and records on one line: a copy that lost the log's line breaks (a web page's excerpt)
            problem(lineNo, b, from, to, 0, "a header line with log records joined onto it (the first at character "
                    + (joined - from + 1) + "): the log's line breaks were lost in copying, and its records are not read;"
                    + " give the log file itself");
            return;
        }
        if (startsWith(b, from, to, FIELDS)) {
            stats.fieldsHeaders++;
            applyFields(b, from, to, lineNo, true);
            fieldsLine = Arrays.copyOfRange(b, from, to);
            afterFields = true;
        }
    }

    /** Where a record ({@code YYYY-MM-DD HH:MM:SS} and a capital) starts inside a header line, or -1. */
    private static int embeddedRecord(byte[] b, int from, int to) {
        for (int i = from + 1; i + 21 <= to; i++) {
            if (b[i - 1] == ' ' && digits(b, i, 4) && b[i + 4] == '-' && digits(b, i + 5, 2) && b[i + 7] == '-'
                    && digits(b, i + 8, 2) && b[i + 10] == ' ' && digits(b, i + 11, 2) && b[i + 13] == ':' && digits(b, i + 14, 2)
                    && b[i + 16] == ':' && digits(b, i + 17, 2) && b[i + 19] == ' ' && b[i + 20] >= 'A' && b[i + 20] <= 'Z') {
                return i;
            }
        }
        return -1;
    }

    private void applyFields(byte[] b, int from, int to, long lineNo, boolean report) {
        String text = new String(b, from + FIELDS.length, to - from - FIELDS.length, StandardCharsets.UTF_8);
        Columns c = Columns.parseHeader(text);
        if (c == null) {
            layoutUnusable = true;
            if (report) {
                problem(lineNo, b, from, to, 0, "unusable #Fields header: needs date, time, action, protocol, src-ip and dst-ip once each");
            }
        } else {
            layout = c;
            layoutUnusable = false;
        }
    }

    private boolean record(byte[] b, int from, int to, int n, long lineNo, String cut) {
        Columns c = layout;
        if (layoutUnusable) {
            return reject(lineNo, b, from, to, "no usable #Fields header before this line");
        }
        if (c == null) {
            c = n <= MAX_FIELDS ? headerless.forFieldCount(n) : null;
            if (c == null) {
                c = annotated(b, n, null);
                if (c != null) annotatedRecords++;
            }
            int count = c == null ? n : c.fieldCount;
            Columns elided = c == null ? elided(b, n, null) : null;
            if (c == null && elided == null) {
                if (restOfRecord(lineNo, b, from, to, n, longerLayout(n))) return reject(lineNo, b, from, to, startsInside(n));
                return reject(lineNo, b, from, to, "expected " + headerless.counts() + " fields (no #Fields header; "
                        + "the layouts decided from the first rows), found " + fieldCount(n) + cut);
            }
            if (firstHeaderlessLine == 0) firstHeaderlessLine = lineNo;
            // the layout the cut record's fields are the first of, for the note that names it
            headerlessFieldCounts.add(elided == null ? count : elidedFrom);
            if (elided != null) c = elided;
            stats.headerlessLines++;
        } else if (n > c.fieldCount && annotated(b, n, c) != null) {
            annotatedRecords++;
        } else if (n != c.fieldCount) {
            Columns elided = elided(b, n, c);
            if (elided == null) {
                if (restOfRecord(lineNo, b, from, to, n, n < c.fieldCount)) return reject(lineNo, b, from, to, startsInside(n));
                return reject(lineNo, b, from, to, "expected " + c.fieldCount + " fields as the #Fields header says, found " + fieldCount(n) + cut);
            }
            c = elided;
        }
        if (recent != null) {
            RecentLines.Entry seen = recent.find(b, bounds, c);
            if (seen != null) {
                boolean ok = seenAgain(seen, b, from, to, c, lineNo, cut);
                if (ok) lastEntry = seen;
                return ok;
            }
        }
        FirewallAction action = action(b, fieldStart(c.action), fieldEnd(c.action));
        if (action == null) {
            return reject(lineNo, b, from, to, "unknown action '" + field(b, c.action) + "'" + cut);
        }
        long second = times.seconds(b, fieldStart(c.date), fieldEnd(c.date), fieldStart(c.time), fieldEnd(c.time));
        if (second == Long.MIN_VALUE) return badTime(b, from, to, c, lineNo, cut);
        if (action == FirewallAction.INFO_EVENTS_LOST) return eventsLost(b, from, to, c, lineNo, action);
        int ipProtocol = protocolNumber(b, fieldStart(c.protocol), fieldEnd(c.protocol));
        if (ipProtocol < 0) {
            return reject(lineNo, b, from, to, "bad protocol '" + field(b, c.protocol) + "' (expected TCP, UDP, ICMP, ICMPv6 or a number 0-255)" + cut);
        }
        // IPv4 (most lines) straight into its value, no IpAddress per line; any other address (IPv6) through IpAddress
        long srcQuad = IpAddress.parseV4(b, fieldStart(c.srcIp), fieldEnd(c.srcIp));
        IpAddress src = srcQuad >= 0 ? null : IpAddress.parseNonQuad(b, fieldStart(c.srcIp), fieldEnd(c.srcIp));
        if (srcQuad < 0 && src == null) return reject(lineNo, b, from, to, badAddress("source", field(b, c.srcIp)) + cut);
        long dstQuad = IpAddress.parseV4(b, fieldStart(c.dstIp), fieldEnd(c.dstIp));
        IpAddress dst = dstQuad >= 0 ? null : IpAddress.parseNonQuad(b, fieldStart(c.dstIp), fieldEnd(c.dstIp));
        if (dstQuad < 0 && dst == null) return reject(lineNo, b, from, to, badAddress("destination", field(b, c.dstIp)) + cut);
        boolean srcV6 = src != null && src.v6();
        long srcHi = src == null ? 0 : src.hi();
        long srcLo = src == null ? srcQuad : src.lo();
        boolean dstV6 = dst != null && dst.v6();
        long dstHi = dst == null ? 0 : dst.hi();
        long dstLo = dst == null ? dstQuad : dst.lo();
        // Windows logs ICMPv6 as "ICMP" on some versions; the addresses tell.
        if (ipProtocol == 1 && (srcV6 || dstV6)) ipProtocol = 58;
        int sport = 0;
        int dport = 0;
        if (ipProtocol == 6 || ipProtocol == 17) {
            sport = optionalNumber(b, c.srcPort, 65535);
            dport = optionalNumber(b, c.dstPort, 65535);
            if (sport < 0 || dport < 0) {
                return reject(lineNo, b, from, to, "bad port '" + field(b, sport < 0 ? c.srcPort : c.dstPort) + "' (expected 0-65535 or -)" + cut);
            }
        } else if (ipProtocol == 1 || ipProtocol == 58) {
            dport = optionalNumber(b, c.icmpType, 255);
            if (dport < 0) return reject(lineNo, b, from, to, "bad icmptype '" + field(b, c.icmpType) + "'" + cut);
        }
        long size = size(b, c);
        if (size < 0) return badSize(b, from, to, c, lineNo, cut);
        Direction dir = c.path >= 0 ? direction(b, fieldStart(c.path), fieldEnd(c.path)) : Direction.UNKNOWN;
        if (dir == Direction.UNKNOWN && action == FirewallAction.OPEN_INBOUND) dir = Direction.INBOUND;

        // a line between two loopback addresses, or from an address to itself, never left the host
        if (dir != Direction.UNKNOWN && sameHost(srcV6, srcHi, srcLo, dstV6, dstHi, dstLo)) dir = Direction.LOCAL;
        // one flow per 5-tuple, direction and action: what the audit decides per line is then the same for the
        // whole flow, so flows may be cut into parts (spilled tables, chunks) without changing any finding
        long k0 = FlowTable.packKey0(ipProtocol, srcV6, dstV6, sport, dport) | ((long) action.ordinal() << 52)
                | ((long) dir.ordinal() << 58);
        stats.actionLines[action.ordinal()]++;
        if (c.hasPid()) stats.pidLines++;
        lastSize = size;
        // the fold takes the line as this view, and the caches keep its key from it
        if (fold != null || recent != null) {
            view.set(file, lineNo, ipProtocol, srcV6, srcHi, srcLo, sport, dstV6, dstHi, dstLo, dport, action, dir, second * 1_000_000L, size,
                    b, from, to);
        }
        // separate methods keep this one small enough for the JIT to compile early
        if (fold != null) {
            long w = window;
            int at = fold(k0, view);
            lastEntry = recent == null ? null : recent.keep(view, k0, at, w);
        } else {
            tableLine(k0, srcHi, srcLo, dstHi, dstLo, second, size, lineNo, b, from, to);
            // no window (-1): the table finds the flow by its key
            if (recent != null) lastEntry = recent.keep(view, k0, -1, -1);
        }
        return true;
    }

    /** {@code second}: the line's time, seconds since the epoch. */
    private void tableLine(long k0, long srcHi, long srcLo, long dstHi, long dstLo, long second, long size, long lineNo,
                           byte[] b, int from, int to) {
        table.line(k0, srcHi, srcLo, dstHi, dstLo, second, size, lineNo, b, from, to);
        if (flowCap > 0 && table.size() >= flowCap) spill();
    }

    /**
     * A record line whose key fields are byte for byte those of a recent valid line ({@code seen}): only its time and
     * size are its own, checked in the order {@link #record} checks them (the key's fields are valid).
     */
    private boolean seenAgain(RecentLines.Entry seen, byte[] b, int from, int to, Columns c, long lineNo, String cut) {
        long second = times.seconds(b, fieldStart(c.date), fieldEnd(c.date), fieldStart(c.time), fieldEnd(c.time));
        if (second == Long.MIN_VALUE) return badTime(b, from, to, c, lineNo, cut);
        long size = size(b, c);
        if (size < 0) return badSize(b, from, to, c, lineNo, cut);
        return again(seen, second, size, b, from, to, c, lineNo);
    }

    /** A record line of a known key ({@code seen}) with its own valid time ({@code second}: since the epoch) and size. */
    private boolean again(RecentLines.Entry seen, long second, long size, byte[] b, int from, int to, Columns c, long lineNo) {
        stats.actionLines[seen.action.ordinal()]++;
        if (c.hasPid()) stats.pidLines++;
        lastSize = size;
        if (fold == null) {
            tableLine(seen.k0, seen.srcHi, seen.srcLo, seen.dstHi, seen.dstLo, second, size, lineNo, b, from, to);
            return true;
        }
        LogLine line = view;
        line.set(file, lineNo, seen.ipProtocol, seen.srcV6, seen.srcHi, seen.srcLo, seen.srcPort, seen.dstV6, seen.dstHi,
                seen.dstLo, seen.dstPort, seen.action, seen.direction, second * 1_000_000L, size, b, from, to);
        if (seen.window == window) {
            fold.again(handles[seen.at], line);
        } else {
            long w = window;
            seen.at = fold(seen.k0, line);
            seen.window = w;
        }
        return true;
    }

    private boolean badTime(byte[] b, int from, int to, Columns c, long lineNo, String cut) {
        return reject(lineNo, b, from, to, "bad date/time '" + field(b, c.date) + " " + field(b, c.time) + "' (expected YYYY-MM-DD HH:MM:SS)" + cut);
    }

    /** The logged size, 0 when not logged ('-' or no such column), -1 when bad. */
    private long size(byte[] b, Columns c) {
        if (c.size < 0 || isDash(b, c.size)) return 0;
        long size = Numbers.parse(b, fieldStart(c.size), fieldEnd(c.size));
        return size < 0 ? -1 : size;
    }

    private boolean badSize(byte[] b, int from, int to, Columns c, long lineNo, String cut) {
        return reject(lineNo, b, from, to, "bad size '" + field(b, c.size) + "'" + cut);
    }

    /**
     * Hands a record line to the fold: as the first line of a flow, or as a later line of one in the window. Returns
     * the flow's index in the window as it was at the call (the window may be cleared right after a new flow).
     */
    private int fold(long k0, LogLine line) {
        // one hash and one probe: the key is added at once when the window does not hold it (its hash, made once, also
        // counts a new flow)
        long keyHash = FlowTable.keyHash(k0, line.srcHi(), line.srcLo(), line.dstHi(), line.dstLo());
        int at = keys.indexOrAdd((int) keyHash, k0, line.srcHi(), line.srcLo(), line.dstHi(), line.dstLo());
        if (at >= 0) {
            fold.again(handles[at], line);
            return at;
        }
        return firstOfFlow(~at, keyHash, line);
    }

    /**
     * The first line of a flow new in this window of flowCap flows (its key just added at {@code at}; the window is
     * cleared when it holds flowCap flows, as a spilled table is).
     */
    private int firstOfFlow(int at, long keyHash, LogLine line) {
        distinctFlows.add(FlowTable.distinctHash(keyHash));
        handles[at] = fold.first(line);
        if (keys.size() >= flowCap) {
            keys.clear();
            window++;
        }
        return at;
    }

    /** An INFO-EVENTS-LOST record: a gap in the log, not a flow (a LOG_GAP finding, never an input problem). */
    private boolean eventsLost(byte[] b, int from, int to, Columns c, long lineNo, FirewallAction action) {
        long lost = c.info >= 0 ? Numbers.parse(b, fieldStart(c.info), fieldEnd(c.info)) : -1;
        stats.infoEventsLostLines++;
        stats.actionLines[action.ordinal()]++;
        if (lost > 0) stats.eventsLost += lost;
        if (lost >= 0) gapCounted = true;
        // a gap in the log, not a line that could not be read: a LOG_GAP finding, never an input problem
        String when = field(b, c.date) + " " + field(b, c.time);
        if (gapFirstTime == null) gapFirstTime = when;
        gapLastTime = when;
        if (gapEvidence.size() < dev.portolan.model.LogGap.MAX_EVIDENCE) {
            gapEvidence.add(Evidence.ofLine(file, lineNo, new String(b, from, to - from, StandardCharsets.UTF_8)));
        }
        if (c.hasPid()) stats.pidLines++;
        return true;
    }

    private static boolean sameHost(boolean aV6, long aHi, long aLo, boolean bV6, long bHi, long bLo) {
        return aV6 == bV6 && aHi == bHi && aLo == bLo || loopback(aV6, aHi, aLo) && loopback(bV6, bHi, bLo);
    }

    private static boolean loopback(boolean v6, long hi, long lo) {
        if (!v6) return (lo >>> 24) == 127;
        if (hi == 0 && lo == 1) return true;
        // ::ffff:127.x.y.z
        return hi == 0 && (lo >>> 32) == 0xFFFFL && ((lo >>> 24) & 0xFF) == 127;
    }

    /**
     * Hands the flows of the table to the spill and starts a new table: the reader's memory stays bounded by
     * {@code flowCap} flows. Flows of one 5-tuple may then come in several parts; their counts add up.
     */
    void spill() {
        if (table == null || table.size() == 0) return;
        spill.accept(table.copy());
        table.clear();
    }

    /**
     * This parser reads no more lines: with a fold, it lets go of what only reading needs (the window of recent flows,
     * the line caches), keeping what is handed on (counts, problems, the fold). A read in pieces keeps every piece's
     * parser to the end, and there may be several a thread (see {@link ChunkedRead}).
     */
    void finished() {
        if (fold == null) return;
        keys = null;
        handles = null;
        recent = null;
        tails = null;
        repeated = null;
        lastEntry = null;
    }

    /**
     * Hands the folds' lines over for good (see {@link LogLineFold#done()}), each fold once: the parsers of one thread
     * may share one ({@link ChunkedRead}).
     */
    static void foldsDone(List<LineParser> parsers) {
        java.util.Set<LogLineFold> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (LineParser p : parsers) {
            if (p.fold != null && done.add(p.fold)) p.fold.done();
        }
    }

    /**
     * A flow logged both as SEND and as RECEIVE never left the host (loopback, or the host's own
     * multicast looped back): LOCAL. Must match {@link Flow#merge}.
     */
    static Direction combine(Direction known, Direction seen) {
        if (known == Direction.UNKNOWN) return seen;
        if (seen == Direction.UNKNOWN || known == seen) return known;
        return Direction.LOCAL;
    }

    private static FirewallAction action(byte[] b, int s, int e) {
        switch (e - s) {
            case 4:
                if (b[s] == 'D' && b[s + 1] == 'R' && b[s + 2] == 'O' && b[s + 3] == 'P') return FirewallAction.DROP;
                if (b[s] == 'O' && b[s + 1] == 'P' && b[s + 2] == 'E' && b[s + 3] == 'N') return FirewallAction.OPEN;
                break;
            case 5:
                if (b[s] == 'A' && b[s + 1] == 'L' && b[s + 2] == 'L' && b[s + 3] == 'O' && b[s + 4] == 'W') return FirewallAction.ALLOW;
                if (b[s] == 'C' && b[s + 1] == 'L' && b[s + 2] == 'O' && b[s + 3] == 'S' && b[s + 4] == 'E') return FirewallAction.CLOSE;
                break;
            default:
                break;
        }
        String word = new String(b, s, e - s, StandardCharsets.US_ASCII);
        FirewallAction a = FirewallAction.parse(word);
        if (a != FirewallAction.OTHER) return a;
        // an action word a newer Windows may add: keep the record, counted as OTHER
        for (int i = s; i < e; i++) {
            if (!(b[i] >= 'A' && b[i] <= 'Z' || b[i] == '-')) return null;
        }
        return FirewallAction.OTHER;
    }

    /** 6, 17, 1, 58 or the logged number; -1 when unrecognised. */
    private static int protocolNumber(byte[] b, int s, int e) {
        int len = e - s;
        if (len == 3) {
            int c0 = b[s] | 0x20;
            int c1 = b[s + 1] | 0x20;
            int c2 = b[s + 2] | 0x20;
            if (c0 == 't' && c1 == 'c' && c2 == 'p') return 6;
            if (c0 == 'u' && c1 == 'd' && c2 == 'p') return 17;
        }
        if ((len == 4 || len == 6) && (b[s] | 0x20) == 'i' && (b[s + 1] | 0x20) == 'c' && (b[s + 2] | 0x20) == 'm'
                && (b[s + 3] | 0x20) == 'p') {
            if (len == 4) return 1;
            if ((b[s + 4] | 0x20) == 'v' && b[s + 5] == '6') return 58;
        }
        long n = Numbers.parse(b, s, e);
        return n >= 0 && n <= 255 ? (int) n : -1;
    }

    private static Direction direction(byte[] b, int s, int e) {
        switch (e - s) {
            case 4: return b[s] == 'S' ? Direction.OUTBOUND : Direction.UNKNOWN;
            case 7: return b[s] == 'R' ? Direction.INBOUND : (b[s] == 'F' ? Direction.FORWARD : Direction.UNKNOWN);
            default: return Direction.UNKNOWN;
        }
    }

    /** The number in column {@code col}; 0 for '-' or a missing column; -1 when bad or above max. */
    private int optionalNumber(byte[] b, int col, int max) {
        if (col < 0 || isDash(b, col)) return 0;
        long n = Numbers.parse(b, fieldStart(col), fieldEnd(col));
        return n >= 0 && n <= max ? (int) n : -1;
    }

    private boolean isDash(byte[] b, int col) {
        return fieldEnd(col) - fieldStart(col) == 1 && b[fieldStart(col)] == '-';
    }

    private String field(byte[] b, int col) {
        return Escapes.text(b, fieldStart(col), fieldEnd(col), 0, 60);
    }

    /** A dotted quad with digits hidden ("172.xx.xx.xxx", "10.0.0.*"), or a word put where the address was. */
    private static final java.util.regex.Pattern MASKED = java.util.regex.Pattern.compile(
            "[0-9xX*#?]{1,3}(\\.[0-9xX*#?]{1,3}){3}|[\\[<({]?[A-Za-z _-]*(redact|hidden|masked|anonymi)[A-Za-z _-]*[\\]>)}]?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** "invalid source address '…'", saying so when the address was masked before the log was shared (a rejected line only). */
    private static String badAddress(String side, String text) {
        String message = "invalid " + side + " address '" + text + "'";
        if (MASKED.matcher(text).matches() && !text.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch))) {
            message += " (masked: the log's addresses were hidden before it was shared; portolan needs them as logged)";
        }
        return message;
    }

    private static String fieldCount(int n) {
        return n > MAX_FIELDS ? "more than " + MAX_FIELDS : Integer.toString(n);
    }

    /**
     * Whether the line at {@code b[from, to)} is the file's first and the rest of a record: no date where a record's is,
     * fewer fields than a record has ({@code fewer}), and only what a record's fields hold. A log cut at a byte offset
     * (a tail taken with {@code tail -c}, a piece of a file split by size) starts so.
     */
    private boolean restOfRecord(long lineNo, byte[] b, int from, int to, int n, boolean fewer) {
        return lineNo == 1 && fewer && n > 0 && !dated(b, fieldStart(0), to) && recordFields(b, fieldStart(0), fieldEnd(n - 1));
    }

    private static String startsInside(int n) {
        return "the file starts inside a record: its first line holds the last " + n + " field(s) of one (a log cut at a byte"
                + " offset, as tail -c or a split by size leaves it); read on from the next line";
    }

    private boolean reject(long lineNo, byte[] b, int from, int to, String message) {
        problem(lineNo, b, from, to, 0, message);
        return false;
    }

    private void problem(long lineNo, byte[] b, int from, int to, long droppedNuls, String message) {
        problemCount++;
        if (problems.size() < ReadResult.MAX_PROBLEMS) {
            problems.add(new InputProblem(Evidence.ofLine(file, lineNo, Escapes.text(b, from, to, droppedNuls, 300)), message));
        }
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b[from + i] | 0x20) != (prefix[i] | 0x20)) return false;
        }
        return true;
    }
}
