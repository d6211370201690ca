package dev.portolan.ingest;

import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.LogGap;
import dev.portolan.model.CapturedFlowNumbers;
import dev.portolan.model.LoggedFlowNumbers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything one input file yielded, collected in memory: for tests and library callers that want a small
 * file's observations as lists. Audits do not use it; they stream (see {@link ObservationSink}). At most
 * {@link #MAX_PROBLEMS} problems are kept, the rest only counted ({@link #problemCount()}).
 */
public final class ReadResult {
    public static final int MAX_PROBLEMS = 1000;

    private final FileSummary summary;
    private final List<Listener> listeners;
    private final List<Connection> connections;
    private final List<Flow> flows;
    private final List<InputProblem> problems;

    private ReadResult(FileSummary summary, Collector c) {
        this(summary, c.listeners, c.connections, c.flows(), c.problems);
    }

    /** A result put together by hand (tests, or a part of another result). */
    public ReadResult(FileSummary summary, List<Listener> listeners, List<Connection> connections, List<Flow> flows,
                      List<InputProblem> problems) {
        this.summary = summary;
        this.listeners = Collections.unmodifiableList(listeners);
        this.connections = Collections.unmodifiableList(connections);
        // a reader's flow table (and a concatenation of lists) is a read-only view already: kept as it is, so a writer
        // can see that it hands out its flows' numbers (LoggedFlowNumbers, CapturedFlowNumbers)
        this.flows = flows instanceof LoggedFlowNumbers || flows instanceof CapturedFlowNumbers || flows instanceof Concatenation
                ? flows : Collections.unmodifiableList(flows);
        this.problems = Collections.unmodifiableList(problems);
    }

    /** Reads {@code source} with {@code reader} and keeps what it pushed. */
    public static ReadResult collect(InputReader reader, Source source) throws IOException {
        Collector c = new Collector();
        return c.result(reader.read(source, c));
    }

    /** Keeps what a reader pushes; {@link #result} pairs it with the reader's summary. */
    public static final class Collector implements ObservationSink {
        private final List<Listener> listeners = new ArrayList<>();
        private final List<Connection> connections = new ArrayList<>();
        /** The flows pushed one by one or in batches since the last whole table. */
        private List<Flow> flows = new ArrayList<>();
        /** Whole flow tables kept as they came, with the flows pushed between them, in order. */
        private final List<List<Flow>> parts = new ArrayList<>();
        private final List<InputProblem> problems = new ArrayList<>();

        @Override
        public void listener(Listener l) { listeners.add(l); }
        @Override
        public void connection(Connection c) { connections.add(c); }
        @Override
        public synchronized void flow(Flow f) { flows.add(f); }
        /** Kept as it is: a firewall log's table makes each flow only when it is got. */
        @Override
        public synchronized void flowTable(List<Flow> table) {
            if (!flows.isEmpty()) parts.add(flows);
            parts.add(table);
            flows = new ArrayList<>();
        }

        private synchronized List<Flow> flows() {
            if (parts.isEmpty()) return flows;
            List<List<Flow>> all = new ArrayList<>(parts);
            if (!flows.isEmpty()) all.add(flows);
            return all.size() == 1 ? all.get(0) : new Concatenation<>(all);
        }
        @Override
        public void problem(InputProblem p) { if (problems.size() < MAX_PROBLEMS) problems.add(p); }

        public ReadResult result(FileSummary summary) {
            return new ReadResult(summary, this);
        }
    }

    public FileSummary summary() { return summary; }
    public Source source() { return summary.source(); }
    public InputFormat format() { return summary.format(); }
    /** Finer format name, e.g. "windows-netstat", "ss", "linux-netstat", "bsd-netstat", "pfirewall", "pcap-ns-be". */
    public String variant() { return summary.variant(); }
    public String hostName() { return summary.hostName(); }
    public List<Listener> listeners() { return listeners; }
    public List<Connection> connections() { return connections; }
    public List<Flow> flows() { return flows; }
    /** The first {@link #MAX_PROBLEMS} problems. */
    public List<InputProblem> problems() { return problems; }
    /** All problems, including those not kept. */
    public long problemCount() { return summary.problems(); }
    public long records() { return summary.records(); }
    public long bytesRead() { return summary.bytes(); }
    public List<String> notes() { return summary.notes(); }
    /** Where the log says events are missing, or null. */
    public LogGap logGap() { return summary.logGap(); }
    /** Why the file was passed over, or null when it was read. */
    public String skippedReason() { return summary.skippedReason(); }
}
