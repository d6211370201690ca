package dev.portolan.ingest;

import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.LogGap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Everything one input file yielded. Memory is bounded by distinct listeners/flows: at most
 * {@link #MAX_PROBLEMS} problems are kept, the rest only counted ({@link #problemCount()}).
 * {@code hostName} is a host name the input itself reveals (e.g. "quail" in {@code quail:135}), or null.
 */
public final class ReadResult {
    public static final int MAX_PROBLEMS = 1000;

    private final Source source;
    private final InputFormat format;
    private String variant = "";
    private String hostName;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    private final List<InputProblem> problems = new ArrayList<>();
    private long problemCount;
    private long records;
    private long bytesRead;
    private final List<String> notes = new ArrayList<>();
    private String skippedReason;
    private LogGap logGap;

    public ReadResult(Source source, InputFormat format) {
        this.source = source;
        this.format = format;
    }

    public void addListener(Listener l) { listeners.add(l); }
    public void addConnection(Connection c) { connections.add(c); }
    public void addFlows(Collection<Flow> fs) { flows.addAll(fs); }
    public void addFlow(Flow f) { flows.add(f); }

    public void addProblem(InputProblem p) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) problems.add(p);
    }

    /** A remark about the whole file (e.g. "no #Fields header: assumed the standard layout"). */
    public void addNote(String note) { notes.add(note); }
    public void setVariant(String variant) { this.variant = variant; }
    /** Marks a file that was passed over (not an input, met while walking a folder), with why. */
    public void setSkipped(String reason) { this.skippedReason = reason; }
    public void setHostName(String hostName) { this.hostName = hostName; }
    /** The log says events are missing (INFO-EVENTS-LOST), summed for this file. */
    public void setLogGap(LogGap gap) { this.logGap = gap; }
    /** Counts a record read: a text line, a log line or a packet. */
    public void setRecords(long records) { this.records = records; }
    public void setBytesRead(long bytes) { this.bytesRead = bytes; }

    public Source source() { return source; }
    public InputFormat format() { return format; }
    /** Finer format name, e.g. "windows-netstat", "ss", "linux-netstat", "bsd-netstat", "pfirewall", "pcap-ns-be". */
    public String variant() { return variant; }
    public String hostName() { return hostName; }
    public List<Listener> listeners() { return Collections.unmodifiableList(listeners); }
    public List<Connection> connections() { return Collections.unmodifiableList(connections); }
    public List<Flow> flows() { return Collections.unmodifiableList(flows); }
    /** The first {@link #MAX_PROBLEMS} problems. */
    public List<InputProblem> problems() { return Collections.unmodifiableList(problems); }
    /** All problems, including those not kept. */
    public long problemCount() { return problemCount; }
    public long records() { return records; }
    public long bytesRead() { return bytesRead; }
    public List<String> notes() { return Collections.unmodifiableList(notes); }
    /** Why the file was passed over, or null when it was read. */
    public String skippedReason() { return skippedReason; }
    /** Where the log says it is incomplete, or null when it does not. */
    public LogGap logGap() { return logGap; }
}
