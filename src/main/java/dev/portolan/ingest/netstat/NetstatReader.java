package dev.portolan.ingest.netstat;

import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.InputReader;
import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * Reads netstat and ss text dumps: Windows {@code netstat -a/-an/-ano/-anob} in any UI language and
 * console encoding, Linux net-tools and BusyBox {@code netstat}, {@code ss}, macOS/FreeBSD {@code netstat}.
 * Streams line by line; memory grows with the rows kept, not with the file.
 */
public final class NetstatReader implements InputReader {
    private final ServiceTable services;

    public NetstatReader() {
        this(ServiceTable.bundled());
    }

    public NetstatReader(ServiceTable services) {
        this.services = services;
    }

    @Override
    public InputFormat format() {
        return InputFormat.NETSTAT;
    }

    /**
     * The note that says which OS family a line told ({@code told}: "line 3 ('FreeBSD')") and what follows: its ephemeral
     * range, and for the BSDs and AIX that macOS's baseline is not checked.
     */
    static String familyNote(String variant, String told) {
        dev.portolan.model.OsFamily os = dev.portolan.model.OsFamily.ofInputVariant(variant);
        String range = os.defaultEphemeralRange().toString();
        if (os == dev.portolan.model.OsFamily.WINDOWS_LEGACY) {
            return "Windows XP / Server 2003, as " + told + " says: its ephemeral range " + range + " applies (--os windows to say otherwise)";
        }
        String name = switch (os) {
            case FREEBSD -> "FreeBSD";
            case OPENBSD -> "OpenBSD";
            case AIX -> "AIX";
            case UNKNOWN -> "a Unix other than macOS and FreeBSD (HP-UX, NetBSD …; OS family unknown)";
            default -> os.label();
        };
        return name + ", as " + told + " says: its ephemeral range " + range + " applies and macOS's baseline is not checked"
                + " (--os macos to say otherwise)";
    }

    /** What a streamed read saw besides the rows themselves. */
    public record Summary(String variant, Charset charset, String encodingReason, String hostName, long lines,
                          long bytes, Map<LineKind, Long> lineCounts, Map<String, Long> unknownStates, long untypedRows,
                          long untypedObjects, long cutNameCount, Map<String, String> cutNames, long prefixedRows,
                          String firstPrefix, long numberedLines, long fullColumnEndpoints, String firstFullColumn, long cutAddresses, String firstCutAddress,
                          long firstOtherOutput, String otherOutputs, long firstText, String variantHint) {
        public long count(LineKind kind) {
            return lineCounts.getOrDefault(kind, 0L);
        }
    }

