package dev.portolan.ingest.firewall;

import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.IpAddress;
import dev.portolan.model.LoggedFlowNumbers;
import dev.portolan.model.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The flows of one stretch of a firewall log, one per key (5-tuple, action, direction: see {@link LineParser}), in
 * primitive arrays: the key in a {@link FlowTable}, then per flow five ints — its first and last time (seconds from
 * the table's first line's time: a firewall log's times are whole seconds), its line count, its bytes, and where its
 * evidence is (its only line's number, or the overflow slot of its first {@link Flow#MAX_EVIDENCE} line numbers). No
 * object per flow: a {@link Flow} is made only when one is asked for ({@link #flow}), from these numbers. About 50
 * bytes per flow with the key index, against some 400 for a Flow with its evidence, address strings and map entry: the
 * generated 5,000,000-line log's table fits in a quarter of a GB, and the collector has next to nothing to trace. A
 * flow whose numbers outgrow an int (a time more than 68 years from the first, over 2^31 lines or bytes, a line number
 * past 2^31) moves to a wide record of longs, as exact as the rest.
 *
 * <p>Without {@code texts} the lines' text is not kept (a flow table such as {@code portolan flows} prints where
 * evidence is, never what it says): the flows' evidence then names the file and line with an empty text.
 * Filled by one thread; {@link #absorb} may run on several threads for distinct flows.
 */
final class LogFlows {
    private static final int PAGE_BITS = FlowTable.PAGE_BITS;
    private static final int PAGE = FlowTable.PAGE;
    /** Per flow in {@link #records}: first time, last time, lines (or {@code -1 - wide index}), bytes, evidence. */
    private static final int STRIDE = 5;
    private static final int FIRST = 0;
    private static final int LAST = 1;
    private static final int LINES = 2;
    private static final int BYTES = 3;
    /** The only line's number while the flow has one line; from its second, its overflow slot. */
    private static final int EVIDENCE = 4;
    /** Per wide flow: first and last time (epoch seconds), lines, bytes, evidence (as {@link #EVIDENCE}). */
    private static final int WIDE_STRIDE = 5;
    /** Evidence line numbers per overflow slot: a flow's first {@link Flow#MAX_EVIDENCE} lines. */
    private static final int KEPT = Flow.MAX_EVIDENCE;
    private static final FirewallAction[] ACTIONS = FirewallAction.values();
    private static final Direction[] DIRECTIONS = Direction.values();

    private final String file;
    private final boolean texts;
    private final FlowTable keys = new FlowTable();
    private int[][] records = new int[1][];
    /** The epoch second flows' times count from: the table's first line's. */
    private long base;
    private boolean baseSet;
    private long[][] widePages = new long[1][];
    private int wideSize;
    private String[][] firstTexts = new String[1][];
    private long[] moreLines = new long[KEPT * 4];
    /** Texts of the overflow slots' lines (its first unused: the first line's text is in {@link #firstTexts}). */
    private String[] moreTexts;
    private int moreSlots;
    /** Lines waiting to be counted (key, time, size, line number: {@link #LINE} longs each), or null: counted at once. */
    private final long[] waiting;
    private final int[] hashes;
    private final long[] keyHashes;
    private int waitingLines;
    /** Counts each flow new to this table (its {@link FlowTable#distinctHash}), or null. */
    private dev.portolan.model.DistinctCount distinct;
    /** Lines counted together (see {@link #line}). */
    private static final int BATCH = 16;
    private static final int LINE = 8;

    LogFlows(String file, boolean texts) {
        this(file, texts, false);
    }

    /**
     * @param inBatches count lines 16 at a time (only without texts): a big log's key index is far larger than the
     *                  cache, and a new flow's look-up is a cache miss; the misses of a batch's look-ups overlap
     *                  ({@link FlowTable#touch}) instead of coming one after the other. Nothing counted is seen
     *                  before {@link #size}, {@link #flows}, {@link #copy}, {@link #clear} or {@link #drain}.
     */
    LogFlows(String file, boolean texts, boolean inBatches) {
        if (inBatches && texts) throw new IllegalArgumentException("lines with their text are counted at once");
        this.file = file;
        this.texts = texts;
        this.moreTexts = texts ? new String[KEPT * 4] : null;
        this.waiting = inBatches ? new long[BATCH * LINE] : null;
        this.hashes = inBatches ? new int[BATCH] : null;
        this.keyHashes = inBatches ? new long[BATCH] : null;
    }

    /**
     * Counts one record line into its flow (made if new). {@code second}: its time, seconds since the epoch;
     * {@code b[from, to)} is the line's text.
     */
    void line(long k0, long k1, long k2, long k3, long k4, long second, long size, long lineNo, byte[] b, int from, int to) {
        if (waiting == null) {
            count(FlowTable.keyHash(k0, k1, k2, k3, k4), k0, k1, k2, k3, k4, second, size, lineNo, b, from, to);
            return;
        }
        long[] w = waiting;
        int o = waitingLines * LINE;
        w[o] = k0;
        w[o + 1] = k1;
        w[o + 2] = k2;
        w[o + 3] = k3;
        w[o + 4] = k4;
        w[o + 5] = second;
        w[o + 6] = size;
        w[o + 7] = lineNo;
        if (++waitingLines == BATCH) drain();
    }

    /** Counts the lines still waiting (in their order). The thread that fills the table calls it, or one after it. */
    void drain() {
        int n = waitingLines;
        if (n == 0) return;
        waitingLines = 0;
        long[] w = waiting;
        for (int i = 0; i < n; i++) {
            int o = i * LINE;
            keyHashes[i] = FlowTable.keyHash(w[o], w[o + 1], w[o + 2], w[o + 3], w[o + 4]);
            hashes[i] = (int) keyHashes[i];
        }
        keys.touch(hashes, n);
        for (int i = 0; i < n; i++) {
            int o = i * LINE;
            count(keyHashes[i], w[o], w[o + 1], w[o + 2], w[o + 3], w[o + 4], w[o + 5], w[o + 6], w[o + 7], null, 0, 0);
        }
    }

    /** {@code keyHash}: the key's {@link FlowTable#keyHash}, made once for the look-up and the distinct count. */
    private void count(long keyHash, long k0, long k1, long k2, long k3, long k4, long second, long size, long lineNo,
                       byte[] b, int from, int to) {
        if (!baseSet) {
            base = second;
            baseSet = true;
        }
        long t = second - base;
        int r = keys.indexOrAdd((int) keyHash, k0, k1, k2, k3, k4);
        if (r < 0) {
            if (distinct != null) distinct.add(FlowTable.distinctHash(keyHash));
            int i = ~r;
            int p = i >>> PAGE_BITS;
            if (p == records.length) grow();
            if (records[p] == null) newPage(p);
            int[] s = records[p];
            int o = (i & (PAGE - 1)) * STRIDE;
            if (t == (int) t && size == (int) size && lineNo == (int) lineNo) {
                s[o + FIRST] = (int) t;
                s[o + LAST] = (int) t;
                s[o + LINES] = 1;
                s[o + BYTES] = (int) size;
                s[o + EVIDENCE] = (int) lineNo;
            } else {
                s[o + LINES] = -1 - newWide(second, second, 1, size, lineNo);
            }
            if (texts) firstTexts[p][i & (PAGE - 1)] = new String(b, from, to - from, StandardCharsets.UTF_8);
            return;
        }
        int[] s = records[r >>> PAGE_BITS];
        int o = (r & (PAGE - 1)) * STRIDE;
        int lines = s[o + LINES];
        long bytes = s[o + BYTES] + size;
        if (lines >= 0 && t == (int) t && bytes == (int) bytes && lines != Integer.MAX_VALUE) {
            if (t < s[o + FIRST]) s[o + FIRST] = (int) t;
            if (t > s[o + LAST]) s[o + LAST] = (int) t;
            s[o + LINES] = lines + 1;
            s[o + BYTES] = (int) bytes;
        } else {
            long[] w = wide(r);
            int q = wideOffset(r);
            lines = (int) Math.min(w[q + 2], Flow.MAX_EVIDENCE);
            add(w, q, second, second, 1, size);
        }
        if (lines < Flow.MAX_EVIDENCE) {
            keep(r, lines, lineNo, texts ? new String(b, from, to - from, StandardCharsets.UTF_8) : null);
        }
    }

    /** Adds a part's numbers to wide record {@code w[q ...]}. */
    private static void add(long[] w, int q, long first, long last, long lines, long bytes) {
        if (first < w[q]) w[q] = first;
        if (last > w[q + 1]) w[q + 1] = last;
        w[q + 2] += lines;
        w[q + 3] += bytes;
    }

    /** A new wide record; its index. Several threads may call it (see {@link #absorb}). */
    private synchronized int newWide(long first, long last, long lines, long bytes, long evidence) {
        int p = wideSize >>> PAGE_BITS;
        if (p == widePages.length) widePages = Arrays.copyOf(widePages, p * 2);
        if (widePages[p] == null) widePages[p] = new long[PAGE * WIDE_STRIDE];
        long[] w = widePages[p];
        int q = (wideSize & (PAGE - 1)) * WIDE_STRIDE;
        w[q] = first;
        w[q + 1] = last;
        w[q + 2] = lines;
        w[q + 3] = bytes;
        w[q + 4] = evidence;
        return wideSize++;
    }

    /** The wide record page of flow {@code i}, which is made wide now if it is not yet. */
    private long[] wide(int i) {
        int[] s = records[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        int lines = s[o + LINES];
        if (lines < 0) return widePages[(-1 - lines) >>> PAGE_BITS];
        int w = newWide(base + s[o + FIRST], base + s[o + LAST], lines, s[o + BYTES], s[o + EVIDENCE]);
        s[o + LINES] = -1 - w;
        return widePages[w >>> PAGE_BITS];
    }

    /** Where flow {@code i}'s wide record starts in its page (the flow is wide). */
    private int wideOffset(int i) {
        int w = -1 - records[i >>> PAGE_BITS][(i & (PAGE - 1)) * STRIDE + LINES];
        return (w & (PAGE - 1)) * WIDE_STRIDE;
    }

    /** Flow {@code i}'s {@code field} (FIRST and LAST as epoch seconds), narrow or wide. */
    private long number(int i, int field) {
        int[] s = records[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        int lines = s[o + LINES];
        if (lines < 0) {
            int w = -1 - lines;
            return widePages[w >>> PAGE_BITS][(w & (PAGE - 1)) * WIDE_STRIDE + field];
        }
        int v = s[o + field];
        return field == FIRST || field == LAST ? base + v : v;
    }

    private void grow() {
        int n = records.length * 2;
        records = Arrays.copyOf(records, n);
        firstTexts = Arrays.copyOf(firstTexts, n);
    }

    private void newPage(int p) {
        records[p] = new int[PAGE * STRIDE];
        if (texts) firstTexts[p] = new String[PAGE];
    }

    /**
     * Keeps the {@code k}-th evidence line (1 to MAX_EVIDENCE - 1) of flow {@code i}; its second (k = 1) gives it an
     * overflow slot, which takes over its first line's number.
     */
    private void keep(int i, int k, long lineNo, String text) {
        int[] s = records[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        boolean wide = s[o + LINES] < 0;
        long[] w = wide ? wide(i) : null;
        int q = wide ? wideOffset(i) : 0;
        if (k == 1) {
            if ((moreSlots + 1) * KEPT > moreLines.length) {
                moreLines = Arrays.copyOf(moreLines, moreLines.length * 2);
                if (texts) moreTexts = Arrays.copyOf(moreTexts, moreTexts.length * 2);
            }
            int slot = moreSlots++;
            moreLines[slot * KEPT] = wide ? w[q + 4] : s[o + EVIDENCE];
            if (wide) w[q + 4] = slot;
            else s[o + EVIDENCE] = slot;
        }
        int at = (int) (wide ? w[q + 4] : s[o + EVIDENCE]) * KEPT + k;
        moreLines[at] = lineNo;
        if (texts) moreTexts[at] = text;
    }

    /**
     * From now on each flow new to this table is added to {@code count} as well: a table that is cleared when full
     * (see {@link LineParser#spill}) sees a flow again as new, and the count does not.
     */
    void countDistinct(dev.portolan.model.DistinctCount count) {
        distinct = count;
    }

    int size() {
        drain();
        return keys.size();
    }

    /** Forgets every flow, keeping the memory for the next ones. */
    void clear() {
        waitingLines = 0;
        keys.clear();
        moreSlots = 0;
        wideSize = 0;
        baseSet = false;
        if (texts) {
            for (String[] page : firstTexts) if (page != null) Arrays.fill(page, null);
            Arrays.fill(moreTexts, null);
        }
    }

    /** The number of slots of the key index: see {@link FlowTable#matches}. */
    int slotCount() {
        return keys.slotCount();
    }

    /** The flows of {@code later} indexed in its slots {@code [from, to)} that this table has too: see {@link FlowTable#matches}. */
    void matches(LogFlows later, int from, int to, boolean[] skip, FlowTable.Match found) {
        keys.matches(later.keys, from, to, skip, found);
    }

    /**
     * Adds {@code later}'s flow {@code j} (the same key, from a later stretch of the same file) to flow {@code i}:
     * counts and times add up, evidence lines follow this flow's, up to {@link Flow#MAX_EVIDENCE} (as
     * {@link Flow#merge} does). Threads may absorb into distinct flows at once.
     */
    void absorb(int i, LogFlows later, int j) {
        long first = later.number(j, FIRST);
        long last = later.number(j, LAST);
        long lines = later.number(j, LINES);
        long bytes = later.number(j, BYTES);
        int[] s = records[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STRIDE;
        int before = s[o + LINES];
        long f = first - base;
        long l = last - base;
        long sumLines = before + lines;
        long sumBytes = s[o + BYTES] + bytes;
        if (before >= 0 && f == (int) f && l == (int) l && sumLines == (int) sumLines && sumBytes == (int) sumBytes) {
            if (f < s[o + FIRST]) s[o + FIRST] = (int) f;
            if (l > s[o + LAST]) s[o + LAST] = (int) l;
            s[o + LINES] = (int) sumLines;
            s[o + BYTES] = (int) sumBytes;
        } else {
            long[] w = wide(i);
            int q = wideOffset(i);
            before = (int) Math.min(w[q + 2], Flow.MAX_EVIDENCE);
            add(w, q, first, last, lines, bytes);
        }
        if (before < Flow.MAX_EVIDENCE) keepFrom(i, before, later, j, (int) Math.min(lines, Flow.MAX_EVIDENCE));
    }

    /** The overflow slots are shared by all flows of this table: one thread at a time makes and fills them. */
    private synchronized void keepFrom(int i, int kept, LogFlows later, int j, int laterKept) {
        for (int k = 0; k < laterKept && kept + k < Flow.MAX_EVIDENCE; k++) {
            keep(i, kept + k, later.evidenceLine(j, k), texts ? later.evidenceText(j, k) : null);
        }
    }

    /** Where flow {@code i}'s evidence is: its only line's number, or (more than one line) its overflow slot. */
    private long evidence(int i) {
        return number(i, EVIDENCE);
    }

    private long evidenceLine(int i, int k) {
        if (number(i, LINES) == 1) return evidence(i);
        return moreLines[(int) evidence(i) * KEPT + k];
    }

    private String evidenceText(int i, int k) {
        if (!texts) return "";
        if (k == 0) return firstTexts[i >>> PAGE_BITS][i & (PAGE - 1)];
        return moreTexts[(int) evidence(i) * KEPT + k];
    }

    /** Flow {@code i} as a {@link Flow} (a new object each call). Safe from many threads once the table is complete. */
    Flow flow(int i) {
        long k0 = keys.key(i, 0);
        int ipProtocol = (int) (k0 >>> 40) & 0xFF;
        boolean srcV6 = (k0 & (1L << 49)) != 0;
        boolean dstV6 = (k0 & (1L << 50)) != 0;
        Flow f = new Flow(Protocol.ofLoggedNumber(ipProtocol), ipProtocol, IpAddress.format(srcV6, keys.key(i, 1), keys.key(i, 2)),
                (int) (k0 >>> 16) & 0xFFFF, IpAddress.format(dstV6, keys.key(i, 3), keys.key(i, 4)), (int) k0 & 0xFFFF,
                Initiator.LOGGED);
        f.setDirection(DIRECTIONS[(int) (k0 >>> 58)]);
        long lines = number(i, LINES);
        int kept = (int) Math.min(lines, Flow.MAX_EVIDENCE);
        List<Evidence> evidence = new ArrayList<>(kept);
        for (int k = 0; k < kept; k++) evidence.add(Evidence.ofLine(file, evidenceLine(i, k), evidenceText(i, k)));
        f.addLogLines(ACTIONS[(int) (k0 >>> 52) & 0x3F], lines, number(i, BYTES), number(i, FIRST) * 1_000_000L,
                number(i, LAST) * 1_000_000L, evidence);
        return f;
    }

    /** Hands flow {@code i}'s numbers to {@code to} (those {@link #flow} makes the Flow of). Safe from many threads once complete. */
    <E extends Exception> void numbers(int i, LoggedFlowNumbers.Row<E> to) throws E {
        long k0 = keys.key(i, 0);
        long lines = number(i, LINES);
        long ev = evidence(i);
        to.flow(file, (int) (k0 >>> 40) & 0xFF, (k0 & (1L << 49)) != 0, keys.key(i, 1), keys.key(i, 2), (int) (k0 >>> 16) & 0xFFFF,
                (k0 & (1L << 50)) != 0, keys.key(i, 3), keys.key(i, 4), (int) k0 & 0xFFFF, number(i, FIRST) * 1_000_000L,
                number(i, LAST) * 1_000_000L, lines, number(i, BYTES), lines == 1 ? ev : moreLines[(int) ev * KEPT],
                moreLines, lines == 1 ? 0 : (int) ev * KEPT + 1);
    }

    /** Every flow in first-seen order, each made when it is got (a view; see {@link #flow}). */
    List<Flow> flows() {
        drain();
        return new View();
    }

    /** Every flow, made now (a table of a few thousand flows handed on before the table is cleared). */
    List<Flow> copy() {
        drain();
        List<Flow> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) out.add(flow(i));
        return out;
    }

    private final class View extends AbstractList<Flow> implements RandomAccess, LoggedFlowNumbers {
        @Override
        public <E extends Exception> void numbers(int index, LoggedFlowNumbers.Row<E> to) throws E {
            java.util.Objects.checkIndex(index, size());
            LogFlows.this.numbers(index, to);
        }

        @Override
        public Flow get(int index) {
            java.util.Objects.checkIndex(index, size());
            return flow(index);
        }

        @Override
        public int size() {
            return LogFlows.this.size();
        }
    }
}
