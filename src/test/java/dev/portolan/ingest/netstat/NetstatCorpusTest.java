package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static dev.portolan.ingest.netstat.NetstatTestSupport.connection;
import static dev.portolan.ingest.netstat.NetstatTestSupport.listener;
import static dev.portolan.ingest.netstat.NetstatTestSupport.shared;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real dump in ../shared/corpus/{netstat,ss}. Expected counts were worked out with grep/awk
 * over the files (TCP LISTEN(ING) rows + UDP rows without a remote = listeners; other TCP/UDP rows =
 * connections; unix/raw/icmp/netlink/kernel sockets and macOS "*.*" unbound sockets are not observations).
 */
class NetstatCorpusTest {
    private final NetstatReader reader = new NetstatReader();

    private ReadResult read(String relative) throws Exception {
        return reader.read(Source.of(shared("corpus/" + relative)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, variant, listeners, connections, problems
            "netstat/centos-7.7-netstat-l.out,          linux-netstat,   7,  0, 0",
            "netstat/centos-7.7-netstat-p.out,          linux-netstat,   0,  1, 0",
            "netstat/centos-7.7-netstat-sudo-aeep.out,  linux-netstat,   7,  2, 0",
            "netstat/centos-7.7-netstat-sudo-lnp.out,   linux-netstat,   7,  0, 0",
            "netstat/centos-7.7-netstat.out,            linux-netstat,   0,  3, 0",
            "netstat/fedora32-netstat.out,              linux-netstat,   0,  2, 0",
            "netstat/freebsd12-netstat-Aa.out,          bsd-netstat,     5,  1, 0",
            "netstat/freebsd12-netstat-AaT.out,         bsd-netstat,     5,  1, 0",
            "netstat/freebsd12-netstat-Aax.out,         bsd-netstat,     5,  1, 0",
            "netstat/freebsd12-netstat-an.out,          bsd-netstat,     5,  1, 0",
            "netstat/generic-netstat-no-state.out,      linux-netstat,   4,  0, 0",
            "netstat/generic-netstat-old.out,           linux-netstat,   2,  0, 0",
            "netstat/osx-10.14.6-netstat-Abn.out,       bsd-netstat,    45, 49, 0",
            "netstat/osx-10.14.6-netstat-An.out,        bsd-netstat,    45, 49, 0",
            "netstat/osx-10.14.6-netstat.out,           bsd-netstat,    61, 53, 0",
            "netstat/ubuntu-18.04-netstat-sudo-aeep.out,linux-netstat,   6,  2, 0",
            "netstat/ubuntu-18.04-netstat-sudo-lnp-space.out, linux-netstat, 25, 0, 0",
            "netstat/ubuntu-18.04-netstat.out,          linux-netstat,   0,  2, 0",
            "netstat/windows10-netstat-an.out,          windows-netstat, 228, 32, 0",
            "netstat/windows10-netstat-aon.out,         windows-netstat, 176, 32, 0",
            "netstat/windows10-netstat-aonb.out,        windows-netstat, 255, 63, 0",
            "netstat/windows10-netstat.out,             windows-netstat,   0, 32, 0",
            "ss/centos-7.7-ss-sudo-a.out,               ss,              7,  2, 0",
            "ss/generic-ss-wide.out,                    ss,            155,  0, 0",
            "ss/ubuntu-18.04-ss-sudo-a.out,             ss,              6,  0, 0",
            "ss/ubuntu-18.04-ss-sudo-tulpen.out,        ss,             73,  0, 0",
    })
    void readsEveryCorpusFile(String file, String variant, int listeners, int connections, int problems) throws Exception {
        ReadResult r = read(file);
        assertThat(r.variant()).isEqualTo(variant);
        assertThat(r.listeners()).hasSize(listeners);
        assertThat(r.connections()).hasSize(connections);
        assertThat(r.problemCount()).isEqualTo(problems);
        assertThat(r.records()).isEqualTo(NetstatTestSupport.physicalLines(shared("corpus/" + file)));
        for (Listener l : r.listeners()) {
            assertThat(l.evidence().line()).isPositive();
            assertThat(l.evidence().text()).isNotBlank();
            assertThat(l.evidence().location()).endsWith(file.substring(file.indexOf('/') + 1) + ":" + l.evidence().line());
            assertThat(l.port()).isBetween(0, 65535);
        }
        for (Connection c : r.connections()) assertThat(c.remotePort()).isBetween(0, 65535);
        assertThat(NetstatReader.sniff(Source.of(shared("corpus/" + file)).head(8192))).isTrue();
    }

    @Test
    void windowsAnobAttachesProcessAndServiceLinesToTheRowAbove() throws Exception {
        ReadResult r = read("netstat/windows10-netstat-aonb.out");
        Listener rpc = listener(r, Protocol.TCP, "0.0.0.0", 135);
        assertThat(rpc.pid()).isEqualTo(1712);
        assertThat(rpc.process()).isEqualTo("svchost.exe (RpcSs)");
        assertThat(rpc.evidence().line()).isEqualTo(5);
        assertThat(rpc.evidence().location()).endsWith("windows10-netstat-aonb.out:5");
        Listener smb = listener(r, Protocol.TCP, "0.0.0.0", 445);
        assertThat(smb.pid()).isEqualTo(4);
        assertThat(smb.process()).isNull(); // "Can not obtain ownership information"
        Listener ike = listener(r, Protocol.UDP, "::", 500);
        assertThat(ike.pid()).isEqualTo(6856);
        assertThat(ike.process()).isEqualTo("svchost.exe (IKEEXT)");
        assertThat(ike.evidence().line()).isEqualTo(563);
        assertThat(listener(r, Protocol.TCP, "0.0.0.0", 1134).process()).isEqualTo("Spotify.exe");
    }

    @Test
    void windowsAnHasNoPids() throws Exception {
        ReadResult r = read("netstat/windows10-netstat-an.out");
        Listener l = listener(r, Protocol.TCP, "127.0.0.1", 1310);
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.evidence().line()).isEqualTo(27);
        assertThat(r.connections()).allSatisfy(c -> assertThat(c.state()).isEqualTo("ESTABLISHED"));
    }

