package dev.portolan.report.flows;

import com.fasterxml.jackson.core.JsonFactory;
import dev.portolan.report.Escape;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.portolan.model.Times;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a list of {@link Flow}s as a conversation table in the {@link Format} asked for: an aligned text
 * table (like {@code tshark -z conv}, but with roles), CSV, a JSON array or JSON lines. Field names follow
 * Zeek's conn.log; times are ISO-8601 UTC with microseconds, durations in seconds.
 */
public final class FlowTableWriter {
    /** Output formats, named as {@code --format} takes them. */
    public enum Format {
        TEXT, CSV, JSON, JSONL;

        public static Format parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    static final String[] FIELDS = {"file", "proto", "orig_h", "orig_p", "resp_h", "resp_p", "initiator", "first_ts",
        "last_ts", "duration", "orig_pkts", "orig_bytes", "resp_pkts", "resp_bytes", "conn_state", "first_packets"};
    private static final JsonFactory JSON = new JsonFactory();

    private FlowTableWriter() {
    }

    public static void write(List<Flow> flows, Format format, Writer out) throws IOException {
        switch (format) {
            case TEXT: text(flows, out); break;
            case CSV: csv(flows, out); break;
            case JSON: json(flows, out, false); break;
            case JSONL: json(flows, out, true); break;
            default: throw new IllegalArgumentException("format " + format);
        }
        out.flush();
    }

    /** A flow's cells as text, in {@link #FIELDS} order (not yet neutralised or quoted). */
    static String[] row(Flow f) {
        return new String[] {file(f), f.proto().label(), f.origAddr(), Integer.toString(f.origPort()), f.respAddr(),
            Integer.toString(f.respPort()), f.initiator().label(), orEmpty(Times.isoMicros(f.firstMicros())),
            orEmpty(Times.isoMicros(f.lastMicros())), duration(f), Long.toString(f.origPackets()),
            Long.toString(f.origBytes()), Long.toString(f.respPackets()), Long.toString(f.respBytes()), f.connState(),
            packetList(f, " ")};
    }

    private static void text(List<Flow> flows, Writer out) throws IOException {
        String[] head = {"FILE", "PROTO", "ORIGINATOR", "RESPONDER", "INIT", "FIRST (UTC)", "DURATION", "ORIG PKTS",
            "ORIG BYTES", "RESP PKTS", "RESP BYTES", "STATE", "PACKETS"};
        boolean[] right = {false, false, false, false, false, false, true, true, true, true, true, false, false};
        List<String[]> rows = new ArrayList<>(flows.size() + 1);
        rows.add(head);
        for (Flow f : flows) {
            String[] r = row(f);
            String[] cells = {r[0], r[1], endpoint(f.origAddr(), f.origPort(), f), endpoint(f.respAddr(), f.respPort(), f),
                r[6], r[7], r[9], r[10], r[11], r[12], r[13], r[14], packetList(f, ",")};
            // terminal-safe, and one hostile file name or address cannot widen its column on every line
            for (int i = 0; i < cells.length; i++) cells[i] = Escape.clip(Escape.text(cells[i]), i == cells.length - 1 ? 200 : 64);
            rows.add(cells);
        }
        int[] width = new int[head.length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder(256);
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                if (right[i]) sb.append(pad).append(r[i]);
                else sb.append(r[i]).append(i == r.length - 1 ? "" : pad);
            }
            out.write(sb.append('\n').toString());
        }
        out.write(flows.size() + " flows\n");
    }

