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
 * {@code [Netid] STATE RecvQ SendQ local:port peer:port [users:(("prog",pid=N,fd=M))] [...]}; ss with a state filter
 * ({@code ss -tn state established}) leaves the State column out, and its Netid column too when it lists one socket
 * type: {@code [Netid] RecvQ SendQ local:port peer:port [users:((...))]}.
 */
final class RowParser {
    enum Outcome { NOT_ROW, ROW, OTHER_SOCKET, BAD_PORT }

    enum Shape {
        WINDOWS("windows-netstat"), LINUX("linux-netstat"), BSD("bsd-netstat"), SS("ss"),
        /** ss rows with neither a Netid nor a State column (a state filter, one socket type): taken as TCP. */
        SS_UNTYPED("ss"),
        SOLARIS("solaris-netstat"), SOCKSTAT("bsd-sockstat"),
        /** OpenBSD's {@code fstat}: a process's open files, its sockets "internet stream tcp 0x… *:80". */
        FSTAT("openbsd-fstat"),
        /**
         * {@code lsof -i}: one socket per open file, the endpoints in its NAME column; macOS/BSD print a kernel address
         * as its DEVICE ({@code 0x…}), Linux a number.
         */
        LSOF_BSD("bsd-lsof"), LSOF_LINUX("linux-lsof"),
        /** PowerShell's {@code Get-NetTCPConnection} table: addresses and ports in columns of their own. */
        POWERSHELL("windows-powershell"),
        /**
         * PowerShell socket objects with only a local side and no {@code #TYPE} line to name their cmdlet: taken as
         * {@code Get-NetUDPEndpoint}'s.
         */
        POWERSHELL_UNTYPED("windows-powershell"),
        /** Another tool's or script's CSV table of sockets (netstat saved from Excel, Get-NetworkStatistics): by column names. */
        CSV_TABLE("csv-table"),
        /** The kernel's socket tables ({@code /proc/net/tcp}, {@code udp6} …): hexadecimal addresses and states. */
        PROC_NET("linux-proc-net"),
        /** Solaris's and illumos's {@code pfiles PID}: a process's open files, its sockets' {@code sockname:} lines. */
        PFILES("solaris-pfiles");

        final String variant;

        Shape(String variant) {
            this.variant = variant;
        }
    }

    /** Port value of {@code *}: no port (a wildcard foreign side, or an unbound socket). */
    static final int ANY_PORT = -2;
    private static final int MAX_TOKENS = 40;

    private final ServiceTable services;
    /** The width BSD/macOS netstat cuts an address column to ("host.service"), and with {@code -A}. */
    private static final int BSD_WIDTH = 22;
    private static final int BSD_WIDTH_A = 18;
    /** Service names read as cut short at the column width: the first few (cut name to full name and port) and how many. */
    private final java.util.Map<String, String> cutNames = new java.util.LinkedHashMap<>();
    private long cutNameCount;
    /**
     * The Solaris/illumos section the caller is in ('T' after "TCP: IPv4", 'U' after "UDP: IPv4", else 0):
     * its rows have no protocol column.
     */
    private char section;
    private final int[] ts = new int[MAX_TOKENS];
    private final int[] te = new int[MAX_TOKENS];
    private int count;
    private String line;

    /**
     * What one line read as: the outcome, and for ROW and BAD_PORT the row's fields.
     *
     * @param state        the state as printed (may be several words, e.g. "IN ASCOLTO"), or null
     * @param error        for BAD_PORT: what was wrong
     * @param leadingProto whether the line began with a TCP/UDP protocol token (a row, or a damaged one)
     */
    record Row(Outcome outcome, Shape shape, Protocol proto, String localHost, int localPort, String foreignHost,
               int foreignPort, String state, long pid, String process, String error, boolean leadingProto, String socket) {
        /** A row that names no socket of its own (see {@link #socket}). */
        Row(Outcome outcome, Shape shape, Protocol proto, String localHost, int localPort, String foreignHost,
            int foreignPort, String state, long pid, String process, String error, boolean leadingProto) {
            this(outcome, shape, proto, localHost, localPort, foreignHost, foreignPort, state, pid, process, error, leadingProto, null);
        }

        boolean is(Outcome o) {
            return outcome == o;
        }
    }

    // Scratch of the parse under way; parse() returns them as a Row.
    private Shape shape;
    private Protocol proto;
    private String localHost;
    private int localPort;
    private String foreignHost;
    private int foreignPort;
    private String state;
    private long pid;
    private String process;
    private String error;
    /**
     * What names the socket itself where a row of one process's open file shows it (lsof's DEVICE column: the kernel
     * address on macOS/BSD, the inode on Linux; fstat's control-block address): the rows of processes sharing a socket
     * (a prefork server's workers) name the same one. Null elsewhere.
     */
    private String socket;

