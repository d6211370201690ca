package dev.portolan.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files people hand over instead of a capture, a firewall log or a socket list: archives and compressions portolan does
 * not undo, other capture formats, Windows event logs and traces, tcpdump's and tshark's text output. Told apart by
 * their magic numbers and first lines (the name only adds a hint for Windows event traces, which have no simple magic),
 * so that an unreadable file says what it is and how to get an input from it.
 */
public final class OtherFormats {
    private static final String CONVERT = "convert it to pcapng with Wireshark (File > Save As) or editcap"
            + " ('editcap -F pcapng FILE out.pcapng')";
    private static final Pattern TCPDUMP_TEXT = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d\\.\\d{6,9} (IP6? |ARP|[0-9a-f]{2}(:[0-9a-f]{2}){5} ).*");
    /** A Git LFS pointer's first line (git-lfs's docs/spec.md), and the line with the size of the file it stands for. */
    private static final byte[] LFS_POINTER = "version https://git-lfs.github.com/spec/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LFS_SIZE = Pattern.compile("\nsize (\\d+)\r?\n");
    /**
     * A whole file that is one relative or absolute path ("../../default/pcap/ookla.pcap", no trailing newline as git
     * writes them): a symbolic link that a checkout without symbolic links (git's core.symlinks false, the Windows
     * default) wrote as a file holding the link's target. Two slashes in a row (a URL) are not a path here.
     */
    private static final Pattern LINK_TARGET = Pattern.compile("/?([^/\\s\\x00-\\x1f]+/)+[^/\\s\\x00-\\x1f]+");
    /**
     * A packet line of FortiGate's {@code diagnose sniffer packet}: seconds since the sniffer started (or the date and
     * time), at verbosity 4 and up the interface and in/out, then "src -> dst: ..." (addresses with ports joined by a dot).
     */
    private static final Pattern FORTIGATE_SNIFFER = Pattern.compile(
            "(\\d+\\.\\d{6}|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}) (\\S+ (in|out|--) )?[0-9a-fA-F.:]+ -> [0-9a-fA-F.:]+: .*");
    private static final Pattern TSHARK_TEXT = Pattern.compile(
            "\\s*\\d+\\s+\\d+\\.\\d{6,9}\\s+\\S+\\s+(→|->)\\s+\\S+\\s+\\S+\\s+\\d+\\s.*");

    private OtherFormats() {
    }