    @Test
    void linuxProcessNamesKeepTheirSpaces() throws Exception {
        ReadResult r = read("netstat/ubuntu-18.04-netstat-sudo-lnp-space.out");
        Listener ssh = listener(r, Protocol.TCP, "0.0.0.0", 22);
        assertThat(ssh.pid()).isEqualTo(600);
        assertThat(ssh.process()).isEqualTo("sshd: /usr/sbin");
        assertThat(listener(r, Protocol.TCP, "::", 22).evidence().line()).isEqualTo(12);
    }

    @Test
    void linuxServiceNamesResolveThroughTheBundledTable() throws Exception {
        ReadResult r = read("netstat/centos-7.7-netstat-l.out");
        assertThat(listener(r, Protocol.TCP, "localhost", 25).evidence().line()).isEqualTo(3);
        assertThat(listener(r, Protocol.UDP, "0.0.0.0", 68).evidence().line()).isEqualTo(7);
        assertThat(listener(r, Protocol.TCP, "::", 22).pid()).isEqualTo(-1);
        assertThat(r.notes()).anyMatch(n -> n.contains("34 non-TCP/UDP sockets skipped")); // 33 unix + raw6
    }

    @Test
    void bsdDottedPorts() throws Exception {
        ReadResult r = read("netstat/freebsd12-netstat-an.out");
        assertThat(listener(r, Protocol.TCP, "*", 22).evidence().line()).isEqualTo(5);
        assertThat(listener(r, Protocol.UDP, "*", 514)).isNotNull();
        Connection c = connection(r, "192.168.71.163", 22, "192.168.71.1", 56321);
        assertThat(c.state()).isEqualTo("ESTABLISHED");
        ReadResult t = read("netstat/freebsd12-netstat-AaT.out"); // no state column
        assertThat(connection(t, "192.168.71.1", 22, "192.168.71.1", 64330).state()).isNull();
        ReadResult mac = read("netstat/osx-10.14.6-netstat-An.out");
        assertThat(listener(mac, Protocol.UDP, "*", 58043).evidence().line()).isEqualTo(52);
        assertThat(mac.notes()).anyMatch(n -> n.contains("43 sockets without a port skipped"));
    }

