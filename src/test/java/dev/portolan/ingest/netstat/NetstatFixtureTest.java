package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Connection;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.portolan.ingest.netstat.NetstatTestSupport.connection;
import static dev.portolan.ingest.netstat.NetstatTestSupport.fixture;
import static dev.portolan.ingest.netstat.NetstatTestSupport.listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authored fixtures (see fixtures/netstat/make_fixtures.py): one per language, encoding and line-ending case. */
class NetstatFixtureTest {
    private final NetstatReader reader = new NetstatReader();

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private ReadResult read(String relative) throws Exception {
        return reader.read(Source.of(fixture(relative)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, variant, charset, records (physical lines), listeners, connections, problem lines (;-separated)
            "windows/ja-cp932-ano.txt,          windows-netstat, windows-31j, 13,  6, 2, ''",
            "windows/de-cp850-ano.txt,          windows-netstat, IBM850,      10,  3, 3, ''",
            "windows/fr-cp850-an.txt,           windows-netstat, IBM850,       9,  3, 2, ''",
            "windows/utf16le-bom-ano.txt,       windows-netstat, UTF-16LE,     8,  3, 1, ''",
            "windows/utf8-bom-an.txt,           windows-netstat, UTF-8,        7,  3, 0, ''",
            "windows/crcrlf-ano.txt,            windows-netstat, UTF-8,        9,  3, 1, '7'",
            "windows/lone-cr-a.txt,             windows-netstat, UTF-8,        4,  2, 0, ''",
            "windows/seed-e2-quail.txt,         windows-netstat, UTF-8,       19, 15, 0, ''",
            "windows/service-names-a.txt,       windows-netstat, UTF-8,       17,  8, 3, '12;17'",
            "windows/ipv6-zones-ano.txt,        windows-netstat, UTF-8,       12,  7, 1, ''",
            "windows/anob-process-lines.txt,    windows-netstat, UTF-8,       24,  6, 1, ''",
            "linux/ss-tulpn.txt,                ss,              UTF-8,       10,  6, 3, ''",
            "linux/ss-tni-no-netid.txt,         ss,              UTF-8,        7,  1, 2, ''",
            "linux/ss-peaonmi-sos.txt,          ss,              UTF-8,       24,  4, 1, ''",
            "linux/lsof-all-files.txt,          linux-lsof,      UTF-8,       18,  8, 1, ''",
            "windows/console-session.txt,       windows-netstat, UTF-8,       38,  2, 1, ''",
            "linux/console-session.txt,         ss,              UTF-8,       19,  2, 0, ''",
            "linux/ss-state-established-no-netid.txt, ss,        UTF-8,        6,  0, 3, ''",
            "linux/ss-state-listening-no-netid.txt,   ss,        UTF-8,        6,  4, 0, ''",
            "linux/ss-state-established-netid.txt,    ss,        UTF-8,        5,  0, 3, ''",
            "linux/busybox-netstat-tulpn.txt,   busybox-netstat, UTF-8,        7,  4, 0, ''",
            "linux/garbage-lines.txt,           linux-netstat,   UTF-8,       10,  4, 1, '5;7;9'",
            "windows/ru-cp1251-ano.txt,         windows-netstat, windows-1251, 10, 4, 2, ''",
            "windows/ko-cp949-ano.txt,          windows-netstat, x-windows-949, 7, 2, 1, ''",
            "windows/zhtw-cp950-ano.txt,        windows-netstat, x-windows-950, 8, 3, 1, ''",
            "windows/es-cp850-anob.txt,         windows-netstat, IBM850,      14,  3, 1, ''",
            "windows/anoq-bound.txt,            windows-netstat, UTF-8,       10,  2, 1, ''",
            "windows/any-f-template.txt,        windows-netstat, UTF-8,        8,  0, 4, ''",
            "windows/wrapped-80col-ano.txt,     windows-netstat, UTF-8,       11,  3, 2, ''",
            "windows/email-quoted-nulpad.txt,   windows-netstat, UTF-8,       10,  3, 1, ''",
            "windows/utf16le-nobom-nulpad.txt,  windows-netstat, UTF-16LE,    11,  2, 1, ''",
            "linux/netstat-anop-timers.txt,     linux-netstat,   UTF-8,       10,  4, 3, ''",
            "other/solaris-an-u.txt,            solaris-netstat, UTF-8,       40,  8, 4, ''",
            "other/sockstat-46.txt,             bsd-sockstat,    UTF-8,        8,  5, 2, ''",
            "other/macos-anv.txt,               bsd-netstat,     UTF-8,        8,  3, 2, ''",
            "other/macos-anv-legacy.txt,        bsd-netstat,     UTF-8,        6,  4, 0, ''",
            "other/openbsd-an.txt,              openbsd-netstat, UTF-8,       17,  7, 1, ''",
            "other/netstat-excel.csv,           csv-table,       UTF-8,        6,  4, 1, ''",
            "linux/script-typescript.txt,       ss,              UTF-8,       11,  3, 0, ''",
            "windows/get-networkstatistics.csv, windows-powershell, UTF-8,     6,  3, 1, ''",
    })
    void readsFixture(String file, String variant, String charset, long records, int listeners, int connections,
                      String problemLines) throws Exception {
        ReadResult r = read(file);
        assertThat(r.variant()).isEqualTo(variant);
        assertThat(r.notes().get(0)).startsWith("encoding " + charset + " ");
        assertThat(r.records()).isEqualTo(records);
        assertThat(r.listeners()).hasSize(listeners);
        assertThat(r.connections()).hasSize(connections);
        List<Long> expected = problemLines.isEmpty() ? List.of()
                : java.util.Arrays.stream(problemLines.split(";")).map(Long::valueOf).toList();
        assertThat(r.problems()).extracting(p -> p.evidence().line()).containsExactlyElementsOf(expected);
        assertThat(NetstatReader.sniff(Source.of(fixture(file)).head(8192))).isTrue();
    }

    @Test
    void japaneseCp932StatesAndHeaders() throws Exception {
        ReadResult r = read("windows/ja-cp932-ano.txt");
        Listener netbios = listener(r, Protocol.TCP, "192.168.1.10", 139); // state 待ち受け
        assertThat(netbios.pid()).isEqualTo(4);
        assertThat(netbios.evidence().line()).isEqualTo(8);
        assertThat(netbios.evidence().text()).contains("待ち受け");
        assertThat(connection(r, "192.168.1.10", 49711, "203.0.113.6", 443).state()).isEqualTo("ESTABLISHED"); // 確立
        assertThat(listener(r, Protocol.UDP, "::", 500).pid()).isEqualTo(3000);
    }

    @Test
    void germanAndFrenchStatesAreNormalised() throws Exception {
        ReadResult de = read("windows/de-cp850-ano.txt");
        assertThat(listener(de, Protocol.TCP, "0.0.0.0", 135).evidence().text()).contains("ABHÖREN");
        assertThat(de.connections()).extracting(Connection::state).containsExactly("ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT");
        ReadResult fr = read("windows/fr-cp850-an.txt");
        assertThat(listener(fr, Protocol.TCP, "0.0.0.0", 135).evidence().text()).contains("ÉCOUTE");
        assertThat(fr.connections()).extracting(Connection::state).containsExactly("ESTABLISHED", "ESTABLISHED");
        assertThat(listener(fr, Protocol.UDP, "0.0.0.0", 137).evidence().line()).isEqualTo(9);
    }

    @Test
    void utf16AndBomFiles() throws Exception {
        ReadResult r = read("windows/utf16le-bom-ano.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 3389).pid()).isEqualTo(1216);
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 135).evidence().line()).isEqualTo(5);
        assertThat(connection(r, "10.1.1.20", 3389, "10.1.1.99", 50512).state()).isEqualTo("ESTABLISHED");
        ReadResult u8 = read("windows/utf8-bom-an.txt");
        assertThat(listener(u8, Protocol.TCP, "0.0.0.0", 5985).evidence().line()).isEqualTo(6);
    }