    /**
     * "a zip archive (its first file: pfirewall.log): unpack it …" and the like, when {@code head} (a file's first
     * bytes, decompressed) shows one of these formats; else empty. {@code name} is the file's name.
     */
    public static Optional<String> describe(byte[] head, String name) {
        if (head == null || head.length == 0) return Optional.empty();
        String unpack = ": unpack it and give portolan the files inside (or their folder)";
        if (starts(head, 'P', 'K', 3, 4)) {
            String first = zipEntryName(head);
            // a zip given by its path is read as a folder (ZipArchives); one on standard input or inside an archive is not
            return Optional.of("a zip archive" + (first == null ? "" : " (its first file: " + first + ")") + " where portolan"
                    + " cannot open one (it reads a zip given by its path, not from standard input or inside another archive)"
                    + unpack + " ('unzip FILE', or Expand-Archive in PowerShell)");
        }
        if (starts(head, 'P', 'K', 5, 6)) return Optional.of("an empty zip archive: there is nothing in it to read");
        if (SevenZipArchives.isSevenZip(head)) {
            // a 7-Zip archive given by its path is read as a folder (SevenZipArchives); one on standard input or inside an archive is not
            return Optional.of("a 7-Zip archive where portolan cannot open one (it reads one given by its path, not from standard"
                    + " input or inside another archive)" + unpack + " ('7z x FILE')");
        }
        if (starts(head, 'R', 'a', 'r', '!', 0x1A, 0x07)) return Optional.of("a RAR archive" + unpack + " ('unrar x FILE')");
        if (head.length > 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
            // a tar given by its path is read as a folder (TarArchives); one on standard input or inside an archive is not
            return Optional.of("a tar archive portolan could not open as a folder (it opens one given by its path, plain or"
                    + " compressed, whose first header is whole; not on standard input or inside another archive)" + unpack
                    + " ('tar -xf FILE')");
        }
        if (starts(head, LFS_POINTER) && head.length > LFS_POINTER.length
                && (head[LFS_POINTER.length] == '\n' || head[LFS_POINTER.length] == '\r')) {
            // a repository that keeps its captures (or logs) in Git LFS: a clone or a "raw" download without LFS gets
            // this small text in place of the file (Git LFS's pointer format: version, oid and size lines)
            Matcher size = LFS_SIZE.matcher(new String(head, 0, Math.min(head.length, 1024), StandardCharsets.US_ASCII));
            return Optional.of("a Git LFS pointer" + (size.find() ? " to a file of " + size.group(1) + " bytes" : "")
                    + ", not the file itself: fetch the file with 'git lfs pull' (after 'git lfs install'), or download it"
                    + " rather than its pointer");
        }
        if (starts(head, 's', 'n', 'o', 'o', 'p', 0, 0, 0)) {
            return Optional.of("a snoop capture (Solaris, RFC 1761), not pcap or pcapng: " + CONVERT);
        }
        if (starts(head, 'G', 'M', 'B', 'U') || starts(head, 'R', 'T', 'S', 'S')) {
            return Optional.of("a Microsoft Network Monitor capture, not pcap or pcapng: " + CONVERT);
        }
        if (starts(head, "TRSNIFF data".getBytes(StandardCharsets.ISO_8859_1))) {
            return Optional.of("a Sniffer capture, not pcap or pcapng: " + CONVERT);
        }
        if (starts(head, "ObserverPktBuffer".getBytes(StandardCharsets.ISO_8859_1))) {
            return Optional.of("a Network Instruments Observer capture, not pcap or pcapng: " + CONVERT);
        }
        if (starts(head, 'b', 't', 's', 'n', 'o', 'o', 'p', 0)) {
            return Optional.of("a Bluetooth HCI log (btsnoop), which holds no IP traffic");
        }
        if (starts(head, "ElfFile".getBytes(StandardCharsets.ISO_8859_1))) {
            return Optional.of("a Windows event log (.evtx), not the firewall's own log: portolan reads pfirewall.log"
                    + " (turn it on with " + LOGGING_ON + "; it is in %systemroot%\\system32\\LogFiles\\Firewall)");
        }
        if (head.length < 1024) {
            String whole = new String(head, StandardCharsets.UTF_8);
            if (LINK_TARGET.matcher(whole).matches()) {
                return Optional.of("a one-line text holding only the path '" + whole + "': a symbolic link saved as a"
                        + " plain file (a git checkout without symbolic links, as on Windows by default); give portolan the"
                        + " file it points to");
            }
        }
        Optional<String> text = textOutput(head);
        if (text.isPresent()) return text;
        Optional<String> log = otherLog(head);
        if (log.isPresent()) return log;
        if (name != null && name.toLowerCase(Locale.ROOT).endsWith(".etl")) {
            return Optional.of("a Windows event trace (its name ends in .etl: 'netsh trace' or pktmon), not pcap or pcapng:"
                    + " convert it with 'pktmon etl2pcap FILE --out out.pcapng' (Windows 10 2004 and later)");
        }
        return Optional.empty();
    }

