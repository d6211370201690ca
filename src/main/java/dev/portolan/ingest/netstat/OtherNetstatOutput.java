package dev.portolan.ingest.netstat;

import java.util.Locale;
import java.util.Optional;

/**
 * The outputs people collect instead of a socket list by mistake: netstat's routing table ({@code netstat -r},
 * {@code route print}), its interface table ({@code netstat -i}, {@code netstat -e}), its protocol statistics ({@code netstat -s},
 * {@code /proc/net/netstat}), the kernel's own socket tables ({@code /proc/net/tcp}), {@code lsof} of every open file (without
 * {@code -i}: its sockets, if any, far down) and a listing with no socket row at all
 * (its header alone: {@code ss -tn state established} on a host with no connection). Told apart by their titles and
 * headers, so that a file that is none of portolan's inputs can say what it is and what to collect instead.
 */
public final class OtherNetstatOutput {
    /** What to collect instead, for every kind. */
    public static final String COLLECT = "collect 'netstat -ano' (Windows), 'ss -tunap' or 'netstat -tunap' (Linux) or 'netstat -an' (macOS/BSD)";
    /**
     * A kernel socket table with nothing under its header: no socket of that kind was open (a bundle's {@code proc/net/udp6}
     * on a host without IPv6 UDP), so there is nothing to collect instead.
     */
    static final String EMPTY_KERNEL_TABLE = "a kernel socket table (/proc/net/tcp, udp …) with no socket in it, only its header";

    /** What to add to a {@link #describe description}: what to collect instead, or nothing for an empty kernel table. */
    public static String advice(String description) {
        return description.equals(EMPTY_KERNEL_TABLE) ? "" : "; " + COLLECT;
    }

    private OtherNetstatOutput() {
    }

    private static final java.util.regex.Pattern WINDOWS_PROMPT = java.util.regex.Pattern.compile("(?i)(PS )?[A-Z]:\\\\.*>.*");
    private static final java.util.regex.Pattern ROUTES = java.util.regex.Pattern.compile("destination\\s+gateway\\s+.*");
    private static final java.util.regex.Pattern INTERFACES = java.util.regex.Pattern.compile("name\\s+mtu\\s+network\\s+address.*");
    private static final java.util.regex.Pattern IFACES = java.util.regex.Pattern.compile("iface\\s+mtu\\s+.*");
    private static final java.util.regex.Pattern PROC_NET = java.util.regex.Pattern.compile("sl\\s+local_address\\s+rem(?:ote)?_address\\s+st\\s+.*");
    private static final java.util.regex.Pattern LSOF =
            java.util.regex.Pattern.compile("command\\s+pid\\s+(tid\\s+)?(tskcmd\\s+)?user\\s+fd\\s+type\\s+device\\s+.*\\bname");

    /** "a routing table (netstat -r)" and the like, when the first lines of {@code head} show one; else empty. */
    public static Optional<String> describe(byte[] head) {
        // a socket list (a row among its first lines) is none of these, whatever its header
        if (head == null || head.length == 0 || NetstatReader.sniff(head)) return Optional.empty();
        return describeDeclined(head);
    }

    /**
     * {@link #describe} of a head that {@link NetstatReader#sniff} has already declined (format detection, after every
     * reader's sniffer): the same answer without sniffing it a second time (half of the time a folder of other files took).
     */
    public static Optional<String> describeDeclined(byte[] head) {
        if (head == null || head.length == 0) return Optional.empty();
        TextDecoder.Detection d = TextDecoder.detect(head, head.length, NetstatReader::score);
        String text = new String(head, d.bomLength(), head.length - d.bomLength(), d.charset());
        int seen = 0;
        int lines = 0;
        // line by line without a regex (a bundle's thousands of other files each come here)
        for (int from = 0; from <= text.length() && lines < 60; lines++) {
            int to = from;
            while (to < text.length() && text.charAt(to) != '\n' && text.charAt(to) != '\r') to++;
            String raw = text.substring(from, to);
            from = to + (to + 1 < text.length() && text.charAt(to) == '\r' && text.charAt(to + 1) == '\n' ? 2 : 1);
            String line = raw.replace("\0", "").strip();
            if (line.isEmpty() || line.startsWith("$ ") || line.startsWith("# ") || WINDOWS_PROMPT.matcher(line).matches()) continue;
            Optional<String> kind = kindOf(line);
            if (kind.isPresent()) return kind;
            if (++seen == 8) break;
        }
        return Optional.empty();
    }

    private static Optional<String> kindOf(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (l.startsWith("kernel ip routing table") || l.startsWith("kernel ipv6 routing table") || l.equals("routing tables")
                || l.equals("ipv4 route table") || l.equals("ipv6 route table") || l.equals("interface list")
                || ROUTES.matcher(l).matches()) {
            return Optional.of("a routing table (netstat -r, route print), not a list of sockets");
        }
        if (l.startsWith("kernel interface table") || l.equals("interface statistics") || INTERFACES.matcher(l).matches()
                || IFACES.matcher(l).matches()) {
            return Optional.of("an interface table (netstat -i or -e), not a list of sockets");
        }
        if (l.equals("ip:") || l.equals("icmp:") || l.equals("tcp:") || l.equals("udp:") || l.equals("ipv4 statistics")
                || l.equals("ipv6 statistics") || l.startsWith("tcpext:") || l.startsWith("ipext:") || l.equals("ip6:")) {
            return Optional.of("protocol statistics (netstat -s or /proc/net/netstat), not a list of sockets");
        }
        if (PROC_NET.matcher(l).matches()) {
            return Optional.of(EMPTY_KERNEL_TABLE);
        }
        if (LSOF.matcher(l).matches()) {
            return Optional.of("lsof output without a socket among its first lines (every open file: lsof without -i);"
                    + " 'lsof -i -P -n' lists only the sockets, and portolan reads that");
        }
        // no socket row was seen (above): a title or column header of a listing that has none
        int space = 0;
        while (space < l.length() && " \t\u000B\f".indexOf(l.charAt(space)) < 0) space++;
        String first = l.substring(0, space);
        if ((Vocabulary.isTitle(l) && !Vocabulary.isOtherSectionTitle(l))
                || ((Vocabulary.isColumnHeader(first) || first.equals("recv-q")) && (l.contains("address") || l.contains("recv-q")))) {
            return Optional.of("a netstat/ss listing without a single socket row (only its title or column header): nothing matched"
                    + " the options it was run with, or the rows were cut off");
        }
        return Optional.empty();
    }
}
