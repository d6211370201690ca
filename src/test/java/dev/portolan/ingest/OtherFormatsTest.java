package dev.portolan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an unreadable file says it is: archives, other compressions and capture formats, event logs, text output. */
class OtherFormatsTest {
    @TempDir
    Path dir;

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length + 64];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    static String what(byte[] head) {
        return OtherFormats.describe(head, "file").orElse("");
    }

    @Test
    void archivesAndCompressionsPortolanDoesNotUndo() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("logs/pfirewall.log"));
            z.write("#Version: 1.5\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(what(zip.toByteArray())).startsWith("a zip archive (its first file: logs/pfirewall.log) where portolan"
                + " cannot open one (it reads a zip given by its path, not from standard input or inside another archive): unpack it");
        assertThat(what(bytes('P', 'K', 5, 6))).startsWith("an empty zip archive");
        assertThat(what(bytes('7', 'z', 0xBC, 0xAF, 0x27, 0x1C))).startsWith("a 7-Zip archive where portolan cannot open one (it"
                + " reads one given by its path, not from standard input or inside another archive): unpack it");
        assertThat(what(bytes('R', 'a', 'r', '!', 0x1A, 0x07, 0))).startsWith("a RAR archive");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertThat(what(tar)).startsWith("a tar archive portolan could not open as a folder").endsWith("('tar -xf FILE')");
        // bzip2 is undone like gzip (Bzip2InputStreamTest): its content is what gets described, never the container
        assertThat(what(bytes('B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59))).isEmpty();
    }

    @Test
    void otherCaptureFormatsEventLogsAndTraces() {
        assertThat(what(bytes('s', 'n', 'o', 'o', 'p', 0, 0, 0, 0, 0, 0, 2))).startsWith("a snoop capture (Solaris, RFC 1761)")
                .contains("editcap -F pcapng FILE out.pcapng");
        assertThat(what(bytes('G', 'M', 'B', 'U', 0, 2))).startsWith("a Microsoft Network Monitor capture");
        assertThat(what(bytes('R', 'T', 'S', 'S', 1, 1))).startsWith("a Microsoft Network Monitor capture");
        assertThat(what("TRSNIFF data    \u001a".getBytes(StandardCharsets.ISO_8859_1))).startsWith("a Sniffer capture");
        assertThat(what(bytes('b', 't', 's', 'n', 'o', 'o', 'p', 0))).startsWith("a Bluetooth HCI log");
        // a Git LFS pointer checked out on Windows (CRLF line ends), and one whose size line is missing
        assertThat(what(("version https://git-lfs.github.com/spec/v1\r\noid sha256:9e055a2d15a8e447be131002137341ae5f8f8b91b64576cd"
                + "2fdbd854e141373e\r\nsize 8337\r\n").getBytes(StandardCharsets.US_ASCII)))
                .startsWith("a Git LFS pointer to a file of 8337 bytes, not the file itself");
        assertThat(what("version https://git-lfs.github.com/spec/v1\n".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("a Git LFS pointer, not the file itself");
        // a symbolic link's target written as a file; a URL or a sentence is no such thing
        assertThat(what("/var/log/pflog".getBytes(StandardCharsets.US_ASCII))).startsWith("a one-line text holding only the path");
        assertThat(what("https://example.org/capture.pcap".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(what("see ../captures/ookla.pcap".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        // FortiGate's sniffer at verbosity 1 (no interface) with absolute times
        assertThat(what(("2019-06-19 14:47:15.046813 192.168.0.1.1036 -> 192.168.0.2.23: syn 2368033685\n"
                + "2019-06-19 14:47:15.046990 192.168.0.2.23 -> 192.168.0.1.1036: syn 1200 ack 2368033686\n")
                .getBytes(StandardCharsets.US_ASCII))).startsWith("FortiGate's 'diagnose sniffer packet' text output");
        assertThat(what("ElfFile\0".getBytes(StandardCharsets.ISO_8859_1))).startsWith("a Windows event log (.evtx)")
                .contains("pfirewall.log");
        // a Windows event trace has no simple magic: its name says it
        assertThat(OtherFormats.describe(bytes(0, 0, 1, 0), "C:\\Temp\\NetTrace.ETL")).get().asString()
                .startsWith("a Windows event trace").contains("pktmon etl2pcap");
        assertThat(OtherFormats.describe(bytes(0, 0, 1, 0), "trace.bin")).isEmpty();
    }

    @Test
    void tcpdumpAndTsharkTextOutput() {
        String tcpdump = "reading from file dns_tcp.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n"
                + "09:21:03.720289 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [S], seq 603899916, win 64240, length 0\n"
                + "09:21:03.846908 IP 209.87.249.18.53 > 192.168.1.11.33779: Flags [S.], seq 2043824403, ack 603899917, length 0\n"
                + "09:21:03.846967 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [.], ack 1, win 502, length 0\n";
        assertThat(what(tcpdump.getBytes(StandardCharsets.UTF_8))).startsWith("tcpdump's text output, not a capture file")
                .endsWith("('tcpdump -w FILE.pcap')");
        String tshark = "    1   0.000000 192.168.1.11 → 209.87.249.18 TCP 74 33779 → 53 [SYN] Seq=0 Win=64240 Len=0\n"
                + "    2   0.126619 209.87.249.18 → 192.168.1.11 TCP 60 53 → 33779 [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0\n";
        assertThat(what(tshark.getBytes(StandardCharsets.UTF_8))).startsWith("tshark's or Wireshark's text output");
        // a log that mentions one such line among others is not text output
        String notes = "notes\nchecked the link\n09:21:03.720289 IP 192.168.1.11.33779 > 209.87.249.18.53: x\nthen more\nand more\n";
        assertThat(what(notes.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void theReadSaysWhatTheFileIsAlsoInsideGzip() throws IOException {
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(tar);
        }
        Path f = dir.resolve("collected.tgz");
        Files.write(f, gz.toByteArray());
        assertThatThrownBy(() -> Inputs.read(Source.of(f), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessage(f + ": not a recognised input: it looks like a tar archive portolan could not open as a folder (it"
                        + " opens one given by its path, plain or compressed, whose first header is whole; not on standard"
                        + " input or inside another archive): unpack it and give portolan the files inside (or their folder)"
                        + " ('tar -xf FILE')");
    }

    static String fixture(String name) throws IOException {
        Path f = Path.of("src/test/resources/fixtures/not-firewall", name);
        return OtherFormats.describe(Files.readAllBytes(f), name).orElse("");
    }

    @Test
    void linuxFirewallLogsAreSaidAsWhatTheyAreWithWhatToGiveInstead() throws IOException {
        // netfilter's LOG lines under ufw's, firewalld's, Shorewall's and CSF's prefixes, with syslog and kernel-clock
        // prefixes, in a fence with the author's comments around them (real pastes, see SOURCES.md)
        assertThat(fixture("ufw-forum-syslog.txt")).startsWith("ufw's log (netfilter LOG lines from the kernel log")
                .contains("'ss -tanp'").contains("'netstat -tulpan'").contains("tcpdump");
        assertThat(fixture("ufw-syslog.log")).startsWith("ufw's log (netfilter LOG lines");
        assertThat(fixture("firewalld-messages-commented.txt")).startsWith("firewalld's log of denied packets (netfilter LOG lines");
        assertThat(fixture("shorewall-syslog.txt")).startsWith("Shorewall's log (netfilter LOG lines");
        assertThat(fixture("csf-tcp-in-blocked.txt")).startsWith("CSF's log (netfilter LOG lines");
        // a LOG line with no known prefix is iptables' or nftables' own
        assertThat(what(("Feb 19 10:00:01 server kernel: [12345.678] iptables DROP IN=eth0 OUT= SRC=1.2.3.4 DST=10.0.0.1"
                + " LEN=40 TOS=0x00 TTL=64 ID=12345 PROTO=TCP SPT=54321 DPT=22 WINDOW=65535 RES=0x00 SYN URGP=0\n")
                .getBytes(StandardCharsets.UTF_8))).startsWith("an iptables or nftables log (netfilter LOG lines");
    }

    @Test
    void bsdAndMacFirewallLogsAreSaidAsWhatTheyAre() throws IOException {
        assertThat(fixture("pflog-tcpdump-wrapped.txt")).startsWith("pf's log as tcpdump prints it (pflog")
                .contains("'netstat -anv'").contains("'sockstat -46'").contains("tcpdump -i");
        assertThat(fixture("pf-via-syslog.txt")).startsWith("pf's log as tcpdump prints it");
        assertThat(fixture("pflog-no-colon.txt")).startsWith("pf's log as tcpdump prints it");
        assertThat(fixture("ipfw-indented.txt")).startsWith("FreeBSD's ipfw log").contains("'sockstat -46'");
        assertThat(fixture("macos-appfirewall.log")).startsWith("macOS's application firewall log (socketfilterfw")
                .contains("'netstat -anv'").contains("'lsof -i -n -P'");
        assertThat(fixture("pfsense-filterlog.log")).startsWith("pfSense's or OPNsense's filter log (filterlog");
    }

    @Test
    void windowsFilteringPlatformEventsAreNotTheFirewallLog() throws IOException {
        assertThat(fixture("wfp-5152-text.txt")).startsWith("Windows Filtering Platform audit events (5152")
                .contains("pfirewall.log").contains("netsh advfirewall set allprofiles logging");
        assertThat(fixture("wfp-5156-xml.txt")).startsWith("Windows Filtering Platform audit events (5152");
    }

    @Test
    void aFirewallLineAmongOtherTextIsNoFirewallLog() {
        // one LOG line among an admin's notes, and a sentence naming the fields, are not a log
        String notes = "checked the box today\nufw was on\n"
                + "Nov 23 15:14:11 ns3 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 PROTO=TCP SPT=1 DPT=22\n"
                + "then rebooted it\nand the disk was full\n";
        assertThat(what(notes.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(what("grep for SRC= and DST= in the log\nthen count DPT=\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aLinuxFirewallLogGivenAsInputIsRefusedSayingWhatItIs() {
        Path f = Path.of("src/test/resources/fixtures/not-firewall/firewalld-messages-commented.txt");
        assertThatThrownBy(() -> Inputs.read(Source.of(f), ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageStartingWith(f + ": not a recognised input: it looks like firewalld's log of denied packets");
    }
}