    /**
     * CSV as commons-csv's default format prints it (minimal quoting, "\n" after each record). A plain cell, which is
     * nearly every cell of a flow table, is appended as it is and numbers without making strings; any other cell is
     * printed by the same {@link CSVFormat}, so the quoting rules stay commons-csv's. Every text cell goes through the
     * one neutraliser ({@link Escape#spreadsheet}) first; the few distinct values of the file, protocol, initiator and
     * state columns are neutralised once per table. A big table's second half is formatted on a second thread while
     * the first half is written (the rows come out in order).
     */
    private static void csv(List<Flow> flows, Writer out) throws IOException {
        Cells header = new Cells();
        StringBuilder sb = new StringBuilder(CSV_PIECE + 1024);
        for (int i = 0; i < FIELDS.length; i++) header.plainOrQuoted(sb, FIELDS[i], i == 0);
        sb.append('\n');
        int pieces = flows.size() < CSV_ON_TWO_THREADS_FROM ? 1 : (flows.size() + ROWS_PER_PIECE - 1) / ROWS_PER_PIECE;
        Cells cells = new Cells();
        if (pieces == 1) {
            rows(flows, cells, sb, out);
            return;
        }
        // pieces of rows alternate between this thread (even) and a second one (odd), which hands its formatted
        // pieces over in order through a short queue: both cores format, memory holds a few pieces at most
        java.util.concurrent.BlockingQueue<Piece> handed = new java.util.concurrent.ArrayBlockingQueue<>(PIECES_AHEAD);
        Thread second = new Thread(() -> {
            Cells own = new Cells();
            StringBuilder b = new StringBuilder(CSV_PIECE + 1024);
            try {
                for (int p = 1; p < pieces; p += 2) {
                    for (Flow f : piece(flows, p)) own.row(b, f);
                    char[] chars = new char[b.length()];
                    b.getChars(0, chars.length, chars, 0);
                    b.setLength(0);
                    handed.put(new Piece(chars, null));
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt(); // the writing thread gave up
            } catch (Throwable e) {
                try {
                    handed.put(new Piece(null, e)); // after the pieces made before it, so the writer gets to it
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "portolan-flows-csv");
        second.setDaemon(true);
        second.start();
        try {
            for (int p = 0; p < pieces; p++) {
                if (p % 2 == 0) {
                    rows(piece(flows, p), cells, sb, out);
                    continue;
                }
                Piece got = take(handed);
                if (got.failed() instanceof IOException e) throw e;
                if (got.failed() instanceof RuntimeException e) throw e;
                if (got.failed() instanceof Error e) throw e;
                out.write(got.chars());
            }
        } finally {
            second.interrupt();
        }
    }

    /** Formats {@code rows} after what {@code sb} holds and writes it all, a piece of characters at a time. */
    private static void rows(List<Flow> rows, Cells cells, StringBuilder sb, Writer out) throws IOException {
        for (Flow f : rows) {
            cells.row(sb, f);
            if (sb.length() >= CSV_PIECE) cells.flush(sb, out);
        }
        cells.flush(sb, out);
    }

    /** A piece of formatted rows from the second thread, or what stopped it. */
    private record Piece(char[] chars, Throwable failed) {
    }

    private static List<Flow> piece(List<Flow> flows, int p) {
        return flows.subList(p * ROWS_PER_PIECE, Math.min(flows.size(), (p + 1) * ROWS_PER_PIECE));
    }

    private static Piece take(java.util.concurrent.BlockingQueue<Piece> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing the flow table");
        }
    }

    /** Rows per piece when two threads format a table, and how many pieces the second may hold ready. */
    private static final int ROWS_PER_PIECE = 2048;
    private static final int PIECES_AHEAD = 4;

    /** Characters gathered before they are handed to the writer. */
    private static final int CSV_PIECE = 1 << 16;
    /** Tables of at least this many flows are formatted on two threads. */
    private static final int CSV_ON_TWO_THREADS_FROM = 4096;

    /** One thread's CSV cells: the format, and the printed form of the values that repeat from row to row. */
    private static final class Cells {
        private final CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        private final java.util.Map<String, String> repeated = new java.util.HashMap<>();
        private final java.util.Map<Enum<?>, String> labels = new java.util.HashMap<>();
        private final StringBuilder packets = new StringBuilder(64);
        private char[] chars = new char[0];
        private String lastFile, lastFileCell;

        void row(StringBuilder sb, Flow f) throws IOException {
            List<Evidence> evidence = f.evidence();
            String file = evidence.isEmpty() ? "" : evidence.get(0).file();
            if (file != lastFile) {
                lastFile = file;
                lastFileCell = printed(file, true);
            }
            sb.append(lastFileCell);
            sb.append(labels.computeIfAbsent(f.proto(), p -> printed(f.proto().label(), false)));
            text(sb, f.origAddr());
            number(sb, f.origPort());
            text(sb, f.respAddr());
            number(sb, f.respPort());
            sb.append(labels.computeIfAbsent(f.initiator(), i -> printed(f.initiator().label(), false)));
            text(sb, orEmpty(Times.isoMicros(f.firstMicros())));
            text(sb, orEmpty(Times.isoMicros(f.lastMicros())));
            duration(sb, f);
            number(sb, f.origPackets());
            number(sb, f.origBytes());
            number(sb, f.respPackets());
            number(sb, f.respBytes());
            sb.append(repeated.computeIfAbsent(f.connState(), c -> printed(c, false)));
            packets.setLength(0);
            for (Evidence e : evidence) {
                if (packets.length() > 0) packets.append(' ');
                packets.append(e.at());
            }
            text(sb, packets.toString());
            sb.append('\n');
        }

        /** A later text cell of the record, neutralised. */
        private void text(StringBuilder sb, String value) throws IOException {
            plainOrQuoted(sb, Escape.spreadsheet(value), false);
        }

        /**
         * The duration cell: seconds with six decimals, digits and a point only (plain) unless the flow has no times or
         * runs backwards, which go the way of every text cell.
         */
        private void duration(StringBuilder sb, Flow f) throws IOException {
            long d = f.lastMicros() - f.firstMicros();
            if (!hasTimes(f) || d < 0) {
                text(sb, FlowTableWriter.duration(f));
                return;
            }
            sb.append(',').append(d / 1_000_000L).append('.');
            int micros = (int) (d % 1_000_000L);
            for (int unit = 100_000; unit > 0; unit /= 10) sb.append((char) ('0' + micros / unit % 10));
        }

        /** Hands the gathered characters to {@code out} through this thread's reused array, and empties {@code sb}. */
        void flush(StringBuilder sb, Writer out) throws IOException {
            int n = sb.length();
            if (chars.length < n) chars = new char[Math.max(n, CSV_PIECE + 1024)];
            sb.getChars(0, n, chars, 0);
            out.write(chars, 0, n);
            sb.setLength(0);
        }

        /** A later cell holding a count or port: never negative, so it needs neither neutralising nor quoting. */
        private void number(StringBuilder sb, long value) throws IOException {
            if (value < 0) text(sb, Long.toString(value));
            else sb.append(',').append(value);
        }

        /** The printed form of a text cell (neutralised, quoted if need be, the delimiter in front unless first). */
        private String printed(String value, boolean first) {
            StringBuilder one = new StringBuilder();
            try {
                plainOrQuoted(one, Escape.spreadsheet(value), first);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a StringBuilder never fails
            }
            return one.toString();
        }

        /** A cell as commons-csv prints it, with the delimiter in front unless it is the record's first. */
        void plainOrQuoted(StringBuilder sb, String value, boolean first) throws IOException {
            if (plain(value)) {
                if (!first) sb.append(',');
                sb.append(value);
            } else {
                format.print(value, sb, first);
            }
        }
    }

    /**
     * True for a cell that CSV's minimal quoting leaves as it is, judged conservatively: not empty, printable ASCII
     * only (spaces inside), no comma or quote, and neither starting with a character up to {@code #} nor ending
     * with a space (commons-csv quotes those). Anything else is left to commons-csv.
     */
    static boolean plain(String value) {
        int n = value.length();
        if (n == 0 || value.charAt(0) <= '#' || value.charAt(n - 1) <= ' ') return false;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < ' ' || c > '~' || c == ',' || c == '"') return false;
        }
        return true;
    }

    /** The one CSV-cell neutraliser: see {@link dev.portolan.report.Escape#spreadsheet(String)}. */
    static String neutralise(String cell) {
        return dev.portolan.report.Escape.spreadsheet(cell);
    }

    private static void json(List<Flow> flows, Writer out, boolean lines) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.setCharacterEscapes(Escape.json());
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(new SerializedString(""));
        if (!lines) g.writeStartArray();
        for (Flow f : flows) {
            g.writeStartObject();
            g.writeStringField("file", file(f));
            fields(g, f);
            g.writeArrayFieldStart("first_packets");
            for (Evidence e : f.evidence()) g.writeNumber(e.at());
            g.writeEndArray();
            g.writeEndObject();
            if (lines) {
                g.flush();
                out.write('\n');
            }
        }
        if (!lines) {
            g.writeEndArray();
            g.flush();
            out.write('\n');
        }
        g.close();
    }