    @Test
    void crCrLfCountsAsOneLineBreak() throws Exception {
        ReadResult r = read("windows/crcrlf-ano.txt");
        assertThat(r.problems().get(0).evidence().text()).isEqualTo("  TCP    0.0.0.0:5040   ###garbage###");
        assertThat(connection(r, "10.0.0.7", 49800, "10.0.0.1", 445).evidence().line()).isEqualTo(8);
        assertThat(listener(read("windows/lone-cr-a.txt"), Protocol.TCP, "0.0.0.0", 445).evidence().line()).isEqualTo(4);
    }

    @Test
    void seedSampleFromHostQuail() throws Exception {
        ReadResult r = read("windows/seed-e2-quail.txt");
        assertThat(r.hostName()).isEqualTo("quail");
        assertThat(r.listeners()).allSatisfy(l -> {
            assertThat(l.proto()).isEqualTo(Protocol.TCP);
            assertThat(l.address()).isEqualTo("quail");
        });
        assertThat(r.listeners()).extracting(Listener::port)
                .containsExactly(135, 135, 1027, 1029, 1032, 1036, 1037, 1043, 1050, 5024, 6780, 6787, 38293, 137, 138);
        assertThat(r.listeners().get(0).evidence().line()).isEqualTo(5);
        assertThat(r.notes().get(1)).contains("1 prompts");
    }