    // Endpoint split results.
    private int epHostStart;
    private int epHostEnd;
    private int epPortStart;
    private boolean epDotted;
    /** Set by {@link #setHost} for ss's "[fe80::1]%eth0": the host's text ("fe80::1%eth0"), else null. */
    private String epZonedHost;

    RowParser(ServiceTable services) {
        this.services = services;
    }

    /** Endpoints whose service name was read as cut short at the column width, with a few examples ("afpov=afpovertcp 548"). */
    long cutNameCount() {
        return cutNameCount;
    }

    java.util.Map<String, String> cutNames() {
        return cutNames;
    }

    /** Enters a Solaris/illumos section ('T', 'U') or leaves it (0): its rows have no protocol column. */
    void section(char s) {
        section = s;
    }

    /**
     * An ss row cut after its local address, the rest on the next line: "LISTEN   0   128   0.0.0.0:22", an optional Netid
     * before. A terminal or a blog's code box wrapped it (the peer and process at the next line's start); shorter than
     * the rows a console wraps at its width, it is told by its columns alone.
     */
    static boolean ssCutBeforePeer(String body) {
        String[] w = body.strip().split("\\s+");
        String netid = w[0].toLowerCase(java.util.Locale.ROOT);
        int s = w.length == 5 && (netid.equals("tcp") || netid.equals("udp")) ? 1 : 0;
        if (w.length != s + 4 || !Vocabulary.isSsState(w[s], 0, w[s].length())) return false;
        return w[s + 1].chars().allMatch(Character::isDigit) && w[s + 2].chars().allMatch(Character::isDigit) && w[s + 3].indexOf(':') > 0;
    }

    /** Reads one line. */
    Row parse(String text) {
        Outcome o = read(text);
        return new Row(o, shape, proto, localHost, localPort, foreignHost, foreignPort, state, pid, process, error,
                count > 0 && isProtoToken(0), o == Outcome.ROW ? socket : null);
    }

