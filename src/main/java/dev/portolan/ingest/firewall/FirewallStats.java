package dev.portolan.ingest.firewall;

import dev.portolan.model.FirewallAction;

/**
 * Line accounting for one firewall log. Every physical line is exactly one of: a comment
 * ({@code #…}), blank, a data line (at least one record read from it) or rejected (only
 * problems). {@code lines == commentLines + blankLines + dataLines + rejectedLines}.
 */
public final class FirewallStats {
    long lines;
    long commentLines;
    long fieldsHeaders;
    long blankLines;
    long dataLines;
    long rejectedLines;
    long pidLines;
    long headerlessLines;
    long infoEventsLostLines;
    long eventsLost;
    long nulBytes;
    long searchPrefixedLines;
    final long[] actionLines = new long[FirewallAction.values().length];

    void add(FirewallStats o) {
        lines += o.lines;
        commentLines += o.commentLines;
        fieldsHeaders += o.fieldsHeaders;
        blankLines += o.blankLines;
        dataLines += o.dataLines;
        rejectedLines += o.rejectedLines;
        pidLines += o.pidLines;
        headerlessLines += o.headerlessLines;
        infoEventsLostLines += o.infoEventsLostLines;
        eventsLost += o.eventsLost;
        nulBytes += o.nulBytes;
        searchPrefixedLines += o.searchPrefixedLines;
        for (int i = 0; i < actionLines.length; i++) actionLines[i] += o.actionLines[i];
    }

    /** Physical lines, as an editor counts them (a last line without a line end counts). */
    public long lines() { return lines; }
    /** Lines starting with '#' ({@code #Version}, {@code #Fields}, …). */
    public long commentLines() { return commentLines; }
    /** {@code #Fields:} headers seen (more than one: the log was restarted mid-file). */
    public long fieldsHeaders() { return fieldsHeaders; }
    public long blankLines() { return blankLines; }
    /** Lines that yielded a log record (including INFO-EVENTS-LOST records). */
    public long dataLines() { return dataLines; }
    /** Lines that yielded nothing but problems. */
    public long rejectedLines() { return rejectedLines; }
    /** Records read with a pid column. */
    public long pidLines() { return pidLines; }
    /** Records read before any {@code #Fields:} header (standard layout assumed). */
    public long headerlessLines() { return headerlessLines; }
    public long infoEventsLostLines() { return infoEventsLostLines; }
    /** Sum of the counts the INFO-EVENTS-LOST records carry. */
    public long eventsLost() { return eventsLost; }
    /** Lines read after a search tool's prefix ({@code 12:}, {@code pfirewall.log:12:}). */
    public long searchPrefixedLines() { return searchPrefixedLines; }
    /** NUL bytes skipped (crash padding). */
    public long nulBytes() { return nulBytes; }
    /** Records per action (every record, whether or not it made a flow). */
    public long actionLines(FirewallAction a) { return actionLines[a.ordinal()]; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(lines).append(" lines: ").append(dataLines).append(" data, ").append(commentLines).append(" header, ")
                .append(blankLines).append(" blank, ").append(rejectedLines).append(" rejected");
        for (FirewallAction a : FirewallAction.values()) {
            if (actionLines[a.ordinal()] > 0) sb.append("; ").append(a.label()).append(' ').append(actionLines[a.ordinal()]);
        }
        return sb.toString();
    }
}
