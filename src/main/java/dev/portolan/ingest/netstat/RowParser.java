package dev.portolan.ingest.netstat;

import dev.portolan.model.Protocol;

/**
 * Recognises one netstat/ss socket row by its shape: a protocol token, the local and foreign
 * endpoints, then an optional state, PID and process. Works on token offsets into the line so that
 * the common case allocates only the address strings it keeps; no regular expressions.
 *
 * <p>Shapes: Windows {@code TCP local foreign [STATE] [PID]}; Linux/BusyBox net-tools
 * {@code tcp RecvQ SendQ local foreign [STATE] [user inode] [PID/prog]}; BSD/macOS
 * {@code [pcb [flowhash]] tcp4 RecvQ SendQ local.port foreign.port [state] [...]}; ss
 * {@code [Netid] STATE RecvQ SendQ local:port peer:port [users:(("prog",pid=N,fd=M))] [...]}.
 */
final class RowParser {
    enum Outcome { NOT_ROW, ROW, OTHER_SOCKET, BAD_PORT }

    enum Shape {
        WINDOWS("windows-netstat"), LINUX("linux-netstat"), BSD("bsd-netstat"), SS("ss");

        final String variant;

        Shape(String variant) {
            this.variant = variant;
        }
    }

    /** Port value of {@code *}: no port (a wildcard foreign side, or an unbound socket). */
    static final int ANY_PORT = -2;
    private static final int MAX_TOKENS = 40;

    private final ServiceTable services;
    private final int[] ts = new int[MAX_TOKENS];
    private final int[] te = new int[MAX_TOKENS];
    private int count;
    private String line;

    // Result of the last parse (valid when it returned ROW or BAD_PORT).
    Shape shape;
    Protocol proto;
    String localHost;
    int localPort;
    String foreignHost;
    int foreignPort;
    /** The state as printed (may be several words, e.g. "IN ASCOLTO"), or null. */
    String state;
    long pid;
    String process;
    /** For BAD_PORT: what was wrong. */
    String error;

    // Endpoint split results.
    private int epHostStart;
    private int epHostEnd;
    private int epPortStart;
    private boolean epDotted;

    RowParser(ServiceTable services) {
        this.services = services;
    }

    Outcome parse(String text) {
        line = text;
        tokenize();
        if (count < 3) return Outcome.NOT_ROW;
        int p = 0;
        boolean pcbPrefix = false;
        if (isHex(0, 8)) { // BSD -A: socket/pcb address, macOS also a flow hash
            pcbPrefix = true;
            p = count > 2 && !isProtoToken(1) && (isHex(1, 1) || protoKind(2) != KIND_NONE) ? 2 : 1;
            if (p >= count) return Outcome.NOT_ROW;
        }
        int kind = protoKind(p);
        if (kind == KIND_OTHER) return Outcome.OTHER_SOCKET;
        if (kind == KIND_NONE) {
            if (!pcbPrefix && Vocabulary.isSsState(line, ts[0], te[0])) return ss(-1, 0);
            return Outcome.NOT_ROW;
        }
        if (p + 1 >= count) return Outcome.NOT_ROW;
        if (Vocabulary.isSsState(line, ts[p + 1], te[p + 1]) && p + 5 < count && isDigits(p + 2) && isDigits(p + 3))
            return ss(p, kind);
        int i = p + 1;
        int queues = 0;
        while (i < count && queues < 3 && isDigits(i)) {
            i++;
            queues++;
        }
        if (i + 1 >= count) return Outcome.NOT_ROW;
        proto = kind == KIND_TCP ? Protocol.TCP : Protocol.UDP;
        Outcome local = endpoint(i, true);
        if (local != Outcome.ROW) return local;
        boolean dotted = epDotted;
        Outcome foreign = endpoint(i + 1, false);
        if (foreign != Outcome.ROW) return foreign;
        dotted |= epDotted;
        boolean bsd = pcbPrefix || dotted || protoHasFamilySuffix(p);
        if (queues == 0 && !bsd) {
            shape = Shape.WINDOWS;
            return windowsTail(i + 2);
        }
        shape = bsd ? Shape.BSD : Shape.LINUX;
        return bsd ? bsdTail(i + 2) : linuxTail(i + 2);
    }

    // ---- shapes -------------------------------------------------------------------------------