    @Test
    void serviceNamesResolveAndUnknownNamesAreProblems() throws Exception {
        ReadResult r = read("windows/service-names-a.txt");
        assertThat(r.hostName()).isEqualTo("quail");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 135).evidence().text()).contains("epmap");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 445)).isNotNull();
        assertThat(listener(r, Protocol.TCP, "::", 443)).isNotNull();
        assertThat(listener(r, Protocol.TCP, "quail", 139)).isNotNull(); // foreign quail:0 makes it a listener
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 500)).isNotNull();
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 161)).isNotNull();
        assertThat(listener(r, Protocol.UDP, "::", 5355)).isNotNull();
        assertThat(listener(r, Protocol.UDP, "quail", 137)).isNotNull();
        assertThat(connection(r, "quail", 49705, "db01", 1433).state()).isEqualTo("TIME_WAIT");
        assertThat(connection(r, "quail", 49702, "server1", 443)).isNotNull();
        assertThat(r.problems()).extracting(InputProblem::message)
                .satisfiesExactly(m -> assertThat(m).contains("'frobnicate'").contains("foreign"),
                        m -> assertThat(m).contains("'wibble'").contains("local"));
    }

    @Test
    void ipv6WithZoneIds() throws Exception {
        ReadResult r = read("windows/ipv6-zones-ano.txt");
        assertThat(listener(r, Protocol.TCP, "fe80::1c2d:3e4f:5a6b:7c8d%12", 139).pid()).isEqualTo(4);
        assertThat(listener(r, Protocol.UDP, "fe80::1c2d:3e4f:5a6b:7c8d%12", 1900).pid()).isEqualTo(3344);
        assertThat(listener(r, Protocol.TCP, "::1", 8307)).isNotNull();
        assertThat(listener(r, Protocol.TCP, "::", 80).evidence().text()).contains("TCPv6");
        assertThat(listener(r, Protocol.UDP, "::", 123)).isNotNull();
        Connection c = connection(r, "fe80::1c2d:3e4f:5a6b:7c8d%12", 49750, "fe80::aa:bb%12", 445);
        assertThat(c.state()).isEqualTo("ESTABLISHED");
    }

    @Test
    void anobProcessAndComponentLines() throws Exception {
        ReadResult r = read("windows/anob-process-lines.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 135).process()).isEqualTo("svchost.exe (RpcSs)");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 445).process()).isNull();
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 3389).process()).isEqualTo("svchost.exe (TermService)");
        assertThat(connection(r, "10.0.0.5", 49722, "20.1.2.3", 443).process()).isEqualTo("chrome.exe");
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 1900).process()).isEqualTo(
                "svchost.exe (C:\\WINDOWS\\system32\\WS2_32.dll, C:\\WINDOWS\\system32\\ssdpsrv.dll)");
        assertThat(listener(r, Protocol.UDP, "127.0.0.1", 50000).process()).isEqualTo("NVIDIA Web Helper.exe");
        assertThat(r.notes().get(1)).contains("13 process lines (-b)");
    }

    @Test
    void ssRows() throws Exception {
        ReadResult r = read("linux/ss-tulpn.txt");
        assertThat(listener(r, Protocol.TCP, "*", 80).process()).isEqualTo("nginx");
        assertThat(listener(r, Protocol.TCP, "*", 80).pid()).isEqualTo(1200);
        assertThat(listener(r, Protocol.UDP, "127.0.0.53", 53).pid()).isEqualTo(612);
        assertThat(connection(r, "10.0.2.15", 40112, "10.0.2.3", 53).proto()).isEqualTo(Protocol.UDP);
        assertThat(connection(r, "10.0.2.15", 43210, "93.184.216.34", 443).state()).isEqualTo("TIME_WAIT");
        ReadResult tni = read("linux/ss-tni-no-netid.txt");
        assertThat(tni.notes().get(1)).contains("2 ss detail lines").contains("1 prompts");
        assertThat(connection(tni, "10.0.2.15", 51000, "192.0.2.10", 8443).state()).isEqualTo("SYN_SENT");
        // sos collects ss -peaonmi: every socket type with its -m line below; those under netlink, unix, packet and
        // icmp6 sockets are details as much as those under TCP rows
        ReadResult sos = read("linux/ss-peaonmi-sos.txt");
        assertThat(sos.notes().get(1)).contains("11 ss detail lines").contains("7 non-TCP/UDP sockets skipped");
        assertThat(listener(sos, Protocol.TCP, "::", 22).pid()).isEqualTo(1080);
        assertThat(connection(sos, "10.0.0.12", 22, "10.0.0.1", 53412).state()).isEqualTo("ESTABLISHED");
    }

    /**
     * PowerShell's Get-NetTCPConnection table (make_fixtures.py: Windows PowerShell 5.1 writes it as UTF-16LE with a
     * byte-order mark, PowerShell 7 as UTF-8): addresses and ports in columns of their own, PowerShell's state names,
     * the owning process last. A row whose address a narrow console cut short is a problem that says why.
     */
    @Test
    void getNetTcpConnectionTablesAreRead() throws Exception {
        for (String file : new String[] {"windows/get-nettcpconnection-ps51.txt", "windows/get-nettcpconnection-ps7.txt"}) {
            ReadResult r = read(file);
            assertThat(r.variant()).as(file).isEqualTo("windows-powershell");
            assertThat(r.listeners()).as(file).hasSize(5);
            assertThat(listener(r, Protocol.TCP, "::", 49669).pid()).isEqualTo(736);
            assertThat(listener(r, Protocol.TCP, "0.0.0.0", 2856).pid()).isEqualTo(2140);
            assertThat(listener(r, Protocol.TCP, "::1", 5432).pid()).isEqualTo(4120);
            assertThat(r.connections()).as(file).hasSize(5);
            assertThat(connection(r, "10.1.0.10", 2856, "10.1.0.20", 50811).state()).isEqualTo("TIME_WAIT");
            assertThat(connection(r, "10.1.0.10", 49723, "203.0.113.81", 443).state()).isEqualTo("SYN_SENT");
            Connection https = connection(r, "10.1.0.10", 49722, "203.0.113.80", 443);
            assertThat(https.state()).isEqualTo("ESTABLISHED");
            assertThat(https.pid()).isEqualTo(4321);
            assertThat(r.problems()).as(file).singleElement().satisfies(p -> {
                assertThat(p.evidence().line()).isEqualTo(14);
                assertThat(p.message()).startsWith("not a Get-NetTCPConnection row").contains("cut short by a narrow console");
            });
        }
    }

    /**
     * PowerShell's socket cmdlets in the other forms people save (make_fixtures.py): Get-NetUDPEndpoint's table after
     * Get-NetTCPConnection's in one file, Export-Csv with its #TYPE line and every property (5.1) or a Select-Object
     * choice with ';' (-UseCulture), numeric states and a process name, Get-NetUDPEndpoint's CSV, and Format-List
     * blocks. Columns are found by name; a record cut short is a problem that names what was expected.
     */
    @Test
    void powerShellTablesCsvAndListsAreRead() throws Exception {
        ReadResult both = read("windows/get-nettcpconnection-and-udpendpoint-ps51.txt");
        assertThat(both.variant()).isEqualTo("windows-powershell");
        assertThat(both.problems()).isEmpty();
        assertThat(listener(both, Protocol.TCP, "0.0.0.0", 135).pid()).isEqualTo(1012);
        assertThat(both.connections()).singleElement().satisfies(c -> assertThat(c.remotePort()).isEqualTo(443));
        for (int port : new int[] {5355, 5353, 500, 49664, 1900}) {
            assertThat(both.listeners()).as("udp/%d", port).anyMatch(l -> l.proto() == Protocol.UDP && l.port() == port);
        }
        assertThat(both.listeners()).hasSize(6);
        // its UDP table names no cmdlet (no #TYPE line, only a local side): the reader says what it took it for
        assertThat(both.notes()).filteredOn(n -> n.contains("PowerShell socket objects")).singleElement().asString()
                .startsWith("5 PowerShell socket objects with only a local side and no #TYPE line: taken as Get-NetUDPEndpoint's");

        ReadResult full = read("windows/get-nettcpconnection-export.csv");
        assertThat(full.variant()).isEqualTo("windows-powershell");
        assertThat(full.problems()).isEmpty();
        assertThat(listener(full, Protocol.TCP, "::", 135).pid()).isEqualTo(1012);
        assertThat(listener(full, Protocol.TCP, "0.0.0.0", 2856).pid()).isEqualTo(2140);
        assertThat(full.listeners()).hasSize(2); // "Bound" is bound, not listening
        assertThat(connection(full, "10.1.0.10", 49722, "203.0.113.80", 443).state()).isEqualTo("ESTABLISHED");
        assertThat(connection(full, "10.1.0.10", 2856, "10.1.0.20", 50811).state()).isEqualTo("TIME_WAIT");

        ReadResult selected = read("windows/get-nettcpconnection-select-uc.csv");
        Listener rdp = listener(selected, Protocol.TCP, "0.0.0.0", 3389);
        assertThat(rdp.pid()).isEqualTo(1180);
        assertThat(rdp.process()).isEqualTo("svchost");
        assertThat(connection(selected, "10.1.0.10", 3389, "10.1.0.77", 51022).state()).isEqualTo("ESTABLISHED");
        assertThat(selected.problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(4);
            assertThat(p.message()).contains("CSV record of 7 fields");
        });

        ReadResult udp = read("windows/get-netudpendpoint-export.csv");
        assertThat(udp.problems()).isEmpty();
        assertThat(listener(udp, Protocol.UDP, "0.0.0.0", 161).pid()).isEqualTo(2604);
        assertThat(listener(udp, Protocol.UDP, "::", 123).pid()).isEqualTo(1552);
        assertThat(udp.connections()).isEmpty();
        assertThat(udp.notes()).noneMatch(n -> n.contains("PowerShell socket objects")); // its #TYPE line says UDP

        ReadResult list = read("windows/get-nettcpconnection-fl-ps51.txt");
        assertThat(list.variant()).isEqualTo("windows-powershell");
        assertThat(list.problems()).isEmpty();
        assertThat(listener(list, Protocol.TCP, "::", 135).pid()).isEqualTo(1012);
        assertThat(listener(list, Protocol.TCP, "0.0.0.0", 2856).evidence().line()).isEqualTo(23);
        assertThat(connection(list, "10.1.0.10", 49722, "203.0.113.80", 443).pid()).isEqualTo(4321);
        assertThat(list.listeners()).hasSize(2);

        // Format-List *: every property, State first, a long value wrapped under its name
        ReadResult star = read("windows/get-nettcpconnection-fl-star-ps7.txt");
        assertThat(star.problems()).isEmpty();
        assertThat(listener(star, Protocol.TCP, "0.0.0.0", 135).pid()).isEqualTo(1012);
        assertThat(listener(star, Protocol.TCP, "0.0.0.0", 135).evidence().line()).isEqualTo(3);
        assertThat(connection(star, "10.1.0.10", 49722, "203.0.113.80", 443).state()).isEqualTo("ESTABLISHED");
        assertThat(star.listeners()).hasSize(1);
    }

    /**
     * {@code lsof -i} (make_fixtures.py): macOS's with {@code -P -n} (kernel addresses as DEVICE: a BSD host) and Linux's
     * with service names (a decimal DEVICE: a Linux host); the endpoints in the NAME column, the process and its PID
     * in the first two. A listener open in two processes is two rows of one socket.
     */
    @Test
    void lsofOutputsAreRead() throws Exception {
        ReadResult mac = read("other/lsof-i-pn-macos.txt");
        assertThat(mac.variant()).isEqualTo("bsd-lsof");
        assertThat(mac.problems()).isEmpty();
        assertThat(listener(mac, Protocol.TCP, "*", 22).process()).isEqualTo("launchd");
        assertThat(listener(mac, Protocol.TCP, "::1", 631).pid()).isEqualTo(613);
        assertThat(listener(mac, Protocol.TCP, "127.0.0.1", 631).process()).isEqualTo("cupsd");
        assertThat(listener(mac, Protocol.UDP, "*", 5353).pid()).isEqualTo(402);
        assertThat(listener(mac, Protocol.TCP, "*", 49152).process()).isEqualTo("rapportd");
        Connection web = connection(mac, "192.168.1.5", 51234, "142.250.74.110", 443);
        assertThat(web.state()).isEqualTo("ESTABLISHED");
        assertThat(web.pid()).isEqualTo(889);
        assertThat(connection(mac, "fe80:4::1c2d:4a5b:6c7d:8e9f", 50122, "fe80:4::1", 22).process()).isEqualTo("ssh");

        ReadResult linux = read("linux/lsof-i.txt");
        assertThat(linux.variant()).isEqualTo("linux-lsof");
        assertThat(linux.problems()).isEmpty();
        assertThat(listener(linux, Protocol.TCP, "*", 22).pid()).isEqualTo(812);
        assertThat(listener(linux, Protocol.TCP, "*", 80).process()).isIn("nginx");
        assertThat(listener(linux, Protocol.UDP, "localhost", 323).process()).isEqualTo("chronyd");
        assertThat(connection(linux, "10.0.0.9", 22, "10.0.0.1", 50412).state()).isEqualTo("ESTABLISHED");
    }

    /**
     * jc's real lsof outputs of every open file (fixtures/netstat/jc): thousands of rows of files, the sockets among them
     * read — counted from the files by hand (IPv4/IPv6 rows with TCP/UDP nodes); before, 3,380 and 2,845 problem lines,
     * and no sniff. As a user, lsof saw no socket: no input, saying what it is.
     */
    @Test
    void realLsofOfEveryOpenFile() throws Exception {
        ReadResult centos = read("jc/centos-7.7-lsof-sudo.out.gz");
        assertThat(centos.variant()).isEqualTo("linux-lsof");
        assertThat(centos.problems()).isEmpty();
        assertThat(centos.listeners()).extracting(l -> l.proto() + " " + l.address() + ":" + l.port() + " " + l.process())
                .containsExactlyInAnyOrder("TCP *:22 sshd", "TCP *:22 sshd", "TCP localhost:25 master", "TCP localhost:25 master",
                        "UDP *:68 dhclient", "UDP localhost:323 chronyd", "UDP localhost:323 chronyd");
        assertThat(centos.connections()).hasSize(2).allMatch(c -> c.remotePort() == 58727 && c.localPort() == 22);
        ReadResult ubuntu = read("jc/ubuntu-18.04-lsof-sudo.out.gz");
        assertThat(ubuntu.problems()).isEmpty();
        assertThat(ubuntu.listeners()).hasSize(6);
        assertThat(listener(ubuntu, Protocol.TCP, "localhost", 42351).process()).isEqualTo("container");
        assertThat(NetstatReader.sniff(Source.of(fixture("jc/centos-7.7-lsof-sudo.out.gz")).head(8192))).isTrue();
        assertThatThrownBy(() -> read("jc/centos-7.7-lsof.out.gz")).isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("an lsof listing of open files with no TCP/UDP socket in it");
    }

    /** Another command's output between prompts is a section passed over; a prompt naming a socket lister reads again. */
    @Test
    void pastedConsoleSessionsPassOverOtherCommands() throws Exception {
        ReadResult win = read("windows/console-session.txt");
        assertThat(win.notes().get(1)).contains("3 prompts").contains("21 lines of skipped sections");
        ReadResult linux = read("linux/console-session.txt");
        assertThat(listener(linux, Protocol.TCP, "127.0.0.1", 25).process()).isEqualTo("master");
        // ip addr (6 lines), netstat -rn (4), cat's output while netstat -rn's section goes on (1)
        assertThat(linux.notes().get(1)).contains("5 prompts").contains("11 lines of skipped sections");
        assertThat(Vocabulary.promptListsSockets("C:\\Users\\admin>netstat -ano")).contains(true);
        assertThat(Vocabulary.promptListsSockets("C:\\>netstat -rn")).contains(false);
        assertThat(Vocabulary.promptListsSockets("C:\\>NETSTAT.EXE -e -s")).contains(false);
        assertThat(Vocabulary.promptListsSockets("PS C:\\> Get-NetTCPConnection -State Listen")).contains(true);
        assertThat(Vocabulary.promptListsSockets("PS C:\\> Get-Content .\\netstat.txt")).isEmpty();
        assertThat(Vocabulary.promptListsSockets("admin@db-2:/var/tmp$ /usr/sbin/ss -tunap")).contains(true);
        assertThat(Vocabulary.promptListsSockets("$ ifconfig -a")).contains(false);
        // -e: extended columns on Linux (sos runs 'netstat -W -neopa'), Ethernet statistics on Windows
        assertThat(Vocabulary.promptListsSockets("[root@web01 ~]# netstat -W -neopa")).contains(true);
        assertThat(Vocabulary.promptListsSockets("$ netstat -tulpen")).contains(true);
        assertThat(Vocabulary.promptListsSockets("C:\\>netstat -e")).contains(false);
        assertThat(Vocabulary.promptListsSockets("# collected at 10:00")).isEmpty(); // a comment, not a root prompt
        assertThat(Vocabulary.promptListsSockets("C:\\Users\\admin>")).isEmpty();
    }

    /**
     * Many commands' output with the socket list past the 8 KiB detection reads: SUSE supportconfig's network.txt
     * ({@code #==[ Command ]===#}, {@code # /usr/bin/ss -nap}) and a pasted cmd.exe session (its banner, systeminfo,
     * ipconfig /all, then netstat -ano). Other commands' output, ss -s's summary among them, is passed over; the host
     * is named by what the file states (/etc/HOSTNAME, then hostname's output).
     */
    @Test
    void transcriptsAreSearchedPastTheirHead() throws Exception {
        Source scc = Source.of(fixture("linux/supportconfig-network.txt"));
        assertThat(NetstatReader.sniff(scc.head(8192))).isFalse();
        assertThat(Transcripts.looksLikeOne(scc.head(8192))).isTrue();
        assertThat(Transcripts.listsSockets(scc)).isTrue();
        ReadResult r = dev.portolan.ingest.Inputs.read(scc, dev.portolan.ingest.ReadOptions.defaults());
        assertThat(r.variant()).isEqualTo("ss");
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).hasSize(10);
        assertThat(r.connections()).hasSize(3);
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 8443).process()).isEqualTo("java");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 8443).evidence().line()).isEqualTo(326);
        assertThat(r.hostName()).isEqualTo("sles15");
        assertThat(r.notes().get(1)).contains("27 prompts").contains("235 lines of skipped sections");

        Source win = Source.of(fixture("windows/console-session-long.txt"));
        assertThat(NetstatReader.sniff(win.head(8192))).isFalse();
        ReadResult w = dev.portolan.ingest.Inputs.read(win, dev.portolan.ingest.ReadOptions.defaults());
        assertThat(w.variant()).isEqualTo("windows-netstat");
        assertThat(w.problems()).isEmpty(); // the banner's "[Version 10.0.20348.2340]" line too
        assertThat(w.listeners()).hasSize(4);
        assertThat(w.connections()).hasSize(1);

        // a dump shown by 'type' past the head (what type shows may be a dump): found and read as at a netstat prompt
        Path typed = dir.resolve("typed.txt");
        Files.writeString(typed, Files.readString(fixture("windows/console-session-long.txt"))
                .replace("C:\\Users\\admin>netstat -ano", "C:\\Users\\admin>type C:\\temp\\netstat.txt"));
        assertThat(NetstatReader.sniff(Source.of(typed).head(8192))).isFalse();
        ReadResult t = dev.portolan.ingest.Inputs.read(Source.of(typed), dev.portolan.ingest.ReadOptions.defaults());
        assertThat(t.listeners()).hasSize(4);

        // the same commands without a socket list: passed over, saying so
        Path none = dir.resolve("basic-environment.txt");
        Files.writeString(none, "#==[ Command ]======================================#\n# /bin/uname -a\n"
                + "Linux sles15 5.14.21-150500.55.83-default #1 SMP x86_64 GNU/Linux\n\n"
                + "#==[ Command ]======================================#\n# /usr/bin/ss -s\nTotal: 214\n"
                + "TCP:   11 (estab 3, closed 1, orphaned 0, timewait 1)\n");
        assertThatThrownBy(() -> dev.portolan.ingest.Inputs.read(Source.of(none), dev.portolan.ingest.ReadOptions.defaults()))
                .isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("the output of other commands (a supportconfig file or a console session) with no socket list");
    }

    /** A collection script's titles ("===== ipconfig /all =====") name the commands as prompts do. */
    @Test
    void aCollectionScriptsTitlesNameItsCommands() throws Exception {
        ReadResult r = read("windows/collect-script.txt");
        assertThat(r.problems()).isEmpty(); // ipconfig's, netstat -s's and route print's output passed over
        assertThat(r.listeners()).hasSize(3);
        assertThat(r.connections()).hasSize(1);
        assertThat(r.hostName()).isEqualTo("APP02"); // hostname's output
        assertThat(r.notes().get(1)).contains("5 prompts");
        assertThat(Vocabulary.decoratedCommand("===== netstat -ano =====")).isEqualTo("netstat -ano");
        assertThat(Vocabulary.decoratedCommand("### ss -tunap")).isEqualTo("ss -tunap");
        assertThat(Vocabulary.decoratedCommand("*** ipconfig /all ***:")).isEqualTo("ipconfig /all");
        assertThat(Vocabulary.decoratedCommand("===========================================================================")).isNull();
        assertThat(Vocabulary.decoratedCommand("=== Active Connections ===")).isNull(); // no command
        assertThat(Vocabulary.decoratedCommand("== netstat -an ==")).isNull(); // two marks: not a script's title
        assertThat(Vocabulary.decoratedCommand("--- 10.0.0.1 ping statistics ---")).isNull();
        // the Linux session's "cat /etc/hostname" names its host too
        assertThat(read("linux/console-session.txt").hostName()).isEqualTo("web01");
    }

    /** Start-Transcript's frame (asterisks, header keys, start and end lines) is header; its Machine line names the host. */
    @Test
    void aPowerShellTranscriptsFrameIsHeader() throws Exception {
        ReadResult r = read("windows/powershell-transcript.txt");
        assertThat(r.problems()).isEmpty(); // "Start time: 20261201093012", "PSVersion: 5.1…" were problems
        assertThat(r.listeners()).hasSize(3);
        assertThat(r.connections()).hasSize(1);
        assertThat(r.hostName()).isEqualTo("APP01");
        assertThat(Vocabulary.transcriptFrame("Machine: web01 (Unix 5.15.0.91)")).isEqualTo("web01");
        assertThat(Vocabulary.transcriptFrame("**********************")).isEmpty();
        assertThat(Vocabulary.transcriptFrame("TCP 0.0.0.0:135 0.0.0.0:0 LISTENING 996")).isNull();
    }

    /** A dump pasted into a ticket keeps its wrapping markup: fences, Jira's {code}, HTML's pre, BBCode — not problems. */
    @Test
    void ticketMarkupAroundADumpIsNoProblem() throws Exception {
        String row = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1080/sshd\n";
        for (String[] wrap : new String[][] {{"```text", "```"}, {"~~~", "~~~"}, {"{code:bash}", "{code}"},
                {"{noformat}", "{noformat}"}, {"<pre>", "</pre>"}, {"<pre><code>", "</code></pre>"}, {"[code]", "[/code]"}}) {
            Path f = dir.resolve("pasted.txt");
            Files.writeString(f, wrap[0] + "\n" + row + row.replace(":22 ", ":80 ").replace("sshd", "nginx") + wrap[1] + "\n");
            ReadResult r = reader.read(Source.of(f));
            assertThat(r.problems()).as(wrap[0]).isEmpty();
            assertThat(r.listeners()).as(wrap[0]).hasSize(2);
        }
    }

    /**
     * CSV tables of sockets other tools write: netstat saved from Excel (its column names, ports in the address columns)
     * and Get-NetworkStatistics (a Protocol column, Id for the PID, '*' for a UDP socket's remote side — which was a
     * problem line and made the UDP socket a TCP one).
     */
    @Test
    void csvTablesOfSocketsAreReadByTheirColumnNames() throws Exception {
        ReadResult excel = read("other/netstat-excel.csv");
        assertThat(listener(excel, Protocol.TCP, "::", 3389).pid()).isEqualTo(1132);
        assertThat(listener(excel, Protocol.UDP, "0.0.0.0", 123).pid()).isEqualTo(1420);
        assertThat(connection(excel, "10.0.0.5", 49722, "10.0.0.1", 445).state()).isEqualTo("ESTABLISHED");
        ReadResult stats = read("windows/get-networkstatistics.csv");
        Listener ntp = listener(stats, Protocol.UDP, "0.0.0.0", 123);
        assertThat(ntp.pid()).isEqualTo(1420);
        assertThat(ntp.process()).isEqualTo("svchost");
        assertThat(listener(stats, Protocol.TCP, "::", 1433).process()).isEqualTo("sqlservr");
        assertThat(stats.listeners()).noneMatch(l -> l.proto() == Protocol.TCP && l.port() == 123);
    }

    /**
     * A session recorded with script(1): the colours, the window title and the backspaces of a typed correction are what
     * a terminal would have shown, not text (the file was refused as binary, its rows with a highlighted port problems).
     */
    @Test
    void aRecordedTerminalSessionReadsAsTheScreenShowedIt() throws Exception {
        ReadResult r = read("linux/script-typescript.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 8080).process()).isEqualTo("java"); // grep --color=always's row
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 8080).evidence().text()).doesNotContain("\u001b");
        assertThat(r.notes().get(1)).contains("3 prompts"); // coloured, one typed with corrections
        assertThat(TerminalText.clean("\u001b]0;root@web01: ~\u0007\u001b[01;32mroot@web01\u001b[00m:~# ls\b \b\b \bss -tlnp"))
                .isEqualTo("root@web01:~# ss -tlnp");
        assertThat(TerminalText.clean("tcp 0 0 0.0.0.0:\u001b[01;31m\u001b[K8080\u001b[m\u001b[K 0.0.0.0:*"))
                .isEqualTo("tcp 0 0 0.0.0.0:8080 0.0.0.0:*");
        assertThat(TerminalText.clean("plain")).isSameAs("plain".intern());
        assertThat(Vocabulary.isConsoleBanner("=~=~=~=~=~=~=~=~=~=~=~= putty log 2026.12.01 10:00:00 =~=~=~=~=~=~=~=~=~=~=~=")).isTrue();
        assertThat(TerminalText.clean("cut short \u001b[01")).isEqualTo("cut short ");
    }

    @Test
    void commandsThatListSockets() {
        assertThat(Vocabulary.commandListsSockets("/usr/bin/ss -nap", false)).contains(true);
        assertThat(Vocabulary.commandListsSockets("/usr/bin/ss -nlp | grep sshd", false)).contains(true);
        assertThat(Vocabulary.commandListsSockets("ss -S -n", false)).contains(true); // -S: SCTP sockets
        assertThat(Vocabulary.commandListsSockets("/usr/bin/ss -s", false)).contains(false); // the summary
        assertThat(Vocabulary.commandListsSockets("ss -tulpns", false)).contains(false);
        assertThat(Vocabulary.commandListsSockets("ss --summary", false)).contains(false);
        assertThat(Vocabulary.commandListsSockets("/usr/sbin/ip netns exec blue ss -nap", false)).contains(false);
        assertThat(Vocabulary.commandListsSockets("/usr/sbin/nstat -az", false)).contains(false);
        // the program sudo or doas runs: after "$ scp a b" a "$ sudo ss -tuln" prompt's output was passed over with it,
        // and "sudo ls -la"'s output was one problem a line
        assertThat(Vocabulary.commandListsSockets("sudo ss -tuln", false)).contains(true);
        assertThat(Vocabulary.commandListsSockets("sudo -u postgres netstat -tlnp", false)).contains(true);
        assertThat(Vocabulary.commandListsSockets("sudo ls -la /usr/local/share/ca-certificates/", false)).contains(false);
        assertThat(Vocabulary.commandListsSockets("doas ls /etc", false)).contains(false);
        assertThat(Vocabulary.commandListsSockets("doas fstat -n", false)).contains(true); // OpenBSD's fstat lists sockets
        assertThat(Vocabulary.commandListsSockets("sudo", false)).isEmpty();
        assertThat(Vocabulary.commandListsSockets("sudo cat /tmp/netstat.txt", false)).isEmpty();
        assertThat(Vocabulary.promptListsSockets("$ ss -s")).contains(false);
        assertThat(Vocabulary.supportconfigTitle("#==[ Command ]======================================#")).isEqualTo("Command");
        assertThat(Vocabulary.supportconfigTitle("#==[ Network namespace blue ]======================#")).isEqualTo("Network namespace blue");
        assertThat(Vocabulary.supportconfigTitle("#== not a header")).isNull();
        assertThat(Vocabulary.isConsoleBanner("microsoft windows [version 10.0.20348.2340]")).isTrue();
        assertThat(Vocabulary.isConsoleBanner("(c) microsoft corporation. alle rechte vorbehalten.")).isTrue();
        assertThat(Vocabulary.isConsoleBanner("tcp 0.0.0.0:135 0.0.0.0:0 listening")).isFalse();
    }

    /**
     * lsof without -i (sos collects {@code lsof -b +M -n -l}) lists every open file: the files, folders, pipes and UNIX
     * sockets are passed over and said in a note, the TCP/UDP sockets are rows — also a thread's, with TID and TASKCMD.
     */
    @Test
    void lsofOfEveryOpenFileKeepsItsSockets() throws Exception {
        ReadResult all = read("linux/lsof-all-files.txt");
        assertThat(all.variant()).isEqualTo("linux-lsof");
        assertThat(all.problems()).isEmpty();
        assertThat(all.notes()).contains("lsof: 8 rows of open files that are no TCP/UDP socket (files, folders, pipes,"
                + " devices, UNIX sockets) skipped");
        assertThat(listener(all, Protocol.TCP, "*", 111).process()).isEqualTo("systemd"); // sunrpc
        assertThat(listener(all, Protocol.TCP, "127.0.0.1", 9999).pid()).isEqualTo(950); // a thread's row
        assertThat(connection(all, "10.0.0.12", 22, "10.0.0.1", 53412).pid()).isEqualTo(2071);
        // lsof lists a process's files before its sockets: a head of nothing but files is still lsof's
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(fixture("linux/lsof-all-files.txt")));
        for (int i = 0; i < 200; i++) lines.add(2, "systemd       1                         0  mem       REG              253,0"
                + "     20064   33707" + i + " /usr/lib64/libfoo" + i + ".so");
        Path many = dir.resolve("lsof-files-first.txt");
        Files.write(many, lines);
        assertThat(NetstatReader.sniff(Source.of(many).head(8192))).isTrue();
        assertThat(reader.read(Source.of(many)).listeners()).hasSize(8);
        // with no socket at all it is no input, and says what it is
        Path none = dir.resolve("lsof-no-socket.txt");
        Files.write(none, lines.stream().filter(l -> !l.contains("IPv")).toList());
        assertThatThrownBy(() -> reader.read(Source.of(none))).isInstanceOf(dev.portolan.ingest.NotAnInputException.class)
                .hasMessageContaining("an lsof listing of open files with no TCP/UDP socket in it");
    }

    @Test
    void ssWithAStateFilterHasNoStateColumn() throws Exception {
        // no Netid, no State: TCP, and the reader says so; the peer tells listening sockets from connections
        ReadResult est = read("linux/ss-state-established-no-netid.txt");
        Connection curl = connection(est, "10.0.2.15", 49984, "203.0.113.7", 443);
        assertThat(curl.proto()).isEqualTo(Protocol.TCP);
        assertThat(curl.state()).isNull();
        assertThat(curl.process()).isEqualTo("curl");
        assertThat(curl.pid()).isEqualTo(9805);
        assertThat(connection(est, "10.0.2.15", 22, "10.0.2.2", 51234).process()).isEqualTo("sshd");
        assertThat(connection(est, "2001:db8::15", 8080, "2001:db8::99", 50210).pid()).isEqualTo(1200);
        assertThat(est.notes()).anySatisfy(n -> assertThat(n).startsWith("3 ss rows without Netid and State columns")
                .contains("taken as TCP"));
        assertThat(est.notes().get(1)).contains("1 ss detail lines").contains("1 prompts");

        ReadResult listening = read("linux/ss-state-listening-no-netid.txt");
        assertThat(listener(listening, Protocol.TCP, "127.0.0.1", 18080)).isNotNull();
        assertThat(listener(listening, Protocol.TCP, "*", 9100)).isNotNull();
        assertThat(listener(listening, Protocol.TCP, "::1", 18081)).isNotNull();
        assertThat(listening.notes()).anySatisfy(n -> assertThat(n).startsWith("4 ss rows without Netid"));

        // with Netid (several socket types), only the State column is missing: the protocol is printed, no note
        ReadResult netid = read("linux/ss-state-established-netid.txt");
        Connection dns = connection(netid, "10.0.2.15", 40112, "10.0.2.3", 53);
        assertThat(dns.proto()).isEqualTo(Protocol.UDP);
        assertThat(dns.process()).isEqualTo("systemd-resolve");
        assertThat(dns.state()).isNull();
        assertThat(connection(netid, "10.0.2.15", 49984, "203.0.113.7", 443).pid()).isEqualTo(9805);
        assertThat(connection(netid, "10.0.2.15", 22, "10.0.2.2", 51234).state()).isNull();
        assertThat(netid.notes()).noneSatisfy(n -> assertThat(n).contains("without Netid"));
    }

    @Test
    void busyboxAndGarbage() throws Exception {
        ReadResult bb = read("linux/busybox-netstat-tulpn.txt");
        assertThat(listener(bb, Protocol.TCP, "::", 80).process()).isEqualTo("httpd");
        assertThat(listener(bb, Protocol.UDP, "0.0.0.0", 68).pid()).isEqualTo(244);
        ReadResult g = read("linux/garbage-lines.txt");
        assertThat(g.problems()).extracting(p -> p.evidence().text())
                .containsExactly("%%%% copy/paste damage 12345 %%%%", "tcp        0      0 10.0.0.9:22",
                        "Tue Mar  3 10:00:01 UTC 2020");
        assertThat(g.problems()).allSatisfy(p -> assertThat(p.toString()).contains("garbage-lines.txt:"));
        assertThat(listener(g, Protocol.UDP, "::", 546).evidence().line()).isEqualTo(10); // read on after the damage
        assertThat(connection(g, "10.0.0.9", 22, "10.0.0.1", 50412).process()).isEqualTo("sshd: admin");
    }

    @Test
    void legacyCodePagesOfOtherLanguages() throws Exception {
        ReadResult ru = read("windows/ru-cp1251-ano.txt");
        assertThat(listener(ru, Protocol.TCP, "0.0.0.0", 135).evidence().text()).contains("ПРОСЛУШИВАНИЕ");
        assertThat(ru.connections()).extracting(Connection::state).containsExactly("TIME_WAIT", "ESTABLISHED");
        assertThat(ru.notes()).noneMatch(n -> n.startsWith("state words not in the table"));
        assertThat(read("windows/ko-cp949-ano.txt").notes().get(1)).contains("2 headers");
        ReadResult tw = read("windows/zhtw-cp950-ano.txt");
        assertThat(listener(tw, Protocol.TCP, "0.0.0.0", 3389).pid()).isEqualTo(1288);
    }

    @Test
    void spanishAnobOwnershipMessagesAreProcessLines() throws Exception {
        ReadResult r = read("windows/es-cp850-anob.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 135).process()).isEqualTo("svchost.exe (RpcSs)");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 445).process()).isNull();
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 3389).process()).isNull();
        assertThat(connection(r, "10.0.0.12", 3389, "10.0.0.50", 51544).process()).isEqualTo("svchost.exe (TermService)");
        assertThat(r.notes().get(1)).contains("6 process lines (-b)");
    }

    @Test
    void boundSocketsAreNotListeners() throws Exception {
        for (String f : new String[] {"windows/anoq-bound.txt", "windows/utf16le-nobom-nulpad.txt"}) {
            ReadResult r = read(f);
            assertThat(r.listeners()).extracting(Listener::port).containsExactly(135, 500);
            assertThat(r.notes().get(1)).contains("3 TCP sockets bound but not listening skipped");
        }
    }

    @Test
    void templateColumnAndFqdnForeignAddresses() throws Exception {
        ReadResult r = read("windows/any-f-template.txt");
        assertThat(r.connections()).extracting(Connection::state)
                .containsExactly("ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "CLOSE_WAIT");
        assertThat(connection(r, "10.0.0.5", 49700, "lb-140-82-112-26-iad.github.com", 443)).isNotNull();
        assertThat(connection(r, "10.0.0.5", 49704, "a23-45-67-89.deploy.static.akamaitechnologies.com", 80)).isNotNull();
        assertThat(r.notes()).noneMatch(n -> n.startsWith("state words not in the table"));
    }

    @Test
    void rowsWrappedByAConsoleCopyAreJoined() throws Exception {
        ReadResult r = read("windows/wrapped-80col-ano.txt");
        Connection wide = connection(r, "2001:db8:85a3:8d3:1319:8a2e:370:7348", 443, "2001:db8:85a3:8d3:1319:8a2e:370:7349", 52000);
        assertThat(wide.pid()).isEqualTo(4);
        assertThat(wide.evidence().line()).isEqualTo(6);
        assertThat(connection(r, "fe80::1c2d:3e4f:5a6b:7c8d%12", 49750, "fe80::aa:bb%12", 445).pid()).isEqualTo(4);
        assertThat(listener(r, Protocol.TCP, "fe80::1c2d:3e4f:5a6b:7c8d%12", 139).pid()).isEqualTo(-1);
        assertThat(r.notes().get(1)).contains("2 wrapped-row continuation lines");
    }

    @Test
    void quotedDumpWithNulPadding() throws Exception {
        ReadResult r = read("windows/email-quoted-nulpad.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 445).evidence().text()).startsWith(">   TCP");
        assertThat(connection(r, "10.0.0.5", 49700, "52.1.2.3", 443).pid()).isEqualTo(4000);
        assertThat(r.notes().get(1)).contains("1 prompts");
    }

    @Test
    void linuxTimerColumnIsNotPartOfTheProcess() throws Exception {
        ReadResult r = read("linux/netstat-anop-timers.txt");
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 22).process()).isEqualTo("sshd: /usr/sbin");
        assertThat(listener(r, Protocol.TCP, "::", 80).process()).isEqualTo("nginx: master p");
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 68).pid()).isEqualTo(-1);
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 68).process()).isNull();
        assertThat(connection(r, "10.0.0.7", 22, "10.0.0.1", 50100).process()).isEqualTo("sshd: ops@pts");
        assertThat(connection(r, "10.0.0.7", 43512, "10.0.0.9", 5432).pid()).isEqualTo(-1);
        assertThat(r.notes().get(1)).contains("1 TCP sockets bound but not listening skipped"); // CLOSE 0.0.0.0:*
    }

    @Test
    void solarisSectionsWithoutProtocolColumn() throws Exception {
        ReadResult r = read("other/solaris-an-u.txt");
        assertThat(listener(r, Protocol.UDP, "*", 111).evidence().line()).isEqualTo(5);
        assertThat(listener(r, Protocol.UDP, "10.1.2.3", 123)).isNotNull();
        assertThat(connection(r, "10.1.2.3", 40001, "10.1.2.1", 53).proto()).isEqualTo(Protocol.UDP);
        assertThat(listener(r, Protocol.TCP, "127.0.0.1", 5999)).isNotNull();
        assertThat(listener(r, Protocol.TCP, "::1", 25).evidence().line()).isEqualTo(25);
        assertThat(listener(r, Protocol.TCP, "*", 8080).process()).isEqualTo("httpd");
        assertThat(listener(r, Protocol.TCP, "*", 8080).pid()).isEqualTo(5120);
        assertThat(r.connections()).filteredOn(c -> c.pid() == 4410).extracting(Connection::process).containsExactly("sshd");
        assertThat(r.notes().get(1)).contains("1 TCP sockets bound but not listening skipped")
                .contains("2 sockets without a port skipped");
    }

    @Test
    void sockstatAndMacosVerbose() throws Exception {
        ReadResult s = read("other/sockstat-46.txt");
        assertThat(listener(s, Protocol.TCP, "10.0.0.4", 443).process()).isEqualTo("nginx");
        assertThat(listener(s, Protocol.UDP, "*", 514).pid()).isEqualTo(601);
        assertThat(connection(s, "10.0.0.4", 22, "10.0.0.77", 60011).pid()).isEqualTo(-1);
        ReadResult mac = read("other/macos-anv.txt");
        assertThat(listener(mac, Protocol.TCP, "*", 5000).process()).isEqualTo("ControlCenter");
        assertThat(listener(mac, Protocol.UDP, "*", 5353).pid()).isEqualTo(301);
        assertThat(connection(mac, "192.168.5.20", 61234, "142.250.74.3", 443).process()).isEqualTo("Google Chrome He");
        ReadResult old = read("other/macos-anv-legacy.txt");
        assertThat(listener(old, Protocol.TCP, "*", 80).pid()).isEqualTo(88210);
        assertThat(listener(old, Protocol.UDP, "*", 137).pid()).isEqualTo(321);
        ReadResult obsd = read("other/openbsd-an.txt");
        assertThat(listener(obsd, Protocol.UDP, "::1", 53).evidence().line()).isEqualTo(14);
        // OpenBSD's netstat heads its TCP state column "TCP-State": its range (1024-49151, in_pcb.c's ipport_firstauto to
        // ipport_lastauto) applies, and macOS's baseline (Remote Login on 22) does not
        assertThat(obsd.variant()).isEqualTo("openbsd-netstat");
        assertThat(dev.portolan.model.OsFamily.ofInputVariant(obsd.variant())).isEqualTo(dev.portolan.model.OsFamily.OPENBSD);
        assertThat(obsd.notes()).anyMatch(n -> n.startsWith("OpenBSD, as line 2 ('TCP-State') says"));
        assertThat(dev.portolan.model.OsFamily.OPENBSD.defaultEphemeralRange().contains(30000)).isTrue();
        assertThat(dev.portolan.model.OsFamily.parse("openbsd")).isEqualTo(dev.portolan.model.OsFamily.OPENBSD);
    }

    @Test
    void notesThatMentionFormatsAreNotDumps() throws Exception {
        String f = "other/not-netstat-notes.txt";
        assertThatThrownBy(() -> read(f)).isInstanceOf(UnreadableInputException.class);
        assertThat(NetstatReader.sniff(Files.readAllBytes(fixture(f)))).isFalse();
        assertThat(NetstatReader.sniff(new byte[4096])).isFalse(); // only NULs
        byte[] csv = "proto,local,foreign,state\ntcp,0.0.0.0:22,0.0.0.0:*,LISTEN\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(NetstatReader.sniff(csv)).isFalse();
        byte[] quotedProse = "> > Proto Local Address\n> the firewall drops TCP 445 from outside\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(NetstatReader.sniff(quotedProse)).isFalse();
    }

    @Test
    void emptyAndBinaryFilesAreUnreadable() throws Exception {
        for (String f : new String[] {"other/empty.txt", "other/binary.bin"}) {
            assertThatThrownBy(() -> read(f)).isInstanceOf(UnreadableInputException.class)
                    .hasMessageContaining(f).hasMessageContaining("no netstat/ss rows found");
            assertThat(NetstatReader.sniff(Files.readAllBytes(fixture(f)))).isFalse();
        }
    }

    @Test
    void gzipIsReadTransparently(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path gz = tmp.resolve("dump.bin");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture("windows/de-cp850-ano.txt")));
        }
        ReadResult r = reader.read(Source.of(gz));
        assertThat(r.listeners()).hasSize(3);
        assertThat(r.notes().get(0)).startsWith("encoding IBM850");
    }
}
