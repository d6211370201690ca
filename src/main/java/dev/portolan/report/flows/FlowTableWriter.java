package dev.portolan.report.flows;

import com.fasterxml.jackson.core.JsonFactory;
import dev.portolan.report.Escape;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.portolan.model.Times;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import org.apache.commons.csv.CSVFormat;

import dev.portolan.model.CapturedFlowNumbers;
import dev.portolan.model.Initiator;
import dev.portolan.model.IpAddress;
import dev.portolan.model.LoggedFlowNumbers;
import dev.portolan.model.Protocol;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
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
            "ORIG BYTES", "RESP PKTS", "RESP BYTES", "STATE", "PACKETS/LINES"};
        boolean[] right = {false, false, false, false, false, false, true, true, true, true, true, false, false};
        List<String[]> rows = new ArrayList<>(flows.size() + 1);
        rows.add(head);
        for (Flow f : flows) {
            String[] r = row(f);
            // 'other' alone would print a GRE tunnel, ESP and IP-in-IP between the same two hosts as three equal rows
            String proto = f.proto() == Protocol.OTHER ? r[1] + "/" + f.ipProtocol() : r[1];
            String[] cells = {r[0], proto, endpoint(f.origAddr(), f.origPort(), f), endpoint(f.respAddr(), f.respPort(), f),
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
     * state columns are neutralised once per table. A big table's odd pieces are formatted and written on a second thread,
     * the even ones on this one, each in its turn (the rows come out in order).
     */
    private static void csv(List<Flow> flows, Writer out) throws IOException {
        header(out);
        rows(flows, out);
    }

    private static void header(Writer out) throws IOException {
        Cells header = new Cells();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < FIELDS.length; i++) header.plainOrQuoted(sb, FIELDS[i], i == 0);
        out.write(sb.append('\n').toString());
    }

    private static void rows(List<Flow> flows, Writer out) throws IOException {
        inPieces(flows.size(), new CharRows(flows), () -> new CharRows(flows),
                piece -> out.write(piece.chars(), 0, piece.length()));
    }

    /**
     * The CSV of the flows of {@code parts} (read one after the other) to a byte stream whose text is in
     * {@code charset} (one where ASCII is one byte each, as UTF-8): the same bytes as {@link #write} in {@link Format#CSV}
     * through an {@code OutputStreamWriter(out, charset)}. The rows of a firewall log's table
     * ({@link LoggedFlowNumbers}) and of a capture's ({@link CapturedFlowNumbers}) are formatted as bytes straight from
     * their numbers, without making a {@link Flow}, a string or characters; other parts go the way of {@link #write}.
     */
    public static void csv(List<? extends List<Flow>> parts, OutputStream out, Charset charset) throws IOException {
        Writer chars = new BufferedWriter(new OutputStreamWriter(out, charset), CSV_PIECE);
        header(chars);
        for (List<Flow> part : parts) {
            if (part.isEmpty()) continue;
            if (part instanceof LoggedFlowNumbers numbers) {
                chars.flush();
                inPieces(numbers.size(), new ByteRows(part, numbers, null, charset),
                        () -> new ByteRows(part, numbers, null, charset), piece -> out.write(piece.bytes(), 0, piece.length()));
            } else if (part instanceof CapturedFlowNumbers numbers) {
                chars.flush();
                inPieces(numbers.size(), new ByteRows(part, null, numbers, charset),
                        () -> new ByteRows(part, null, numbers, charset), piece -> out.write(piece.bytes(), 0, piece.length()));
            } else {
                rows(part, chars);
            }
        }
        chars.flush();
        out.flush();
    }

    /** Formats rows {@code [from, to)} of a table. */
    private interface Former<T> {
        T piece(int from, int to) throws IOException;
    }

    /** Writes a formatted piece. */
    private interface Sink<T> {
        void write(T piece) throws IOException;
    }

    /**
     * Formats and writes a table's {@code rows} rows in order: a small table at once, a big one in pieces of
     * {@link #ROWS_PER_PIECE} rows, the even ones on this thread with {@code here}, the odd ones on a second thread with
     * a former made there. Each thread writes the pieces it made, when their turn comes ({@link Turns}), before it makes
     * its next: both cores format and both write (the writes are a third of the work: the kernel copies every byte),
     * a former may reuse its buffer, and memory holds two pieces.
     */
    private static <T> void inPieces(int rows, Former<T> here, java.util.function.Supplier<Former<T>> there, Sink<T> sink)
            throws IOException {
        if (rows < CSV_ON_TWO_THREADS_FROM) {
            sink.write(here.piece(0, rows));
            return;
        }
        Turns turns = new Turns((rows + ROWS_PER_PIECE - 1) / ROWS_PER_PIECE);
        Thread second = new Thread(() -> {
            try {
                everyOther(1, rows, there.get(), sink, turns);
            } catch (Throwable e) {
                turns.fail(e);
            }
        }, "portolan-flows-csv");
        second.setDaemon(true);
        second.start();
        try {
            everyOther(0, rows, here, sink, turns);
            turns.awaitAll();
        } catch (IOException | RuntimeException | Error e) {
            turns.fail(e);
            throw e;
        } finally {
            second.interrupt();
        }
    }

    /** Makes and writes the pieces {@code first}, {@code first + 2}, ... of the table, each in its turn. */
    private static <T> void everyOther(int first, int rows, Former<T> former, Sink<T> sink, Turns turns) throws IOException {
        for (int p = first; p < turns.pieces; p += 2) {
            T piece = former.piece(p * ROWS_PER_PIECE, Math.min(rows, (p + 1) * ROWS_PER_PIECE));
            turns.await(p);
            sink.write(piece);
            turns.written(p);
        }
    }

    /** Which piece is written next; what stopped either thread, which stops the other. */
    private static final class Turns {
        private final int pieces;
        private int next;
        private Throwable failed;

        Turns(int pieces) {
            this.pieces = pieces;
        }

        /** Waits until piece {@code p} is next; throws what stopped the other thread, if one did. */
        synchronized void await(int p) throws IOException {
            while (next != p && failed == null) pause();
            if (failed != null) rethrow();
        }

        synchronized void written(int p) {
            next = p + 1;
            notifyAll();
        }

        synchronized void fail(Throwable e) {
            if (failed == null) failed = e;
            notifyAll();
        }

        /** Waits until every piece is written, or throws what stopped the second thread. */
        synchronized void awaitAll() throws IOException {
            while (next < pieces && failed == null) pause();
            if (failed != null) rethrow();
        }

        private void pause() throws IOException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing the flow table");
            }
        }

        private void rethrow() throws IOException {
            if (failed instanceof IOException e) throw e;
            if (failed instanceof RuntimeException e) throw e;
            if (failed instanceof Error e) throw e;
            throw new IOException(failed);
        }
    }

    /** Rows per piece when two threads format a table. */
    private static final int ROWS_PER_PIECE = 2048;

    /** Characters or bytes a thread's buffer starts with. */
    private static final int CSV_PIECE = 1 << 16;
    /** Tables of at least this many flows are formatted on two threads. */
    private static final int CSV_ON_TWO_THREADS_FROM = 4096;

    /** Formatted characters: {@code chars[0, length)}. */
    private record CharPiece(char[] chars, int length) {
    }

    /** Formatted bytes: {@code bytes[0, length)}. */
    private record BytePiece(byte[] bytes, int length) {
    }

    /** One thread's pieces of rows as characters, through {@link Cells}. */
    private static final class CharRows implements Former<CharPiece> {
        private final List<Flow> flows;
        private final Cells cells = new Cells();
        private final StringBuilder sb = new StringBuilder(CSV_PIECE + 1024);
        private char[] chars = new char[0];

        CharRows(List<Flow> flows) {
            this.flows = flows;
        }

        @Override
        public CharPiece piece(int from, int to) throws IOException {
            sb.setLength(0);
            for (int i = from; i < to; i++) cells.row(sb, flows.get(i));
            int n = sb.length();
            if (chars.length < n) chars = new char[Math.max(n, CSV_PIECE + 1024)];
            sb.getChars(0, n, chars, 0);
            return new CharPiece(chars, n);
        }
    }

    /**
     * One thread's pieces of a firewall log's or a capture's table rows as bytes, formatted from the flows' numbers: the
     * same bytes {@link Cells#row} gives as characters (tests compare them on every corpus log and capture). Addresses,
     * ports, counts and ISO times are always plain cells (digits, dots, colons, dashes; no character that needs quoting
     * or neutralising); the file, protocol, initiator and state cells are printed by {@link Cells} once per table and
     * encoded. A row whose numbers fall outside what is formatted here (a time before 1970 or after 9999, a negative
     * size, no times) is made as a {@link Flow} and printed by {@link Cells}.
     */
    private static final class ByteRows implements Former<BytePiece>, LoggedFlowNumbers.Row<IOException>,
            CapturedFlowNumbers.Row<IOException> {
        /** 10000-01-01T00:00:00Z in µs since the epoch: later times have five-digit years. */
        private static final long YEAR_10000 = 253_402_300_800_000_000L;
        private static final long DAY = 86_400_000_000L;
        private final List<Flow> flows;
        /** The table's numbers: a firewall log's, or else a capture's. */
        private final LoggedFlowNumbers numbers;
        private final CapturedFlowNumbers captured;
        private final Charset charset;
        private final Cells cells = new Cells();
        private final StringBuilder slow = new StringBuilder(256);
        private final byte[][] protoCells = new byte[256][];
        private final byte[][] stateCells = new byte[256][];
        private final byte[] initiatorCell;
        /** A capture's initiator cells by {@link Initiator} ordinal, and its state cells (a few distinct strings). */
        private final byte[][] initiatorCells = new byte[Initiator.values().length][];
        private final java.util.Map<String, byte[]> connStateCells = new java.util.HashMap<>();
        private byte[] b = new byte[CSV_PIECE + 1024];
        private int n;
        private int index;
        private String lastFile;
        private byte[] fileCell;
        private long day = Long.MIN_VALUE;
        /** The first µs of the second {@link #secondCell} is of (none yet: no time is this far below it). */
        private long second = Long.MIN_VALUE / 2;
        private static final int SECOND_CELL = 21;
        /** ",YYYY-MM-DDThh:mm:ss." of {@link #second} (the date part made once per {@link #day}). */
        private final byte[] secondCell = new byte[SECOND_CELL];

        ByteRows(List<Flow> flows, LoggedFlowNumbers numbers, CapturedFlowNumbers captured, Charset charset) {
            this.flows = flows;
            this.numbers = numbers;
            this.captured = captured;
            this.charset = charset;
            this.initiatorCell = cells.printed(Initiator.LOGGED.label(), false).getBytes(charset);
        }

        @Override
        public BytePiece piece(int from, int to) throws IOException {
            n = 0;
            if (numbers != null) {
                for (int i = from; i < to; i++) {
                    index = i;
                    numbers.numbers(i, this);
                }
            } else {
                for (int i = from; i < to; i++) {
                    index = i;
                    captured.numbers(i, this);
                }
            }
            return new BytePiece(b, n);
        }

        @Override
        public void flow(String file, int ipProtocol, boolean srcV6, long srcHi, long srcLo, int srcPort, boolean dstV6,
                         long dstHi, long dstLo, int dstPort, long firstMicros, long lastMicros, long lines, long bytes,
                         long firstLine, long[] moreLines, int moreAt) throws IOException {
            if (firstMicros < 0 || lastMicros >= YEAR_10000 || lastMicros < firstMicros || bytes < 0 || lines < 1) {
                slowRow();
                return;
            }
            begin(file);
            byte[] proto = protoCells[ipProtocol];
            put(proto != null ? proto : labels(ipProtocol));
            endpoint(srcV6, srcHi, srcLo, srcPort);
            endpoint(dstV6, dstHi, dstLo, dstPort);
            put(initiatorCell);
            times(firstMicros, lastMicros);
            number(lines);
            number(bytes);
            b[n++] = ',';
            b[n++] = '0';
            b[n++] = ',';
            b[n++] = '0';
            put(stateCells[ipProtocol]);
            numberList(firstLine, moreLines, moreAt, (int) Math.min(lines, Flow.MAX_EVIDENCE) - 1);
        }

        @Override
        public void flow(String file, int ipProtocol, Initiator initiator, boolean v6, long origHi, long origLo, int origPort,
                         long respHi, long respLo, int respPort, long firstMicros, long lastMicros, long origPackets,
                         long origBytes, long respPackets, long respBytes, int tcpFlags, long[] packets, int packetsAt,
                         int kept) throws IOException {
            if (firstMicros < 0 || lastMicros >= YEAR_10000 || lastMicros < firstMicros || origPackets < 0 || origBytes < 0
                    || respPackets < 0 || respBytes < 0 || kept < 1) {
                slowRow();
                return;
            }
            begin(file);
            byte[] proto = protoCells[ipProtocol];
            put(proto != null ? proto : protoCell(ipProtocol));
            endpoint(v6, origHi, origLo, origPort);
            endpoint(v6, respHi, respLo, respPort);
            byte[] how = initiatorCells[initiator.ordinal()];
            if (how == null) how = initiatorCells[initiator.ordinal()] = cells.printed(initiator.label(), false).getBytes(charset);
            put(how);
            times(firstMicros, lastMicros);
            number(origPackets);
            number(origBytes);
            number(respPackets);
            number(respBytes);
            String state = Flow.connState(Protocol.ofNumber(ipProtocol), tcpFlags, respPackets);
            byte[] stateCell = connStateCells.get(state);
            if (stateCell == null) {
                stateCell = cells.printed(state, false).getBytes(charset);
                connStateCells.put(state, stateCell);
            }
            put(stateCell);
            numberList(packets[packetsAt], packets, packetsAt + 1, kept - 1);
        }

        /** Starts a row formatted here: its file cell (printed when the file changes), with room for the rest. */
        private void begin(String file) {
            if (file != lastFile) {
                lastFile = file;
                fileCell = cells.printed(file, true).getBytes(charset);
            }
            if (n + fileCell.length + 512 > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + fileCell.length + 512));
            put(fileCell);
        }

        /** ",address,port". */
        private void endpoint(boolean v6, long hi, long lo, int port) {
            address(v6, hi, lo);
            b[n++] = ',';
            n = digits(b, n, port);
        }

        /** The first and last time cells and the duration (seconds with six decimals) between them. */
        private void times(long firstMicros, long lastMicros) {
            time(firstMicros);
            time(lastMicros);
            long d = lastMicros - firstMicros;
            b[n++] = ',';
            if (d <= Integer.MAX_VALUE) {
                int s = Division.by1000000((int) d);
                n = digits(b, n, s);
                b[n++] = '.';
                micros6(n, (int) d - s * 1_000_000);
            } else {
                n = digits(b, n, d / 1_000_000L);
                b[n++] = '.';
                micros6(n, (int) (d % 1_000_000L));
            }
            n += 6;
        }

        /** ",value" for a value at least 0. */
        private void number(long value) {
            b[n++] = ',';
            n = digits(b, n, value);
        }

        /** The last cell, "first more[at] … more[at + count - 1]", and the end of the row. */
        private void numberList(long first, long[] more, int at, int count) {
            b[n++] = ',';
            n = digits(b, n, first);
            for (int k = at; k < at + count; k++) {
                b[n++] = ' ';
                n = digits(b, n, more[k]);
            }
            b[n++] = '\n';
        }

        /** The row of flow {@link #index} the general way: made as a Flow, printed by {@link Cells}, encoded. */
        private void slowRow() throws IOException {
            slow.setLength(0);
            cells.row(slow, flows.get(index));
            byte[] row = slow.toString().getBytes(charset);
            if (n + row.length > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + row.length));
            put(row);
        }

        /** The protocol and state cells of a protocol number, as a flow of that protocol from a log prints them. */
        private byte[] labels(int ipProtocol) {
            Flow like = new Flow(Protocol.ofLoggedNumber(ipProtocol), ipProtocol, "", 0, "", 0, Initiator.LOGGED);
            like.addLogLines(dev.portolan.model.FirewallAction.ALLOW, 1, 0, 0, 0, List.of());
            stateCells[ipProtocol] = cells.printed(like.connState(), false).getBytes(charset);
            return protoCell(ipProtocol);
        }

        /** The protocol cell of a protocol number. */
        private byte[] protoCell(int ipProtocol) {
            // a firewall log's table names a protocol as its flows do (Protocol#ofLoggedNumber), a capture's by its number
            Protocol p = numbers != null ? Protocol.ofLoggedNumber(ipProtocol) : Protocol.ofNumber(ipProtocol);
            protoCells[ipProtocol] = cells.printed(p.label(), false).getBytes(charset);
            return protoCells[ipProtocol];
        }

        private void put(byte[] cell) {
            System.arraycopy(cell, 0, b, n, cell.length);
            n += cell.length;
        }

        /** ",a.b.c.d" from an IPv4 address's bits; an IPv6 address as {@link IpAddress#format} writes it (hex digits, colons, dots). */
        private void address(boolean v6, long hi, long lo) {
            b[n++] = ',';
            if (v6) {
                String s = IpAddress.format(true, hi, lo);
                for (int i = 0; i < s.length(); i++) b[n++] = (byte) s.charAt(i);
                return;
            }
            octet((int) (lo >>> 24) & 255);
            b[n++] = '.';
            octet((int) (lo >>> 16) & 255);
            b[n++] = '.';
            octet((int) (lo >>> 8) & 255);
            b[n++] = '.';
            octet((int) lo & 255);
        }

        /** The digits of 0 to 255, without a division. */
        private void octet(int v) {
            if (v >= 100) {
                int h = v >= 200 ? 2 : 1;
                b[n] = (byte) ('0' + h);
                pair(n + 1, v - h * 100);
                n += 3;
            } else if (v >= 10) {
                pair(n, v);
                n += 2;
            } else {
                b[n++] = (byte) ('0' + v);
            }
        }

        /**
         * ",YYYY-MM-DDThh:mm:ss.ffffffZ" as {@link Times#isoMicros} writes it. The part up to the second is made once
         * per second (a log's flows come in time order, many to a second) and copied; the rest without a division.
         */
        private void time(long micros) {
            long inSecond = micros - second;
            if (inSecond < 0 || inSecond >= 1_000_000L) {
                newSecond(micros);
                inSecond = micros - second;
            }
            System.arraycopy(secondCell, 0, b, n, SECOND_CELL);
            n += SECOND_CELL;
            micros6(n, (int) inSecond);
            b[n + 6] = 'Z';
            n += 7;
        }

        /** Makes {@link #secondCell} for the second {@code micros} falls in (at least 0). */
        private void newSecond(long micros) {
            long d = micros / DAY;
            if (d != day) {
                day = d;
                String date = Times.isoMicros(d * DAY);
                secondCell[0] = ',';
                for (int i = 0; i < 11; i++) secondCell[i + 1] = (byte) date.charAt(i);
            }
            long inDay = micros - d * DAY;
            int sod = (int) (inDay / 1_000_000L);
            second = d * DAY + sod * 1_000_000L;
            byte[] c = secondCell;
            c[12] = PAIRS[2 * (sod / 3600)];
            c[13] = PAIRS[2 * (sod / 3600) + 1];
            c[14] = ':';
            c[15] = PAIRS[2 * (sod / 60 % 60)];
            c[16] = PAIRS[2 * (sod / 60 % 60) + 1];
            c[17] = ':';
            c[18] = PAIRS[2 * (sod % 60)];
            c[19] = PAIRS[2 * (sod % 60) + 1];
            c[20] = '.';
        }

        /** {@code us} (0 to 999,999) as six digits at {@code at}. */
        private void micros6(int at, int us) {
            int hundreds = Division.by100(us);
            int tenThousands = Division.by100(hundreds);
            pair(at, tenThousands);
            pair(at + 2, hundreds - tenThousands * 100);
            pair(at + 4, us - hundreds * 100);
        }

        /** The two digits of {@code v} (0 to 99) at {@code at}. */
        private void pair(int at, int v) {
            b[at] = PAIRS[2 * v];
            b[at + 1] = PAIRS[2 * v + 1];
        }

        /** The decimal digits of a value at least 0 at {@code at}; returns the index after them. */
        private static int digits(byte[] b, int at, long v) {
            if (v <= Integer.MAX_VALUE) return digits(b, at, (int) v);
            int len = 1;
            for (long t = v; t >= 10; t /= 10) len++;
            int end = at + len;
            for (int i = end - 1; i >= at; i--) {
                b[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            return end;
        }

        /** As {@link #digits(byte[], int, long)} for an int (ports, octets, most counts): two digits per division. */
        private static int digits(byte[] b, int at, int v) {
            int end = at + length(v);
            int i = end;
            while (v >= 100) {
                int q = Division.by100(v);
                int r = (v - q * 100) * 2;
                b[--i] = PAIRS[r + 1];
                b[--i] = PAIRS[r];
                v = q;
            }
            if (v >= 10) {
                b[--i] = PAIRS[v * 2 + 1];
                b[--i] = PAIRS[v * 2];
            } else {
                b[--i] = (byte) ('0' + v);
            }
            return end;
        }

        private static int length(int v) {
            int len = 1;
            for (int limit = 10; len < 10 && v >= limit; limit *= 10) len++;
            return len;
        }

        /** "00" to "99": the two digits of each number below 100. */
        private static final byte[] PAIRS = new byte[200];

        static {
            for (int i = 0; i < 100; i++) {
                PAIRS[2 * i] = (byte) ('0' + i / 10);
                PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
            }
        }
    }

    /** One thread's CSV cells: the format, and the printed form of the values that repeat from row to row. */
    private static final class Cells {
        private final CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        private final java.util.Map<String, String> repeated = new java.util.HashMap<>();
        private final java.util.Map<Enum<?>, String> labels = new java.util.HashMap<>();
        private final StringBuilder packets = new StringBuilder(64);
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
        // 'other' names no protocol: its number tells a GRE tunnel from ESP or IP-in-IP between the same two hosts
        if (f.proto() == Protocol.OTHER) g.writeNumberField("ip_proto", f.ipProtocol());
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
