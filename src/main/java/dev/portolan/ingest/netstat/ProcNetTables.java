package dev.portolan.ingest.netstat;

import dev.portolan.model.IpAddress;
import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Linux kernel's own socket tables as {@code cat /proc/net/tcp} (and {@code tcp6}, {@code udp}, {@code udp6})
 * prints them: what a container or a minimal system without netstat and ss can still show, and what sos report copies
 * ({@code proc/net/tcp} …) beside ss's output, which it collects only when the kernel's socket-diagnostics modules are
 * loaded.
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode
 *    0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 20811 1 …
 * </pre>
 * An address is hexadecimal 32-bit words in the host's byte order (8 digits IPv4, 32 IPv6; little-endian on x86 and
 * ARM, where {@code 0100007F} is 127.0.0.1), a port a hexadecimal number, {@code st} the kernel's TCP state number
 * ({@code 0A} LISTEN, {@code 07} CLOSE: for UDP an unconnected socket, {@code 01} a connected one).
 * <p>
 * The protocol: a TCP table's header ends at {@code inode}; UDP's ends in {@code ref pointer drops}, as raw's, UDP-Lite's
 * and ping's do, so such a table is UDP unless the file's name ({@code raw}, {@code icmp6} …) or the command a prompt or
 * title named ({@code cat /proc/net/raw}) says otherwise; rows of those are sockets that are no TCP/UDP. Rows without a
 * header above them are read when the file's name or a command names the table, else each is a problem saying so.
 * <p>
 * The byte order: little-endian unless the addresses read big-endian look like a host's own (loopback, private,
 * link-local) where read little-endian they do not — counted over the rows held back until the table ends or
 * {@link #HOLD} rows were seen (an s390x host's tables). Not thread-safe: one per file.
 */
final class ProcNetTables {
    static final String EXPECTED = "expected a /proc/net/tcp or udp row like '0: 0100007F:0CEA 00000000:0000 0A …' (slot, local"
            + " and remote address:port in hexadecimal, state)";
    /** Rows held back at most while the byte order is undecided. */
    static final int HOLD = 1024;

    private enum Table { TCP, UDP, OTHER }

    private final TableLines out;
    /** What the file's name says ({@code tcp6}, {@code raw}), or null. */
    private final Table named;
    /** What the last prompt or title's command named ({@code cat /proc/net/udp6}), or null. */
    private Table commanded;
    /** The table being read (after its header), or null. */
    private Table table;
    private Boolean littleEndian;
    private int votesLittle;
    private int votesBig;
    private final List<Held> held = new ArrayList<>();
    private long otherRows;

    private record Held(long lineNo, String line, Table table, String local, int localPort, String remote, int remotePort,
                        int state) {
    }

    ProcNetTables(String file, TableLines out) {
        this.out = out;
        this.named = tableNamed(file);
    }

    /** A prompt or script title named {@code command} (the table it shows, if any, is the next rows' table). */
    void command(String command) {
        release();
        table = null;
        commanded = null;
        for (String w : command.strip().split("\\s+")) {
            if (w.contains("/net/")) commanded = tableNamed(w);
        }
    }

    /** Takes the line when it is a table's header or row; false leaves it to the other readers. */
    boolean accept(long lineNo, String line) {
        // most lines of most files: told apart by their first character (a header's "sl", a row's slot number)
        int first = 0;
        while (first < line.length() && (line.charAt(first) == ' ' || line.charAt(first) == '\t')) first++;
        boolean mayBeHeader = line.startsWith("sl ", first);
        if (table == null && !mayBeHeader && !startsLikeRow(line)) return false;
        String t = line.strip();
        if (mayBeHeader && t.contains("local_address") && (t.contains("rem_address") || t.contains("remote_address"))) {
            release();
            boolean datagram = t.endsWith("drops") || t.contains(" ref ");
            Table hint = commanded != null ? commanded : named;
            table = datagram ? (hint == Table.OTHER ? Table.OTHER : Table.UDP) : Table.TCP;
            out.header();
            return true;
        }
        if (!startsLikeRow(line)) {
            release();
            if (!t.isEmpty()) table = null; // a blank line between rows keeps the table
            return false;
        }
        String[] w = t.split("\\s+");
        boolean valid = w.length >= 4 && slot(w[0]) && endpoint(w[1]) && endpoint(w[2]) && w[1].length() == w[2].length()
                && w[3].length() == 2 && hex(w[3], 0, 2) >= 0;
        if (!valid) {
            if (table == null) return false; // digits and a colon (a time of day …) outside a table: not one of its rows
            out.problem(lineNo, line, EXPECTED);
            return true;
        }
        Table reading = table != null ? table : commanded != null ? commanded : named;
        if (reading == null) {
            out.problem(lineNo, line, "a /proc/net socket row without its table's header above it ('sl local_address"
                    + " rem_address st …', whose end tells TCP from UDP): keep the header line, or collect 'ss -tunap'");
            return true;
        }
        if (reading == Table.OTHER) {
            otherRows++;
            out.otherSocket();
            return true;
        }
        int colon = w[1].indexOf(':');
        held.add(new Held(lineNo, line, reading, w[1].substring(0, colon), (int) hex(w[1], colon + 1, w[1].length()),
                w[2].substring(0, colon), (int) hex(w[2], colon + 1, w[2].length()), (int) hex(w[3], 0, 2)));
        vote(w[1].substring(0, colon));
        vote(w[2].substring(0, colon));
        if (littleEndian != null || held.size() >= HOLD) release();
        return true;
    }

    /** Rows of tables of sockets that are no TCP/UDP (raw, ping, UDP-Lite). */
    long otherRows() {
        return otherRows;
    }

    /** The end of the file: rows still held are given. */
    void finish() {
        release();
    }

    /** Gives the held rows in file order, with the byte order the votes so far chose (little-endian on a tie). */
    private void release() {
        if (held.isEmpty()) return;
        boolean little = littleEndian != null ? littleEndian : votesLittle >= votesBig;
        for (Held h : held) {
            boolean tcp = h.table() == Table.TCP;
            out.row(h.lineNo(), h.line(), new RowParser.Row(RowParser.Outcome.ROW, RowParser.Shape.PROC_NET,
                    tcp ? Protocol.TCP : Protocol.UDP, address(h.local(), little), h.localPort(), address(h.remote(), little),
                    h.remotePort(), state(h.state(), tcp), -1, null, null, false));
        }
        held.clear();
    }

    /** One address's say on the byte order: when it looks like a host's own read one way and not the other. */
    private void vote(String hex) {
        if (littleEndian != null) return;
        boolean little = plausible(address(hex, true));
        boolean big = plausible(address(hex, false));
        if (little == big) return;
        if (little) votesLittle++;
        else votesBig++;
        if (Math.abs(votesLittle - votesBig) >= 3) littleEndian = votesLittle > votesBig;
    }

    /** Loopback, private, shared (CGNAT) or link-local: the addresses a host's own sockets mostly show. */
    private static boolean plausible(String address) {
        IpAddress a = IpAddress.parse(address);
        if (a == null) return false;
        if (a.v6()) {
            if (a.hi() == 0 && a.lo() == 1) return true; // ::1
            if (a.hi() == 0 && a.lo() >>> 32 == 0xFFFF) return plausibleV4(a.lo() & 0xFFFFFFFFL);
            int first = (int) (a.hi() >>> 48);
            return first == 0xfe80 || (first & 0xfe00) == 0xfc00;
        }
        return plausibleV4(a.lo());
    }

    private static boolean plausibleV4(long v) {
        int a = (int) (v >>> 24);
        int b = (int) (v >>> 16) & 255;
        return a == 127 || a == 10 || a == 192 && b == 168 || a == 172 && b >= 16 && b <= 31 || a == 169 && b == 254
                || a == 100 && b >= 64 && b <= 127;
    }

    /** The canonical text of an address the kernel printed as 32-bit words in one byte order. */
    static String address(String hex, boolean littleEndian) {
        long[] words = new long[hex.length() / 8];
        for (int i = 0; i < words.length; i++) {
            long w = hex(hex, 8 * i, 8 * i + 8);
            words[i] = littleEndian ? Integer.reverseBytes((int) w) & 0xFFFFFFFFL : w;
        }
        if (words.length == 1) return IpAddress.format(false, 0, words[0]);
        return IpAddress.format(true, words[0] << 32 | words[1], words[2] << 32 | words[3]);
    }

    /** The kernel's TCP state number as the state word every other reader gives; for UDP, CLOSE is an unconnected socket. */
    private static String state(int st, boolean tcp) {
        if (!tcp) return st == 7 ? "UNCONN" : st == 1 ? "ESTABLISHED" : String.format(Locale.ROOT, "%02X", st);
        return switch (st) {
            case 1 -> "ESTABLISHED";
            case 2 -> "SYN_SENT";
            case 3, 12 -> "SYN_RECV"; // 12: TCP_NEW_SYN_RECV, a connection request not yet accepted
            case 4 -> "FIN_WAIT1";
            case 5 -> "FIN_WAIT2";
            case 6 -> "TIME_WAIT";
            case 7 -> "CLOSE";
            case 8 -> "CLOSE_WAIT";
            case 9 -> "LAST_ACK";
            case 10 -> "LISTEN";
            case 11 -> "CLOSING";
            default -> String.format(Locale.ROOT, "%02X", st);
        };
    }

    /** The table a path names by its last part ({@code /proc/net/tcp6}, {@code proc_net_udp.txt}), or null. */
    private static Table tableNamed(String path) {
        if (path == null) return null;
        String s = path.toLowerCase(Locale.ROOT);
        s = s.substring(Math.max(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')), s.lastIndexOf('!')) + 1);
        for (String ext : new String[] {".txt", ".out", ".log"}) {
            if (s.endsWith(ext)) s = s.substring(0, s.length() - ext.length());
        }
        for (String prefix : new String[] {"proc_net_", "proc-net-", "proc.net."}) {
            if (s.startsWith(prefix)) s = s.substring(prefix.length());
        }
        return switch (s) {
            case "tcp", "tcp6" -> Table.TCP;
            case "udp", "udp6" -> Table.UDP;
            case "raw", "raw6", "udplite", "udplite6", "icmp", "icmp6" -> Table.OTHER;
            default -> null;
        };
    }

    /** Spaces, digits, then a colon: a table row's slot number. */
    private static boolean startsLikeRow(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        int digits = i;
        while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') i++;
        return i > digits && i < line.length() && line.charAt(i) == ':';
    }

    private static boolean slot(String w) {
        if (w.length() < 2 || w.charAt(w.length() - 1) != ':') return false;
        for (int i = 0; i < w.length() - 1; i++) if (w.charAt(i) < '0' || w.charAt(i) > '9') return false;
        return true;
    }

    /** 8 or 32 hexadecimal digits, a colon, 4 hexadecimal digits. */
    private static boolean endpoint(String w) {
        int colon = w.indexOf(':');
        return (colon == 8 || colon == 32) && w.length() == colon + 5 && hex(w, colon + 1, w.length()) >= 0
                && allHex(w, 0, colon);
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) if (hexDigit(s.charAt(i)) < 0) return false;
        return true;
    }

    /** The hexadecimal number in {@code s[from, to)} (at most 8 digits), or -1. */
    private static long hex(String s, int from, int to) {
        if (from >= to || to - from > 8) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = hexDigit(s.charAt(i));
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }

    /** An ASCII hexadecimal digit's value, or -1 (not Character.digit: it takes other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
}