    /** The one JSON shape of a flow's conn.log fields, shared by {@code flows} and the audit's json report. */
    public static void fields(JsonGenerator g, Flow f) throws IOException {
        g.writeStringField("proto", f.proto().label());
        g.writeStringField("orig_h", f.origAddr());
        g.writeNumberField("orig_p", f.origPort());
        g.writeStringField("resp_h", f.respAddr());
        g.writeNumberField("resp_p", f.respPort());
        g.writeStringField("initiator", f.initiator().label());
        g.writeStringField("first_ts", Times.isoMicros(f.firstMicros()));
        g.writeStringField("last_ts", Times.isoMicros(f.lastMicros()));
        if (hasTimes(f)) g.writeNumberField("duration", (f.lastMicros() - f.firstMicros()) / 1e6);
        else g.writeNullField("duration");
        g.writeNumberField("orig_pkts", f.origPackets());
        g.writeNumberField("orig_bytes", f.origBytes());
        g.writeNumberField("resp_pkts", f.respPackets());
        g.writeNumberField("resp_bytes", f.respBytes());
        g.writeStringField("conn_state", f.connState());
    }

    private static boolean hasTimes(Flow f) {
        return f.firstMicros() != Long.MAX_VALUE && f.lastMicros() != Long.MIN_VALUE;
    }

    private static String duration(Flow f) {
        if (!hasTimes(f)) return "";
        long d = f.lastMicros() - f.firstMicros();
        return d / 1_000_000L + "." + Long.toString(1_000_000L + d % 1_000_000L).substring(1); // String.format is slow
    }

    private static String file(Flow f) {
        return f.evidence().isEmpty() ? "" : f.evidence().get(0).file();
    }

    private static String endpoint(String addr, int port, Flow f) {
        return f.proto().hasPorts() ? dev.portolan.model.Addresses.endpoint(addr, port) : addr;
    }

    private static String packetList(Flow f, String sep) {
        StringBuilder sb = new StringBuilder();
        for (Evidence e : f.evidence()) {
            if (sb.length() > 0) sb.append(sep);
            sb.append(e.at());
        }
        return sb.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
