package dev.portolan.ingest;

import java.util.List;

/**
 * What reading one input file amounted to, besides the observations it pushed: its format and finer variant
 * ("windows-netstat", "ss", "pfirewall-pid", "pcap-ns-be" ...), a host name the file itself reveals (e.g.
 * "quail" in {@code quail:135}; null when none), records read (text lines, log lines or packets), bytes read,
 * how many listeners, connection rows, flows and problems it yielded, remarks about the whole file, and why it
 * was passed over (null when it was read), and where a log says events are missing (null when it does not).
 * {@code flowsExact} is false when {@code flows} is an estimate (a big firewall log's distinct flows, counted in bounded
 * memory: see {@link dev.portolan.model.DistinctCount}).
 */
public record FileSummary(Source source, InputFormat format, String variant, String hostName, long records, long bytes,
                          long listeners, long connections, long flows, long problems, List<String> notes,
                          String skippedReason, dev.portolan.model.LogGap logGap, boolean flowsExact) {

    public FileSummary {
        variant = variant == null ? "" : variant;
        notes = List.copyOf(notes);
    }

    /** With its flows counted exactly. */
    public FileSummary(Source source, InputFormat format, String variant, String hostName, long records, long bytes,
                       long listeners, long connections, long flows, long problems, List<String> notes,
                       String skippedReason, dev.portolan.model.LogGap logGap) {
        this(source, format, variant, hostName, records, bytes, listeners, connections, flows, problems, notes, skippedReason,
                logGap, true);
    }

    /** A file read with nothing to say beyond its format (tests, hand-made results). */
    public static FileSummary of(Source source, InputFormat format, String variant) {
        return new FileSummary(source, format, variant, null, 0, 0, 0, 0, 0, 0, List.of(), null, null);
    }

    /** A file passed over without reading it (met while walking a folder, not an input), with why. */
    public static FileSummary skipped(Source source, String reason) {
        return new FileSummary(source, InputFormat.UNKNOWN, "", null, 0, 0, 0, 0, 0, 0, List.of(), reason, null);
    }

    /** A file that only names the host ({@link HostnameFile}): passed over as no input, its name kept. */
    public static FileSummary naming(Source source, String hostName) {
        return new FileSummary(source, InputFormat.UNKNOWN, "", hostName, 0, 0, 0, 0, 0, 0, List.of(),
                "skipped while reading its folder: a file that names the host (" + hostName + "), not an input", null);
    }

    /** A file that could not be read at all: it counts one problem (which the caller pushes). */
    public static FileSummary unreadable(Source source) {
        return new FileSummary(source, InputFormat.UNKNOWN, "", null, 0, 0, 0, 0, 0, 1, List.of(), null, null);
    }

    /** The same with one more problem (pushed by whoever adds it). */
    public FileSummary withOneMoreProblem() {
        return new FileSummary(source, format, variant, hostName, records, bytes, listeners, connections, flows, problems + 1,
                notes, skippedReason, logGap, flowsExact);
    }

    public boolean isSkipped() {
        return skippedReason != null;
    }
}