    private Outcome read(String text) {
        line = text;
        tokenize();
        if ((count == 2 || count == 3) && queueSizes(count - 2)) return listenQueue();
        if (count < 3 && (count < 2 || section == 0)) return Outcome.NOT_ROW; // Solaris UDP: "*.111  Idle"
        int p = 0;
        boolean pcbPrefix = false;
        if (isHex(0, 8)) { // BSD -A: socket/pcb address, macOS also a flow hash
            pcbPrefix = true;
            p = count > 2 && !isProtoToken(1) && (isHex(1, 1) || protoKind(2) != KIND_NONE) ? 2 : 1;
            if (p >= count) return Outcome.NOT_ROW;
        }
        int kind = protoKind(p);
        if (kind == KIND_OTHER) {
            // an ss row of another socket type (nl, u_str, p_raw, icmp6 ...): ss -i/-m print detail lines under it too
            if (p + 1 < count && Vocabulary.isSsState(line, ts[p + 1], te[p + 1])) shape = Shape.SS;
            return Outcome.OTHER_SOCKET;
        }
        if (kind == KIND_NONE) {
            if (pcbPrefix) return Outcome.NOT_ROW;
            if (Vocabulary.isSsState(line, ts[0], te[0])) return ss(-1, 0);
            if (count >= 4 && isDigits(0) && isDigits(1)) return ssUntyped();
            if (count >= 7 && isProtoToken(4) && (isDigits(2) || isQuestion(2))) return sockstat();
            if (count >= 7 && isDigits(2) && isWord(4, "internet", "internet6") && isWord(5, "stream", "dgram", "raw")) return fstat();
            if (count >= 6 && isDigits(2) && isWord(4, "unix", "route", "key") && isWord(5, "stream", "dgram", "raw", "seqpacket")) {
                shape = Shape.FSTAT;
                return Outcome.OTHER_SOCKET;
            }
            // sockstat's UNIX-domain sockets: "root sshd 45933 8 stream (not connected)", "… dgram -> /var/run/log"
            if (count >= 5 && isDigits(2) && isDigits(3) && isWord(4, "stream", "dgram", "seqpac", "seqpacket")) {
                shape = Shape.SOCKSTAT;
                return Outcome.OTHER_SOCKET;
            }
            if (count >= 9 && isDigits(1)) {
                // TYPE is the fifth column, or the seventh when lsof lists threads (TID and TASKCMD after PID)
                for (int t = 4; t <= 6 && t + 4 < count; t += 2) {
                    if (isWord(t, "IPv4", "IPv6") && isWord(t + 3, "TCP", "UDP")) return lsof(t);
                }
            }
            if (count >= 5 && isDigits(1) && isDigits(3) && Vocabulary.isPowerShellState(line.substring(ts[4], te[4]))) {
                return powershell();
            }
            if (section != 0) return solaris();
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
        // Recv-Q and Send-Q come as a pair (net-tools, BSD); one number alone is a Windows row cut and spliced with
        // another ("UDP    0    0.0.0.0:135 …")
        if (queues == 1) return Outcome.NOT_ROW;
        proto = kind == KIND_TCP ? Protocol.TCP : Protocol.UDP;
        Outcome local = endpoint(i, true);
        if (local != Outcome.ROW) return local;
        boolean dotted = epDotted;
        Outcome foreign = endpoint(i + 1, false);
        if (foreign != Outcome.ROW) return foreign;
        // a Windows row cut inside its foreign address and run on ("TCP quail:1027 0.0<tab>C:\>…"), or cut inside its
        // local one and spliced to another row ("TCP 127.0 0.0.0.0:135 …"): a host:port end beside a dotted one is no
        // BSD row either (BSD prints both ends dotted); nor is a net-tools row cut inside its foreign address and spliced
        // to a title ("tcp  0  0 127.0.0.1:25  0.0 Internet connections (servers and established)"), as net-tools prints
        // both ends with a colon
        if ((queues == 0 || queues == 2) && dotted != epDotted && !pcbPrefix && !protoHasFamilySuffix(p)) return Outcome.NOT_ROW;
        dotted |= epDotted;
        boolean bsd = pcbPrefix || dotted || protoHasFamilySuffix(p);
        if (queues == 0 && !bsd && !linuxWithoutQueues(p, i + 1)) {
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
        ssUsers(te[s + 4]);
        return Outcome.ROW;
    }

    /**
     * ss with a state filter and one socket type: {@code RecvQ SendQ local:port peer:port [users:((...))]}, no Netid
     * and no State. Its protocol is not printed: TCP (a state filter is about TCP states; {@code ss -u} with one
     * would be UDP), which the reader says in a note; the peer tells a listening socket from a connection.
     */
    private Outcome ssUntyped() {
        for (int k = 4; k < count; k++) if (!ssExtra(k)) return Outcome.NOT_ROW;
        proto = Protocol.TCP;
        Outcome local = endpoint(2, true);
        if (local != Outcome.ROW) return local;
        Outcome peer = endpoint(3, false);
        if (peer != Outcome.ROW) return peer;
        shape = Shape.SS_UNTYPED;
        ssUsers(te[3]);
        return Outcome.ROW;
    }

    /**
     * What ss prints after the peer: {@code users:((...))}, {@code -e}'s {@code uid:0 ino:123 sk:1 cgroup:/ <->},
     * {@code -o}'s {@code timer:(...)}, {@code -m}'s {@code skmem:(...)}, {@code -Z}'s {@code proc_ctx=...}: a word
     * starting with a lower-case letter that holds ':' or '=', or the arrow.
     */
    private boolean ssExtra(int k) {
        char c = line.charAt(ts[k]);
        if (c == '<' || c == '-' && te[k] - ts[k] == 1) return true;
        if (c < 'a' || c > 'z') return false;
        for (int i = ts[k] + 1; i < te[k]; i++) {
            char x = line.charAt(i);
            if (x == ':' || x == '=') return true;
        }
        return false;
    }

    /** ss's {@code users:(("prog",pid=N,fd=M))} after {@code from}, when there: the first process and its PID. */
    private void ssUsers(int from) {
        int users = line.indexOf("users:((\"", from);
        if (users < 0) return;
        int nameStart = users + 9;
        int nameEnd = line.indexOf('"', nameStart);
        if (nameEnd > nameStart) {
            process = line.substring(nameStart, nameEnd);
            int pidAt = line.indexOf("pid=", nameEnd);
            if (pidAt >= 0) pid = digitsAt(pidAt + 4);
        }
    }

    /**
     * After the endpoints: {@code [STATE words] [PID] [template words]} ({@code -o}, {@code -y}). A state is at
     * most three words; with {@code -y} and no PID the template follows the state, so a known state word
     * prefix is taken as the state.
     */
    private Outcome windowsTail(int first) {
        int digits = -1;
        for (int k = first; k < count; k++) {
            if (isDigits(k)) {
                if (digits >= 0) return Outcome.NOT_ROW;
                digits = k;
            }
        }
        int stateEnd = digits >= 0 ? digits - 1 : count - 1;
        if (digits >= 0) {
            pid = parseLong(ts[digits], te[digits]);
            if (count - 1 - digits > 3) return Outcome.NOT_ROW; // template words after the PID
            // -b's owner written onto the row after the PID ("1948   RpcSs [svchost.exe]", "5268   [LMS.exe]")
            int last = count - 1;
            if (last > digits && te[last] - ts[last] > 2 && line.charAt(ts[last]) == '[' && line.charAt(te[last] - 1) == ']') {
                process = line.substring(ts[last] + 1, te[last] - 1);
                if (last - 1 > digits) process += " (" + line.substring(ts[digits + 1], te[last - 1]) + ")";
            }
        }
        if (stateEnd < first) return Outcome.ROW;
        if (stateEnd - first >= 3) return Outcome.NOT_ROW; // a state (or state and -y template) is at most three words
        if (digits < 0 && stateEnd > first) {
            for (int n = Math.min(3, stateEnd - first + 1); n >= 1; n--) {
                StringBuilder words = new StringBuilder();
                for (int j = first; j < first + n; j++) {
                    if (j > first) words.append(' ');
                    words.append(line, ts[j], te[j]);
                }
                if (Vocabulary.normaliseState(words.toString()) != null) {
                    state = line.substring(ts[first], te[first + n - 1]);
                    return Outcome.ROW;
                }
            }
        }
        state = line.substring(ts[first], te[stateEnd]);
        return Outcome.ROW;
    }

    private Outcome linuxTail(int first) {
        int k = first;
        if (k < count && line.startsWith("users:((", ts[k])) {
            // not net-tools: ss with a state filter prints Netid, queues and endpoints, and no State
            shape = Shape.SS;
            ssUsers(ts[k]);
            return Outcome.ROW;
        }
        if (k < count ? !isProgramToken(k) && ssExtra(k) : proto == Protocol.TCP) {
            // the same without -p: -o's "timer:(keepalive,18min,0)", -e's "uid:1000 ino:…" or nothing after the peer,
            // where net-tools prints a TCP socket's state
            shape = Shape.SS;
            return Outcome.ROW;
        }
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
                if (te[k] - ts[k] == 1) break; // "-": no PID/program shown
                int slash = line.indexOf('/', ts[k]);
                pid = parseLong(ts[k], slash);
                int end = Math.min(timerStart(k + 1), noteStart(k + 1));
                process = line.substring(slash + 1, end).strip();
                if (process.isEmpty()) process = null;
                break;
            }
        }
        return Outcome.ROW;
    }

