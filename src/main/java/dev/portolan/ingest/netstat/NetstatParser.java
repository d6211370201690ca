package dev.portolan.ingest.netstat;

import dev.portolan.model.Addresses;
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
    private final NetstatSink sink;
    private final RowParser rows;
    private final long[] counts = new long[LineKind.values().length];
    private final Map<RowParser.Shape, Long> shapes = new EnumMap<>(RowParser.Shape.class);
    private final Map<String, Long> unknownStates = new LinkedHashMap<>();

    private long badPortRows;
    private RowParser.Shape firstShape;
    private String hostName;
    private boolean busybox;
    private boolean inOtherSection;
    /** True until the first row after a title: header lines there may be in any language. */
    private boolean preamble = true;
    /** The last line was a row or annotation that -b / ss -i lines may follow. */
    private RowParser.Shape annotatable;

    // A Windows row waits here until the -b lines under it have been seen.
    private boolean pending;
    private boolean pendingListener;
    private Protocol pProto;
    private String pLocal;
    private int pLocalPort;
    private String pRemote;
    private int pRemotePort;
    private String pState;
    private long pPid;
    private String pProcess;
    private String pComponent;
    private Evidence pEvidence;

    NetstatParser(String file, NetstatSink sink, ServiceTable services) {
        this.file = file;
        this.sink = sink;
        this.rows = new RowParser(services);
    }

    void accept(long lineNo, String line) {
        RowParser.Outcome outcome = rows.parse(line);
        switch (outcome) {
            case ROW -> row(lineNo, line);
            case OTHER_SOCKET -> other(LineKind.OTHER_SOCKET);
            case BAD_PORT -> {
                badPortRows++;
                problem(lineNo, line, rows.error);
                annotatable = rows.shape; // -b lines under a dropped row are still not problems
            }
            default -> nonRow(lineNo, line);
        }
    }

    void finish() {
        flush();
    }

    private void row(long lineNo, String line) {
        flush();
        RowParser.Shape shape = rows.shape;
        if (firstShape == null) firstShape = shape;
        shapes.merge(shape, 1L, Long::sum);
        preamble = false;
        if (rows.localPort == RowParser.ANY_PORT) {
            other(LineKind.UNBOUND);
            return;
        }
        counts[LineKind.ROW.ordinal()]++;
        String normalised = rows.state == null ? null : Vocabulary.normaliseState(rows.state);
        if (rows.state != null && normalised == null && unknownStates.size() < 20) unknownStates.merge(rows.state, 1L, Long::sum);
        String state = normalised != null ? normalised : rows.state;
        boolean listener;
        if (rows.proto == Protocol.TCP) {
            listener = rows.foreignPort == RowParser.ANY_PORT || rows.foreignPort == 0 || "LISTEN".equals(normalised);
        } else {
            listener = rows.foreignPort == RowParser.ANY_PORT || rows.foreignPort == 0 || "UNCONN".equals(normalised);
        }
        noteHost(rows.localHost);
        pending = true;
        pendingListener = listener;
        pProto = rows.proto;
        pLocal = rows.localHost;
        pLocalPort = rows.localPort;
        pRemote = rows.foreignHost;
        pRemotePort = rows.foreignPort;
        pState = state;
        pPid = rows.pid;
        pProcess = rows.process;
        pComponent = null;
        pEvidence = Evidence.ofLine(file, lineNo, line);
        annotatable = shape;
        if (shape != RowParser.Shape.WINDOWS) flush(); // only Windows -b prints lines under a row
    }

    private void flush() {
        if (!pending) return;
        pending = false;
        String process = pProcess;
        if (pComponent != null) process = process == null ? pComponent : process + " (" + pComponent + ")";
        if (pendingListener) {
            sink.listener(new Listener(pProto, pLocal, pLocalPort, pPid, process, pEvidence));
        } else {
            sink.connection(new Connection(pProto, pLocal, pLocalPort, pRemote, pRemotePort, pState, pPid, process, pEvidence));
        }
    }

    private void nonRow(long lineNo, String line) {
        String trimmed = line.strip();
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
        if (annotatable == RowParser.Shape.SS && Character.isWhitespace(line.charAt(0))) {
            count(LineKind.DETAIL);
            return;
        }
        flush();
        annotatable = null;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (Vocabulary.isOtherSectionTitle(lower)) {
            inOtherSection = true;
            count(LineKind.HEADER);
        } else if (Vocabulary.isTitle(lower)) {
            inOtherSection = false;
            preamble = true;
            count(LineKind.HEADER);
        } else if (inOtherSection) {
            count(LineKind.SECTION);
        } else if (Vocabulary.isPrompt(trimmed)) {
            if (lower.contains("busybox")) busybox = true;
            count(LineKind.PROMPT);
        } else if (Vocabulary.isColumnHeader(firstWord(lower)) || preamble && !hasAsciiDigit(trimmed)) {
            count(LineKind.HEADER);
        } else {
            problem(lineNo, line, "not a netstat/ss row (" + EXPECTED + ")");
        }
    }

    /** A -b line under a Windows row: "[svchost.exe]", a service/component name, an ownership message. */
    private boolean annotation(String trimmed) {
        if (trimmed.length() >= 2 && trimmed.charAt(0) == '[' && trimmed.charAt(trimmed.length() - 1) == ']') {
            pProcess = trimmed.substring(1, trimmed.length() - 1).strip();
            return true;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (Vocabulary.isOwnershipMessage(lower) || trimmed.startsWith("--") && trimmed.endsWith("--")) return true;
        boolean oneToken = true;
        for (int i = 0; i < trimmed.length(); i++) if (Character.isWhitespace(trimmed.charAt(i))) oneToken = false;
        if (!oneToken || looksLikeRowPiece(lower)) return false;
        pComponent = pComponent == null ? trimmed : pComponent + ", " + trimmed;
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
        if (h.startsWith("localhost") || Addresses.isIpv6(h)) return;
        boolean ipv4 = true;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '%')) ipv4 = false;
        }
        if (!ipv4) hostName = host;
    }

    private void other(LineKind kind) {
        count(kind);
        annotatable = null;
    }

    private void problem(long lineNo, String line, String message) {
        flush();
        annotatable = null;
        count(LineKind.PROBLEM);
        sink.problem(new InputProblem(Evidence.ofLine(file, lineNo, line), message));
    }

    private void count(LineKind kind) {
        counts[kind.ordinal()]++;
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

    Map<LineKind, Long> lineCounts() {
        Map<LineKind, Long> m = new EnumMap<>(LineKind.class);
        for (LineKind k : LineKind.values()) m.put(k, counts[k.ordinal()]);
        return m;
    }

    /** "windows-netstat", "linux-netstat", "busybox-netstat", "bsd-netstat", "ss", or "" when no row was seen. */
    String variant() {
        if (firstShape == null) return "";
        if (firstShape == RowParser.Shape.LINUX && busybox) return "busybox-netstat";
        return firstShape.variant;
    }

    /** Rows dropped because a port name could not be resolved (they still prove the format). */
    long badPortRows() {
        return badPortRows;
    }

    Map<RowParser.Shape, Long> shapes() {
        return shapes;
    }

    Map<String, Long> unknownStates() {
        return unknownStates;
    }

    String hostName() {
        return hostName;
    }
}
