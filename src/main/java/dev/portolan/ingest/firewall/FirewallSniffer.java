package dev.portolan.ingest.firewall;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a Windows Firewall log by its first lines: the W3C-style header Windows writes,
 * or data lines shaped {@code YYYY-MM-DD HH:MM:SS ACTION PROTOCOL src dst …}. Other W3C logs
 * (IIS writes #Version/#Fields too) are told apart by their #Software and #Fields lines.
 */
final class FirewallSniffer {
    private static final int MAX_LINES = 40;
    /** Lines of text a person wrote before a pasted log that are looked past. */
    private static final int MAX_TEXT = 5;
    /** A word alone: "Hi", "Thanks!", "Output:". */
    private static final java.util.regex.Pattern GREETING = java.util.regex.Pattern.compile("\\p{L}+[.!,:]?");

    private FirewallSniffer() {
    }

    static boolean sniff(byte[] head) {
        if (head == null || head.length == 0) return false;
        Charset utf16 = Utf16Decoding.detect(head);
        String text = decode(head, utf16);
        boolean version = false;
        int looked = 0;
        int prose = 0;
        boolean seenLine = false;
        boolean other = false;
        // line by line up to the first record (most files decide on their first lines: no split of the whole head)
        for (int from = 0; from <= text.length(); ) {
            int nl = text.indexOf('\n', from);
            String raw = text.substring(from, nl < 0 ? text.length() : nl);
            from = nl < 0 ? text.length() + 1 : nl + 1;
            if (looked++ == MAX_LINES) break;
            // a UTF-8 byte-order mark decodes as "\u00EF\u00BB\u00BF" here (ISO-8859-1), a UTF-16 one as U+FEFF
            String cleaned = raw.replace("\0", "").replace("\r", "").replace("\uFEFF", "").replace("\u00EF\u00BB\u00BF", "");
            // a line of text in UTF-8 (a sentence before the log in another script) as its characters, not one per byte
            if (utf16 == null) {
                byte[] bytes = cleaned.getBytes(StandardCharsets.ISO_8859_1);
                cleaned = Escapes.lineText(bytes, 0, bytes.length);
            }
            // after a search tool's or a numbering's prefix ("12:", "pfirewall.log:12:", "    12\t"), if any
            String line = LineParser.withoutPrefix(cleaned).trim();
            if (line.isEmpty()) continue;
            boolean firstLine = !seenLine;
            seenLine = true;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("#software:")) {
                // Windows XP before SP2 wrote the same log as "Microsoft Internet Connection Firewall" (ICF)
                if (lower.contains("windows firewall") || lower.contains("internet connection firewall")) return true;
                // another firewall's name (a renamed or third-party writer of this log): its #Fields line decides
                if (!lower.contains("firewall")) return false;
                continue;
            }
            if (lower.startsWith("#fields:")) {
                return lower.contains(" action") && lower.contains("src-ip") && lower.contains("dst-ip");
            }
            if (lower.startsWith("#version:")) {
                version = true;
                continue;
            }
            if (line.startsWith("#") || dev.portolan.ingest.TicketMarkup.isMarkup(line)) continue;
            if (looksLikeRecord(line)) return !other || addressed(line);
            // the log turned into CSV (Export-Csv, or blanks swapped for commas): its header names the log's fields
            if (FirewallCsv.headerDelimiter(line) != 0) return true;
            // or into JSON lines that keep its field names (a collector's output)
            if (line.startsWith("{") && FirewallJson.isLog(List.of(line))) return true;
            // the command that showed the log, pasted before it: looked past (a record never is one)
            if (dev.portolan.ingest.netstat.Transcripts.isCommandLine(line)) continue;
            // a few lines of text before it ("Here is my firewall log:", "3. Normal or malicious"): looked past too, not
            // starting as a record's date does
            if (prose < MAX_TEXT && !LineParser.startsDated(line) && dev.portolan.ingest.netstat.TextLines.isText(line)) {
                prose++;
                continue;
            }
            // other text that can be no record nor a piece of one (a path, a program's version lines, a greeting alone,
            // which the reader takes as text before the log has begun, but for a word of another script alone): looked
            // past; then only a record with its addresses where a record has them decides
            if (LineParser.plainText(line) || GREETING.matcher(line).matches()) {
                other = true;
                continue;
            }
            // a file cut at a byte offset (a log's tail, one piece of a split log) starts with the rest of a record
            // ("SEND", "0 - - - RECEIVE 4"): that one line is looked past, the lines after it decide
            if (firstLine) continue;
            return false;
        }
        return version;
    }

    private static String decode(byte[] head, Charset utf16) {
        if (utf16 != null) {
            int bom = Utf16Decoding.bomLength(head);
            return new String(head, bom, (head.length - bom) & ~1, utf16);
        }
        return new String(head, StandardCharsets.ISO_8859_1);
    }

    /**
     * A record line whose fifth field is an address and whose sixth is an address or a port ('-' for either), as in every
     * layout Windows writes: not another firewall's line that also starts with a date, an action and a protocol
     * ("2024-01-15 10:30:00 ALLOW TCP 192.168.1.100:54321 -> 8.8.8.8:443 bytes=1234").
     */
    private static boolean addressed(String line) {
        String[] f = line.split("[ \\t]+");
        return address(f[4]) && (address(f[5]) || f[5].matches("\\d{1,5}"));
    }

    private static boolean address(String field) {
        return field.equals("-") || field.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || field.indexOf(':') >= 0 && field.matches("[0-9A-Fa-f:]+(\\d{1,3}(\\.\\d{1,3}){3})?(%\\w+)?");
    }

    /** "2024-07-29 13:23:35 ALLOW UDP 192.168.9.219 192.168.0.1 …" (at least six fields). */
    static boolean looksLikeRecord(String line) {
        String[] f = line.split("[ \\t]+");
        if (f.length < 6) return false;
        if (!f[0].matches("\\d{4}-\\d{2}-\\d{2}") || !f[1].matches("\\d{2}:\\d{2}:\\d{2}")) return false;
        if (!f[2].matches("[A-Z][A-Z-]*")) return false;
        String proto = f[3].toUpperCase(Locale.ROOT);
        return proto.equals("TCP") || proto.equals("UDP") || proto.equals("ICMP") || proto.equals("ICMPV6")
                || proto.equals("-") || proto.matches("\\d{1,3}");
    }
}