    private Outcome ss(int netid, int kind) {
        int s = netid + 1;
        if (s + 4 >= count || !isDigits(s + 1) || !isDigits(s + 2)) return Outcome.NOT_ROW;
        shape = Shape.SS;
        state = line.substring(ts[s], te[s]);
        if (netid < 0) proto = state.equals("UNCONN") ? Protocol.UDP : Protocol.TCP;
        else proto = kind == KIND_TCP ? Protocol.TCP : Protocol.UDP;
        Outcome local = endpoint(s + 3, true);
        if (local != Outcome.ROW) return local;
        Outcome peer = endpoint(s + 4, false);
        if (peer != Outcome.ROW) return peer;
        int users = line.indexOf("users:((\"", te[s + 4]);
        if (users >= 0) {
            int nameStart = users + 9;
            int nameEnd = line.indexOf('"', nameStart);
            if (nameEnd > nameStart) {
                process = line.substring(nameStart, nameEnd);
                int pidAt = line.indexOf("pid=", nameEnd);
                if (pidAt >= 0) pid = digitsAt(pidAt + 4);
            }
        }
        return Outcome.ROW;
    }

    private Outcome windowsTail(int first) {
        int last = count - 1;
        if (last >= first && isDigits(last)) {
            pid = parseLong(ts[last], te[last]);
            last--;
        }
        if (last - first >= 3) return Outcome.NOT_ROW; // states are at most a few words
        for (int k = first; k <= last; k++) if (isDigits(k)) return Outcome.NOT_ROW;
        if (last >= first) state = line.substring(ts[first], te[last]);
        return Outcome.ROW;
    }

    private Outcome linuxTail(int first) {
        int k = first;
        if (k < count && !isProgramToken(k) && !isDigits(k)) {
            String word = line.substring(ts[k], te[k]);
            // TCP rows always print a state; for UDP only a known word is a state (else it is -e's user).
            if (proto == Protocol.TCP || Vocabulary.normaliseState(word) != null) {
                state = word;
                k++;
            }
        }
        for (; k < count; k++) {
            if (isProgramToken(k)) {
                int slash = line.indexOf('/', ts[k]);
                pid = parseLong(ts[k], slash);
                process = line.substring(slash + 1).strip();
                if (process.isEmpty()) process = null;
                break;
            }
        }
        return Outcome.ROW;
    }

    private Outcome bsdTail(int first) {
        if (first < count && isWord(first)) state = line.substring(ts[first], te[first]);
        return Outcome.ROW;
    }

    // ---- endpoints ----------------------------------------------------------------------------

    /** Parses token {@code t} as host+port into the local or foreign fields. */
    private Outcome endpoint(int t, boolean local) {
        if (!split(ts[t], te[t])) return Outcome.NOT_ROW;
        String host = host(epHostStart, epHostEnd);
        int port;
        if (epPortStart + 1 == te[t] && line.charAt(epPortStart) == '*') {
            port = ANY_PORT;
        } else if (isDigitRange(epPortStart, te[t])) {
            long v = te[t] - epPortStart > 5 ? 99999 : parseLong(epPortStart, te[t]);
            if (v > 65535) return Outcome.NOT_ROW;
            port = (int) v;
        } else {
            String name = line.substring(epPortStart, te[t]);
            port = services.port(name, proto);
            if (port < 0) {
                error = "unknown service name '" + name + "' for the " + (local ? "local" : "foreign")
                        + " port (not in the bundled services table; the name may be cut short by netstat's column width; netstat -n prints numbers)";
                if (local) {
                    localHost = host;
                    localPort = -1;
                }
                return Outcome.BAD_PORT;
            }
        }
        if (local) {
            localHost = host;
            localPort = port;
        } else {
            foreignHost = host;
            foreignPort = port;
        }
        return Outcome.ROW;
    }

    /**
     * Splits host and port: at the last ':' when what follows is a port (number, '*', name), else at
     * the last '.' (BSD style, also BSD IPv6 "fe80::1.22"). Brackets around IPv6 hosts are removed.
     */
    private boolean split(int s, int e) {
        int colon = lastIndexOf(':', s, e);
        if (colon > s && isPortText(colon + 1, e)) {
            epDotted = false;
            return setHost(s, colon, colon + 1);
        }
        int dot = lastIndexOf('.', s, e);
        if (dot > s && isPortText(dot + 1, e)) {
            epDotted = true;
            return setHost(s, dot, dot + 1);
        }
        return false;
    }

    private boolean setHost(int s, int end, int portStart) {
        if (line.charAt(s) == '[' && end - 1 > s && line.charAt(end - 1) == ']') {
            s++;
            end--;
        }
        if (end <= s) return false;
        epHostStart = s;
        epHostEnd = end;
        epPortStart = portStart;
        return true;
    }

    private boolean isPortText(int s, int e) {
        if (s >= e) return false;
        if (e - s == 1 && line.charAt(s) == '*') return true;
        for (int k = s; k < e; k++) {
            char c = line.charAt(k);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'))
                return false;
        }
        return true;
    }

    /** Host text; the common wildcard and loopback addresses share one String each. */
    private String host(int s, int e) {
        int n = e - s;
        if (n == 1 && line.charAt(s) == '*') return "*";
        if (n == 7 && line.startsWith("0.0.0.0", s)) return "0.0.0.0";
        if (n == 9 && line.startsWith("127.0.0.1", s)) return "127.0.0.1";
        if (n == 2 && line.startsWith("::", s)) return "::";
        if (n == 3 && line.startsWith("::1", s)) return "::1";
        return line.substring(s, e);
    }