    @Override
    public FileSummary read(Source source, ObservationSink sink) throws IOException {
        FileReading reading = new FileReading(source, InputFormat.NETSTAT, sink);
        Summary s = readRows(source, reading);
        reading.setVariant(s.variant());
        reading.setHostName(s.hostName());
        reading.setRecords(s.lines());
        reading.setBytesRead(s.bytes());
        reading.addNote("encoding " + s.charset().name() + " (" + s.encodingReason() + ")");
        reading.addNote(String.format("lines: %d rows, %d process lines (-b), %d headers, %d prompts, %d blank, "
                        + "%d non-TCP/UDP sockets skipped, %d sockets without a port skipped, %d TCP sockets bound but not "
                        + "listening skipped, %d lines of skipped sections (UNIX domain, kernel ...), %d ss detail lines, "
                        + "%d wrapped-row continuation lines, %d problems",
                s.count(LineKind.ROW), s.count(LineKind.ANNOTATION), s.count(LineKind.HEADER), s.count(LineKind.PROMPT),
                s.count(LineKind.BLANK), s.count(LineKind.OTHER_SOCKET), s.count(LineKind.UNBOUND),
                s.count(LineKind.BOUND_ONLY), s.count(LineKind.SECTION), s.count(LineKind.DETAIL),
                s.count(LineKind.CONTINUATION), s.count(LineKind.PROBLEM)));
        if (s.count(LineKind.OTHER_OUTPUT) > 0)
            reading.addNote(s.count(LineKind.OTHER_OUTPUT) + (s.count(LineKind.OTHER_OUTPUT) == 1 ? " line" : " lines")
                    + " of other commands' output in the file passed over ("
                    + s.otherOutputs() + "), first at line " + s.firstOtherOutput());
        if (s.variantHint() != null) reading.addNote(familyNote(s.variant(), s.variantHint()));
        if (s.count(LineKind.TEXT) > 0)
            reading.addNote(s.count(LineKind.TEXT) + (s.count(LineKind.TEXT) == 1 ? " line" : " lines") + " of text around the"
                    + " dump (sentences, links, programs' messages) passed over, first at line " + s.firstText());
        if (s.count(LineKind.OTHER_FILE) > 0)
            reading.addNote("lsof: " + s.count(LineKind.OTHER_FILE) + " rows of open files that are no TCP/UDP socket (files,"
                    + " folders, pipes, devices, UNIX sockets) skipped");
        if (!s.unknownStates().isEmpty())
            reading.addNote("state words not in the table (rows kept as printed): " + s.unknownStates());
        if (s.cutNameCount() > 0)
            reading.addNote(s.cutNameCount() + " service names cut short at netstat's column width (22 characters) read as the one"
                    + " known name they begin: " + s.cutNames() + " (netstat -n prints numbers)");
        if (s.fullColumnEndpoints() > 0)
            reading.addNote(s.fullColumnEndpoints() + " IPv6 endpoints fill net-tools netstat's 23-character address column"
                    + " (e.g. '" + s.firstFullColumn() + "'): netstat shortens an address to fit it, so these may have lost"
                    + " the end of their address; 'netstat -W' (wide) or 'ss -tunap' prints them whole");
        if (s.cutAddresses() > 0)
            reading.addNote(s.cutAddresses() + (s.cutAddresses() == 1 ? " address was" : " addresses were") + " cut short by"
                    + " netstat's column width (e.g. '" + s.firstCutAddress() + "'): read as printed, they are not whole addresses;"
                    + " 'netstat -W' (Linux), 'lsof -i -n -P' (macOS) or 'ss -tunap' prints them whole");
        if (s.untypedRows() > 0)
            reading.addNote(s.untypedRows() + " ss rows without Netid and State columns (ss with a state filter and one socket "
                    + "type, e.g. 'ss -tn state established'): taken as TCP, a wildcard peer as listening; for UDP sockets "
                    + "collect 'ss -uan' instead");
        if (s.numberedLines() > 0)
            reading.addNote(s.numberedLines() + " lines read without the line number and tab before them (cat -n, nl)");
        if (s.prefixedRows() > 0)
            reading.addNote(s.prefixedRows() + " rows read after a search tool's prefix (grep -n or -H, findstr /n, Select-String),"
                    + " e.g. '" + s.firstPrefix() + "': only the lines the search matched were given");
        if (s.untypedObjects() > 0)
            reading.addNote(s.untypedObjects() + " PowerShell socket objects with only a local side and no #TYPE line: taken as "
                    + "Get-NetUDPEndpoint's (UDP endpoints); if they came from Get-NetTCPConnection, keep State or "
                    + "RemoteAddress in the Select-Object list, or save with Export-Csv");
        return reading.summary();
    }