    /** tcpdump's or tshark's text output in place of the capture (the packets' summary lines, no capture file). */
    private static Optional<String> textOutput(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        int lines = 0, tcpdump = 0, tshark = 0, fortigate = 0;
        for (String line : text.split("\r?\n", 40)) {
            if (line.isBlank() || line.startsWith("reading from file") || line.startsWith("tcpdump: ")) continue;
            if (++lines > 20) break;
            if (TCPDUMP_TEXT.matcher(line).matches()) tcpdump++;
            else if (TSHARK_TEXT.matcher(line).matches()) tshark++;
            // pasted from the console or a guide's indented code block, after its prompt and interfaces=/filters= lines
            else if (FORTIGATE_SNIFFER.matcher(line.strip()).matches()) fortigate++;
        }
        String again = ", not a capture file: capture again writing the packets themselves";
        if (tcpdump >= 2 && tcpdump * 2 >= lines) return Optional.of("tcpdump's text output" + again + " ('tcpdump -w FILE.pcap')");
        if (tshark >= 2 && tshark * 2 >= lines) return Optional.of("tshark's or Wireshark's text output" + again + " ('tshark -w FILE.pcapng', or save as pcapng)");
        if (fortigate >= 2 && fortigate * 2 >= lines) {
            return Optional.of("FortiGate's 'diagnose sniffer packet' text output" + again + " (the GUI's packet capture saves"
                    + " pcap; or sniff with verbosity 6 and convert the text with Fortinet's fgt2eth script)");
        }
        return Optional.empty();
    }

    /** How to make the Windows Firewall write its log (said wherever something else was given in its place). */
    private static final String LOGGING_ON = "'netsh advfirewall set allprofiles logging allowedconnections enable' and"
            + " '… droppedconnections enable'";
    private static final String FIREWALL_LOG = "portolan reads the Windows Firewall's own log, pfirewall.log"
            + " (%systemroot%\\system32\\LogFiles\\Firewall), a netstat/ss dump or a pcap/pcapng capture";
    /** A DNS server debug log's packet line: "5/21/2015 1:51:18 PM 0D48 PACKET  000000000181D1C0 UDP Rcv 10.250.2.246 …". */
    private static final Pattern DNS_PACKET = Pattern.compile(
            "\\S+ \\S+( [AP]M)? [0-9A-Fa-f]{3,8} PACKET +[0-9A-Fa-f]+ (UDP|TCP) (Rcv|Snd) .*");