    // ---- tokens -------------------------------------------------------------------------------

    private static final int KIND_NONE = 0;
    private static final int KIND_TCP = 1;
    private static final int KIND_UDP = 2;
    private static final int KIND_OTHER = 3;

    /** tcp/udp in every spelling (TCP, TCPv6, tcp6, tcp4, tcp46, udpl), or another socket family. */
    private int protoKind(int t) {
        int s = ts[t];
        int n = te[t] - s;
        if (n >= 3) {
            char a = lower(line.charAt(s)), b = lower(line.charAt(s + 1)), c = lower(line.charAt(s + 2));
            int kind = a == 't' && b == 'c' && c == 'p' ? KIND_TCP : a == 'u' && b == 'd' && c == 'p' ? KIND_UDP : KIND_NONE;
            if (kind != KIND_NONE) {
                if (n == 3) return kind;
                String rest = line.substring(s + 3, te[t]).toLowerCase(java.util.Locale.ROOT);
                if (n == 3 || rest.equals("4") || rest.equals("6") || rest.equals("46") || rest.equals("v6")
                        || rest.equals("l") || rest.equals("l6")) return kind;
                return KIND_NONE;
            }
            if (n == 5 && line.startsWith("mptcp", s)) return KIND_TCP;
        }
        String word = line.substring(s, te[t]);
        switch (word) {
            case "unix": case "raw": case "raw4": case "raw6": case "icm4": case "icm6": case "icmp": case "icmp6":
            case "nl": case "u_str": case "u_dgr": case "u_seq": case "p_raw": case "p_dgr": case "v_str": case "v_dgr":
            case "kctl": case "kevt": case "tipc": case "xdp": case "sctp": case "dccp": case "divert": case "udplite":
                return KIND_OTHER;
            default:
                return KIND_NONE;
        }
    }

    private boolean isProtoToken(int t) {
        int k = protoKind(t);
        return k == KIND_TCP || k == KIND_UDP;
    }

    private boolean protoHasFamilySuffix(int t) {
        char last = line.charAt(te[t] - 1);
        return te[t] - ts[t] > 3 && (last == '4' || line.startsWith("46", te[t] - 2)) && line.charAt(ts[t]) == lower(line.charAt(ts[t]));
    }

    /** Linux -p column: "1234/prog" or "-" (unknown). */
    private boolean isProgramToken(int t) {
        int s = ts[t];
        if (te[t] - s == 1 && line.charAt(s) == '-') return true;
        int k = s;
        while (k < te[t] && Character.isDigit(line.charAt(k))) k++;
        return k > s && k < te[t] && line.charAt(k) == '/';
    }

    private boolean isWord(int t) {
        for (int k = ts[t]; k < te[t]; k++) {
            char c = line.charAt(k);
            if (!(Character.isLetter(c) || c == '_' || c == '-' || c >= '0' && c <= '9' && k > ts[t])) return false;
        }
        return Character.isLetter(line.charAt(ts[t]));
    }

    private boolean isHex(int t, int minLength) {
        if (t >= count || te[t] - ts[t] < minLength) return false;
        for (int k = ts[t]; k < te[t]; k++) {
            char c = line.charAt(k);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    private boolean isDigits(int t) {
        return isDigitRange(ts[t], te[t]);
    }

    private boolean isDigitRange(int s, int e) {
        if (s >= e) return false;
        for (int k = s; k < e; k++) {
            char c = line.charAt(k);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private long digitsAt(int s) {
        int e = s;
        while (e < line.length() && e - s < 18 && Character.isDigit(line.charAt(e))) e++;
        return e > s ? parseLong(s, e) : -1;
    }

    private long parseLong(int s, int e) {
        long v = 0;
        for (int k = s; k < e && k - s < 18; k++) v = v * 10 + (line.charAt(k) - '0');
        return v;
    }

    private int lastIndexOf(char ch, int s, int e) {
        for (int k = e - 1; k >= s; k--) if (line.charAt(k) == ch) return k;
        return -1;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private void tokenize() {
        count = 0;
        shape = null;
        proto = null;
        localHost = null;
        foreignHost = null;
        localPort = foreignPort = 0;
        state = null;
        pid = -1;
        process = null;
        error = null;
        int n = line.length();
        int k = 0;
        while (k < n && count < MAX_TOKENS) {
            while (k < n && isSpace(line.charAt(k))) k++;
            if (k >= n) break;
            ts[count] = k;
            while (k < n && !isSpace(line.charAt(k))) k++;
            te[count++] = k;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u3000' || c == '\u00A0';
    }
}