    /**
     * Where a note its author wrote after a row starts, or the line end: a token {@code #} or an arrow ({@code <-},
     * {@code <--}, {@code <==}, {@code ←}) and what follows — "4497/miniupnpd # UPnP HTTP Control", "3973/perl <- it's
     * modbus server" — or a book's callout, a number its text explains ("403/mysqld   *1*", AsciiDoc's {@code <1>}). net-tools prints no such token in its program column (a process is its PID and command, at most
     * 20 characters), so the note is no part of the process's name.
     */
    private int noteStart(int from) {
        for (int j = from; j < count; j++) {
            int n = te[j] - ts[j];
            char c = line.charAt(ts[j]);
            if (n == 1 && (c == '#' || c == '\u2190')
                    || n >= 2 && c == '<' && (line.charAt(ts[j] + 1) == '-' || line.charAt(ts[j] + 1) == '=')
                    || n >= 3 && n <= 4 && (c == '<' && line.charAt(te[j] - 1) == '>' || c == '*' && line.charAt(te[j] - 1) == '*')
                    && isDigitRange(ts[j] + 1, te[j] - 1)) {
                return ts[j];
            }
        }
        return line.length();
    }

    /**
     * Where a {@code netstat -o} timer ("off (0.00/0/0)", "keepalive (7175.85/0/0)", and the translations net-tools
     * prints in another locale: "apagado (0.00/0/0)", "aus (0.00/0/0)") starts, or the line end: a word, then the timer's
     * numbers in parentheses.
     */
    private int timerStart(int from) {
        for (int j = from; j + 1 < count; j++) {
            if (line.charAt(ts[j + 1]) != '(' || line.charAt(te[count - 1] - 1) != ')') continue;
            int n = te[j] - ts[j];
            if (n == 2 && line.startsWith("on", ts[j]) || n == 3 && line.startsWith("off", ts[j])
                    || n == 9 && line.startsWith("keepalive", ts[j]) || n == 8 && line.startsWith("timewait", ts[j])
                    || TIMER.matcher(line).region(ts[j + 1], te[j + 1]).matches())
                return ts[j];
        }
        return line.length();
    }

