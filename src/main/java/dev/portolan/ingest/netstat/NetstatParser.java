package dev.portolan.ingest.netstat;

import dev.portolan.model.Addresses;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The per-file state machine: feeds each physical line to {@link RowParser}, turns rows into
 * listeners or connections, attaches {@code netstat -b} process lines to the row above, skips
 * titles, headers, prompts and non-IP sections, and reports every other line as a problem.
 */
final class NetstatParser {
    static final String EXPECTED = "expected a socket row like 'TCP 0.0.0.0:135 0.0.0.0:0 LISTENING 1104', "
            + "'tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 1/sshd' or 'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*'";

    private final String file;
    private final ObservationSink sink;
    private final RowParser rows;
    private final long[] counts = new long[LineKind.values().length];
    private final Map<RowParser.Shape, Long> shapes = new EnumMap<>(RowParser.Shape.class);
    private final Map<String, Long> unknownStates = new LinkedHashMap<>();

    private long badPortRows;
    private RowParser.Shape firstShape;
    private String hostName;
    private boolean busybox;
    private boolean inOtherSection;
    /**
     * A SUSE supportconfig file ({@code network.txt}): what the line after its last {@code #==[ … ]==#} header names —
     * the command under {@code Command}, the file under {@code Configuration File} — or NONE once that line was seen.
     */
    private enum Awaiting { NONE, COMMAND, FILE }
    private Awaiting awaiting = Awaiting.NONE;
    /** The next line of a skipped section is the host's name ({@code /etc/HOSTNAME}'s text, {@code hostname}'s output). */
    private boolean nameNext;
    /** The name the file states ({@code /etc/HOSTNAME} in supportconfig): it wins over a name read from the rows. */
    private String statedHostName;
    /**
     * The dump is lsof's (its column header, or a socket row of its shape): a row for an open file that is no TCP/UDP
     * socket is passed over, as lsof without {@code -i} lists every open file.
     */
    private boolean lsof;
    /** True until the first row after a title: header lines there may be in any language. */
    private boolean preamble = true;
    /** The last line was a row or annotation that -b / ss -i lines may follow. */
    private RowParser.Shape annotatable;

    // A Windows row waits here until the -b lines under it have been seen.
    private boolean pending;
    private boolean pendingListener;
    /** The command output rows are now in (see {@link Listener#dump}), and whether it has shown a row yet. */
    private int dump;
    private boolean rowsInDump;
    private Protocol pProto;
    private String pLocal;
    private int pLocalPort;
    private String pRemote;
    private int pRemotePort;
    private String pState;
    private long pPid;
    private String pProcess;
    /** The pending row's socket as the row names it (see {@link Listener#socket}), or null. */
    private String pSocket;
    private String pComponent;
    /** The pending row's "[process.exe]" line has been seen. */
    private boolean pBracketed;
    private Evidence pEvidence;
    private String pBody;
    /** A -b "[process.exe]" line has been seen: digit-free sentences under rows are ownership messages. */
    private boolean bracketSeen;

    NetstatParser(String file, ObservationSink sink, ServiceTable services) {
        this.file = file;
        this.sink = sink;
        this.rows = new RowParser(services);
        TableLines tables = new TableLines() {
            @Override
            public void row(long lineNo, String evidence, RowParser.Row r) {
                NetstatParser.this.row(lineNo, evidence, evidence, r);
            }

            @Override
            public void header() {
                flush();
                annotatable = null;
                count(LineKind.HEADER);
            }

            @Override
            public void continuation() {
                count(LineKind.CONTINUATION);
            }

            @Override
            public void otherSocket() {
                flush();
                other(LineKind.OTHER_SOCKET);
            }

            @Override
            public void problem(long lineNo, String text, String message) {
                NetstatParser.this.problem(lineNo, text, message);
            }
        };
        this.objects = new PowerShellObjects(tables);
        this.kernelTables = new ProcNetTables(file, tables);
        this.pfiles = new PfilesLines(tables);
    }

    /** Solaris's pfiles output: its processes' socket lines. */
    private final PfilesLines pfiles;

    /** The kernel's socket tables ({@code cat /proc/net/tcp}). */
    private final ProcNetTables kernelTables;

    /** PowerShell's socket objects as a table, CSV or list (Get-NetTCPConnection, Get-NetUDPEndpoint). */
    private final PowerShellObjects objects;

    void accept(long lineNo, String raw) {
        String line = raw.indexOf('\0') >= 0 ? raw.replace("\0", "") : raw; // NUL padding
        line = TerminalText.clean(line); // a recorded terminal session's colours, titles and backspaces
        String body = untimestamped(line);
        body = body.isEmpty() || body.charAt(0) != '>' ? body : unquote(body);
        body = unguttered(body);
        body = unnumbered(body);
        body = uncommented(body);
        body = unhashed(body);
        // a quote or Select-String's match mark inside the comment ("# >   TCP    0.0.0.0:50000 …", a script's note of what
        // "netstat -anob | Select-String 50000 -Context 1" printed)
        if (commentMark != 0 && !body.isEmpty() && body.charAt(0) == '>') body = unquote(body);
        if (body.indexOf('<') >= 0 || body.indexOf('&') >= 0) body = untagged(body);
        if (held != null && joinHeld(lineNo, body)) return;
        if (kernelTables.accept(lineNo, body)) return;
        if (pfiles.accept(lineNo, body)) return;
        if (objects.accept(lineNo, body)) return;
        if (!body.isEmpty() && solarisTitle(body)) return;
        RowParser.Row r = rows.parse(body);
        if (!r.is(RowParser.Outcome.ROW) && body.length() > 60) {
            String wrapped = rowAfterPrompt(lineNo, body);
            if (wrapped != null) {
                body = wrapped;
                r = rows.parse(body);
            }
        }
        if (!r.is(RowParser.Outcome.ROW) && body.indexOf('\\') >= 0 && body.contains("\\*")) {
            // a row pasted into Markdown with its wildcards escaped ("UDP 0.0.0.0:3389 \\*:\\* 320")
            RowParser.Row unescaped = rows.parse(body.replace("\\*", "*"));
            if (unescaped.is(RowParser.Outcome.ROW)) {
                body = body.replace("\\*", "*");
                r = unescaped;
            }
        }
        if (!r.is(RowParser.Outcome.ROW) && body.contains(":**")) {
            // Markdown made "*" of a wildcard port "**" ("0.0.0.0:**", ":::**"): one star meant
            RowParser.Row unstarred = rows.parse(body.replace(":**", ":*"));
            if (unstarred.is(RowParser.Outcome.ROW)) {
                body = body.replace(":**", ":*");
                r = unstarred;
            }
        }
        if (body.indexOf('*') >= 0 && (!r.is(RowParser.Outcome.ROW) || r.state() != null && Vocabulary.normaliseState(r.state()) == null)) {
            // Markdown emphasis around a pasted block, its stars glued to the first and last lines ("***Proto …",
            // "… TIME_WAIT***", "… *:****"): the row without them
            String plain = unemphasised(body);
            RowParser.Row unstarred = plain == null ? null : rows.parse(plain);
            if (unstarred != null && unstarred.is(RowParser.Outcome.ROW)) {
                body = plain;
                r = unstarred;
            }
        }
        if (!r.is(RowParser.Outcome.ROW) && body.indexOf('`') >= 0) {
            // a row quoted as inline code in Markdown ("`root  lighttpd  31825 7  tcp4  *:80  *:*`"), or as a code span in
            // a sentence, perhaps as a string literal too ("a line like `'tcp46  0  0  *.8809  *.*  LISTEN  '` is not found")
            String inner = inlineCode(body);
            RowParser.Row unquoted = inner == null ? null : rows.parse(inner);
            if (unquoted == null || !unquoted.is(RowParser.Outcome.ROW)) {
                inner = rowInCodeSpan(body);
                unquoted = inner == null ? null : rows.parse(inner);
            }
            if (unquoted != null && unquoted.is(RowParser.Outcome.ROW)) {
                body = inner;
                r = unquoted;
            }
        }
        if (r.is(RowParser.Outcome.NOT_ROW) && body.indexOf(':') >= 0) {
            // a search tool's output: 'grep -n', 'findstr /n', 'grep -H', Select-String put a line number or file before the row
            int cut = searchPrefix(body);
            if (cut > 0) {
                RowParser.Row unprefixed = rows.parse(body.substring(cut));
                if (unprefixed.is(RowParser.Outcome.ROW) || unprefixed.is(RowParser.Outcome.BAD_PORT)) {
                    searchPrefixed(lineNo, line, body.substring(0, cut));
                    body = body.substring(cut);
                    r = unprefixed;
                }
            }
        }
        boolean lsofCut = !r.is(RowParser.Outcome.ROW) && lsofCut(body);
        if ((r.is(RowParser.Outcome.NOT_ROW) || r.is(RowParser.Outcome.BAD_PORT))
                && (body.length() >= WRAP_MIN && r.leadingProto() || RowParser.ssCutBeforePeer(body)) || lsofCut) {
            // perhaps a row that a console copy wrapped: decide with the next line
            flush();
            held = line;
            heldBody = body;
            heldLine = lineNo;
            heldError = r.is(RowParser.Outcome.BAD_PORT) ? r.error() : null;
            heldShape = r.shape();
            heldLsof = lsofCut;
            return;
        }
        dispatch(lineNo, line, body, r);
    }

