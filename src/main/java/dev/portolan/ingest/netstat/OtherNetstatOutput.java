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

    /** A socket listing's title or column header, and not one row under it. */
    public static final String EMPTY_LISTING = "a netstat/ss listing without a single socket row (only its title or column"
            + " header): nothing matched the options it was run with, or the rows were cut off";

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
    /** ss -s: "Total: 187 (kernel 0)", "TCP:   5 (estab 2, closed 0, orphaned 0, timewait 0)", "Transport Total     IP        IPv6". */
    private static final java.util.regex.Pattern SOCKET_SUMMARY = java.util.regex.Pattern.compile(
            "total: \\d+(?: \\(kernel \\d+\\))?|tcp: +\\d+ \\(estab \\d+.*|transport\\s+total\\s+ip\\s+ipv6");
    /** netstat -g's header: Linux "Interface       RefCnt Group", BSD "Group                   Link-layer Address  Netif". */
    private static final java.util.regex.Pattern GROUPS = java.util.regex.Pattern.compile("interface\\s+refcnt\\s+group|group\\s+link-layer address\\s+netif.*");
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
        String text = decoded(head);
        int seen = 0;
        int lines = 0;
        boolean emptyListing = false;
        String message = null;
        // line by line without a regex (a bundle's thousands of other files each come here)
        for (int from = 0; from <= text.length() && lines < 60; lines++) {
            int to = from;
            while (to < text.length() && text.charAt(to) != '\n' && text.charAt(to) != '\r') to++;
            String raw = text.substring(from, to);
            from = to + (to + 1 < text.length() && text.charAt(to) == '\r' && text.charAt(to + 1) == '\n' ? 2 : 1);
            String line = raw.replace("\0", "").strip();
            if (line.isEmpty() || line.startsWith("$ ") || line.startsWith("# ") || WINDOWS_PROMPT.matcher(line).matches()) continue;
            if (emptyListing) {
                // under the header: rows of sockets that are not TCP/UDP ones (ss -x, ss -A unix), or nothing
                if (otherSocketRow(line)) return Optional.of(OTHER_SOCKETS_ONLY);
                if (++seen == 8) break;
                continue;
            }
            // what a file that is one command's output starts with (not a console session's later outputs)
            if (seen == 0) {
                Optional<String> own = ownOutput(line.toLowerCase(Locale.ROOT));
                if (own.isPresent()) return own;
            }
            if (seen == 0 && commandMessage(line)) message = line;
            else if (message != null && !commandMessage(line)) message = null;
            Optional<String> kind = kindOf(line);
            if (kind.isPresent() && kind.get().equals(EMPTY_LISTING)) {
                emptyListing = true;
                seen = 0;
                continue;
            }
            if (kind.isPresent()) return kind;
            if (++seen == 8) break;
        }
        if (emptyListing) return Optional.of(EMPTY_LISTING);
        // nothing but a program's complaint ("bash: netstat: command not found", "ss: SELinux is not enabled.")
        if (message != null && seen <= 3 && lines < 60) {
            return Optional.of("a command's error message, not a list of sockets (" + message + ")");
        }
        return Optional.empty();
    }

    /** A file's first bytes as text, in the encoding the netstat reader would choose for them. */
    private static String decoded(byte[] head) {
        TextDecoder.Detection d = TextDecoder.detect(head, head.length, NetstatReader::score);
        return new String(head, d.bomLength(), head.length - d.bomLength(), d.charset());
    }

    static final String NETWORK_DIRECT = "Windows' NetworkDirect (RDMA, SMB Direct) connections and listeners (netstat -x), not its"
            + " TCP/UDP sockets";

    /**
     * What a console session without a socket list shows instead, when its first lines do not tell ({@link #describeDeclined}
     * stops after a few): netstat -x's NetworkDirect table after a step-by-step guide's other commands and prose. Looks at
     * every line of {@code head}; empty when none of its lines is such a title.
     */
    public static Optional<String> describeSession(byte[] head) {
        if (head == null || head.length == 0) return Optional.empty();
        String text = decoded(head);
        for (String line : text.split("\r?\n|\r")) {
            String l = line.strip().toLowerCase(Locale.ROOT);
            if (l.startsWith("active networkdirect") || l.startsWith("active    networkdirect")) return Optional.of(NETWORK_DIRECT);
        }
        return Optional.empty();
    }

    /** netsh's title over its excluded port ranges: "Protocol tcp Port Exclusion Ranges". */
    private static final java.util.regex.Pattern EXCLUDED_RANGES = java.util.regex.Pattern.compile("protocol (?:tcp|udp) port exclusion ranges");

    /** A listing whose rows are all of sockets portolan does not audit: UNIX-domain, netlink, packet, vsock … */
    static final String OTHER_SOCKETS_ONLY = "a netstat/ss listing of UNIX-domain and other non-TCP/UDP sockets only (ss -x, "
            + "netstat -x), without a TCP or UDP socket";

    /** A row of {@code ss -x}/{@code ss -a}'s other socket kinds, or of net-tools' UNIX-domain section. */
    private static boolean otherSocketRow(String line) {
        int space = 0;
        while (space < line.length() && !Character.isWhitespace(line.charAt(space))) space++;
        return OTHER_NETIDS.contains(line.substring(0, space).toLowerCase(Locale.ROOT)) && space < line.length();
    }

    private static final java.util.Set<String> OTHER_NETIDS =
            java.util.Set.of("u_str", "u_dgr", "u_seq", "unix", "nl", "p_raw", "p_dgr", "v_str", "v_dgr", "tipc", "xdp");

    /**
     * A shell's or a socket tool's own complaint ({@code bash: netstat: command not found}, {@code ss: SELinux is not
     * enabled.}), iproute2's {@code RTNETLINK answers: …}, cmd's {@code 'netstat' is not recognized as an internal or
     * external command,} and its second line.
     */
    private static boolean commandMessage(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        // the program as typed, in lower case: /proc/net/snmp's "Ip: Forwarding DefaultTTL" is no complaint of ip's
        int colon = line.indexOf(':');
        boolean typed = colon > 0 && line.substring(0, colon).equals(l.substring(0, colon));
        return typed && TextLines.programMessage(line) || l.startsWith("rtnetlink answers:") || l.contains("is not recognized as an internal or external command")
                || l.equals("operable program or batch file.");
    }

    /** What {@link #otherCommandLine} says of ipconfig's lines. */
    static final String IPCONFIG = "ipconfig";
    /** What {@link #otherCommandLine} says of a routing table's lines. */
    static final String ROUTE_TABLE = "route print / netstat -r";
    /** What {@link #otherCommandLine} says of an interface's lines. */
    static final String INTERFACES_OUTPUT = "ifconfig / ip addr";
    /** What {@link #otherCommandLine} says of the kernel's socket counts. */
    static final String SOCKSTAT_FILE = "/proc/net/sockstat";
    /** What {@link #otherCommandLine} says of a container list. */
    static final String CONTAINERS = "docker ps";
    /** What {@link #otherCommandLine} says of a port scan's lines. */
    static final String NMAP = "nmap";
    /** What {@link #otherCommandLine} says of ping's and tracert's lines. */
    static final String PING = "ping / tracert";

    /**
     * The command whose output a line of a socket list's file shows, when that is one people collect beside it into the
     * same file ({@code ipconfig /all >> net.txt}, {@code route print >> net.txt}, {@code ifconfig; netstat -tlnp}) and
     * the line says so by its shape alone, in any UI language: {@link #IPCONFIG} for a key with dotted leaders
     * ({@code IPv4 Address. . . . . : 10.1.0.21}); {@link #ROUTE_TABLE} for route print's interface rows
     * ({@code 12...00 15 5d 01 02 03 ......Intel(R) …}), a route (two addresses without a port first, as route print and
     * Linux/BSD {@code netstat -r} print them; {@code default 192.168.1.1 …}; an IPv6 prefix with its length), a title or
     * the {@code Destination Gateway …} header; {@link #INTERFACES_OUTPUT} for an interface's first line in ifconfig or
     * {@code ip addr} ({@code eth0: flags=4163<UP,…>  mtu 1500}, {@code eth0  Link encap:Ethernet},
     * {@code 2: eth0: <BROADCAST,…> mtu 1500}) or its address lines ({@code inet 10.0.2.15  netmask …});
     * {@link #SOCKSTAT_FILE} for {@code /proc/net/sockstat}'s counts; {@link #CONTAINERS} for {@code docker ps}'s header
     * or a container's row with a published port ({@code 0.0.0.0:8080->80/tcp}). Null for any other line. No socket row
     * has these shapes: netstat and ss print every address with its port, and no arrow to another port.
     */
    static String otherCommandLine(String trimmed) {
        if (trimmed.isEmpty()) return null;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (DOTTED_KEY.matcher(trimmed).matches()) return IPCONFIG;
        if (routeTableTitle(lower) || INTERFACE_ROW.matcher(trimmed).matches() || IPV6_ROUTE.matcher(lower).matches()) {
            return ROUTE_TABLE;
        }
        String[] t = WORDS.split(trimmed, 4);
        if (t.length >= 3 && (dottedQuad(t[0]) || t[0].equals("default")) && dottedQuad(t[1])) return ROUTE_TABLE;
        if (IFCONFIG_FIRST.matcher(trimmed).matches() || IP_ADDR_FIRST.matcher(trimmed).matches()
                || IFCONFIG_ADDRESS.matcher(lower).matches()) {
            return INTERFACES_OUTPUT;
        }
        if (SOCKSTAT.matcher(trimmed).matches()) return SOCKSTAT_FILE;
        if (PING_REPLY.matcher(lower).find() || HOP.matcher(lower).matches()) return PING;
        if (NMAP_PORT.matcher(lower).matches() || lower.startsWith("starting nmap") || lower.startsWith("nmap scan report for")) {
            return NMAP;
        }
        if (lower.startsWith("container id ") && lower.contains(" image ") || PUBLISHED.matcher(lower).find()) return CONTAINERS;
        if (IPTABLES_RULE.matcher(trimmed).matches() || lower.startsWith("chain ") && lower.contains("(policy ")
                || IPTABLES_HEADER.matcher(lower).matches()) {
            return FIREWALL_RULES;
        }
        if (HOSTS_LINE.matcher(trimmed).matches() || RESOLV_CONF.matcher(trimmed).matches()) return NAME_FILES;
        if (TASKLIST_ROW.matcher(trimmed).matches()) return TASKLIST;
        return null;
    }

    /** What {@link #otherCommandLine} says of tasklist's rows. */
    static final String TASKLIST = "tasklist";
    /**
     * tasklist's row, told without its header (a note pastes the rows alone): image name (words, "System Idle Process"),
     * PID, session name, session number, memory in K ("46,944 K", "25.052 KB", "8 Ko"), then /v's status, user, CPU time
     * and title or nothing.
     */
    private static final java.util.regex.Pattern TASKLIST_ROW = java.util.regex.Pattern.compile(
            "\\S.*?\\s+\\d+ [A-Za-z][\\w#-]*\\s+\\d+\\s+\\d{1,3}(?:[,.\\u00A0\\u202F ]\\d{3})* (?:K|KB|Ko)(?:\\s.*)?");

    /** What {@link #otherCommandLine} says of iptables' rules. */
    static final String FIREWALL_RULES = "iptables -L";
    /** What {@link #otherCommandLine} says of /etc/hosts and /etc/resolv.conf lines. */
    static final String NAME_FILES = "/etc/hosts, /etc/resolv.conf";
    /** iptables -vnL's rule: "    0     0 REJECT     all  --  *      eno1    0.0.0.0/0            0.0.0.0/0  …" (pkts bytes target prot opt). */
    private static final java.util.regex.Pattern IPTABLES_RULE = java.util.regex.Pattern.compile(
            "(?:\\d+[KMGT]?\\s+\\d+[KMGT]?\\s+)?[A-Za-z][\\w-]*\\s+(?:all|tcp|udp|icmp|icmpv6|ipv6-icmp|\\d+)\\s+(?:--|-f|!f)\\s+.*");
    private static final java.util.regex.Pattern IPTABLES_HEADER = java.util.regex.Pattern.compile(
            "(?:pkts\\s+bytes\\s+)?target\\s+prot\\s+opt\\s+.*");
    /** /etc/hosts: an address without a port, then host names ("127.0.0.1\tlocalhost", "ff02::1 ip6-allnodes"). */
    private static final java.util.regex.Pattern HOSTS_LINE = java.util.regex.Pattern.compile(
            "(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]*)\\s+[A-Za-z][\\w.-]*(?:\\s+[A-Za-z][\\w.-]*)*(?:\\s+#.*)?");
    /** /etc/resolv.conf: "nameserver 10.0.0.2", "search .", "options ndots:5". */
    private static final java.util.regex.Pattern RESOLV_CONF = java.util.regex.Pattern.compile("(?:nameserver|search|domain|options)\\s+\\S.*");

    /** nmap's port table: "139/tcp open  netbios-ssn", "PORT     STATE SERVICE". */
    private static final java.util.regex.Pattern NMAP_PORT = java.util.regex.Pattern.compile(
            "\\d{1,5}/(?:tcp|udp|sctp)\\s+(?:open|closed|filtered|unfiltered|open\\|filtered|closed\\|filtered)(?:\\s.*)?|port\\s+state\\s+service.*");
    /** A ping's reply in any UI language: "Reply from 142.251.135.46: bytes=32 time=72ms TTL=118", "64 bytes from …: icmp_seq=1 ttl=117". */
    private static final java.util.regex.Pattern PING_REPLY = java.util.regex.Pattern.compile("\\bbytes=\\d+ .*\\bttl=\\d+|\\bicmp_seq=\\d+ ttl=\\d+");
    /** A tracert/traceroute hop: " 12   130 ms    76 ms    78 ms  as22548.saopaulo.sp.ix.br [187.16.217.2]", "  3     *        *        *     …". */
    private static final java.util.regex.Pattern HOP =
            java.util.regex.Pattern.compile("\\d{1,2}(?:\\s+(?:<?\\d+(?:\\.\\d+)? ms|\\*)){3}(?:\\s.*)?|\\d{1,2}\\s+\\S+ \\([\\d.:a-f]+\\)(?:\\s+[\\d.]+ ms)+.*");
    /** /proc/net/sockstat: "sockets: used 178", "TCP: inuse 11 orphan 0 tw 1 alloc 18 mem 1", "FRAG6: inuse 0 memory 0". */
    private static final java.util.regex.Pattern SOCKSTAT =
            java.util.regex.Pattern.compile("sockets: used \\d+|(?:TCP|UDP|UDPLITE|RAW|FRAG)6?: inuse \\d+.*");
    /** docker ps's (nerdctl's, podman's) PORTS column: a published port, "0.0.0.0:8080->80/tcp". */
    private static final java.util.regex.Pattern PUBLISHED = java.util.regex.Pattern.compile(":\\d+->\\d+/(?:tcp|udp|sctp)\\b");

    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("\\s+");
    /** ipconfig's "key . . . . : value": a key, at least three dots spaced by single spaces, a colon. */
    private static final java.util.regex.Pattern DOTTED_KEY = java.util.regex.Pattern.compile("\\S.*?(?:\\. ){3,}.*?:.*");
    /** route print's interface list: " 12...00 15 5d 01 02 03 ......Microsoft Hyper-V …", "  1.........Software Loopback". */
    private static final java.util.regex.Pattern INTERFACE_ROW = java.util.regex.Pattern.compile("\\d{1,4} ?\\.{3}.*");
    /** route print's IPv6 routes: "  1    331 ::1/128    On-link" (interface, metric, prefix), or a prefix first (Linux). */
    private static final java.util.regex.Pattern IPV6_ROUTE =
            java.util.regex.Pattern.compile("(?:\\d+\\s+\\d+\\s+)?[0-9a-f:]*:[0-9a-f:]*/\\d{1,3}(?:\\s.*)?");
    /** ifconfig's first line of an interface: "eth0: flags=4163<UP,…>  mtu 1500", older "eth0      Link encap:Ethernet". */
    private static final java.util.regex.Pattern IFCONFIG_FIRST =
            java.util.regex.Pattern.compile("\\S+:? +(?:flags=\\d+<.*|link encap:.*)", java.util.regex.Pattern.CASE_INSENSITIVE);
    /** ip addr / ip link: "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc …". */
    private static final java.util.regex.Pattern IP_ADDR_FIRST = java.util.regex.Pattern.compile("\\d+: \\S+: <[A-Z0-9_,-]*>.*");
    /** An interface's address lines, indented under it (here trimmed): "inet 10.0.2.15  netmask …", "inet addr:10.0.2.15 …". */
    private static final java.util.regex.Pattern IFCONFIG_ADDRESS = java.util.regex.Pattern.compile(
            "(?:inet6? (?:addr: ?)?[0-9a-f.:]+(?:/\\d+)?(?:%\\S+)?|link/\\S+|ether [0-9a-f:]{17})(?:\\s.*)?|[rt]x packets[ :].*");

    /**
     * A routing table's title or column header (lower case): Linux's "Kernel IP routing table", BSD's "Routing tables",
     * route print's "Interface List" and "IPv4 Route Table", the "Destination Gateway …" header.
     */
    private static boolean routeTableTitle(String lower) {
        return lower.startsWith("kernel ip routing table") || lower.startsWith("kernel ipv6 routing table")
                || lower.equals("routing tables") || lower.equals("ipv4 route table") || lower.equals("ipv6 route table")
                || lower.equals("interface list") || ROUTES.matcher(lower).matches();
    }

    /** An IPv4 address without a port: four numbers of at most three digits, dotted. */
    private static boolean dottedQuad(String s) {
        int parts = 1;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0) return false;
                parts++;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) return false;
            } else {
                return false;
            }
        }
        return parts == 4 && digits > 0;
    }

    /** What only the first line of a file tells: ss -s's counts, netstat -g's title or header. */
    private static Optional<String> ownOutput(String l) {
        if (SOCKET_SUMMARY.matcher(l).matches()) return Optional.of("socket counts (ss -s), not a list of sockets");
        if (l.endsWith("group memberships") || GROUPS.matcher(l).matches()) {
            return Optional.of("multicast group memberships (netstat -g), not a list of sockets");
        }
        return Optional.empty();
    }

    private static Optional<String> kindOf(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (routeTableTitle(l)) return Optional.of("a routing table (netstat -r, route print), not a list of sockets");
        if (l.startsWith("kernel interface table") || l.equals("interface statistics") || INTERFACES.matcher(l).matches()
                || IFACES.matcher(l).matches()) {
            return Optional.of("an interface table (netstat -i or -e), not a list of sockets");
        }
        if (l.equals("ip:") || l.equals("icmp:") || l.equals("tcp:") || l.equals("udp:") || l.equals("ipv4 statistics")
                || l.equals("ipv6 statistics") || l.startsWith("tcpext:") || l.startsWith("ipext:") || l.equals("ip6:")) {
            return Optional.of("protocol statistics (netstat -s or /proc/net/netstat), not a list of sockets");
        }
        if (l.startsWith("active unix domain sockets") || l.startsWith("active local (unix) domain sockets")) return Optional.of(OTHER_SOCKETS_ONLY);
        if (l.startsWith("active networkdirect")) return Optional.of(NETWORK_DIRECT);
        if (EXCLUDED_RANGES.matcher(l).matches()) {
            return Optional.of("the ports Windows keeps from programs (netsh interface ipv4 show excludedportrange), not a list"
                    + " of sockets");
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
            return Optional.of(EMPTY_LISTING);
        }
        return Optional.empty();
    }
}