    /** A timer's numbers: "(0.00/0/0)", "(7175.85/0/0)". */
    private static final java.util.regex.Pattern TIMER = java.util.regex.Pattern.compile("\\(\\d+\\.\\d+/\\d+/\\d+\\)");

    private Outcome bsdTail(int first) {
        int k = first;
        if (k < count && isWord(k)) {
            state = line.substring(ts[k], te[k]);
            k++;
        }
        // macOS -v: "rhiwat shiwat pid epid 0x.. 0x.." (older) or "rxbytes txbytes rhiwat shiwat process:pid ..."
        if (k + 4 < count && isDigits(k) && isDigits(k + 1) && isDigits(k + 2) && isDigits(k + 3)
                && line.startsWith("0x", ts[k + 4])) {
            pid = parseLong(ts[k + 2], te[k + 2]);
            return Outcome.ROW;
        }
        // and with the state and options columns left off: "rhiwat shiwat pid epid" end the row
        if (k + 4 == count && isDigits(k) && isDigits(k + 1) && isDigits(k + 2) && isDigits(k + 3)) {
            pid = parseLong(ts[k + 2], te[k + 2]);
            return Outcome.ROW;
        }
        for (int j = k; j < count; j++) {
            int colon = lastIndexOf(':', ts[j], te[j]);
            if (colon <= ts[j] - 1 || colon + 1 >= te[j] || !isDigitRange(colon + 1, te[j])) continue;
            int n0 = j;
            while (n0 - 1 >= k && !isDigits(n0 - 1)) n0--; // a process name may hold spaces
            if (colon > ts[n0] || n0 < j) {
                process = line.substring(ts[n0], colon).strip();
                if (process.isEmpty()) process = null;
            }
            pid = parseLong(colon + 1, te[j]);
            break;
        }
        return Outcome.ROW;
    }

    /**
     * OpenBSD's {@code fstat} line of a socket: USER CMD PID FD, the domain (internet, internet6), type (stream, dgram),
     * protocol, for TCP the control block's address, then the local end and, when connected, an arrow ({@code <->},
     * {@code -->}, {@code <--}) and the remote end: "www httpd2 22930 3* internet stream tcp 0xffff8000008e9660 *:80",
     * "_ntp ntpd 20075 6* internet dgram udp 10.0.2.15:39674 <-> 162.159.200.1:123". A TCP socket without a remote end
     * listens; a UDP one is bound; port 0 is none yet.
     */
    private Outcome fstat() {
        int kind = protoKind(6);
        if (kind != KIND_TCP && kind != KIND_UDP) {
            shape = Shape.FSTAT;
            return Outcome.OTHER_SOCKET;
        }
        proto = kind == KIND_TCP ? Protocol.TCP : Protocol.UDP;
        int k = 7;
        if (k < count && line.startsWith("0x", ts[k])) socket = line.substring(ts[k], te[k++]);
        if (k >= count) return Outcome.NOT_ROW;
        Outcome local = endpoint(k, true);
        if (local != Outcome.ROW) return local;
        if (localPort == 0) localPort = ANY_PORT;
        if (k + 2 < count && isWord(k + 1, "<->", "-->", "<--")) {
            Outcome foreign = endpoint(k + 2, false);
            if (foreign != Outcome.ROW) return foreign;
            state = proto == Protocol.TCP ? "ESTABLISHED" : null;
        } else {
            foreignHost = "*";
            foreignPort = ANY_PORT;
            state = proto == Protocol.TCP ? "LISTEN" : null;
        }
        pid = parseLong(ts[2], te[2]);
        process = line.substring(ts[1], te[1]);
        shape = Shape.FSTAT;
        return Outcome.ROW;
    }

    /**
     * macOS's and FreeBSD's {@code netstat -L}: a listening socket's queue sizes (qlen/incqlen/maxqlen) and its local
     * address, "0/0/128        *.ssh" (macOS: TCP alone, no protocol column), "tcp4  0/0/128   *.22" (FreeBSD; its
     * {@code unix} rows are other sockets).
     */
    private Outcome listenQueue() {
        int k = count - 1;
        if (count == 3) {
            int kind = protoKind(0);
            if (kind == KIND_OTHER || kind == KIND_UDP) return Outcome.OTHER_SOCKET;
            if (kind != KIND_TCP) return Outcome.NOT_ROW;
        }
        if (line.indexOf('.', ts[k]) < 0 || line.indexOf('.', ts[k]) >= te[k]) return Outcome.NOT_ROW; // BSD's "address.port"
        proto = Protocol.TCP;
        Outcome local = endpoint(k, true);
        if (local != Outcome.ROW) return local;
        foreignHost = "*";
        foreignPort = ANY_PORT;
        state = "LISTEN";
        shape = Shape.BSD;
        return Outcome.ROW;
    }