    /**
     * The line without Markdown emphasis glued to its ends: two or three stars (or underscores) before its first word
     * ("***TCP …") or after its last token ("… TIME_WAIT***", "… *:****" a wildcard "*:*" and three stars); null when it
     * has none. One star alone is left: it may be a wildcard ("*.22", "*:*").
     */
    static String unemphasised(String body) {
        int from = 0;
        while (from < body.length() && Character.isWhitespace(body.charAt(from))) from++;
        int to = body.length();
        while (to > from && Character.isWhitespace(body.charAt(to - 1))) to--;
        int lead = from;
        while (lead < to && lead - from < 3 && (body.charAt(lead) == '*' || body.charAt(lead) == '_')) lead++;
        if (lead - from < 2 || lead >= to || !Character.isLetter(body.charAt(lead))) lead = from;
        int tail = to;
        while (tail > lead && to - tail < 3 && (body.charAt(tail - 1) == '*' || body.charAt(tail - 1) == '_')) tail--;
        if (to - tail < 2) tail = to;
        if (lead == from && tail == to) return null;
        return body.substring(0, from) + body.substring(lead, tail);
    }

    /**
     * The line without the time a terminal's logging (Xshell, SecureCRT, MobaXterm), {@code ts} or {@code docker logs -t},
     * {@code kubectl logs --timestamps} wrote before it — {@code [2022/9/23 15:43:47] }, {@code [2024-01-05 09:12:33.120] },
     * {@code 2024-01-05T09:12:33.123456789Z } — with the indentation before that time; the line itself when it has none.
     * No netstat, ss or lsof line starts with a date. Told by its first character before any pattern is tried: this
     * runs on every line.
     */
    static String untimestamped(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        if (n - i < 20) return line;
        char c = line.charAt(i);
        java.util.regex.Matcher m;
        if (c == '[' && Character.isDigit(line.charAt(i + 1))) m = BRACKETED_TIME.matcher(line);
        else if (Character.isDigit(c) && line.charAt(i + 4) == '-') m = ISO_TIME.matcher(line);
        else return line;
        return m.region(i, n).lookingAt() ? line.substring(m.end()) : line;
    }

