package dev.portolan.ingest;

import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;

import java.util.ArrayList;
import java.util.List;

/**
 * One file being read: a reader pushes its observations through this (they go on to the downstream sink and
 * are counted) and states what it learnt about the file; {@link #summary()} is the value the reader returns.
 * Local to one read; flows may come from several reading threads at once and are passed on as they come (so the
 * downstream sink's {@code flow}/{@code flows} must be thread-safe: a lock here would make the readers wait for each
 * other's aggregation), everything else from one.
 */
public final class FileReading implements ObservationSink {
    private final Source source;
    private final InputFormat format;
    private final ObservationSink sink;
    private String variant = "";
    private String hostName;
    private long records;
    private long bytes;
    private long listeners;
    private long connections;
    private final java.util.concurrent.atomic.LongAdder flows = new java.util.concurrent.atomic.LongAdder();
    /** The file's distinct flows as the reader counted them itself ({@link #distinctFlows}), or -1: the flows pushed. */
    private long distinctFlows = -1;
    private boolean flowsExact = true;
    private long problems;
    private final List<String> notes = new ArrayList<>();
    private dev.portolan.model.LogGap logGap;

    public FileReading(Source source, InputFormat format, ObservationSink sink) {
        this.source = source;
        this.format = format;
        this.sink = sink;
    }

    public Source source() { return source; }

    @Override
    public void listener(Listener l) {
        listeners++;
        sink.listener(l);
    }

    @Override
    public void connection(Connection c) {
        connections++;
        sink.connection(c);
    }

    @Override
    public void flow(Flow f) {
        if (!f.isContinuation()) flows.increment(); // a later part of a flow already counted
        sink.flow(f);
    }

    @Override
    public void flows(java.util.Collection<Flow> batch) {
        long n = 0;
        for (Flow f : batch) if (!f.isContinuation()) n++;
        flows.add(n);
        sink.flows(batch);
    }

    /** A whole flow table (see {@link ObservationSink#flowTable}): counted by its size, passed on as it is. */
    @Override
    public void flowTable(List<Flow> table) {
        flows.add(table.size());
        sink.flowTable(table);
    }

    /** The downstream sink's fold (see {@link ObservationSink#logLineFold()}). */
    @Override
    public LogLineFold logLineFold() {
        return sink.logLineFold();
    }

    /**
     * The file's distinct flows as the reader counted them itself, whatever it pushed (a reader that hands lines to a
     * {@link #logLineFold()}, or pushes a flow in several parts it cannot all mark as continuations): {@code exact} false
     * when the number is an estimate.
     */
    public void distinctFlows(long n, boolean exact) {
        distinctFlows = n;
        flowsExact = exact;
    }

    /** The flows pushed may count a flow more than once (a bounded reader forgot it between two parts): not exact. */
    public void flowsMayBeCountedTwice() {
        flowsExact = false;
    }

    @Override
    public void problem(InputProblem p) {
        problems++;
        sink.problem(p);
    }

    /** Same as {@link #problem}. */
    public void addProblem(InputProblem p) { problem(p); }

    /** Problems the reader counted but did not keep (past its own bound); they count in the summary. */
    public void moreProblems(long n) { problems += n; }

    /** A remark about the whole file (e.g. "no #Fields header: assumed the standard layout"). */
    public void addNote(String note) { notes.add(note); }
    public void setVariant(String v) { variant = v; }
    public void setHostName(String h) { hostName = h; }
    /** Records read: text lines, log lines or packets. */
    public void setRecords(long n) { records = n; }
    public void setBytesRead(long n) { bytes = n; }
    /** The log says events are missing (INFO-EVENTS-LOST), summed for this file. */
    public void setLogGap(dev.portolan.model.LogGap gap) { logGap = gap; }

    public FileSummary summary() {
        return new FileSummary(source, format, variant, hostName, records, bytes, listeners, connections,
                distinctFlows >= 0 ? distinctFlows : flows.sum(), problems, notes, null, logGap, flowsExact);
    }
}