    @Test
    void macNamesOnlyIanaRegistersAreReadThroughItsRegistry() throws Exception {
        // lines 47, 82 and 157 name ports by names the bundled table lacks; macOS prints any IANA-registered name
        ReadResult r = read("netstat/osx-10.14.6-netstat.out");
        assertThat(r.problems()).isEmpty();
        Connection ld = connection(r, "localhost", 9592, "localhost", 58704); // localhost.ldgateway (LANDesk Gateway)
        assertThat(ld.state()).isEqualTo("CLOSE_WAIT");
        assertThat(ld.evidence().line()).isEqualTo(47);
        assertThat(listener(r, Protocol.UDP, "*", 3722).evidence().line()).isEqualTo(82); // *.xserveraid
        assertThat(listener(r, Protocol.UDP, "*", 9595).evidence().line()).isEqualTo(157); // *.pds
        assertThat(r.hostName()).isEqualTo("kbrazil-mac.attl");
    }

    @Test
    void aNameNoTableHoldsIsStillAProblemWithTheName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("netstat-a.txt");
        java.nio.file.Files.writeString(f, "Active Internet connections (including servers)\n"
                + "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
                + "tcp4       0      0  localhost.ipp          *.*                    LISTEN\n"
                + "tcp4       0      0  localhost.notaservicez *.*                    LISTEN\n");
        ReadResult r = reader.read(Source.of(f));
        assertThat(listener(r, Protocol.TCP, "localhost", 631)).isNotNull();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.evidence().line()).isEqualTo(4);
            assertThat(p.message()).contains("unknown service name 'notaservicez'");
        });
    }

    @Test
    void aMacServiceNameCutShortAtTheColumnWidthIsReadAsTheOneNameItBegins() throws Exception {
        // "mycloudex2ultra..afpov": netstat cut "host.afpovertcp" at 22 characters; "afpov" begins one known name only
        ReadResult r = read("netstat/osx-10.14.6-netstat.out");
        assertThat(connection(r, "kbrazil-mac.attl", 51797, "mycloudex2ultra.", 548).state()).isEqualTo("ESTABLISHED");
        // "93.87.236.35.bc..sunpr" is sunproxyadmin (8081), cut the same way
        assertThat(connection(r, "kbrazil-mac.attl", 62664, "93.87.236.35.bc.", 8081).state()).isEqualTo("CLOSE_WAIT");
        assertThat(r.notes()).contains("3 service names cut short at netstat's column width (22 characters) read as the one known"
                + " name they begin: {sunpr=sunproxyadmin 8081, afpov=afpovertcp 548} (netstat -n prints numbers)");
    }

    @Test
    void ssProcessesAndScopes() throws Exception {
        ReadResult wide = read("ss/generic-ss-wide.out");
        Listener db = listener(wide, Protocol.TCP, "0.0.0.0", 3306);
        assertThat(db.pid()).isEqualTo(1978620);
        assertThat(db.process()).isEqualTo("mariadbd");
        assertThat(db.evidence().line()).isEqualTo(129);
        ReadResult tulpen = read("ss/ubuntu-18.04-ss-sudo-tulpen.out");
        assertThat(listener(tulpen, Protocol.UDP, "0.0.0.0", 5353).process()).isEqualTo("avahi-daemon");
        // ss's "127.0.0.53%lo:53": the device is not part of the address; "[fe80::…]%eth0:123" keeps it as the zone
        assertThat(listener(tulpen, Protocol.TCP, "127.0.0.53", 53).evidence().line()).isEqualTo(47);
        assertThat(listener(wide, Protocol.UDP, "fe80::9cc5:aeff:fec5:34ae%eth0", 123).process()).isEqualTo("ntpd");
        assertThat(listener(tulpen, Protocol.UDP, "0.0.0.0", 67).process()).isEqualTo("dnsmasq");
        assertThat(tulpen.hostName()).isNull();
        ReadResult centos = read("ss/centos-7.7-ss-sudo-a.out");
        assertThat(listener(centos, Protocol.TCP, "::1", 25)).isNotNull();
        assertThat(connection(centos, "::1", 22, "::1", 38134).state()).isEqualTo("ESTABLISHED");
    }

    @Test
    void sniffRejectsFirewallLogsAndCaptures() throws Exception {
        for (String dir : new String[] {"corpus/firewall", "corpus/pcap"}) {
            try (var files = java.nio.file.Files.list(shared(dir))) {
                for (Path f : files.toList()) {
                    assertThat(NetstatReader.sniff(Source.of(f).head(8192))).as(f.toString()).isFalse();
                }
            }
        }
    }
}