    /**
     * Other Windows and Azure logs that people take for the firewall's: W3C logs of other software (IIS, HTTP.sys's
     * httperr), the DNS server's debug log, Azure's NSG and VNet flow logs and Azure Firewall's logs. Each is told by what
     * its own format puts first (a #Software or #Fields line, the DNS log's title, the JSON records' category).
     */
    private static Optional<String> otherLog(byte[] head) {
        String text = decoded(head);
        Optional<String> settings = settingsOrRules(text);
        if (settings.isPresent()) return settings;
        Optional<String> wfp = filteringPlatformEvents(text);
        if (wfp.isPresent()) return wfp;
        Optional<String> unix = unixFirewallLog(text);
        if (unix.isPresent()) return unix;
        // Event Viewer's "Save All Events As" CSV or text: its first line names the event list's columns
        String first = text.stripLeading().lines().findFirst().orElse("");
        if (first.contains("Date and Time") && first.contains("Event ID") && first.contains("Source")) {
            return Optional.of("a Windows event log saved from Event Viewer as CSV or text (Date and Time, Source, Event ID …),"
                    + " not the firewall's own log: " + FIREWALL_LOG + "; the firewall writes its log once logging is on ("
                    + LOGGING_ON + ")");
        }
        String json = text.stripLeading();
        if (json.startsWith("{") || json.startsWith("[")) {
            if (json.contains("NetworkSecurityGroupFlowEvent") || json.contains("FlowLogFlowEvent") || json.contains("\"flowTuples\"")) {
                return Optional.of("an Azure network security group (NSG) or virtual network flow log (JSON), not a Windows"
                        + " Firewall log: " + FIREWALL_LOG);
            }
            if (json.contains("\"src-ip\"") && json.contains("\"dst-ip\"") && json.contains("\"action\"")) {
                // ConvertTo-Json of the log's rows: one document (JSON lines, one record a line, are read as the log)
                return Optional.of("the Windows Firewall's log turned into a JSON document (its records as objects named date,"
                        + " time, action, src-ip, dst-ip …), which portolan does not read: give it the log itself (pfirewall.log),"
                        + " or the log as CSV (Export-Csv) or as JSON lines (one record a line)");
            }
            if (json.contains("AzureFirewall") || json.contains("AZFWNetworkRule") || json.contains("AZFWApplicationRule")) {
                return Optional.of("an Azure Firewall log (JSON), not the Windows Firewall's log: " + FIREWALL_LOG);
            }
            return Optional.empty();
        }
        int lines = 0, dns = 0;
        for (String raw : text.split("\r?\n", 60)) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (++lines > 50) break;
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("#software:")) {
                // a firewall's own W3C log is the firewall reader's to take or refuse (its #Fields line, below, tells why)
                if (lower.contains("firewall")) continue;
                String software = line.substring(10).strip();
                String what = lower.contains("internet information services") ? "an IIS web server log (W3C extended format, "
                        + software + ")"
                        : lower.contains("http api") ? "an HTTP.sys error log (httperr.log, " + software + ")"
                        : "a W3C extended log of " + (software.isEmpty() ? "another program" : software);
                return Optional.of(what + ", not a Windows Firewall log: " + FIREWALL_LOG);
            }
            if (lower.startsWith("#fields:")) {
                // the firewall's fields: its reader's to take or refuse, never said to be another program's
                if (lower.contains(" action") && lower.contains("src-ip") && lower.contains("dst-ip")) continue;
                // a W3C log without a #Software line: its fields are another program's
                return Optional.of("a W3C extended log whose fields (" + abbreviated(line.substring(8).strip()) + ") are not the"
                        + " Windows Firewall's (date time action protocol src-ip dst-ip …): " + FIREWALL_LOG);
            }
            if (line.startsWith("DNS Server log file creation at") || line.startsWith("Message logging key (for packets")) {
                return Optional.of(dnsDebugLog());
            }
            if (DNS_PACKET.matcher(line).matches()) dns++;
        }
        if (dns >= 2 && dns * 2 >= lines) return Optional.of(dnsDebugLog());
        return Optional.empty();
    }

    /** netfilter's LOG target: the in and out interfaces, then (after MAC=) the addresses, as the kernel prints them. */
    private static final Pattern NETFILTER = Pattern.compile("(?:^|[\\s:\\]])IN=\\S*\\s+OUT=\\S*\\s.*\\bSRC=\\S+\\s+DST=\\S+");
    /** A LOG line that a terminal or a page wrapped: only the kernel's upper-case KEY=value fields and flags. */
    private static final Pattern NETFILTER_REST = Pattern.compile("\\s*(?:[A-Z]+=\\S*|[A-Z]{2,4})(?:\\s+(?:[A-Z]+=\\S*|[A-Z]{2,4}))*\\s*");
    /** pf's log as tcpdump prints the pflog header: "rule 1/0(match): block in on en0" (and rule numbers of anchors). */
    private static final Pattern PFLOG = Pattern.compile(
            "\\brule (?:\\d+|\\d+\\.\\.\\d+|\\d+\\.\\S+\\.\\d+)/\\d+\\(\\w+\\): (?:block|pass|match|nat|binat|rdr|scrub)\\w* (?:in|out) on \\S+");
    /** The packet a pflog header was wrapped away from: "203.0.113.50.4444 > 10.0.0.2.80: Flags [S] …". */
    private static final Pattern PACKET_REST = Pattern.compile("\\s*[0-9A-Fa-f:.]+ > [0-9A-Fa-f:.]+(?::.*)?");
    /** FreeBSD ipfw's log line: "ipfw: 100 Deny TCP 1.2.3.4:5 6.7.8.9:22 in via em0". */
    private static final Pattern IPFW = Pattern.compile("\\bipfw: \\d+ [A-Z][A-Za-z]*(?: \\d+)? \\S+ \\S+ \\S+ (?:in|out) via \\S+");
    /** macOS's application firewall: "socketfilterfw[87] <Info>: Dropbox: Allow TCP LISTEN  (in:0 out:1)". */
    private static final Pattern APPFIREWALL = Pattern.compile("\\bsocketfilterfw\\[\\d+\\] <\\w+>: ");
    /** pfSense's and OPNsense's filterlog: rule number, ..., interface, reason, action, direction, IP version as CSV. */
    private static final Pattern FILTERLOG = Pattern.compile(
            "\\bfilterlog(?:\\[\\d+\\])?:?(?: \\d+)?(?: - -)? \\d+,[^,]*,[^,]*,[^,]*,[^,]+,\\w+,(?:block|pass|match|reject)\\w*,(?:in|out),[46],");
    /** firewalld's per-zone log prefixes ("filter_IN_public_REJECT:"); its catch-all one is "FINAL_REJECT:". */
    private static final Pattern FIREWALLD_ZONE = Pattern.compile("\\b\\w+_(?:IN|OUT|FWD)_\\w+_(?:DROP|REJECT|DENY|ACCEPT|allow|deny):");
    /** A syslog line that only stands for others ("--- last message repeated 1 time ---"). */
    private static final Pattern REPEATED = Pattern.compile(".*--- last message repeated \\d+ times? ---");

    private static final String ON_LINUX = "portolan does not read it; on a Linux host give it a socket list ('ss -tanp' or"
            + " 'netstat -tulpan', run as root and saved to a file) or a capture ('tcpdump -i any -w FILE.pcap'; a capture of"
            + " netfilter's NFLOG target, 'tcpdump -i nflog:N', is read too)";
    private static final String ON_BSD = "portolan does not read it; give it a socket list (macOS: 'netstat -anv' or"
            + " 'lsof -i -n -P'; FreeBSD: 'sockstat -46' or 'netstat -an'; saved to a file) or a capture of the interface"
            + " ('tcpdump -i em0 -w FILE.pcap')";

    /**
     * Other systems' firewall logs, handed over where a Windows Firewall log was asked for: netfilter's LOG lines (ufw,
     * firewalld, Shorewall, CSF or plain iptables/nftables), pf's log as tcpdump prints it, ipfw's, macOS's application
     * firewall's and pfSense's filterlog. Each is told by its own line grammar wherever the line starts (a syslog,
     * journalctl, dmesg or indented paste puts something else first), and only when such lines are at least half of the
     * head's: one quoted in a page of notes does not make the page a log.
     */
    private static Optional<String> unixFirewallLog(String text) {
        int lines = 0, netfilter = 0, pf = 0, ipfw = 0, appfw = 0, filterlog = 0;
        boolean ufw = false, firewalld = false, shorewall = false, csf = false;
        String last = "";
        for (String raw : text.split("\r?\n", 60)) {
            String line = raw.strip();
            // a paste's fence, an author's comment and a repeat notice are around the log, not against it
            if (line.isEmpty() || TicketMarkup.isMarkup(line) || line.startsWith("#") || REPEATED.matcher(line).matches()) continue;
            // the rest of a record a terminal or a page wrapped onto the next line belongs to the record above it
            if (last.equals("netfilter") && NETFILTER_REST.matcher(line).matches()) continue;
            if (last.equals("pf") && PACKET_REST.matcher(line).matches()) continue;
            if (++lines > 50) break;
            last = "";
            if (NETFILTER.matcher(line).find()) {
                netfilter++;
                last = "netfilter";
                if (line.contains("[UFW ")) ufw = true;
                else if (line.contains("FINAL_REJECT:") || FIREWALLD_ZONE.matcher(line).find()) firewalld = true;
                else if (line.contains("Shorewall:")) shorewall = true;
                else if (line.contains("Firewall: *")) csf = true;
            } else if (PFLOG.matcher(line).find()) {
                pf++;
                last = "pf";
            } else if (IPFW.matcher(line).find()) ipfw++;
            else if (APPFIREWALL.matcher(line).find()) appfw++;
            else if (FILTERLOG.matcher(line).find()) filterlog++;
        }
        if (lines == 0) return Optional.empty();
        if (netfilter * 2 >= lines && netfilter > 0) {
            String what = ufw ? "ufw's log" : firewalld ? "firewalld's log of denied packets" : shorewall ? "Shorewall's log"
                    : csf ? "CSF's log" : "an iptables or nftables log";
            return Optional.of(what + " (netfilter LOG lines from the kernel log: syslog, journalctl or dmesg; IN= OUT= SRC="
                    + " DST= PROTO= …), not a Windows Firewall log: " + ON_LINUX);
        }
        if (pf * 2 >= lines && pf > 0) {
            return Optional.of("pf's log as tcpdump prints it (pflog: 'rule N/0(match): block in on …'; macOS, FreeBSD,"
                    + " OpenBSD, pfSense), not a Windows Firewall log: " + ON_BSD);
        }
        if (ipfw * 2 >= lines && ipfw > 0) {
            return Optional.of("FreeBSD's ipfw log ('ipfw: N Deny TCP a:p b:p in via em0'), not a Windows Firewall log: " + ON_BSD);
        }
        if (appfw * 2 >= lines && appfw > 0) {
            // it names the programs allowed to listen or connect, never an address or a port
            return Optional.of("macOS's application firewall log (socketfilterfw, /var/log/appfirewall.log: which programs"
                    + " may listen or connect, no addresses or ports), not a Windows Firewall log: " + ON_BSD);
        }
        if (filterlog * 2 >= lines && filterlog > 0) {
            return Optional.of("pfSense's or OPNsense's filter log (filterlog CSV lines), not a Windows Firewall log: " + ON_BSD);
        }
        return Optional.empty();
    }

    /**
     * The Windows Filtering Platform's audit events (5152 a packet blocked, 5156 a connection permitted, 5157 one blocked)
     * from the Security event log, as Event Viewer's text or XML or as exported records: the same traffic the firewall
     * logs, but not its log. Told by the events' own message or their XML's EventID and address fields.
     */
    private static Optional<String> filteringPlatformEvents(String text) {
        boolean message = text.contains("The Windows Filtering Platform has blocked a") || text.contains("The Windows Filtering"
                + " Platform has permitted a connection");
        boolean fields = text.contains("Source Address:") || text.contains("Network Information:")
                || text.contains("SourceAddress") || text.contains("DestAddress");
        boolean xml = Pattern.compile("<EventID[^>]*>515[0-9]</EventID>").matcher(text).find() && text.contains("DestAddress");
        if (!(message && fields) && !xml) return Optional.empty();
        return Optional.of("Windows Filtering Platform audit events (5152, 5156, 5157: packets and connections blocked or"
                + " permitted, from the Security event log), not the firewall's own log: " + FIREWALL_LOG
                + "; the firewall writes its log once logging is on (" + LOGGING_ON + ")");
    }

    /** UTF-16 (with its byte-order mark, as PowerShell 5.1 writes a redirected output) or UTF-8 text. */
    private static String decoded(byte[] head) {
        String text = head.length >= 2 && (head[0] & 0xFF) == 0xFF && head[1] == (byte) 0xFE
                ? new String(head, 2, (head.length - 2) & ~1, StandardCharsets.UTF_16LE)
                : new String(head, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The Windows Firewall's settings where its log was wanted: 'netsh advfirewall show allprofiles' ("Domain Profile
     * Settings:", "LogAllowedConnections  Disable", "FileName  …pfirewall.log") or Get-NetFirewallProfile ("LogAllowed :
     * False", "LogFileName : …"), said with whether the firewall logs connections at all and how to turn that on; or its
     * rules ({@link #firewallRules}).
     */
    public static Optional<String> firewallSettingsOrRules(byte[] head) {
        return settingsOrRules(decoded(head));
    }

    private static Optional<String> settingsOrRules(String text) {
        Optional<String> settings = firewallSettings(text);
        return settings.isPresent() ? settings : firewallRules(text);
    }

    /**
     * The Windows Firewall's rules where its log was wanted: 'netsh advfirewall firewall show rule' ("Rule Name:", then
     * "Direction:", "Action:" …) or Get-NetFirewallRule ("DisplayName :", "Direction : Inbound", "Action : Allow").
     */
    private static Optional<String> firewallRules(String text) {
        boolean ruleName = false, displayName = false, direction = false, action = false;
        for (String raw : text.split("\\r?\\n", 400)) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String key = line.substring(0, colon).strip();
            switch (key) {
                case "Rule Name" -> ruleName = true;
                case "DisplayName" -> displayName = true;
                case "Direction" -> direction = true;
                case "Action" -> action = true;
                default -> { }
            }
        }
        if (!direction || !action || !(ruleName || displayName)) return Optional.empty();
        String command = ruleName ? "netsh advfirewall firewall show rule" : "Get-NetFirewallRule, New-NetFirewallRule";
        return Optional.of("the Windows Firewall's rules (" + command + "), not its log: rules say what may pass, the log"
                + " what did; portolan reads the log, pfirewall.log (%systemroot%\\system32\\LogFiles\\Firewall), once logging"
                + " is on (" + LOGGING_ON + ")");
    }

    private static Optional<String> firewallSettings(String text) {
        String allowed = null, dropped = null, file = null;
        boolean netsh = false, powershell = false;
        for (String raw : text.split("\r?\n", 400)) {
            String line = raw.strip();
            if (line.endsWith("Profile Settings:")) netsh = true;
            String[] kv = line.split("\\s*:\\s+|\\s{2,}", 2);
            if (kv.length < 2) continue;
            String key = kv[0].strip(), value = kv[1].strip();
            switch (key) {
                case "LogAllowedConnections", "LogAllowed" -> allowed = allowed == null || !on(allowed) ? value : allowed;
                case "LogDroppedConnections", "LogBlocked" -> dropped = dropped == null || !on(dropped) ? value : dropped;
                case "FileName", "LogFileName" -> file = file == null ? value : file;
                default -> { }
            }
            if (key.equals("LogAllowed") || key.equals("LogBlocked") || key.equals("LogFileName")) powershell = true;
        }
        if (allowed == null || dropped == null || file == null || !file.toLowerCase(java.util.Locale.ROOT).endsWith(".log")) {
            return Optional.empty();
        }
        if (!netsh && !powershell) return Optional.empty();
        String what = "the Windows Firewall's settings (" + (netsh ? "netsh advfirewall show" : "Get-NetFirewallProfile")
                + "), not its log";
        if (!on(allowed) && !on(dropped)) {
            return Optional.of(what + "; they say it logs no connection (allowed and dropped both off): turn logging on with "
                    + LOGGING_ON + ","
                    + " let it run, then give portolan the log it writes (" + file + ")");
        }
        return Optional.of(what + ": give portolan the log it writes (" + file + ")");
    }

    private static boolean on(String value) {
        String v = value.toLowerCase(java.util.Locale.ROOT);
        return v.startsWith("enable") || v.equals("true");
    }

    private static String dnsDebugLog() {
        return "a Windows DNS server debug log (its PACKET lines show DNS queries, not connections), not a Windows Firewall"
                + " log: " + FIREWALL_LOG;
    }

    private static String abbreviated(String fields) {
        return fields.length() <= 80 ? fields : fields.substring(0, 77) + "...";
    }

    /** The first entry's name in a zip's first local file header, or null. */
    private static String zipEntryName(byte[] head) {
        if (head.length < 30) return null;
        int len = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (len == 0 || 30 + len > head.length) return null;
        String n = new String(head, 30, len, StandardCharsets.UTF_8);
        return n.chars().allMatch(c -> c >= 0x20 && c != 0x7f) ? n : null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != (magic[i] & 0xff)) return false;
        }
        return true;
    }

    private static boolean starts(byte[] b, byte[] magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) return false;
        }
        return true;
    }
}
