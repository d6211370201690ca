package dev.portolan.ingest.netstat;

import dev.portolan.model.Protocol;

/**
 * Solaris's and illumos's {@code pfiles PID} (the way to tell a socket's process there before netstat -u): under each
 * process's {@code 12284:  ./main} line, every open file; a socket's entry is its descriptor's {@code S_IFSOCK} line, its
 * flags, {@code SOCK_STREAM} or {@code SOCK_DGRAM}, options, {@code sockname: AF_INET 0.0.0.0  port: 1980} and, when
 * connected, {@code peername: AF_INET 10.0.0.5  port: 51515}.
 * <pre>
 * 12284:  ./main
 *   Current rlimit: 4096 file descriptors
 *    3: S_IFSOCK mode:0666 dev:374,0 ino:55360 uid:0 gid:0 size:0
 *       O_RDWR
 *         SOCK_STREAM
 *         SO_REUSEADDR,SO_KEEPALIVE,SO_SNDBUF(49152),SO_RCVBUF(49152)
 *         sockname: AF_INET 0.0.0.0  port: 1980
 * </pre>
 * A TCP socket without a peer listens, a UDP one is bound; port 0 is none yet. A socket whose type line a filter took
 * away ({@code pfiles * | egrep "^[0-9]|sockname"}) has no known protocol: a problem. Not thread-safe: one per file.
 */
final class PfilesLines {
    private final TableLines out;
    /** A pfiles line was seen: its process and socket lines are taken from here on. */
    private boolean active;
    private long pid = -1;
    private String process;
    private Protocol type;
    // the socket whose sockname was read, waiting for a peername line
    private long pLine;
    private String pText;
    private Protocol pProto;
    private String pHost;
    private int pPort = -1;

    PfilesLines(TableLines out) {
        this.out = out;
    }

    private static final java.util.regex.Pattern PROCESS = java.util.regex.Pattern.compile("(\\d+):\\s+(\\S.*)");
    private static final java.util.regex.Pattern DESCRIPTOR = java.util.regex.Pattern.compile("\\s*\\d+: S_IF\\w+(?: .*)?");
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile(
            "\\s*(sockname|peername): AF_INET6? +(\\S+) +port: *(\\d+)\\s*");
    /** A line of an entry's detail: flags, socket type and options, rlimits, a file's path, AF_UNIX names and peers. */
    private static final java.util.regex.Pattern DETAIL = java.util.regex.Pattern.compile(
            "\\s*(?:O_\\w+(?:\\|O_\\w+)*|SOCK_\\w+|SO_\\w+.*|Current (?:soft |hard )?rlimit:.*|Current umask:.*|offset: *\\d+|"
                    + "sockname: AF_UNIX.*|peername: AF_UNIX.*|peer: .*|(?:sockname|peername): AF_\\w+.*|/\\S.*|"
                    + "congestion control: .*|state: .*|F_\\w+.*)");

    /** Takes a line of pfiles's output; false for any other line (then an entry under way ends). */
    boolean accept(long lineNo, String body) {
        if (!active && !mayStartPfiles(body)) return false;
        java.util.regex.Matcher a = ADDRESS.matcher(body);
        if (a.matches()) {
            active = true;
            String host = a.group(2);
            int port = Integer.parseInt(a.group(3).length() > 5 ? "70000" : a.group(3));
            if (a.group(1).equals("sockname")) {
                flush();
                pLine = lineNo;
                pText = body;
                pProto = type;
                pHost = host;
                pPort = port;
            } else if (pPort >= 0) {
                emit(host, port);
            } else {
                out.header();
            }
            return true;
        }
        if (body.isBlank()) {
            flush();
            return false;
        }
        if (!active && !body.startsWith(" ") && PROCESS.matcher(body).matches() && !DESCRIPTOR.matcher(body).matches()) {
            // a process line alone proves nothing yet ("12:" is also a numbered line): remembered, not taken
            java.util.regex.Matcher m = PROCESS.matcher(body);
            m.matches();
            pid = Long.parseLong(m.group(1).length() > 9 ? "-1" : m.group(1));
            process = program(m.group(2));
            return false;
        }
        if (!active) {
            if (DESCRIPTOR.matcher(body).matches() && body.contains(" S_IFSOCK")) active = true;
            else return false;
        }
        if (DESCRIPTOR.matcher(body).matches()) {
            flush();
            type = null;
            out.header();
            return true;
        }
        if (!body.startsWith(" ") && PROCESS.matcher(body).matches()) {
            flush();
            java.util.regex.Matcher m = PROCESS.matcher(body);
            m.matches();
            pid = Long.parseLong(m.group(1).length() > 9 ? "-1" : m.group(1));
            process = program(m.group(2));
            type = null;
            out.header();
            return true;
        }
        if (DETAIL.matcher(body).matches()) {
            String t = body.strip();
            if (t.equals("SOCK_STREAM")) type = Protocol.TCP;
            else if (t.equals("SOCK_DGRAM")) type = Protocol.UDP;
            out.header();
            return true;
        }
        flush();
        return false;
    }

    /**
     * Whether a line may be pfiles's while none has been seen: its first character after blanks a digit (a process's or a
     * descriptor's line) or the s or p of sockname and peername. Told before any pattern is tried: this runs on every line
     * of every dump, and almost none is pfiles's.
     */
    private static boolean mayStartPfiles(String body) {
        int i = 0;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) i++;
        if (i == body.length()) return false;
        char c = body.charAt(i);
        return c >= '0' && c <= '9' || c == 's' || c == 'p';
    }

    /**
     * A prompt or title named {@code command}: after {@code pfiles 12284} its first line, the process's, is taken too;
     * after another command, pfiles's lines are no longer looked for until one proves them again.
     */
    void command(String command) {
        flush();
        String[] w = command.strip().split("\\s+");
        int i = 0;
        while (i < w.length && (w[i].equals("sudo") || w[i].equals("pfexec"))) i++;
        active = i < w.length && program(w[i]).equals("pfiles");
        type = null;
    }

    /** The command's program: {@code /usr/sfw/sbin/snmpd} → snmpd, {@code ./main -c x} → main. */
    private static String program(String command) {
        String first = command.strip().split("\\s+", 2)[0];
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /** The socket under way without a peer: a listener (TCP) or a bound socket (UDP). */
    void flush() {
        if (pPort < 0) return;
        emit(null, 0);
    }

    private void emit(String peerHost, int peerPort) {
        int port = pPort;
        pPort = -1;
        if (pProto == null) {
            out.problem(pLine, pText, "a pfiles socket without its SOCK_STREAM or SOCK_DGRAM line (a filter took it away):"
                    + " its protocol is unknown, so it is not audited; give pfiles's whole output");
            return;
        }
        if (port > 65535 || peerPort > 65535) {
            out.problem(pLine, pText, "a port beyond 65535 in pfiles's socket line");
            return;
        }
        boolean connected = peerHost != null;
        out.row(pLine, pText, new RowParser.Row(RowParser.Outcome.ROW, RowParser.Shape.PFILES, pProto, pHost,
                port == 0 ? RowParser.ANY_PORT : port, connected ? peerHost : "*", connected ? peerPort : RowParser.ANY_PORT,
                connected ? "ESTABLISHED" : pProto == Protocol.TCP ? "LISTEN" : null, pid, process, null, false));
    }

    void finish() {
        flush();
    }
}
