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
            "linux/busybox-netstat-tulpn.txt,   busybox-netstat, UTF-8,        7,  4, 0, ''",
            "linux/garbage-lines.txt,           linux-netstat,   UTF-8,       10,  4, 1, '5;7;9'",
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
        assertThat(r.problems().get(0).evidence().text()).isEqualTo("this line is not a row");
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
        assertThat(listener(r, Protocol.UDP, "127.0.0.53%lo", 53).pid()).isEqualTo(612);
        assertThat(connection(r, "10.0.2.15", 40112, "10.0.2.3", 53).proto()).isEqualTo(Protocol.UDP);
        assertThat(connection(r, "10.0.2.15", 43210, "93.184.216.34", 443).state()).isEqualTo("TIME_WAIT");
        ReadResult tni = read("linux/ss-tni-no-netid.txt");
        assertThat(tni.notes().get(1)).contains("2 ss detail lines").contains("1 prompts");
        assertThat(connection(tni, "10.0.2.15", 51000, "192.0.2.10", 8443).state()).isEqualTo("SYN_SENT");
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