    /** qlen/incqlen/maxqlen: "0/0/128". */
    private boolean queueSizes(int t) {
        int slashes = 0;
        for (int i = ts[t]; i < te[t]; i++) {
            char c = line.charAt(i);
            if (c == '/') {
                if (i == ts[t] || line.charAt(i - 1) == '/') return false;
                slashes++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return slashes == 2 && line.charAt(te[t] - 1) != '/';
    }

    /**
     * Solaris/illumos rows inside a "TCP: IPv4" / "UDP: IPv6" section, without a protocol column:
     * TCP {@code local remote [user pid command] swind sendq rwind recvq STATE [if]};
     * UDP {@code local [remote] [user pid command] State [if]} with State Idle, Unbound or Connected.
     */
    private Outcome solaris() {
        proto = section == 'T' ? Protocol.TCP : Protocol.UDP;
        if (!dottedEndpointShape(0)) return Outcome.NOT_ROW;
        Outcome local = endpoint(0, true);
        if (local != Outcome.ROW) return local;
        int k = 1;
        if (count > 1 && dottedEndpointShape(1)) {
            Outcome foreign = endpoint(1, false);
            if (foreign != Outcome.ROW) return foreign;
            k = 2;
        } else {
            foreignHost = "*";
            foreignPort = ANY_PORT;
        }
        if (proto == Protocol.TCP) {
            // the state follows four numbers (Swind Send-Q Rwind Recv-Q)
            int st = -1;
            for (int j = count - 1; j >= k + 4; j--) {
                if (isWord(j) && isDigits(j - 1) && isDigits(j - 2) && isDigits(j - 3) && isDigits(j - 4)) {
                    st = j;
                    break;
                }
            }
            if (st < 0 || k == 1) return Outcome.NOT_ROW;
            state = line.substring(ts[st], te[st]);
            if (st - 4 > k + 1 && isDigits(k + 1)) { // -u: user pid command
                pid = parseLong(ts[k + 1], te[k + 1]);
                process = line.substring(ts[k + 2], te[st - 5]);
            }
        } else {
            int st = -1;
            for (int j = k; j < count; j++) {
                String w = line.substring(ts[j], te[j]);
                if (w.equals("Idle") || w.equals("Unbound") || w.equals("Connected") || w.equals("Bound")) {
                    st = j;
                    break;
                }
            }
            if (st < 0) return Outcome.NOT_ROW;
            if (st - k >= 2 && isDigits(k + 1)) {
                pid = parseLong(ts[k + 1], te[k + 1]);
                if (st - k >= 3) process = line.substring(ts[k + 2], te[st - 1]);
            }
            // "Idle" is a bound UDP socket: not a state worth keeping
            state = null;
        }
        shape = Shape.SOLARIS;
        return Outcome.ROW;
    }

    /** A token that can be a Solaris endpoint: "*.22", "*.*", "10.0.0.1.22", "::1.25", "fe80::1%net0.546". */
    private boolean dottedEndpointShape(int t) {
        int dot = lastIndexOf('.', ts[t], te[t]);
        if (dot <= ts[t] || dot + 1 >= te[t]) return false;
        char c = line.charAt(ts[t]);
        return c == '*' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * PowerShell's {@code Get-NetTCPConnection} as a table ({@code Format-Table}, what the console and {@code > file}
     * print): {@code LocalAddress LocalPort RemoteAddress RemotePort State [AppliedSetting] [OwningProcess]}, the
     * state in PowerShell's spelling ({@code Listen}, {@code TimeWait}). TCP only ({@code Get-NetUDPEndpoint} has other
     * columns). A row whose addresses are not IP addresses (a column cut to "fe80::1c2d:..." by a narrow console)
     * is not read as one.
     */
    private Outcome powershell() {
        if (!isIpText(0) || !isIpText(2)) return Outcome.NOT_ROW;
        long lp = portNumber(ts[1], te[1]);
        long rp = portNumber(ts[3], te[3]);
        if (lp > 65535 || rp > 65535) return Outcome.NOT_ROW;
        // after the state: the applied setting (a word, often blank) and the owning process, nothing else
        if (count > 7 || count == 7 && isDigits(5) || count >= 6 && !isDigits(count - 1)) return Outcome.NOT_ROW;
        shape = Shape.POWERSHELL;
        proto = Protocol.TCP;
        localHost = line.substring(ts[0], te[0]);
        localPort = (int) lp;
        foreignHost = line.substring(ts[2], te[2]);
        foreignPort = (int) rp;
        state = line.substring(ts[4], te[4]);
        if (count >= 6) pid = parseLong(ts[count - 1], te[count - 1]);
        return Outcome.ROW;
    }

    /**
     * {@code lsof -i} ({@code -P -n} for numbers; names are looked up otherwise): {@code COMMAND PID USER FD TYPE DEVICE
     * SIZE/OFF NODE NAME [(STATE)]}, TYPE {@code IPv4}/{@code IPv6}, NODE {@code TCP}/{@code UDP}, NAME {@code *:22},
     * {@code [::1]:631} or {@code local->remote}. A TCP socket in LISTEN, or a UDP one without a remote side, listens.
     * {@code type}: the TYPE column's token (4, or 6 with a thread's TID and TASKCMD).
     */
    private Outcome lsof(int type) {
        if (count > type + 6) return Outcome.NOT_ROW;
        proto = isWord(type + 3, "TCP") ? Protocol.TCP : Protocol.UDP;
        int s = ts[type + 4];
        int e = te[type + 4];
        int arrow = line.indexOf("->", s);
        Outcome local = endpointAt(s, arrow >= 0 && arrow < e ? arrow : e, true);
        if (local != Outcome.ROW) return local;
        if (arrow >= 0 && arrow < e) {
            Outcome remote = endpointAt(arrow + 2, e, false);
            if (remote != Outcome.ROW) return remote;
        } else {
            foreignHost = "*";
            foreignPort = ANY_PORT;
        }
        if (count == type + 6) {
            int a = ts[type + 5];
            int b = te[type + 5];
            if (b - a < 3 || line.charAt(a) != '(' || line.charAt(b - 1) != ')') return Outcome.NOT_ROW;
            state = line.substring(a + 1, b - 1);
        }
        shape = line.startsWith("0x", ts[type + 1]) ? Shape.LSOF_BSD : Shape.LSOF_LINUX;
        socket = line.substring(ts[type + 1], te[type + 1]);
        pid = parseLong(ts[1], te[1]);
        process = line.substring(ts[0], te[0]);
        return Outcome.ROW;
    }

    /** Token {@code t} is one of {@code words}, exactly. */
    private boolean isWord(int t, String... words) {
        for (String w : words) if (te[t] - ts[t] == w.length() && line.startsWith(w, ts[t])) return true;
        return false;
    }

    /** An IPv4 or IPv6 address (an IPv6 zone, "%12", allowed), not a word or an address cut short ("2001:db8:4b2..."). */
    private boolean isIpText(int t) {
        return dev.portolan.model.IpAddress.parse(line.substring(ts[t], te[t])) != null;
    }

    /**
     * FreeBSD/DragonFly {@code sockstat}: {@code USER COMMAND PID FD PROTO LOCAL FOREIGN [PATH-STATE] [CONN-STATE]}.
     * A TCP row with foreign {@code *:*} is listening (sockstat -l prints only those).
     */
    private Outcome sockstat() {
        int kind = protoKind(4);
        proto = kind == KIND_TCP ? Protocol.TCP : Protocol.UDP;
        Outcome local = endpoint(5, true);
        if (local != Outcome.ROW) return local;
        Outcome foreign = endpoint(6, false);
        if (foreign != Outcome.ROW) return foreign;
        if (isDigits(2)) pid = parseLong(ts[2], te[2]);
        if (!isQuestion(1)) process = line.substring(ts[1], te[1]);
        for (int j = 7; j < count; j++) {
            if (isWord(j) && Vocabulary.normaliseState(line.substring(ts[j], te[j])) != null) state = line.substring(ts[j], te[j]);
        }
        shape = Shape.SOCKSTAT;
        return Outcome.ROW;
    }

    private boolean isQuestion(int t) {
        return te[t] - ts[t] == 1 && line.charAt(ts[t]) == '?';
    }

    // ---- endpoints ----------------------------------------------------------------------------

    /** Parses token {@code t} as host+port into the local or foreign fields. */
    private Outcome endpoint(int t, boolean local) {
        return endpointAt(ts[t], te[t], local);
    }

    /** {@link #endpoint} of the text {@code line[s, e)}. */
    private Outcome endpointAt(int s, int e, boolean local) {
        if (!split(s, e)) return Outcome.NOT_ROW;
        String host = epZonedHost != null ? epZonedHost : host(epHostStart, epHostEnd);
        int port;
        if (epPortStart + 1 == e && line.charAt(epPortStart) == '*') {
            port = ANY_PORT;
        } else if (isDigitRange(epPortStart, e)) {
            long v = portNumber(epPortStart, e);
            if (v > 65535) return Outcome.NOT_ROW;
            port = (int) v;
        } else {
            String name = line.substring(epPortStart, e);
            port = services.port(name, proto);
            if (port < 0 && epDotted && (e - s == BSD_WIDTH || e - s == BSD_WIDTH_A)) {
                // BSD/macOS netstat cuts "host.service" at its column width: a name at that edge may be the start of one
                String full = services.nameStartingWith(name, proto);
                if (full != null) {
                    port = services.port(full, proto);
                    if (cutNames.size() < 10) cutNames.putIfAbsent(name, full + " " + port);
                    cutNameCount++;
                }
            }
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
        epZonedHost = null;
        if (line.charAt(s) == '[' && end - 1 > s && line.charAt(end - 1) == ']') {
            s++;
            end--;
        } else if (line.charAt(s) == '[') {
            // ss: the device after the brackets ("[fe80::1]%eth0:546"): the address with that zone, as Windows writes it
            int close = line.indexOf(']', s);
            if (close > s + 1 && close + 2 < end && line.charAt(close + 1) == '%') {
                epZonedHost = line.substring(s + 1, close) + line.substring(close + 1, end);
            }
        }
        if (end <= s) return false;
        if (epZonedHost == null && !hostText(s, end)) return false;
        epHostStart = s;
        epHostEnd = end;
        epPortStart = portStart;
        return true;
    }

    /**
     * Whether {@code line[s, e)} may be the host part of an endpoint as some netstat, ss or lsof prints it: an address,
     * {@code *} or a host name, in any script. No control character and none of {@code !"'(),;<>?\^`{|}[]} appears in
     * one (brackets only around an IPv6 address, taken off before this): such text is a row cut and run into other
     * bytes ("udp UNCON…^U…]…!…:22 [::]:*", a dump spliced with binary noise), not a host.
     */
    private boolean hostText(int s, int e) {
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c < 0x40 ? (NOT_IN_HOSTS_LOW >>> c & 1) != 0 : c < 0xA0 && (c >= 0x7F || (NOT_IN_HOSTS_HIGH >>> (c - 0x40) & 1) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** Bit c set: character c (below 0x40) is in no host text (the controls, and !"'(),;<>?). */
    private static final long NOT_IN_HOSTS_LOW = notInHosts(0x00, "!\"'(),;<>?") | 0xFFFFFFFFL;
    /** Bit c - 0x40 set: character c (0x40-0x7F) is in no host text (^`{|}[] and \). */
    private static final long NOT_IN_HOSTS_HIGH = notInHosts(0x40, "\\^`{|}[]");

    private static long notInHosts(int base, String chars) {
        long bits = 0;
        for (int i = 0; i < chars.length(); i++) bits |= 1L << (chars.charAt(i) - base);
        return bits;
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
        // ss names the device a socket is bound to after its IPv4 address ("127.0.0.53%lo:53", "0.0.0.0%eth0:68"):
        // the address is the part before it, as netstat and lsof print it (an IPv6 zone, "fe80::1%eth0", stays)
        for (int i = s; i < e; i++) {
            char c = line.charAt(i);
            if (c == ':') break;
            if (c == '%') {
                if (i > s && line.charAt(i - 1) >= '0' && line.charAt(i - 1) <= '9') return host(s, i);
                break;
            }
        }
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

    /**
     * A net-tools row whose queue columns were left out by whoever pasted it (a book's trimmed listing, {@code awk '{print
     * $1,$4,$5,$6,$7}'}): "tcp   127.0.0.1:3306    0.0.0.0:*    LISTEN    403/mysqld". Without queues it has a Windows row's
     * columns, but Windows writes its protocol in capitals, a TCP socket's unknown foreign end as {@code 0.0.0.0:0}, its
     * state as LISTENING and its PID alone: a protocol in lower case with net-tools' family suffix ({@code tcp6}), a
     * {@code :*} foreign end of a TCP socket, the state LISTEN or a {@code PID/program} column says Linux.
     */
    private boolean linuxWithoutQueues(int p, int foreign) {
        for (int k = ts[p]; k < te[p]; k++) if (!Character.isLowerCase(line.charAt(k)) && !Character.isDigit(line.charAt(k))) return false;
        if (line.charAt(te[p] - 1) == '6') return true;
        if (proto == Protocol.TCP && line.startsWith(":*", te[foreign] - 2)) return true;
        for (int k = foreign + 1; k < count; k++) {
            if (te[k] - ts[k] == 6 && line.startsWith("LISTEN", ts[k]) || isProgramToken(k) && te[k] - ts[k] > 1) return true;
        }
        return false;
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

    /** The digits {@code line[s, e)} as a number, or one above any port when they are too many to be one. */
    private long portNumber(int s, int e) {
        return e - s > 5 ? 99999 : parseLong(s, e);
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
        socket = null;
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