    /**
     * Streams the rows of {@code source} into {@code sink} in file order.
     *
     * @throws UnreadableInputException when the file holds no netstat/ss row at all
     */
    public Summary readRows(Source source, ObservationSink sink) throws IOException {
        try (CountingStream in = new CountingStream(source.open())) {
            TextDecoder.Opened opened = TextDecoder.open(in, NetstatReader::score);
            PhysicalLineReader lines = new PhysicalLineReader(opened.reader());
            NetstatParser parser = new NetstatParser(source.name(), sink, services);
            String line;
            while ((line = lines.next()) != null) {
                if (lines.wasCut()) parser.overLong(lines.lineNumber(), line, lines.length());
                else parser.accept(lines.lineNumber(), line);
            }
            parser.finish();
            Map<LineKind, Long> counts = parser.lineCounts();
            boolean noSocket = counts.get(LineKind.ROW) + counts.get(LineKind.OTHER_SOCKET) + counts.get(LineKind.UNBOUND)
                    + counts.get(LineKind.BOUND_ONLY) == 0 && parser.badPortRows() == 0;
            if (noSocket && counts.get(LineKind.OTHER_FILE) > 0) {
                throw new dev.portolan.ingest.NotAnInputException(source.name(), "not a recognised input: it looks like an"
                        + " lsof listing of open files with no TCP/UDP socket in it; collect 'lsof -i -n -P' or 'ss -tunap'");
            }
            if (counts.get(LineKind.ROW) == 0 && parser.kernelOtherRows() > 0
                    && parser.kernelOtherRows() == counts.get(LineKind.OTHER_SOCKET)) {
                throw new dev.portolan.ingest.NotAnInputException(source.name(), KERNEL_OTHER_TABLE);
            }
            if (noSocket) {
                throw new UnreadableInputException(source.name() + ": no netstat/ss rows found (expected lines like "
                        + "'TCP 0.0.0.0:135 0.0.0.0:0 LISTENING' or 'tcp LISTEN 0 128 0.0.0.0:22 ...')");
            }
            TextDecoder.Detection d = opened.detection();
            return new Summary(parser.variant(), d.charset(), d.reason(), parser.hostName(), lines.lineNumber(),
                    in.count, counts, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parser.unknownStates())),
                    parser.shapes().getOrDefault(RowParser.Shape.SS_UNTYPED, 0L),
                    parser.shapes().getOrDefault(RowParser.Shape.POWERSHELL_UNTYPED, 0L), parser.cutNameCount(),
                    java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parser.cutNames())), parser.prefixedRows(),
                    parser.firstPrefix(), parser.numberedLines(), parser.fullColumnEndpoints(), parser.firstFullColumn(), parser.cutAddresses(), parser.firstCutAddress(),
                    parser.firstOtherOutput(), String.join(", ", parser.otherOutputs()), parser.firstText(),
                    parser.variantHint());
        }
    }

    /** Why a kernel table of raw, ping or UDP-Lite sockets is passed over (one text for all: a bundle's notices group by it). */
    static final String KERNEL_OTHER_TABLE = "not a recognised input: a kernel table of raw, ping or UDP-Lite sockets "
            + "(/proc/net/raw, icmp, udplite), not of TCP or UDP ones";

    /**
     * True when the first bytes of a file look like a netstat/ss dump: at least one TCP/UDP socket row
     * (or three UNIX/netlink socket rows, as ss -a starts) among the first lines, and no Windows Firewall
     * log header. Binary data and firewall logs are not claimed.
     */
    public static boolean sniff(byte[] head) {
        if (head == null || head.length == 0) return false;
        TextDecoder.Detection d = TextDecoder.detect(head, head.length, NetstatReader::score);
        String text = new String(head, d.bomLength(), head.length - d.bomLength(), d.charset());
        int lines = 0;
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\0') end--; // NUL padding after the text
        if (end == 0 || TerminalText.looksBinary(text, end, false)) return false;
        NetstatParser parser = new NetstatParser("sniff", ObservationSink.IGNORE, ServiceTable.bundled());
        boolean decided = false;
        int start = 0;
        while (start <= end && lines < 300) {
            int stop = start;
            while (stop < end && text.charAt(stop) != '\n' && text.charAt(stop) != '\r') stop++;
            String line = text.substring(start, stop);
            start = stop + (stop + 1 < end && text.charAt(stop) == '\r' && text.charAt(stop + 1) == '\n' ? 2 : 1);
            lines++;
            String t = line.strip();
            if (t.startsWith("#Version") || t.startsWith("#Fields") || t.startsWith("#Software")) return false;
            // once a row has shown the format, the rest is only searched for a firewall log header
            if (!decided) {
                parser.accept(lines, line);
                decided = proves(parser);
            }
        }
        if (decided) return true;
        parser.finish();
        return proves(parser);
    }

    /**
     * At least one TCP/UDP socket row; or, as ss -a starts with netlink and UNIX sockets, three of those; or three rows
     * of lsof's open files under its header (lsof lists a process's files before its sockets).
     */
    static boolean proves(NetstatParser parser) {
        return parser.lines(LineKind.ROW) + parser.lines(LineKind.UNBOUND) + parser.lines(LineKind.BOUND_ONLY)
                + parser.badPortRows() > 0 || parser.lines(LineKind.OTHER_SOCKET) >= 3 || parser.lines(LineKind.OTHER_FILE) >= 3;
    }

    /** How recognisable a decoded line is; used to choose among legacy console code pages. */
    static int score(String line) {
        String t = line.strip();
        if (t.isEmpty()) return 0;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (Vocabulary.isTitle(lower)) return 6;
        int sp = lower.indexOf(' ');
        if (Vocabulary.isColumnHeader(sp < 0 ? lower : lower.substring(0, sp))) return 6;
        RowParser.Row r = new RowParser(ServiceTable.bundled()).parse(line);
        if (!r.is(RowParser.Outcome.ROW)) return 0;
        return r.state() != null && Vocabulary.normaliseState(r.state()) != null ? 4 : 1;
    }

    /** Counts the (decompressed) bytes read, for {@link FileSummary#bytes()}. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
