package dev.portolan.ingest.netstat;

import dev.portolan.model.IpAddress;
import dev.portolan.model.Protocol;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PowerShell's socket objects ({@code Get-NetTCPConnection}, {@code Get-NetUDPEndpoint}) in the forms people save
 * them: a table with its dashed underline ({@code Format-Table}, the console's default, any columns
 * {@code Select-Object} chose, in any order), CSV ({@code Export-Csv}, {@code ConvertTo-Csv}: quoted, its
 * {@code #TYPE} line or none, comma, semicolon or tab) and lists of "Name : value" blocks ({@code Format-List}).
 * Columns are found by their property names: {@code LocalAddress}, {@code LocalPort}, {@code RemoteAddress},
 * {@code RemotePort}, {@code State} (PowerShell's names, or the numbers of MIB_TCP_STATE), {@code OwningProcess}, and a
 * process name a calculated property added ({@code ProcessName}, {@code Process}, {@code Name}). Which cmdlet wrote
 * them: the {@code #TYPE} line's class when there is one, else TCP when a remote side, a state or another
 * TCP-only property ({@code AppliedSetting}, {@code OffloadState}) is there, UDP when only the local side is.
 * Not thread-safe: one per file.
 */
final class PowerShellObjects {
    private enum Mode { NONE, TABLE_HEADER, TABLE, CSV, LIST }

    /**
     * The properties of the two classes a Format-List block may start with (its order is the view's: LocalAddress first
     * by default, State first with {@code Format-List *}); and the CIM base properties a {@code Select-Object *} or a
     * {@code Get-CimInstance} lists before them ({@code InstanceID : 127.0.0.1++8080++0.0.0.0++0}, {@code EnabledDefault :
     * 2}), which were problems. Generic names (Name, Caption, Status) start no block: other objects have them too.
     */
    private static final java.util.Set<String> LIST_STARTS = java.util.Set.of("localaddress", "localport", "remoteaddress",
            "remoteport", "state", "appliedsetting", "owningprocess", "creationtime", "offloadstate", "instanceid",
            "communicationstatus", "detailedstatus", "healthstate", "installdate", "operatingstatus", "operationalstatus",
            "primarystatus", "statusdescriptions", "availablerequestedstates", "enableddefault", "enabledstate",
            "otherenabledstate", "requestedstate", "timeoflaststatechange", "transitioningtostate", "aggregationbehavior",
            "directionality");

    /** What to say of an address a narrow console cut short (the netstat rows' reader says it of such a table row too). */
    static final String CUT = "an address ending in '...' was cut short by a narrow console: collect "
            + "'Get-NetTCPConnection | Format-Table -AutoSize | Out-String -Width 400', Export-Csv, or 'netstat -ano'";

    private final TableLines out;
    private Mode mode = Mode.NONE;
    /** From a {@code #TYPE} line: 'T' (MSFT_NetTCPConnection), 'U' (MSFT_NetUDPEndpoint), or 0. */
    private char typeHint;
    /**
     * The cmdlet the last prompt named: 'T' for Get-NetTCPConnection, 'U' for Get-NetUDPEndpoint, 0 for neither or both.
     * Read where no #TYPE line says: a Select-Object may leave a TCP listener's table with its local side only
     * ({@code Get-NetTCPConnection -State Listen | Select LocalAddress,LocalPort,OwningProcess}).
     */
    private char commandHint;

    /** A prompt's command (or "" for a prompt alone): the cmdlet it names, if any, types the objects below it. */
    void command(String command) {
        String c = command.toLowerCase(Locale.ROOT);
        boolean tcp = c.contains("get-nettcpconnection");
        boolean udp = c.contains("get-netudpendpoint");
        commandHint = tcp == udp ? 0 : tcp ? 'T' : 'U';
    }

    /** Lower-case property names of the table or CSV, in column order. */
    private List<String> names = List.of();
    /** A table's column starts (from its dashed underline). */
    private int[] starts = new int[0];
    private CSVFormat csv;
    // a Format-List block being read
    private final Map<String, String> block = new HashMap<>();
    private final StringBuilder blockText = new StringBuilder();
    private long blockLine;

    PowerShellObjects(TableLines out) {
        this.out = out;
    }

    /** Takes the line when it belongs to a PowerShell object listing; false leaves it to the netstat rows. */
    boolean accept(long lineNo, String line) {
        // most lines of most files are netstat rows: told apart without a copy of the line
        if (mode == Mode.NONE && line.indexOf('#') < 0 && !mayNameLocalAddress(line) && line.indexOf(" : ") < 0) return false;
        String t = line.strip();
        switch (mode) {
            case TABLE_HEADER -> {
                mode = Mode.NONE;
                if (underline(t, line)) {
                    mode = Mode.TABLE;
                    out.header();
                    return true;
                }
            }
            case TABLE -> {
                if (t.isEmpty()) return false;
                if (!header(t) && !t.startsWith("#") && !t.startsWith("PS ") && tableRow(lineNo, line)) return true;
                mode = Mode.NONE;
            }
            case CSV -> {
                if (t.isEmpty()) return false;
                if (!header(t) && !t.startsWith("#")) {
                    csvRow(lineNo, line);
                    return true;
                }
                mode = Mode.NONE;
            }
            case LIST -> {
                if (t.isEmpty()) {
                    endBlock();
                    return false;
                }
                String[] nv = nameValue(t);
                if (nv != null) {
                    if (block.containsKey(nv[0])) endBlock(); // a new object without a blank line between
                    addToBlock(lineNo, t, nv);
                    return true;
                }
                if (!block.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                    out.continuation(); // a long value (Format-List *) wrapped under its name, indented
                    return true;
                }
                endBlock();
                mode = Mode.NONE;
            }
            default -> {
            }
        }
        if (t.isEmpty() || t.charAt(0) != '#' && !mayNameLocalAddress(t) && t.indexOf(" : ") < 0) return false;
        if (t.regionMatches(true, 0, "#TYPE ", 0, 6)) {
            String cls = t.toLowerCase(Locale.ROOT);
            if (cls.contains("netudpendpoint")) typeHint = 'U';
            else if (cls.contains("nettcpconnection")) typeHint = 'T';
            else return false;
            out.header();
            return true;
        }
        String[] nv = nameValue(t);
        if (nv != null && LIST_STARTS.contains(nv[0])) {
            mode = Mode.LIST;
            generic = false;
            typeHint = 0; // a #TYPE line names the class of the CSV under it only
            addToBlock(lineNo, t, nv);
            return true;
        }
        if (csvHeader(t)) {
            mode = Mode.CSV;
            out.header();
            return true;
        }
        if (tableHeader(t)) {
            mode = Mode.TABLE_HEADER;
            typeHint = 0;
            out.header();
            return true;
        }
        return false;
    }

    /** Ends what is open (a last Format-List block without a blank line after it). */
    void finish() {
        if (mode == Mode.LIST) endBlock();
    }

    // ---- tables ----------------------------------------------------------------------------------

    /** Words that are property names, LocalAddress and LocalPort among them. */
    private boolean tableHeader(String t) {
        if (!hasLocalAddress(t)) return false; // cheaply first: a bundle's comment lines come here by the thousand
        String[] words = t.split("[ \t]+");
        if (words.length < 2) return false;
        List<String> lower = new ArrayList<>();
        for (String w : words) {
            if (!identifier(w)) return false;
            lower.add(w.toLowerCase(Locale.ROOT));
        }
        if (!lower.contains("localaddress") || !lower.contains("localport")) return false;
        namePidColumn(lower); // a table of objects a script made: ProcessId, PID or Id for OwningProcess
        names = lower;
        generic = false;
        return true;
    }

    private boolean header(String t) {
        return t.regionMatches(true, 0, "LocalAddress", 0, 12) || t.regionMatches(true, 0, "\"LocalAddress\"", 0, 14)
                || generic && mode == Mode.CSV && csvHeader(t); // a header repeated (tables appended to one file)
    }

    /** The dashed line under the header: one run of dashes per column, starting where the header's words start. */
    private boolean underline(String t, String line) {
        if (t.isEmpty() || t.charAt(0) != '-') return false;
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '-' && (i == 0 || line.charAt(i - 1) != '-')) s.add(i);
            else if (c != '-' && c != ' ' && c != '\t') return false;
        }
        if (s.size() != names.size()) return false;
        starts = new int[s.size()];
        for (int i = 0; i < starts.length; i++) starts[i] = s.get(i);
        return true;
    }

    private boolean tableRow(long lineNo, String line) {
        Map<String, String> values = cut(line, false);
        if (!plausible(values)) {
            // a right-aligned value wider than its column's dashes starts left of them ("49740 Established" where the
            // State column's five dashes start at "lished"): the cuts moved back to where such a word starts, else the
            // row's words one to a column when there are as many as columns
            Map<String, String> moved = cut(line, true);
            if (plausible(moved)) {
                values = moved;
            } else {
                String[] words = line.strip().split("[ \t]+");
                if (words.length == names.size()) {
                    Map<String, String> byWord = new HashMap<>();
                    for (int i = 0; i < words.length; i++) byWord.put(names.get(i), words[i]);
                    if (plausible(byWord)) values = byWord;
                }
            }
        }
        // a line of other words under the table is not its row: the netstat rows decide what it is
        if (!addressLike(values.getOrDefault("localaddress", ""))) return false;
        emit(lineNo, line, values);
        return true;
    }

    /**
     * A table row's values cut at its columns' starts; {@code toWordStart}: a cut that falls inside a word is moved back
     * to where that word starts (not past the column before's start).
     */
    private Map<String, String> cut(String line, boolean toWordStart) {
        Map<String, String> values = new HashMap<>();
        int from = Math.min(starts[0], line.length());
        for (int i = 0; i < starts.length; i++) {
            int to = line.length();
            if (i + 1 < starts.length) {
                to = Math.min(starts[i + 1], line.length());
                if (toWordStart) {
                    while (to > from && to < line.length() && !Character.isWhitespace(line.charAt(to))
                            && !Character.isWhitespace(line.charAt(to - 1))) to--;
                }
            }
            values.put(names.get(i), line.substring(Math.min(from, to), to).strip());
            from = to;
        }
        return values;
    }

    /** Values whose local address, and ports where the table has them, read as such. */
    private static boolean plausible(Map<String, String> v) {
        if (!addressLike(v.getOrDefault("localaddress", ""))) return false;
        String lp = v.get("localport");
        String rp = v.get("remoteport");
        return (lp == null || port(lp) >= 0) && (rp == null || rp.isEmpty() || port(rp) >= 0);
    }

    // ---- CSV -------------------------------------------------------------------------------------

    private boolean csvHeader(String t) {
        if (t.indexOf('"') < 0 && t.indexOf(',') < 0 && t.indexOf(';') < 0 && t.indexOf('\t') < 0) return false;
        // the local address column's name, cheaply first (a bundle's lines with commas and "address" are many)
        if (!mayNameLocalAddress(t)) return false;
        if (!hasLocalAddress(t)) {
            String l = t.toLowerCase(Locale.ROOT);
            if (!l.contains("local address") && !l.contains("local_address")) return false;
        }
        char delimiter = t.indexOf(',') >= 0 ? ',' : t.indexOf(';') >= 0 ? ';' : '\t';
        CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).build();
        List<String> fields = fields(t, f);
        if (fields == null || fields.size() < 2) return false;
        List<String> lower = new ArrayList<>();
        for (String x : fields) lower.add(x.strip().toLowerCase(Locale.ROOT));
        if (lower.contains("localaddress") && lower.contains("localport")) {
            namePidColumn(lower);
            names = lower;
            csv = f;
            generic = false;
            return true;
        }
        // another tool's or script's table (netstat saved from Excel, Get-NetworkStatistics, a collection script): its
        // columns by their usual names, a local address with its port when there is no port column
        if (delimiter == '\t') return false; // a tab-separated netstat is read as its rows
        List<String> canonical = new ArrayList<>();
        for (String x : lower) canonical.add(CSV_NAMES.getOrDefault(squeezed(x), x));
        if (!canonical.contains("localaddress")) return false;
        namePidColumn(canonical);
        names = canonical;
        csv = f;
        generic = true;
        return true;
    }

    /**
     * Names the process id's column OwningProcess when none is: ProcessId, else PID, else Id (a script's objects:
     * Get-NetworkStatistics, a [PSCustomObject] per connection).
     */
    private static void namePidColumn(List<String> names) {
        if (names.contains("owningprocess")) return;
        int pid = names.indexOf("processid");
        if (pid < 0) pid = names.indexOf("pid");
        if (pid < 0) pid = names.indexOf("id");
        if (pid >= 0) names.set(pid, "owningprocess");
    }

    /** A column name without its spaces, underscores, dots and dashes. */
    private static String squeezed(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != ' ' && c != '_' && c != '.' && c != '-') b.append(c);
        }
        return b.toString();
    }

    /** Other tools' column names (lower case, without spaces, underscores, dots, dashes) for the properties read. */
    private static final Map<String, String> CSV_NAMES = Map.ofEntries(Map.entry("proto", "protocol"),
            Map.entry("protocol", "protocol"), Map.entry("localaddress", "localaddress"), Map.entry("localport", "localport"),
            Map.entry("lport", "localport"), Map.entry("remoteaddress", "remoteaddress"),
            Map.entry("foreignaddress", "remoteaddress"), Map.entry("remoteip", "remoteaddress"),
            Map.entry("remoteaddr", "remoteaddress"), Map.entry("raddr", "remoteaddress"),
            Map.entry("remoteport", "remoteport"), Map.entry("foreignport", "remoteport"), Map.entry("rport", "remoteport"),
            Map.entry("state", "state"), Map.entry("owningprocess", "owningprocess"), Map.entry("pid", "owningprocess"),
            Map.entry("processid", "owningprocess"), Map.entry("processname", "processname"),
            Map.entry("imagename", "processname"), Map.entry("process", "process"));

    /** The CSV's header used other names than PowerShell's properties (see {@link #CSV_NAMES}). */
    private boolean generic;

    private void csvRow(long lineNo, String line) {
        List<String> fields = fields(line, csv);
        if (fields == null || fields.size() != names.size()) {
            out.problem(lineNo, line, "not a CSV record of " + names.size() + " fields as its header says (found "
                    + (fields == null ? "unbalanced quotes" : fields.size() + "") + ")");
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < names.size(); i++) values.put(names.get(i), fields.get(i).strip());
        emit(lineNo, line, values);
    }

    /** The fields of one CSV line, or null when it is no complete record (a quote left open). */
    private static List<String> fields(String line, CSVFormat f) {
        try (CSVParser p = CSVParser.parse(line, f)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) return null;
            List<String> out = new ArrayList<>();
            records.get(0).forEach(out::add);
            return out;
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    // ---- Format-List -----------------------------------------------------------------------------

    /** "Name : value" (Format-List pads the name): the lower-case name and the value, or null. */
    private static String[] nameValue(String t) {
        int colon = t.indexOf(':');
        if (colon <= 0) return null;
        String name = t.substring(0, colon).strip();
        if (!identifier(name) || colon + 1 < t.length() && t.charAt(colon + 1) != ' ') return null;
        return new String[] {name.toLowerCase(Locale.ROOT), t.substring(colon + 1).strip()};
    }

    private void addToBlock(long lineNo, String t, String[] nv) {
        if (block.isEmpty()) {
            blockLine = lineNo;
            blockText.setLength(0);
        } else {
            blockText.append(" | ");
            out.continuation(); // a line of the row its block makes
        }
        block.put(nv[0], nv[1]);
        blockText.append(t);
    }

    private void endBlock() {
        if (block.isEmpty()) return;
        emit(blockLine, blockText.toString(), block);
        block.clear();
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** One socket object's row, {@code line} its evidence (a Format-List block's lines joined with " | "). */
    private void emit(long lineNo, String line, Map<String, String> v) {
        if (generic && mode == Mode.CSV && !v.containsKey("localport")) v = withPorts(v);
        String local = v.get("localaddress");
        String localPort = v.get("localport");
        if (local == null || localPort == null) {
            out.problem(lineNo, line, generic ? "not a socket row of the CSV table: no local address with its port (expected '0.0.0.0:135',"
                    + " '[::]:445' or a port column)" : "a PowerShell socket object without LocalAddress and LocalPort");
            return;
        }
        String protocol = v.getOrDefault("protocol", "").toLowerCase(Locale.ROOT);
        char typeHint = this.typeHint != 0 ? this.typeHint : commandHint;
        boolean tcp = protocol.startsWith("tcp") || !protocol.startsWith("udp") && (typeHint == 'T' || typeHint == 0
                && (v.containsKey("remoteaddress") || v.containsKey("remoteport") || v.containsKey("state")
                || v.containsKey("appliedsetting") || v.containsKey("offloadstate")));
        String cmdlet = generic ? "not a socket row of the CSV table: " : tcp ? "not a Get-NetTCPConnection row: " : "not a Get-NetUDPEndpoint row: ";
        // a UDP socket's remote side, and a listener's, may be written "*" (netstat, Get-NetworkStatistics)
        if ("*".equals(v.get("remoteaddress")) || "*".equals(v.get("remoteport"))) {
            v = new HashMap<>(v);
            if ("*".equals(v.get("remoteaddress"))) v.put("remoteaddress", "");
            if ("*".equals(v.get("remoteport"))) v.put("remoteport", "");
        }
        if (IpAddress.parse(local) == null) {
            out.problem(lineNo, line, cmdlet + "LocalAddress '" + local + "' is no IP address (" + addressExpected() + ")");
            return;
        }
        int lp = port(localPort);
        if (lp < 0) {
            out.problem(lineNo, line, cmdlet + "LocalPort '" + localPort + "' is no port (expected 0-65535)");
            return;
        }
        long pid = -1;
        String owner = v.get("owningprocess");
        if (generic && owner != null && owner.isEmpty()) owner = null;
        if (owner != null && !owner.isEmpty()) {
            long p = owner.matches("[0-9]{1,10}") ? Long.parseLong(owner) : -1;
            if (p < 0) {
                out.problem(lineNo, line, cmdlet + "OwningProcess '" + owner + "' is no process id");
                return;
            }
            pid = p;
        }
        String process = null;
        for (String k : new String[] {"processname", "process", "name"}) {
            String x = v.get(k);
            if (x != null && !x.isEmpty()) {
                process = x;
                break;
            }
        }
        if (!tcp) {
            // with no #TYPE line the columns alone said UDP: the reader says so in a note (Select-Object may have left
            // out a TCP connection's remote side and state)
            RowParser.Shape shape = generic && !protocol.isEmpty() ? RowParser.Shape.CSV_TABLE
                    : typeHint == 'U' ? RowParser.Shape.POWERSHELL : RowParser.Shape.POWERSHELL_UNTYPED;
            out.row(lineNo, line, new RowParser.Row(RowParser.Outcome.ROW, shape, Protocol.UDP,
                    local, lp, "*", RowParser.ANY_PORT, null, pid, process, null, false));
            return;
        }
        String remote = v.getOrDefault("remoteaddress", "");
        String remotePort = v.getOrDefault("remoteport", "");
        int rp = remotePort.isEmpty() ? RowParser.ANY_PORT : port(remotePort);
        if (!remote.isEmpty() && IpAddress.parse(remote) == null) {
            out.problem(lineNo, line, cmdlet + "RemoteAddress '" + remote + "' is no IP address (" + addressExpected() + ")");
            return;
        }
        if (rp == -1) {
            out.problem(lineNo, line, cmdlet + "RemotePort '" + remotePort + "' is no port (expected 0-65535)");
            return;
        }
        String state = state(v.get("state"));
        out.row(lineNo, line, new RowParser.Row(RowParser.Outcome.ROW, generic ? RowParser.Shape.CSV_TABLE : RowParser.Shape.POWERSHELL, Protocol.TCP,
                local, lp, remote.isEmpty() ? "*" : remote, rp, state, pid, process, null, false));
    }

    /** What an address that is none was expected to be (a PowerShell table's may have been cut by the console). */
    private String addressExpected() {
        return generic ? "expected one like '0.0.0.0', '::' or '10.0.0.5'" : CUT;
    }

    /**
     * The values with the ports split off the addresses, as netstat writes them in one column ({@code 0.0.0.0:135},
     * {@code [::]:445}, {@code *:*}); an address without a port is left as it is (the row is then refused).
     */
    private static Map<String, String> withPorts(Map<String, String> v) {
        Map<String, String> out = new HashMap<>(v);
        for (String side : new String[] {"local", "remote"}) {
            String a = v.get(side + "address");
            if (a == null) continue;
            int colon = a.lastIndexOf(':');
            boolean bracketed = a.startsWith("[") && a.indexOf("]:") > 0;
            // an IPv6 address without brackets has colons of its own: only "[…]:port" or one colon splits
            if (colon <= 0 || !bracketed && a.indexOf(':') != colon) continue;
            String host = a.substring(0, colon);
            if (bracketed) host = host.substring(1, host.length() - 1);
            out.put(side + "address", host.equals("*") ? (side.equals("local") ? "0.0.0.0" : "*") : host);
            out.put(side + "port", a.substring(colon + 1));
        }
        return out;
    }

    /** A port number, or -1. */
    private static int port(String s) {
        if (s.isEmpty() || s.length() > 5) return -1;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n <= 65535 ? n : -1;
    }

    /** PowerShell's state name as written, or the name of a MIB_TCP_STATE number (and 100, MSFT_NetTCPConnection's Bound). */
    private static String state(String s) {
        if (s == null || s.isEmpty()) return null;
        return switch (s) {
            case "1" -> "Closed";
            case "2" -> "Listen";
            case "3" -> "SynSent";
            case "4" -> "SynReceived";
            case "5" -> "Established";
            case "6" -> "FinWait1";
            case "7" -> "FinWait2";
            case "8" -> "CloseWait";
            case "9" -> "Closing";
            case "10" -> "LastAck";
            case "11" -> "TimeWait";
            case "12" -> "DeleteTCB";
            case "100" -> "Bound";
            default -> s;
        };
    }

    /** An IP address, perhaps with a zone or cut short by the console ("2001:db8:...4b2..."): no spaces, no other letters. */
    private static boolean addressLike(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') return i > 0;
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) return false;
        }
        return true;
    }

    /** Whether a line may name the LocalAddress property (a cheap test before the others, run on every netstat line; a
     * Format-List line is told by its " : "). */
    private static boolean mayNameLocalAddress(String t) {
        return t.indexOf("ddress") >= 0 || t.indexOf("DDRESS") >= 0;
    }

    /** {@code LocalAddress} in any case somewhere in the line, found without a lower-case copy of it. */
    private static boolean hasLocalAddress(String t) {
        for (int i = 0; i + 12 <= t.length(); i++) {
            char c = t.charAt(i);
            if ((c == 'l' || c == 'L') && t.regionMatches(true, i, "localaddress", 0, 12)) return true;
        }
        return false;
    }

    private static boolean identifier(String w) {
        if (w.isEmpty() || !Character.isLetter(w.charAt(0))) return false;
        for (int i = 1; i < w.length(); i++) {
            char c = w.charAt(i);
            // a trailing '*': Select-Object's wildcard that matched no property, printed as an empty column ("remote*")
            if (!Character.isLetterOrDigit(c) && c != '_' && !(c == '*' && i == w.length() - 1)) return false;
        }
        return true;
    }
}