    /** A date and time in brackets: "[2022/9/23 15:43:47] ", "[2024-01-05 09:12:33.120] ". */
    private static final java.util.regex.Pattern BRACKETED_TIME = java.util.regex.Pattern.compile(
            "\\[\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}[ T_]\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?\\] ?");
    /** An ISO 8601 time with its zone, as docker and kubectl print it: "2024-01-05T09:12:33.123456789Z ". */
    private static final java.util.regex.Pattern ISO_TIME = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2}) ");

    /**
     * An lsof row of a TCP or UDP socket whose NAME a narrow terminal wrapped onto the next line, whole ({@code node 90497
     * user 25u IPv6 0x3d4a… 0t0 TCP}) or in part ({@code … 0t0 TCP lo}): COMMAND, a PID, USER, FD, TYPE IPv4/IPv6,
     * DEVICE, SIZE/OFF and NODE TCP/UDP, then at most a piece of the NAME. Such a row is no open file of another kind.
     */
    private static boolean lsofCut(String body) {
        String[] t = body.strip().split("\\s+");
        if (t.length < 8 || t.length > 9 || t[1].isEmpty() || !t[1].chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        return (t[4].equals("IPv4") || t[4].equals("IPv6")) && (t[7].equals("TCP") || t[7].equals("UDP"));
    }

    /**
     * A line without the gutter mark an AI coding agent's terminal (Claude Code) puts before a tool's output
     * ({@code   ⎿  COMMAND  PID …}, {@code   ⎿ livekit-s 78129 …}): the mark becomes a blank, the rest stays where it was.
     */
    private static String unguttered(String body) {
        int i = 0;
        while (i < body.length() && body.charAt(i) == ' ') i++;
        return i < body.length() && body.charAt(i) == '\u23BF' ? body.substring(0, i) + ' ' + body.substring(i + 1) : body;
    }

    /** Lines that carried a line number and a tab ({@code cat -n}, {@code nl}), read without them. */
    private long numberedLines;

    /**
     * The line without the number and tab {@code cat -n} or {@code nl} put before it ({@code "     5\t  TCP …"}); the line
     * itself when it has none. No netstat, ss or lsof line starts with digits and a tab.
     */
    private String unnumbered(String body) {
        int i = 0;
        while (i < body.length() && body.charAt(i) == ' ') i++;
        int digits = i;
        while (i < body.length() && body.charAt(i) >= '0' && body.charAt(i) <= '9') i++;
        if (i == digits || i - digits > 9 || i >= body.length() || body.charAt(i) != '\t') return body;
        numberedLines++;
        return body.substring(i + 1);
    }

    long numberedLines() {
        return numberedLines;
    }

    /** Rows read after a search tool's prefix, the first such prefix, and the files the prefixes named. */
    private long prefixedRows;
    private String firstPrefix;
    private final java.util.Set<String> prefixFiles = new java.util.LinkedHashSet<>();

    /**
     * Where a row starts after a prefix a search tool wrote before it — {@code 12:} ({@code grep -n}, {@code findstr /n}),
     * {@code netstat.txt:} ({@code grep -H}, {@code grep -r}), {@code C:\Temp\netstat.txt:12:} (Select-String) — or -1: the
     * text after one of the line's first three colons must begin with a word a socket row begins with.
     */
    static int searchPrefix(String body) {
        int colon = -1;
        for (int n = 0; n < 3; n++) {
            colon = body.indexOf(':', colon + 1);
            if (colon < 0 || colon > 400) return -1;
            int i = colon + 1;
            while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) i++;
            int end = i;
            while (end < body.length() && !Character.isWhitespace(body.charAt(end))) end++;
            if (end > i && ROW_STARTS.contains(body.substring(i, end).toLowerCase(Locale.ROOT))) return colon + 1;
        }
        return -1;
    }

    /** The first words of socket rows: protocols (Windows, Linux, BSD, ss's Netid) and ss's states. */
    private static final java.util.Set<String> ROW_STARTS = java.util.Set.of("tcp", "tcp4", "tcp6", "tcp46", "udp", "udp4",
            "udp6", "udp46", "tcpv6", "udpv6", "listen", "estab", "unconn", "time-wait", "syn-sent", "syn-recv", "close-wait",
            "fin-wait-1", "fin-wait-2", "last-ack", "closing", "close");

    /**
     * A row came after a search tool's prefix: counted for a note; a prefix naming another file than the first one's is a
     * problem (a search across several hosts' dumps pasted as one host's).
     */
    private void searchPrefixed(long lineNo, String line, String prefix) {
        prefixedRows++;
        if (firstPrefix == null) firstPrefix = prefix;
        // the file part: the prefix less its line number ("netstat.txt:12:" -> "netstat.txt"); none for "12:"
        String file = prefix.substring(0, prefix.length() - 1);
        int c = file.lastIndexOf(':');
        if (c >= 0 && !file.substring(c + 1).isEmpty() && file.substring(c + 1).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            file = file.substring(0, c);
        } else if (file.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            file = "";
        }
        if (file.isEmpty() || prefixFiles.contains(file) || prefixFiles.size() >= 20) return;
        prefixFiles.add(file);
        if (prefixFiles.size() > 1) {
            problem(lineNo, line, "rows of another file ('" + file + "') after rows of '" + prefixFiles.iterator().next() + "': a search"
                    + " across several files was pasted as one dump; if they are different hosts' dumps, give each host's own");
        }
    }

    /** Rows read after a search tool's prefix, and the first prefix ({@code netstat.txt:12:}), for the reader's note. */
    long prefixedRows() {
        return prefixedRows;
    }

    String firstPrefix() {
        return firstPrefix;
    }

    private void dispatch(long lineNo, String line, String body, RowParser.Row r) {
        switch (r.outcome()) {
            case ROW -> row(lineNo, line, body, r);
            case OTHER_SOCKET -> {
                other(LineKind.OTHER_SOCKET);
                if (r.shape() == RowParser.Shape.SS) annotatable = RowParser.Shape.SS; // its ss -m/-i lines are details
            }
            case BAD_PORT -> {
                badPortRows++;
                problem(lineNo, line, r.error());
                annotatable = r.shape(); // -b lines under a dropped row are still not problems
            }
            default -> nonRow(lineNo, line, body);
        }
    }

    /** Shortest line that a console copy can have wrapped (consoles are at least 80 columns wide). */
    private static final int WRAP_MIN = 60;

    // A line that began like a row but did not read as one, waiting to see whether the next line completes it.
    private String held;
    /** The held line is an lsof row cut in or before its NAME column ({@link #lsofCut}). */
    private boolean heldLsof;
    private String heldBody;
    private long heldLine;
    private String heldError;
    private RowParser.Shape heldShape;

    /** Reads the held line together with {@code body}; true when they made one row. Otherwise reports the held line. */
    private boolean joinHeld(long lineNo, String body) {
        String line = held;
        String hb = heldBody;
        long hl = heldLine;
        String err = heldError;
        RowParser.Shape shape = heldShape;
        held = null;
        if (!body.isBlank() && !rows.parse(body).is(RowParser.Outcome.ROW)) {
            // an lsof row wrapped inside its NAME ("… TCP lo" / "calhost:7880 (LISTEN)") joins without a blank, one wrapped
            // before it ("… TCP" / "localhost:60922->localhost:hbci (ESTABLISHED)") with one
            String[] joins = heldLsof ? new String[] {hb.stripTrailing() + body.strip(), hb.stripTrailing() + " " + body.strip()}
                    : new String[] {hb + body};
            for (String joined : joins) {
                RowParser.Row r = rows.parse(joined);
                if (r.is(RowParser.Outcome.ROW)) {
                    row(hl, joined, joined, r);
                    count(LineKind.CONTINUATION);
                    return true;
                }
            }
        }
        if (heldLsof) {
            // not completed by the next line: an lsof row whose NAME was cut off, so its socket is unknown
            problem(hl, line, "an lsof row without its NAME (the socket's addresses), cut or wrapped where the next line"
                    + " does not complete it; the socket is not audited");
            return false;
        }
        if (err != null) {
            badPortRows++;
            problem(hl, line, err);
            annotatable = shape;
        } else {
            problem(hl, line, notARow());
        }
        return false;
    }

    /**
     * A dump pasted into source code as comments, every line after {@code //} ({@code //TCP    0.0.0.0:1433
     * 0.0.0.0:0    LISTENING    1532}, a real paste in Java comments): once a row is read after the two slashes, they
     * are taken off every line that has them; before that, off a title or column header too. Other lines are as they were.
     */
    private String uncommented(String body) {
        int i = 0;
        while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) i++;
        if (!body.startsWith("//", i) || body.startsWith("///", i)) return body;
        String rest = body.substring(i + 2);
        if (slashComments) return rest;
        if (rows.parse(rest).is(RowParser.Outcome.ROW)) {
            slashComments = true;
            return rest;
        }
        String lower = rest.strip().toLowerCase(Locale.ROOT);
        return Vocabulary.isTitle(lower) || Vocabulary.isColumnHeader(firstWord(lower)) ? rest : body;
    }

    /**
     * A line without the HTML paragraph, pre, code and break tags a web page wrapped around it ({@code <p>TCP: IPv4},
     * {@code  *.38336    Idle</p>}, {@code <pre>Active Connections}); other lines as they are.
     */
    static String untagged(String body) {
        if (body.indexOf('&') >= 0 && body.indexOf(';') > 0) body = unescapedHtml(body);
        java.util.regex.Matcher m = WRAPPING_TAGS.matcher(body);
        if (!m.matches()) return body;
        String inner = m.group(1) + m.group(2);
        return inner.length() == body.stripTrailing().length() ? body : inner;
    }

    /** A web page's escapes of the characters prompts and rows use ({@code PS C:\&gt;}, {@code &lt;-&gt;}, {@code &amp;}). */
    private static String unescapedHtml(String body) {
        return body.replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static final java.util.regex.Pattern WRAPPING_TAGS = java.util.regex.Pattern.compile(
            "(?i)(\\s*)(?:<(?:p|pre|code|br ?/?)>)*(.*?)(?:</(?:p|pre|code)>|<br ?/?>)*\\s*");

    /**
     * A line without the comment mark before it when the dump was pasted as comments: of a shell or PowerShell script
     * ({@code # LocalAddress   LocalPort}, {@code # tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN}, {@code #tcp46 0 0 *.80 …}) or a
     * Javadoc or C block comment ({@code  * udp46 0 0 *.2222 *.*}): from a commented row or column header on, every line
     * with the same mark is read without it (a PowerShell table's columns stay where its header put them). A root prompt
     * ({@code # netstat -an}), a Markdown heading or list item is neither, and stays as it is until then.
     */
    private String unhashed(String body) {
        int i = 0;
        while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) i++;
        if (i == body.length()) return body;
        char mark = body.charAt(i);
        if (mark != '#' && mark != '*') return body;
        boolean bare = i + 1 == body.length();
        boolean spaced = !bare && body.charAt(i + 1) == ' ';
        // "*" marks a comment only with a space after it ("*.22" is a BSD wildcard endpoint, "**" Markdown's bold)
        if (mark == '*' && !spaced && !bare) return body;
        String rest = bare ? "" : body.substring(i + (spaced ? 2 : 1));
        if (commentMark == mark) return rest;
        if (bare || commentMark != 0) return body;
        String lower = rest.strip().toLowerCase(Locale.ROOT);
        // a header by its first word and a column of addresses or queues (a heading "# State of the art" is none)
        boolean header = Vocabulary.isColumnHeader(firstWord(lower)) && (lower.contains("address") || lower.contains("recv-q")
                || lower.contains("localport") || Vocabulary.isLsofHeader(lower));
        String row = rest.startsWith(">") ? unquote(rest) : rest;
        if (header || rows.parse(row).is(RowParser.Outcome.ROW)) {
            commentMark = mark;
            return rest;
        }
        return body;
    }

    /** The mark the dump's lines were commented with ('#', '*'; 0: none): see {@link #unhashed}. */
    private char commentMark;

    /** Whether the dump's rows came after {@code //}: see {@link #uncommented}. */
    private boolean slashComments;

    /**
     * A line as a command: a Markdown code span's content ("`Get-NetTCPConnection | ft -auto`"), or what follows a
     * span's opening backtick when the line has no other, else the line.
     */
    private static String commandText(String trimmed) {
        String t = LIST_ITEM.matcher(trimmed).replaceFirst("");
        if (t.length() < 3) return trimmed;
        char q = t.charAt(0);
        if (q == '`') {
            String inner = inlineCode(t);
            if (inner != null) return inner.strip();
            // a code span opened here and closed lines below, around the command and its output ("`ss -tulpn | awk …",
            // the rows, then "`" alone): GitHub's comments run one backtick's span over line breaks
            return t.indexOf('`', 1) < 0 ? t.substring(1).strip() : trimmed;
        }
        if ((q == '\'' || q == '"') && t.charAt(t.length() - 1) == q && t.indexOf(q, 1) == t.length() - 1) {
            return t.substring(1, t.length() - 1).strip(); // a command quoted in prose: 'netstat -an | grep 11434'
        }
        return t.startsWith("$ ") ? t : trimmed; // "4. `$ wc …`" without its list marker, else the line as it was
    }

    /** A Markdown list item's marker before a command: "- ", "* ", "4. ". */
    private static final java.util.regex.Pattern LIST_ITEM = java.util.regex.Pattern.compile("^(?:[-*+]|\\d{1,2}[.)])\\s+(?=[`'\"$])");

    /**
     * The first code span of a line ({@code `…`}) that reads as a socket row, without the quotes of a string literal
     * around it ({@code `'tcp46 … LISTEN     '`}); null when none does.
     */
    private String rowInCodeSpan(String body) {
        int open = body.indexOf('`');
        while (open >= 0) {
            int close = body.indexOf('`', open + 1);
            if (close < 0) return null;
            String span = body.substring(open + 1, close).strip();
            if (span.length() > 2 && (span.charAt(0) == '\'' || span.charAt(0) == '"') && span.charAt(span.length() - 1) == span.charAt(0)) {
                span = span.substring(1, span.length() - 1);
            }
            if (span.length() >= 20 && rows.parse(span).is(RowParser.Outcome.ROW)) return span;
            open = body.indexOf('`', close + 1);
        }
        return null;
    }

    /** The text inside one pair of backticks that holds the whole line ("  `tcp4 … *:*`  "); null for any other line. */
    static String inlineCode(String body) {
        String t = body.strip();
        if (t.length() < 3 || t.charAt(0) != '`' || t.charAt(t.length() - 1) != '`') return null;
        String inner = t.substring(1, t.length() - 1);
        return inner.indexOf('`') >= 0 ? null : inner;
    }

    /** Removes e-mail quote marks ("> ", ">> ", "> > ") from the start of a line, keeping its indentation. */
    static String unquote(String line) {
        int k = 0;
        while (k < line.length() && line.charAt(k) == '>') {
            k++;
            if (k < line.length() && line.charAt(k) == ' ') k++;
        }
        return line.substring(k);
    }

    /** Solaris/illumos's column header: "Local Address  Remote Address  [User Pid Command]  [Swind Send-Q Rwind Recv-Q] State [If]". */
    private static final java.util.regex.Pattern SOLARIS_HEADER = java.util.regex.Pattern.compile(
            "local address\\s+remote address(?:\\s+user\\s+pid\\s+command)?(?:\\s+swind\\s+send-q\\s+rwind\\s+recv-q)?"
                    + "(?:\\s+strsi/o)?\\s+state(?:\\s+if)?");

    /** "TCP: IPv4", "UDP: IPv6", "SCTP:" (Solaris/illumos): rows below have no protocol column. */
    private boolean solarisTitle(String body) {
        // indented too (a dump pasted as an indented block); told by its first letter and length before any copy
        int from = 0;
        int to = body.length();
        while (from < to && Character.isWhitespace(body.charAt(from))) from++;
        while (to > from && Character.isWhitespace(body.charAt(to - 1))) to--;
        if (to - from < 4 || to - from > 12) return false;
        char c = body.charAt(from);
        if (c != 'T' && c != 'U' && c != 'S' && c != 'I' && c != 'R') return false;
        char sec = Vocabulary.solarisSection(body.substring(from, to));
        if (sec == 0) return false;
        flush();
        annotatable = null;
        rows.section(sec == 'O' ? 0 : sec);
        inOtherSection = sec == 'O';
        preamble = true;
        count(LineKind.HEADER);
        return true;
    }

    void finish() {
        if (held != null) joinHeld(heldLine + 1, "");
        objects.finish();
        kernelTables.finish();
        pfiles.finish();
        flush();
    }

    private void row(long lineNo, String line, String body, RowParser.Row r) {
        flush();
        otherCommand = null;
        RowParser.Shape shape = r.shape();
        if (firstShape == null) firstShape = shape;
        mixedHosts(lineNo, line, shape);
        otherPromptHost(lineNo, line);
        if (shape == RowParser.Shape.LSOF_BSD || shape == RowParser.Shape.LSOF_LINUX) lsof = true;
        if (shape == RowParser.Shape.BSD) bsdProtocol(firstWord(body.strip().toLowerCase(Locale.ROOT)));
        shapes.merge(shape, 1L, Long::sum);
        preamble = false;
        if (r.localPort() == RowParser.ANY_PORT) {
            other(LineKind.UNBOUND);
            return;
        }
        String normalised = r.state() == null ? null : Vocabulary.normaliseState(r.state());
        boolean wildcardForeign = r.foreignPort() == RowParser.ANY_PORT || r.foreignPort() == 0;
        if (r.proto() == Protocol.TCP && wildcardForeign
                && ("BOUND".equals(normalised) || "IDLE".equals(normalised) || "CLOSE".equals(normalised)
                || "UNCONN".equals(normalised))) {
            other(LineKind.BOUND_ONLY); // bound to a port, but not accepting connections
            return;
        }
        counts[LineKind.ROW.ordinal()]++;
        // fstat printing a socket's addresses is OpenBSD's (FreeBSD's prints its control block alone)
        if (shape == RowParser.Shape.FSTAT && openbsd == null) openbsd = "line " + lineNo + " (fstat's socket addresses)";
        cutAddress(r.localHost());
        cutAddress(r.foreignHost());
        if (shape == RowParser.Shape.LINUX) {
            fullColumn(r.localHost(), r.localPort());
            fullColumn(r.foreignHost(), r.foreignPort());
        }
        if (r.state() != null && normalised == null && unknownStates.size() < 20) unknownStates.merge(r.state(), 1L, Long::sum);
        String state = normalised != null ? normalised : r.state();
        boolean listener;
        if (r.proto() == Protocol.TCP) {
            listener = wildcardForeign || "LISTEN".equals(normalised);
        } else {
            listener = wildcardForeign || "UNCONN".equals(normalised);
        }
        noteHost(r.localHost());
        pending = true;
        pendingListener = listener;
        pProto = r.proto();
        pLocal = r.localHost();
        pLocalPort = r.localPort();
        pRemote = r.foreignHost();
        pRemotePort = r.foreignPort();
        pState = state;
        pPid = r.pid();
        pProcess = r.process();
        pSocket = r.socket();
        pBracketed = false;
        pComponent = null;
        pEvidence = Evidence.ofLine(file, lineNo, line);
        pBody = body;
        annotatable = shape;
        // only Windows -b prints lines under a row; but a TCP row without a state (net-tools prints one, ss with a state
        // filter does not) may have had it wrapped onto the next line by a narrow terminal: kept until that line is seen
        boolean stateless = r.proto() == Protocol.TCP && r.state() == null
                && (shape == RowParser.Shape.SS || shape == RowParser.Shape.LINUX);
        if (shape != RowParser.Shape.WINDOWS && !stateless) flush();
    }

    private void flush() {
        if (!pending) return;
        pending = false;
        rowsInDump = true;
        String process = pProcess;
        if (pComponent != null) process = process == null ? pComponent : process + " (" + pComponent + ")";
        if (pendingListener) {
            sink.listener(new Listener(pProto, pLocal, pLocalPort, pPid, process, pEvidence, dump, pSocket));
        } else {
            sink.connection(new Connection(pProto, pLocal, pLocalPort, pRemote, pRemotePort, pState, pPid, process, pEvidence));
        }
    }

    private void nonRow(long lineNo, String line, String body) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            flush();
            annotatable = null;
            count(LineKind.BLANK);
            return;
        }
        if (annotatable == RowParser.Shape.WINDOWS && annotation(trimmed)) {
            count(LineKind.ANNOTATION);
            return;
        }
        if ((annotatable == RowParser.Shape.LSOF_BSD || annotatable == RowParser.Shape.LSOF_LINUX) && trimmed.length() > 2
                && trimmed.charAt(0) == '(' && trimmed.charAt(trimmed.length() - 1) == ')'
                && Vocabulary.normaliseState(trimmed.substring(1, trimmed.length() - 1)) != null) {
            // the "(LISTEN)" a narrow terminal wrapped off the lsof row above: that row was read (a socket without a remote
            // end listens, one with it is a connection), its state is this line
            annotatable = null;
            count(LineKind.CONTINUATION);
            return;
        }
        String alone = pending && pState == null && pProto == Protocol.TCP && trimmed.indexOf(' ') < 0 && trimmed.indexOf('\t') < 0
                ? Vocabulary.normaliseState(trimmed) : null;
        if (alone != null && !"UNCONN".equals(alone)) {
            // the state of the TCP row above, alone on its line: a terminal 80 columns wide wrapped a net-tools row before
            // it ("tcp  0  256 192.168.0.46:22  192.168.0.39:25600" / " ESTABLISHED"), which made it read as ss's
            pState = alone;
            pendingListener |= "LISTEN".equals(alone);
            if (annotatable == RowParser.Shape.SS) {
                shapes.merge(RowParser.Shape.SS, -1L, Long::sum);
                shapes.merge(RowParser.Shape.LINUX, 1L, Long::sum);
            }
            flush();
            annotatable = null;
            count(LineKind.CONTINUATION);
            return;
        }
        if (pending && pBody != null && pBody.length() >= WRAP_MIN && rejoin(pBody + body)) {
            count(LineKind.CONTINUATION); // the end of the row above (a PID or state a console copy wrapped)
            return;
        }
        if ((annotatable == RowParser.Shape.SS || annotatable == RowParser.Shape.SS_UNTYPED)
                && (Character.isWhitespace(body.charAt(0)) || Vocabulary.isSsInfo(trimmed))
                || annotatable != null && trimmed.indexOf(' ') < 0 && Vocabulary.isSsInfo(trimmed)) {
            // (ss -o's "timer:(…)" alone under an ss row without a state, which reads as net-tools': ss nonetheless)
            // ss -i/-m/-e's lines under a row: indented, or not when a mailer re-wrapped them ("wscale:7,10 rto:201 …")
            count(LineKind.DETAIL);
            return;
        }
        flush();
        annotatable = null;
        osHint(lineNo, trimmed);
        if (supportconfig(trimmed)) return;
        if (nameNext) {
            nameNext = false;
            String named = hostNameLine(trimmed);
            if (named != null) {
                statedHostName = named; // the last stated (hostname's output after /etc/HOSTNAME's)
                count(LineKind.SECTION);
                return;
            }
        }
        String frame = Vocabulary.transcriptFrame(trimmed);
        if (frame != null) {
            // Start-Transcript's header: its Machine line names the host
            String machine = frame.isEmpty() ? null : hostNameLine(frame);
            if (machine != null) statedHostName = machine;
            count(LineKind.HEADER);
            return;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        Vocabulary.NamedCommand named;
        if (Vocabulary.isOtherSectionTitle(lower)) {
            inOtherSection = true;
            otherCommand = null;
            rows.section((char) 0);
            count(LineKind.HEADER);
        } else if (Vocabulary.isTitle(lower)) {
            inOtherSection = false;
            otherCommand = null;
            rows.section((char) 0);
            preamble = true;
            count(LineKind.HEADER);
        } else if ((named = Vocabulary.namedCommand(commandText(trimmed))) != null && named.titled()) {
            // a collection script's "==== ipconfig /all ====": as a prompt naming that command
            commandOutput(named.listsSockets(), named.text());
        } else if (named != null || Vocabulary.isPrompt(trimmed)) {
            if (lower.contains("busybox")) busybox = true;
            if (legacyWindows == null && (lower.contains("\\documents and settings\\") || lower.contains("\\dokumente und einstellungen\\"))) {
                legacyWindows = "its prompt's Documents and Settings folder";
            }
            promptHost = Vocabulary.promptHost(trimmed);
            promptLine = lineNo;
            // a pasted console session: another command's output (ipconfig, route print, ip addr ...) up to the next
            // prompt is a section passed over, not lines that failed to be rows
            commandOutput(named == null ? java.util.Optional.empty() : named.listsSockets(), named == null ? "" : named.text());
        } else if (Vocabulary.isConsoleBanner(lower) || dev.portolan.ingest.TicketMarkup.isMarkup(lower)) {
            if (legacyWindows == null && LEGACY_BANNER.matcher(lower).find()) legacyWindows = "its console's banner (version 5)";
            count(LineKind.HEADER);
        } else if (inOtherSection) {
            count(LineKind.SECTION);
        } else if (lower.startsWith("local address") && SOLARIS_HEADER.matcher(lower).matches()) {
            // Solaris/illumos's column header, whose section title ("TCP: IPv4") a paste may have left out: its columns
            // say the section (TCP's windows and queues; SCTP's streams; else UDP's)
            flush();
            annotatable = null;
            if (lower.contains("strsi/o")) {
                rows.section((char) 0);
                inOtherSection = true;
            } else {
                rows.section(lower.contains("swind") ? 'T' : 'U');
            }
            preamble = true;
            count(LineKind.HEADER);
        } else if (Vocabulary.isColumnHeader(firstWord(lower))
                || preamble && !hasAsciiDigit(trimmed) && !elision(trimmed) && !wordyElision(trimmed)) {
            if (Vocabulary.isLsofHeader(lower)) lsof = true;
            count(LineKind.HEADER);
        } else if (lsof && lsofRow(trimmed)) {
            other(LineKind.OTHER_FILE);
        } else if (otherCommand(lineNo, trimmed) || otherCommand != null) {
            count(LineKind.OTHER_OUTPUT);
        } else if (TextLines.isText(trimmed) && !wordyElision(trimmed)) {
            count(LineKind.TEXT);
            if (firstText == 0) firstText = lineNo;
        } else {
            problem(lineNo, line, elision(trimmed) || wordyElision(trimmed) ? ELIDED : notARow());
        }
    }

    /**
     * Another command's output in the same file, told by a line's shape ({@link OtherNetstatOutput#otherCommandLine}:
     * ipconfig, route print, ifconfig …): this line and every line up to the next row, title or prompt are passed over
     * as its output (its adapter titles, blank-separated blocks, route rows) and counted, not reported one by one. Each
     * line is looked at, so that a second command's output right after the first is named too.
     */
    private boolean otherCommand(long lineNo, String trimmed) {
        String kind = OtherNetstatOutput.otherCommandLine(trimmed);
        if (kind == null) return false;
        otherCommand = kind;
        if (firstOtherOutput == 0) firstOtherOutput = lineNo;
        otherOutputs.add(kind);
        return true;
    }

    /** The command whose output the lines are in now (null: none), and what {@link #otherCommand} saw in the file. */
    private String otherCommand;
    private long firstOtherOutput;
    private final java.util.Set<String> otherOutputs = new java.util.LinkedHashSet<>();

    /**
     * What told a Windows XP / Server 2003 dump (null: nothing did): a prompt in {@code C:\Documents and Settings\…} (the
     * folder of users' profiles up to Windows 2003; German "Dokumente und Einstellungen") or the console's banner
     * {@code Microsoft Windows XP [Version 5.1.2600]}, {@code Microsoft Windows [Version 5.2.3790]}.
     */
    private String legacyWindows;
    private static final java.util.regex.Pattern LEGACY_BANNER = java.util.regex.Pattern.compile("^microsoft windows[^\\[]*\\[\\S+ 5\\.[0-2]\\.");

    /**
     * What told a FreeBSD host (null: nothing did) in a dump whose rows macOS prints alike (netstat -an, lsof): a line
     * other than a row naming FreeBSD or a system built on it ({@code uname -a}'s "FreeBSD …", lsof's "WARNING: compiled
     * for FreeBSD …", pfSense's or OPNsense's prompt or version line, Junos's {@code show system connections}). sockstat's
     * rows say it themselves.
     */
    private String freebsd;

    /** Records what a line that is no row says of the host's OS: FreeBSD ({@link #freebsd}), OpenBSD or AIX ({@link #aix}). */
    private void osHint(long lineNo, String trimmed) {
        if (trimmed.length() < 7) return;
        if (freebsd == null) {
            java.util.regex.Matcher m = FREEBSD_WORD.matcher(trimmed);
            if (m.find()) freebsd = "line " + lineNo + " ('" + m.group() + "')";
            else if ((m = JUNOS_SOCKETS.matcher(trimmed)).find()) freebsd = "line " + lineNo + " (Junos's '" + m.group(1) + "')";
        }
        if (openbsd == null) {
            java.util.regex.Matcher m = OPENBSD_WORD.matcher(trimmed);
            if (m.find()) openbsd = "line " + lineNo + " ('" + m.group() + "')";
        }
        if (aix == null) {
            java.util.regex.Matcher m = AIX_WORD.matcher(trimmed);
            if (m.find()) aix = "line " + lineNo + " ('" + m.group() + "')";
        }
    }

    /**
     * What told an AIX host (null: nothing did) in a dump whose rows macOS prints alike: netstat -A's "PCB/ADDR" column
     * and its UNIX section's "SADR/PCB" (AIX's own), or a line naming AIX ({@code uname -a}, {@code oslevel}).
     */
    private String aix;

    /**
     * What told an OpenBSD host (null: nothing did): its netstat's column header, whose TCP state column is headed
     * "TCP-State" (macOS's and FreeBSD's "(state)", NetBSD's "State"), or a line naming it ({@code uname -a}, a prompt).
     */
    private String openbsd;

    private static final java.util.regex.Pattern OPENBSD_WORD = java.util.regex.Pattern.compile("(?i)\\bopenbsd\\b|(?-i:\\bTCP-State)$");

    private static final java.util.regex.Pattern AIX_WORD = java.util.regex.Pattern.compile("^(?:PCB/ADDR|SADR/PCB)\\b|\\bAIX\\b");

    /**
     * Junos's operational command for its sockets, at its prompt ({@code user@vMX> show system connections | grep 32768}),
     * after {@code run} in configuration mode, or alone: Junos runs on FreeBSD, whose netstat prints the rows.
     */
    private static final java.util.regex.Pattern JUNOS_SOCKETS =
            java.util.regex.Pattern.compile("(?:^|>\\s*|\\brun\\s+)(show\\s+system\\s+connections)\\b");

    private static final java.util.regex.Pattern FREEBSD_WORD =
            java.util.regex.Pattern.compile("(?i)\\b(?:freebsd|pfsense|opnsense|freenas|hardenedbsd)\\b");

    /** The first line of text around the dump ({@link TextLines}; 0: none). */
    private long firstText;

    long firstText() {
        return firstText;
    }

    /** The first line of another command's output passed over (0: none). */
    long firstOtherOutput() {
        return firstOtherOutput;
    }

    /** The commands whose output was passed over, in the order first seen. */
    java.util.Set<String> otherOutputs() {
        return otherOutputs;
    }

    /**
     * A SUSE supportconfig header ({@code #==[ Command ]===#}, {@code #==[ Configuration File ]===#}, any other title) or
     * the {@code # …} line under one: the output of a command that lists sockets is read, every other section skipped.
     * True when the line was one of those.
     */
    private boolean supportconfig(String trimmed) {
        String title = Vocabulary.supportconfigTitle(trimmed);
        if (title != null) {
            rows.section((char) 0);
            inOtherSection = true;
            otherCommand = null;
            preamble = false;
            nameNext = false;
            awaiting = title.equalsIgnoreCase("Command") ? Awaiting.COMMAND
                    : title.equalsIgnoreCase("Configuration File") ? Awaiting.FILE : Awaiting.NONE;
            count(LineKind.HEADER);
            return true;
        }
        Awaiting was = awaiting;
        awaiting = Awaiting.NONE;
        if (was == Awaiting.NONE || !trimmed.startsWith("# ")) return false;
        String named = trimmed.substring(2).strip();
        if (was == Awaiting.FILE) {
            nameNext = named.equalsIgnoreCase("/etc/HOSTNAME");
            count(LineKind.HEADER);
            return true;
        }
        commandOutput(java.util.Optional.of(Vocabulary.commandListsSockets(named, false).orElse(false)), named);
        return true;
    }

    /**
     * The lines after a prompt or title naming {@code command} are its output: rows when it lists sockets, a section
     * passed over when it does not, unchanged when it only shows a file ({@code sockets} empty).
     */
    private void commandOutput(java.util.Optional<Boolean> sockets, String command) {
        flush();
        if (rowsInDump) {
            dump++;
            rowsInDump = false;
        }
        otherCommand = null;
        kernelTables.command(command);
        pfiles.command(command);
        objects.command(command);
        sockets.ifPresent(s -> {
            inOtherSection = !s;
            rows.section((char) 0);
            preamble = s;
        });
        nameNext = namesHost(command);
        count(LineKind.PROMPT);
    }

    /**
     * A command whose output is the host's name: {@code hostname} ({@code /bin/hostname}, {@code hostname.exe}, with
     * {@code -f}/{@code -s}), or {@code cat /etc/hostname}.
     */
    private static boolean namesHost(String command) {
        return HOSTNAME_COMMAND.matcher(command.strip().toLowerCase(Locale.ROOT)).matches();
    }

    private static final java.util.regex.Pattern HOSTNAME_COMMAND = java.util.regex.Pattern.compile(
            "(?:\\S*[/\\\\])?hostname(?:\\.exe)?(?: +(?:-[fs]|--fqdn|--short))?|(?:cat|type|more|get-content|gc) +/etc/hostname");

    /** A line that is a host name and nothing else ({@code sles15}, {@code web01.example.com}); null otherwise. */
    private static String hostNameLine(String trimmed) {
        return dev.portolan.ingest.HostnameFile.isHostName(trimmed) ? trimmed : null;
    }

    /** An lsof row of any open file: a command, a PID, then at least the USER, FD, TYPE and NAME columns. */
    private static boolean lsofRow(String trimmed) {
        String[] t = trimmed.split("\\s+", 7);
        if (t.length < 6 || t[1].isEmpty()) return false;
        for (int i = 0; i < t[1].length(); i++) if (t[1].charAt(i) < '0' || t[1].charAt(i) > '9') return false;
        return true;
    }

    /** What an elision ("...", "[...]") in the rows says: whoever copied the dump left rows out there. */
    static final String ELIDED = "rows left out here by whoever copied the dump (an elision): this is not the whole dump,"
            + " and the sockets left out are not audited";

    /** What a line that is no row was expected to be: in a Get-NetTCPConnection table, one of its rows. */
    private String notARow() {
        if (firstShape == RowParser.Shape.POWERSHELL || firstShape == RowParser.Shape.POWERSHELL_UNTYPED) {
            return "not a Get-NetTCPConnection row (expected 'LocalAddress LocalPort RemoteAddress RemotePort State"
                    + " [AppliedSetting] OwningProcess'; " + PowerShellObjects.CUT + ")";
        }
        return "not a netstat/ss row (" + EXPECTED + ")";
    }

    /** A -b line under a Windows row: "[svchost.exe]", a service/component name, an ownership message. */
    private boolean annotation(String trimmed) {
        // a Markdown fence or a prompt right after the last row closes the dump, and an elision ("...", "[...]", in words:
        // "<...SNIP...>") stands for rows left out: no component's name, nor an executable's
        if (dev.portolan.ingest.TicketMarkup.isMarkup(trimmed) || elision(trimmed) || wordyElision(trimmed) || Vocabulary.isPrompt(trimmed)
                || Vocabulary.namedCommand(trimmed) != null) return false;
        if (trimmed.length() >= 2 && trimmed.charAt(0) == '[' && trimmed.charAt(trimmed.length() - 1) == ']') {
            // netstat -b prints one executable under a row; a second is the line above another row, which
            // Select-String's context ("netstat -anob | Select-String 50200 -Context 1") shows without that row
            if (!pBracketed) pProcess = trimmed.substring(1, trimmed.length() - 1).strip();
            pBracketed = true;
            bracketSeen = true;
            return true;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (Vocabulary.isOwnershipMessage(lower) || trimmed.startsWith("--") && trimmed.endsWith("--")) return true;
        if (bracketSeen && looksLikeMessage(trimmed)) return true; // the ownership message in another language
        boolean oneToken = true;
        for (int i = 0; i < trimmed.length(); i++) if (Character.isWhitespace(trimmed.charAt(i))) oneToken = false;
        // a component is a service's key name ("RpcSs", "CDPSvc"), always in Latin letters: a run of Chinese or Japanese
        // without a space is a sentence under the rows ("目前我发现设置允许来自局域网的连接时，…"), not whose socket it is
        if (!oneToken || looksLikeRowPiece(lower) || TextLines.hasWideScript(trimmed)) return false;
        pComponent = pComponent == null ? trimmed : pComponent + ", " + trimmed;
        return true;
    }

    /**
     * Marks alone, where someone left rows out or fenced a paste: {@code ...}, {@code …}, {@code [...]}, {@code (...)},
     * three quotes or backticks: dots, an ellipsis, quotes, backticks or tildes (three or more, or an ellipsis), in
     * brackets or not.
     */
    static boolean elision(String trimmed) {
        String t = trimmed;
        if (t.length() >= 2 && (t.charAt(0) == '[' && t.endsWith("]") || t.charAt(0) == '(' && t.endsWith(")"))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        int marks = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\u2026') marks += 3;
            else if (c == '.' || c == '\'' || c == '`' || c == '~') marks++;
            else if (c != ' ' && c != '\t') return false;
        }
        return marks >= 3;
    }

    /**
     * An elision in words: between runs of dots ("........ETC tot asa.......", "... snip ..."), or a word that says rows
     * were left out ("...중략", "[snip]", "(省略)", "<output truncated>").
     */
    static boolean wordyElision(String trimmed) {
        if (trimmed.length() > 60) return false;
        return DOTTED_WORDS.matcher(trimmed).matches() || LEFT_OUT.matcher(trimmed).matches();
    }

    private static final java.util.regex.Pattern DOTTED_WORDS = java.util.regex.Pattern.compile("(?:\\.{3,}|\u2026)[^.\u2026]+(?:\\.{3,}|\u2026)");
    private static final java.util.regex.Pattern LEFT_OUT = java.util.regex.Pattern.compile(
            "(?i)[\\[(<（-]*\\s*(?:\\.{2,}|\u2026)?\\s*(?:snip|snipped|omitted|truncated|output truncated|more rows|중략|생략|省略|略|以下略|後略|中略)"
                    + "\\s*(?:\\.{2,}|\u2026)?\\s*[\\])>）-]*"
                    // an AI coding agent's transcript folding a tool's output: "… +7 lines (ctrl+o to expand)"
                    + "|(?:\\.{3}|\u2026)\\s*\\+\\d+ lines?(?: \\(ctrl\\+\\w to expand\\))?");

    /** A sentence of three or more words without digits, colons or brackets: netstat -b's message, any language. */
    private static boolean looksLikeMessage(String trimmed) {
        int words = 1;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9' || c == ':' || c == '[' || c == ']' || c == '\\' || c == '*') return false;
            if (c == ' ' && i > 0 && trimmed.charAt(i - 1) != ' ') words++;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return words >= 3 && !lower.startsWith("tcp") && !lower.startsWith("udp");
    }

    /** Re-reads the pending Windows row joined with the line below it; true when that made one row. */
    private boolean rejoin(String joined) {
        long lineNo = pEvidence.line();
        boolean stateKnown = pState != null && Vocabulary.normaliseState(pState) != null;
        RowParser.Row r = rows.parse(joined);
        if (!r.is(RowParser.Outcome.ROW) || r.shape() != RowParser.Shape.WINDOWS) return false;
        boolean better = pPid < 0 && r.pid() >= 0
                || !stateKnown && r.state() != null && Vocabulary.normaliseState(r.state()) != null;
        if (!better || r.localPort() != pLocalPort || r.proto() != pProto) return false;
        pending = false; // replaced by the joined row
        counts[LineKind.ROW.ordinal()]--;
        shapes.merge(RowParser.Shape.WINDOWS, -1L, Long::sum);
        row(lineNo, joined, joined, r);
        return true;
    }

    /** A lone token that is a fragment of a row (a cut line), not a component name. */
    private static boolean looksLikeRowPiece(String lower) {
        if (lower.startsWith("tcp") || lower.startsWith("udp")) return true;
        boolean digitsOnly = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c < '0' || c > '9') digitsOnly = false;
            if (c == ':' && i + 1 < lower.length() && (Character.isDigit(lower.charAt(i + 1)) || lower.charAt(i + 1) == '*'))
                return true;
        }
        return digitsOnly;
    }

    private void noteHost(String host) {
        if (hostName != null || host == null || host.equals("*")) return;
        String h = Addresses.stripScope(host).toLowerCase(Locale.ROOT);
        if (h.startsWith("localhost") || h.startsWith("ip6-localhost") || h.startsWith("ip6-loopback") || Addresses.isIpv6(h)) return;
        boolean ipv4 = true;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '%')) ipv4 = false;
        }
        if (!ipv4 && !redacted(h)) hostName = host; // looked at only for a name: a numeric dump's every row comes here
    }

    /**
     * An address someone blanked out before pasting, which is no host's name: {@code xxx.xxx.xxx.xxx},
     * {@code 192.168.1.x}, {@code 1x.xx.xx.18}, {@code <ip>}, {@code [REDACTED]}, {@code myip} (lower case).
     */
    static boolean redacted(String h) {
        if (h.isEmpty() || h.charAt(0) == '<' || h.charAt(0) == '[' || h.contains("redacted") || h.contains("xxx")) return true;
        if (PLACEHOLDER_NAMES.contains(h)) return true;
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) return false;
        boolean blank = false;
        for (String part : parts) {
            if (!REDACTED_PART.matcher(part).matches()) return false;
            if (!part.chars().allMatch(Character::isDigit)) blank = true;
        }
        return blank;
    }

    private static final java.util.regex.Pattern REDACTED_PART = java.util.regex.Pattern.compile("[0-9x*?#_]{1,3}");
    private static final java.util.Set<String> PLACEHOLDER_NAMES = java.util.Set.of("myip", "my-ip", "my_ip", "yourip", "your-ip",
            "your_ip", "ip", "ipaddress", "ip-address", "ip_address", "ip-addr", "server-ip", "server_ip", "serverip", "public-ip",
            "public_ip", "publicip", "hidden", "removed", "censored");

    private void other(LineKind kind) {
        count(kind);
        annotatable = null;
    }

    /** A line longer than the reader's bound: one problem, showing its start only; reading goes on. */
    void overLong(long lineNo, String start, long length) {
        problem(lineNo, start.substring(0, Math.min(start.length(), 80)) + "…", "line of " + length
                + " characters is longer than the limit of " + PhysicalLineReader.MAX_LINE + "; skipped");
    }

    /** Endpoints of net-tools rows that fill its 23-character address column, and the first of them. */
    private long fullColumnEndpoints;
    private String firstFullColumn;

    /**
     * net-tools' netstat shortens an address so that "address:port" fits its 23-character column (unless -W): an IPv6
     * endpoint exactly that long ({@code fe80::216:3eff:fe5c:546}) may have lost the end of its address. Counted for a note.
     */
    private void fullColumn(String host, int port) {
        if (host == null || port < 0 || host.indexOf(':') < 0) return;
        if (host.length() + 1 + Integer.toString(port).length() != NET_TOOLS_COLUMN) return;
        if (fullColumnEndpoints++ == 0) firstFullColumn = host + ":" + port;
    }

    private static final int NET_TOOLS_COLUMN = 23;

    /**
     * An address a fixed-width column cut short, as its shape tells: it ends in '.' ("::ffff:192.168.0.", Android's
     * netstat; "ec2-54-93-54-143.", a name net-tools cut), or in a single ':' ("fe80::aede:48ff:", macOS's netstat), or
     * is IPv6 without "::" and with fewer than eight groups ("2603:6010:7c00:4"). Counted for a note; the row is read.
     */
    private void cutAddress(String host) {
        if (host == null || host.length() < 3) return;
        // most addresses: IPv4 or a name, told by one scan for ':' (a cut one ends in '.')
        if (host.charAt(host.length() - 1) != '.' && host.indexOf(':') < 0) return;
        int from = host.charAt(0) == '[' ? 1 : 0;
        int to = host.length();
        if (host.charAt(to - 1) == ']') to--;
        int pct = host.indexOf('%');
        if (pct >= 0 && pct < to) to = pct;
        if (to - from < 2) return;
        char last = host.charAt(to - 1);
        boolean cut = last == '.';
        if (!cut && host.indexOf(':', from) >= 0 && host.indexOf('.', from) < 0) {
            int colons = 0;
            boolean pair = false;
            for (int i = from; i < to; i++) {
                if (host.charAt(i) == ':') {
                    colons++;
                    if (i > from && host.charAt(i - 1) == ':') pair = true;
                }
            }
            cut = last == ':' && host.charAt(to - 2) != ':' || !pair && colons < 7;
        }
        if (cut && cutAddresses++ == 0) firstCutAddress = host;
    }

    private long cutAddresses;
    private String firstCutAddress;

    long cutAddresses() {
        return cutAddresses;
    }

    String firstCutAddress() {
        return firstCutAddress;
    }

    long fullColumnEndpoints() {
        return fullColumnEndpoints;
    }

    String firstFullColumn() {
        return firstFullColumn;
    }

    /** The first row of a kind of host (its OS family) and its line. */
    private char hostKind;
    private RowParser.Shape hostKindShape;
    private long hostKindLine;
    /** Whether the file's rows were said to be two hosts' ({@link #twoHosts}: once, by either check). */
    private boolean twoHostsSaid;

    /**
     * Rows of two kinds of host in one file (a Linux lsof and a Windows netstat pasted together): the file is audited as
     * one host, with the first kind's OS; said once, at the first row of another kind (the row itself is read).
     */
    private void mixedHosts(long lineNo, String line, RowParser.Shape shape) {
        char kind = switch (shape) {
            case WINDOWS, POWERSHELL, POWERSHELL_UNTYPED -> 'W';
            case LINUX, SS, SS_UNTYPED, LSOF_LINUX, PROC_NET -> 'L';
            case BSD, SOCKSTAT, LSOF_BSD, FSTAT -> 'B';
            case SOLARIS -> 'S';
            default -> 0;
        };
        if (kind == 0) return;
        if (hostKind == 0) {
            hostKind = kind;
            hostKindShape = shape;
            hostKindLine = lineNo;
        } else if (kind != hostKind) {
            twoHosts(lineNo, line, "a " + shape.variant + " row after " + hostKindShape.variant + " rows (from line "
                    + hostKindLine + "): dumps of two kinds of host in one file are audited as one host, with the first one's OS");
        }
    }

    /** The host the last prompt named ({@code root@web02:~#}: web02), or null; its line. */
    private String promptHost;
    private long promptLine;
    /** The host named by the prompt above the first row under one, and that prompt's line. */
    private String rowsHost;
    private long rowsHostLine;

    /**
     * Rows under the prompts of two hosts ({@code root@web01:~# ss -tlnp}, later {@code root@web02:~# ss -tlnp}; a
     * container's {@code root@3f2a9c:/#} beside its host's): the file is audited as one host; said once, at the first row
     * under the second host's prompt (the row itself is read). Names compare by their first label, in any case.
     */
    private void otherPromptHost(long lineNo, String line) {
        if (promptHost == null || twoHostsSaid) return;
        if (rowsHost == null) {
            rowsHost = promptHost;
            rowsHostLine = promptLine;
        } else if (!firstLabel(rowsHost).equalsIgnoreCase(firstLabel(promptHost))) {
            twoHosts(lineNo, line, "a row under " + promptHost + "'s prompt (line " + promptLine + ") after rows under "
                    + rowsHost + "'s (line " + rowsHostLine + "): dumps of two hosts in one file are audited as one host");
        }
    }

    /** Says once per file, at the row that shows it, that the rows of two hosts are audited as one ({@code why}). */
    private void twoHosts(long lineNo, String line, String why) {
        if (twoHostsSaid) return;
        twoHostsSaid = true;
        sink.problem(new InputProblem(Evidence.ofLine(file, lineNo, line), why + "; give each host's dump as a file of its own"));
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    private void problem(long lineNo, String line, String message) {
        flush();
        annotatable = null;
        count(LineKind.PROBLEM);
        sink.problem(new InputProblem(Evidence.ofLine(file, lineNo, line), message));
    }

    private void count(LineKind kind) {
        if (uncounted) return;
        counts[kind.ordinal()]++;
    }

    /** True while a line's prompt is taken apart from the row the console wrapped onto it ({@link #rowAfterPrompt}). */
    private boolean uncounted;

    /**
     * The row a console wrapped onto its prompt's line, as a paste keeps it: the prompt and command, the rest of the
     * console's width in spaces, then the first row ({@code PS C:\Users\x> netstat -ano|findstr '3306'} … {@code TCP
     * 0.0.0.0:3306 0.0.0.0:0 LISTENING 3672}). The prompt is taken as one (without counting the line twice) and the row
     * returned; null when the line is no such thing.
     */
    private String rowAfterPrompt(long lineNo, String body) {
        int run = body.indexOf("                              "); // 30 spaces
        if (run <= 0) return null;
        int rest = run;
        while (rest < body.length() && body.charAt(rest) == ' ') rest++;
        String prompt = body.substring(0, run).strip();
        String row = body.substring(rest);
        if (prompt.isEmpty() || !rows.parse(row).is(RowParser.Outcome.ROW) || !Vocabulary.isPrompt(prompt)) return null;
        uncounted = true;
        try {
            nonRow(lineNo, prompt, prompt);
        } finally {
            uncounted = false;
        }
        return row;
    }

    private static String firstWord(String lower) {
        int sp = 0;
        while (sp < lower.length() && !Character.isWhitespace(lower.charAt(sp))) sp++;
        return lower.substring(0, sp);
    }

    private static boolean hasAsciiDigit(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '0' && s.charAt(i) <= '9') return true;
        return false;
    }

    // ---- results ----------------------------------------------------------------------------

    long lines(LineKind kind) {
        return counts[kind.ordinal()];
    }

    Map<LineKind, Long> lineCounts() {
        Map<LineKind, Long> m = new EnumMap<>(LineKind.class);
        for (LineKind k : LineKind.values()) m.put(k, counts[k.ordinal()]);
        return m;
    }

    /**
     * What told the OS family {@link #variant} names when a line other than the rows did (a prompt in Documents and
     * Settings, a line naming FreeBSD, OpenBSD's TCP-State header, AIX's PCB/ADDR column …); null when the rows alone did.
     */
    String variantHint() {
        String v = variant();
        if (v.startsWith("windows-legacy")) return legacyWindows;
        if (v.startsWith("freebsd")) return freebsd;
        if (v.startsWith("openbsd")) return openbsd;
        if (v.startsWith("aix")) return aix;
        if (v.startsWith("unix")) return plainBsdRows + " rows' protocol ('tcp', 'udp' without macOS's and FreeBSD's 4 or 46)";
        return null;
    }

    /**
     * BSD-shaped rows whose protocol is "tcp" or "udp" alone, and those with macOS's and FreeBSD's IPv4 suffix ("tcp4",
     * "tcp46", "udp4", "udp46"): both print every IPv4 socket with it, where HP-UX, NetBSD and older OpenBSD print "tcp".
     */
    private long plainBsdRows;
    private long suffixedBsdRows;

    private void bsdProtocol(String word) {
        if (word.equals("tcp") || word.equals("udp")) plainBsdRows++;
        else if (word.endsWith("4") || word.endsWith("46")) suffixedBsdRows++;
    }

    /** "windows-netstat", "linux-netstat", "busybox-netstat", "bsd-netstat", "unix-netstat", "ss", or "" when no row was seen. */
    String variant() {
        if (firstShape == null) return "";
        if (firstShape == RowParser.Shape.WINDOWS && legacyWindows != null) return "windows-legacy-netstat";
        if (freebsd != null && (firstShape == RowParser.Shape.BSD || firstShape == RowParser.Shape.LSOF_BSD)) {
            return "freebsd-" + firstShape.variant.substring("bsd-".length());
        }
        if (aix != null && firstShape == RowParser.Shape.BSD) return "aix-netstat";
        if (openbsd != null && (firstShape == RowParser.Shape.BSD || firstShape == RowParser.Shape.LSOF_BSD)) {
            return "openbsd-" + firstShape.variant.substring("bsd-".length());
        }
        // no row with macOS's "tcp4"/"tcp46", some with "tcp" alone: another Unix's netstat (HP-UX, NetBSD), not macOS's
        if (firstShape == RowParser.Shape.BSD && plainBsdRows > 0 && suffixedBsdRows == 0) return "unix-netstat";
        if (firstShape == RowParser.Shape.LINUX && busybox) return "busybox-netstat";
        return firstShape.variant;
    }

    /** Rows of the kernel's tables of sockets that are no TCP/UDP ({@code /proc/net/raw}, {@code icmp}, {@code udplite}). */
    long kernelOtherRows() {
        return kernelTables.otherRows();
    }

    /** Rows dropped because a port name could not be resolved (they still prove the format). */
    long badPortRows() {
        return badPortRows;
    }

    Map<RowParser.Shape, Long> shapes() {
        return shapes;
    }

    /** How many service names were read as cut short at the column width, and a few of them. */
    long cutNameCount() {
        return rows.cutNameCount();
    }

    Map<String, String> cutNames() {
        return rows.cutNames();
    }

    Map<String, Long> unknownStates() {
        return unknownStates;
    }

    String hostName() {
        return statedHostName != null ? statedHostName : hostName;
    }
}
