package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.ingest.netstat.NetstatTestSupport.fixture;
import static dev.portolan.ingest.netstat.NetstatTestSupport.listener;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket list collected into one file with the other commands support asks for ({@code ipconfig /all >> net.txt &
 * route print >> net.txt & netstat -ano >> net.txt}; {@code ifconfig; ip addr; route -n; netstat -tlnp}; macOS
 * {@code netstat -rn; netstat -an}), without a title or prompt between them (fixtures/netstat/collected). Those
 * outputs are told by their lines' shapes, counted in one note and passed over; they were one problem per line.
 */
class CollectedTogetherTest {
    private final NetstatReader reader = new NetstatReader();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, other-output lines, first at line, listeners, what the note names
            "windows-ipconfig-route-netstat.txt,  16,  4, 3, 'ipconfig, route print / netstat -r'",
            "linux-ifconfig-ip-route-netstat.txt, 17,  1, 3, 'ifconfig / ip addr, route print / netstat -r'",
            "macos-netstat-rn-an.txt,              8,  5, 3, 'route print / netstat -r'",
    })
    void otherCommandsOutputIsPassedOverAndCounted(String file, long lines, long first, int listeners, String kinds)
            throws Exception {
        ReadResult r = reader.read(Source.of(fixture("collected/" + file)));
        assertThat(r.problems()).as(r.problems().stream().map(InputProblem::toString).toList().toString()).isEmpty();
        assertThat(r.listeners()).hasSize(listeners);
        assertThat(r.notes()).contains(lines + " lines of other commands' output in the file passed over (" + kinds
                + "), first at line " + first);
    }

    @Test
    void theSocketsAmongThemAreAllRead() throws Exception {
        ReadResult win = reader.read(Source.of(fixture("collected/windows-ipconfig-route-netstat.txt")));
        assertThat(listener(win, Protocol.TCP, "0.0.0.0", 135)).isNotNull();
        assertThat(win.connections()).singleElement().satisfies(c -> assertThat(c.remotePort()).isEqualTo(443));
        ReadResult linux = reader.read(Source.of(fixture("collected/linux-ifconfig-ip-route-netstat.txt")));
        assertThat(listener(linux, Protocol.TCP, "0.0.0.0", 22).process()).isEqualTo("sshd");
        assertThat(listener(linux, Protocol.UDP, "0.0.0.0", 68)).isNotNull();
        ReadResult mac = reader.read(Source.of(fixture("collected/macos-netstat-rn-an.txt")));
        assertThat(listener(mac, Protocol.TCP, "127.0.0.1", 631)).isNotNull();
        assertThat(mac.connections()).singleElement().satisfies(c -> assertThat(c.remotePort()).isEqualTo(5223));
    }

    /**
     * Only lines of those shapes start such a section, and a row ends it: a damaged line before any of them, a row
     * with a bad port inside one, and a damaged line after the rows that follow are still problems.
     */
    @Test
    void aDamagedLineOutsideThemIsStillAProblem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("net.txt");
        Files.writeString(f, "Active Connections\n\n  Proto  Local Address          Foreign Address        State\n"
                + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\n"
                + "  TCP    0.0.0.0:44\n"
                + "   IPv4 Address. . . . . . . . . . . : 10.1.0.21\n"
                + "  TCP    0.0.0.0:ab             0.0.0.0:0              LISTENING\n"
                + "  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING\n"
                + "  TCP    0.0.0.0:44\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(r.problems()).extracting(p -> p.evidence().line()).containsExactly(5L, 7L, 9L);
        assertThat(r.listeners()).extracting(l -> l.port()).containsExactly(135, 445);
        assertThat(r.notes()).anyMatch(n -> n.equals("1 line of other commands' output in the file passed over (ipconfig), first at line 6"));
    }

    @Test
    void shapesOfOtherOutputsAndNotOfRows() {
        for (String line : new String[] {"IPv4-Adresse  . . . . . . . . . . : 192.168.1.5(Bevorzugt)",
                "12...00 15 5d 01 02 03 ......Microsoft Hyper-V Network Adapter", "0.0.0.0 0.0.0.0 192.168.1.1 192.168.1.50 25",
                "1    331 ::1/128                  On-link", "default            192.168.1.1        UGScg          en0",
                "fe80::/64 dev eth0 proto kernel metric 256", "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
                "inet addr:192.168.56.10  Bcast:192.168.56.255  Mask:255.255.255.0",
                "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel", "link/ether 08:00:27:4e:66:a1 brd ff:ff:ff:ff:ff:ff",
                "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface"}) {
            assertThat(OtherNetstatOutput.otherCommandLine(line)).as(line).isNotNull();
        }
        for (String line : new String[] {"TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1000",
                "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd",
                "tcp4       0      0  192.168.1.23.50515     17.57.146.52.5223      ESTABLISHED",
                "192.168.1.5.22       192.168.1.9.51234    64128      0 128872      0 ESTABLISHED",
                "tcp   LISTEN 0      128    [::]:22    [::]:*    users:((\"sshd\",pid=1,fd=4))",
                "sshd    812 root    3u  IPv4  18273      0t0  TCP *:22 (LISTEN)", "Can not obtain ownership information"}) {
            assertThat(OtherNetstatOutput.otherCommandLine(line)).as(line).isNull();
        }
    }
}
