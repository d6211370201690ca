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
 * primitive arrays: the key in a {@link FlowTable}, then per flow its first and last time, line count and bytes, and
 * where its first {@link Flow#MAX_EVIDENCE} lines are. No object per flow: a {@link Flow} is made only when one is
 * asked for ({@link #flow}), from these numbers. About 90 bytes per flow plus the key index, against some 400 for a
 * Flow with its evidence, address strings and map entry: the generated 5,000,000-line log's table fits in a few
 * hundred MB, and the collector has next to nothing to trace.
 *
 * <p>Without {@code texts} the lines' text is not kept (a flow table such as {@code portolan flows} prints where
 * evidence is, never what it says): the flows' evidence then names the file and line with an empty text.
 * Filled by one thread; {@link #absorb} may run on several threads for distinct flows.
 */
final class LogFlows {
    private static final int PAGE_BITS = FlowTable.PAGE_BITS;
    private static final int PAGE = FlowTable.PAGE;
    /** first time, last time, lines, bytes. */
    private static final int STATS = 4;
    /** Evidence lines kept beyond a flow's first, in an overflow slot of this many. */
    private static final int MORE = Flow.MAX_EVIDENCE - 1;
    private static final FirewallAction[] ACTIONS = FirewallAction.values();
    private static final Direction[] DIRECTIONS = Direction.values();

    private final String file;
    private final boolean texts;
    private final FlowTable keys = new FlowTable();
    private long[][] stats = new long[1][];
    private long[][] firstLines = new long[1][];
    private String[][] firstTexts = new String[1][];
    /** Per flow: its overflow slot + 1, 0 = none (only flows of more than one line have one). */
    private int[][] more = new int[1][];
    private long[] moreLines = new long[MORE * 4];
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
        this.moreTexts = texts ? new String[MORE * 4] : null;
        this.waiting = inBatches ? new long[BATCH * LINE] : null;
        this.hashes = inBatches ? new int[BATCH] : null;
        this.keyHashes = inBatches ? new long[BATCH] : null;
    }

    /** Counts one record line into its flow (made if new). {@code b[from, to)} is the line's text. */
    void line(long k0, long k1, long k2, long k3, long k4, long micros, long size, long lineNo, byte[] b, int from, int to) {
        if (waiting == null) {
            count(FlowTable.keyHash(k0, k1, k2, k3, k4), k0, k1, k2, k3, k4, micros, size, lineNo, b, from, to);
            return;
        }
        long[] w = waiting;
        int o = waitingLines * LINE;
        w[o] = k0;
        w[o + 1] = k1;
        w[o + 2] = k2;
        w[o + 3] = k3;
        w[o + 4] = k4;
        w[o + 5] = micros;
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
    private void count(long keyHash, long k0, long k1, long k2, long k3, long k4, long micros, long size, long lineNo, byte[] b,
                       int from, int to) {
        int r = keys.indexOrAdd((int) keyHash, k0, k1, k2, k3, k4);
        if (r < 0) {
            if (distinct != null) distinct.add(FlowTable.distinctHash(keyHash));
            int i = ~r;
            int p = i >>> PAGE_BITS;
            if (p == stats.length) grow();
            if (stats[p] == null) newPage(p);
            int q = i & (PAGE - 1);
            long[] s = stats[p];
            int o = q * STATS;
            s[o] = micros;
            s[o + 1] = micros;
            s[o + 2] = 1;
            s[o + 3] = size;
            firstLines[p][q] = lineNo;
            if (texts) firstTexts[p][q] = new String(b, from, to - from, StandardCharsets.UTF_8);
            more[p][q] = 0;
            return;
        }
        long[] s = stats[r >>> PAGE_BITS];
        int o = (r & (PAGE - 1)) * STATS;
        if (micros < s[o]) s[o] = micros;
        if (micros > s[o + 1]) s[o + 1] = micros;
        long before = s[o + 2]++;
        s[o + 3] += size;
        if (before < Flow.MAX_EVIDENCE) {
            keep(r, (int) before, lineNo, texts ? new String(b, from, to - from, StandardCharsets.UTF_8) : null);
        }
    }

    private void grow() {
        int n = stats.length * 2;
        stats = Arrays.copyOf(stats, n);
        firstLines = Arrays.copyOf(firstLines, n);
        firstTexts = Arrays.copyOf(firstTexts, n);
        more = Arrays.copyOf(more, n);
    }

    private void newPage(int p) {
        stats[p] = new long[PAGE * STATS];
        firstLines[p] = new long[PAGE];
        if (texts) firstTexts[p] = new String[PAGE];
        more[p] = new int[PAGE];
    }

    /** Keeps the {@code k}-th evidence line (1 to MAX_EVIDENCE - 1) of flow {@code i}. */
    private void keep(int i, int k, long lineNo, String text) {
        int[] m = more[i >>> PAGE_BITS];
        int q = i & (PAGE - 1);
        if (m[q] == 0) {
            if ((moreSlots + 1) * MORE > moreLines.length) {
                moreLines = Arrays.copyOf(moreLines, moreLines.length * 2);
                if (texts) moreTexts = Arrays.copyOf(moreTexts, moreTexts.length * 2);
            }
            m[q] = ++moreSlots;
        }
        int at = (m[q] - 1) * MORE + k - 1;
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
        long[] s = stats[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STATS;
        long[] t = later.stats[j >>> PAGE_BITS];
        int u = (j & (PAGE - 1)) * STATS;
        if (t[u] < s[o]) s[o] = t[u];
        if (t[u + 1] > s[o + 1]) s[o + 1] = t[u + 1];
        long before = s[o + 2];
        s[o + 2] += t[u + 2];
        s[o + 3] += t[u + 3];
        if (before < Flow.MAX_EVIDENCE) keepFrom(i, (int) before, later, j, (int) Math.min(t[u + 2], Flow.MAX_EVIDENCE));
    }

    /** The overflow slots are shared by all flows of this table: one thread at a time makes and fills them. */
    private synchronized void keepFrom(int i, int kept, LogFlows later, int j, int laterKept) {
        for (int k = 0; k < laterKept && kept + k < Flow.MAX_EVIDENCE; k++) {
            keep(i, kept + k, later.evidenceLine(j, k), texts ? later.evidenceText(j, k) : null);
        }
    }

    private long evidenceLine(int i, int k) {
        if (k == 0) return firstLines[i >>> PAGE_BITS][i & (PAGE - 1)];
        return moreLines[(more[i >>> PAGE_BITS][i & (PAGE - 1)] - 1) * MORE + k - 1];
    }

    private String evidenceText(int i, int k) {
        if (!texts) return "";
        if (k == 0) return firstTexts[i >>> PAGE_BITS][i & (PAGE - 1)];
        return moreTexts[(more[i >>> PAGE_BITS][i & (PAGE - 1)] - 1) * MORE + k - 1];
    }

    /** Flow {@code i} as a {@link Flow} (a new object each call). Safe from many threads once the table is complete. */
    Flow flow(int i) {
        long k0 = keys.key(i, 0);
        int ipProtocol = (int) (k0 >>> 40) & 0xFF;
        boolean srcV6 = (k0 & (1L << 49)) != 0;
        boolean dstV6 = (k0 & (1L << 50)) != 0;
        Flow f = new Flow(Protocol.ofNumber(ipProtocol), ipProtocol, IpAddress.format(srcV6, keys.key(i, 1), keys.key(i, 2)),
                (int) (k0 >>> 16) & 0xFFFF, IpAddress.format(dstV6, keys.key(i, 3), keys.key(i, 4)), (int) k0 & 0xFFFF,
                Initiator.LOGGED);
        f.setDirection(DIRECTIONS[(int) (k0 >>> 58)]);
        long[] s = stats[i >>> PAGE_BITS];
        int o = (i & (PAGE - 1)) * STATS;
        long lines = s[o + 2];
        int kept = (int) Math.min(lines, Flow.MAX_EVIDENCE);
        List<Evidence> evidence = new ArrayList<>(kept);
        for (int k = 0; k < kept; k++) evidence.add(Evidence.ofLine(file, evidenceLine(i, k), evidenceText(i, k)));
        f.addLogLines(ACTIONS[(int) (k0 >>> 52) & 0x3F], lines, s[o + 3], s[o], s[o + 1], evidence);
        return f;
    }

    /** Hands flow {@code i}'s numbers to {@code to} (those {@link #flow} makes the Flow of). Safe from many threads once complete. */
    <E extends Exception> void numbers(int i, LoggedFlowNumbers.Row<E> to) throws E {
        int p = i >>> PAGE_BITS;
        int q = i & (PAGE - 1);
        long k0 = keys.key(i, 0);
        long[] s = stats[p];
        int o = q * STATS;
        to.flow(file, (int) (k0 >>> 40) & 0xFF, (k0 & (1L << 49)) != 0, keys.key(i, 1), keys.key(i, 2), (int) (k0 >>> 16) & 0xFFFF,
                (k0 & (1L << 50)) != 0, keys.key(i, 3), keys.key(i, 4), (int) k0 & 0xFFFF, s[o], s[o + 1], s[o + 2], s[o + 3],
                firstLines[p][q], moreLines, s[o + 2] > 1 ? (more[p][q] - 1) * MORE : 0);
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
