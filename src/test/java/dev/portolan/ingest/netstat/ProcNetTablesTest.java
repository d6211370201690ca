package dev.portolan.ingest.netstat;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.NotAnInputException;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.IpAddress;
import dev.portolan.model.Listener;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static dev.portolan.ingest.netstat.NetstatTestSupport.fixture;
import static dev.portolan.ingest.netstat.NetstatTestSupport.listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The kernel's socket tables ({@code cat /proc/net/tcp}, sos report's {@code proc/net/tcp6} …). */
class ProcNetTablesTest {
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static final String UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n";
    private final NetstatReader reader = new NetstatReader();

    @TempDir
    Path dir;

    private static ReadResult detectedAndRead(Path p) throws Exception {
        return Inputs.read(Source.of(p), ReadOptions.defaults());
    }

    /** Listeners and connections as comparable text; IPv4-mapped addresses as IPv4, as ss prints a dual-stack socket's peer. */
    private static Set<String> sockets(ReadResult r) {
        Set<String> out = new TreeSet<>();
        for (Listener l : r.listeners()) out.add("listen " + l.proto() + " " + plain(l.address()) + " " + l.port());
        for (Connection c : r.connections()) {
            out.add(c.proto() + " " + plain(c.localAddress()) + " " + c.localPort() + " " + plain(c.remoteAddress()) + " "
                    + c.remotePort() + " " + c.state());
        }
        return out;
    }

    private static String plain(String address) {
        if (address.equals("*")) return "::"; // ss: a dual-stack socket
        IpAddress a = IpAddress.parse(address);
        String t = a == null ? address : a.text();
        return t.startsWith("::ffff:") ? t.substring(7) : t;
    }

    @Test
    void theCapturedTablesHoldWhatSsShowedAtTheSameMoment() throws Exception {
        ReadResult tables = detectedAndRead(fixture("linux/proc-net/captured-tcp-tcp6-udp-udp6.txt"));
        ReadResult ss = detectedAndRead(fixture("linux/proc-net/captured-ss-tuan.txt"));
        assertThat(tables.variant()).isEqualTo("linux-proc-net");
        assertThat(tables.problems()).isEmpty();
        assertThat(sockets(tables)).isEqualTo(sockets(ss)).hasSize(14);
        // spot checks in the readers' own forms
        assertThat(listener(tables, Protocol.TCP, "127.0.0.1", 18081)).isNotNull();
        assertThat(listener(tables, Protocol.TCP, "::1", 18082)).isNotNull();
        assertThat(listener(tables, Protocol.UDP, "127.0.0.1", 15353)).isNotNull();
        assertThat(tables.connections()).anySatisfy(c -> {
            assertThat(c.proto()).isEqualTo(Protocol.UDP);
            assertThat(c.remotePort()).isEqualTo(15353);
            assertThat(c.state()).isEqualTo("ESTABLISHED");
        });
        assertThat(tables.connections()).anySatisfy(c -> assertThat(c.localAddress()).isEqualTo("::ffff:127.0.0.1"));
        // the listener's evidence is its line
        assertThat(listener(tables, Protocol.TCP, "0.0.0.0", 18083).evidence().line()).isEqualTo(2);
    }

    /** The kernel's state numbers as the readers' words (jc keeps the number). */
    private static final java.util.Map<String, String> STATES = java.util.Map.ofEntries(java.util.Map.entry("01", "ESTABLISHED"),
            java.util.Map.entry("04", "FIN_WAIT1"), java.util.Map.entry("06", "TIME_WAIT"), java.util.Map.entry("08", "CLOSE_WAIT"),
            java.util.Map.entry("0A", "LISTEN"));

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"linux-proc-net_tcp", "linux-proc-net_tcp6"})
    void jcsTablesReadAsJcReadsThem(String name) throws Exception {
        // jc's fixtures and its own JSON of them (fixtures/netstat/jc/README.md): every row, in order, the same sockets
        ReadResult r = detectedAndRead(fixture("jc/" + name));
        assertThat(r.problems()).isEmpty();
        java.util.List<String> ours = new java.util.ArrayList<>();
        for (Listener l : r.listeners()) ours.add(l.evidence().line() + " " + l.address() + " " + l.port() + " LISTEN");
        for (Connection c : r.connections()) {
            ours.add(c.evidence().line() + " " + c.localAddress() + " " + c.localPort() + " " + c.remoteAddress() + " "
                    + c.remotePort() + " " + c.state());
        }
        ours.sort(java.util.Comparator.comparingLong(x -> Long.parseLong(x.substring(0, x.indexOf(' ')))));
        java.util.List<String> jc = new java.util.ArrayList<>();
        long line = 2;
        for (com.fasterxml.jackson.databind.JsonNode e : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(fixture("jc/" + name + ".json").toFile())) {
            String state = STATES.get(e.get("state").asText());
            String local = IpAddress.parse(e.get("local_address").asText()).text();
            jc.add(line++ + " " + local + " " + e.get("local_port").asInt() + (state.equals("LISTEN") ? "" : " "
                    + IpAddress.parse(e.get("remote_address").asText()).text() + " " + e.get("remote_port").asInt()) + " " + state);
        }
        assertThat(ours).isEqualTo(jc);
    }

    @Test
    void aBigEndianKernelsTablesReadTheSame() throws Exception {
        ReadResult little = detectedAndRead(fixture("linux/proc-net/captured-tcp-tcp6-udp-udp6.txt"));
        ReadResult big = detectedAndRead(fixture("linux/proc-net/big-endian-tcp-tcp6-udp-udp6.txt"));
        assertThat(big.problems()).isEmpty();
        assertThat(sockets(big)).isEqualTo(sockets(little));
    }

    @Test
    void theByteOrderIsDecidedByTheAddressesNotByTheFirstOne() throws Exception {
        // a public address first (reads as a private one the other way round), then three loopback ones
        String le = TCP_HEADER
                + "   0: 0A0000C6:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
                + "   1: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0\n"
                + "   2: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0\n"
                + "   3: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0\n";
        ReadResult r = reader.read(Source.of(Files.writeString(dir.resolve("tables.txt"), le)));
        assertThat(r.listeners()).extracting(Listener::address).containsExactly("198.0.0.10", "127.0.0.1", "127.0.0.1", "127.0.0.53");
    }

    @Test
    void aConsoleSessionShowsEachTableUnderItsCommand() throws Exception {
        ReadResult r = detectedAndRead(fixture("linux/proc-net/console-cat-tables.txt"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).extracting(l -> l.proto() + " " + l.address() + " " + l.port())
                .containsExactly("TCP 0.0.0.0 18083", "TCP 0.0.0.0 2024", "TCP 127.0.0.1 18081", "UDP :: 15354");
        // raw's row (protocol 1, ICMP) is a socket that is no TCP/UDP: not a UDP listener on port 1
        assertThat(r.summary().notes()).anySatisfy(n -> assertThat(n).contains("1 non-TCP/UDP sockets skipped"));
        assertThat(r.hostName()).isNull();
    }

    @Test
    void aFileNamedAfterItsTableIsReadAsThatTable() throws Exception {
        // sos report copies /proc/net/: proc/net/udp holds UDP sockets, proc/net/raw raw ones (the same header)
        Path net = Files.createDirectories(dir.resolve("sosreport-web01/proc/net"));
        String row = " 2754: 0100007F:3BF9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7 2 0 0\n";
        ReadResult udp = detectedAndRead(Files.writeString(net.resolve("udp"), UDP_HEADER + row));
        assertThat(udp.listeners()).extracting(l -> l.proto() + " " + l.address() + " " + l.port())
                .containsExactly("UDP 127.0.0.1 15353");
        assertThatThrownBy(() -> detectedAndRead(Files.writeString(net.resolve("raw"), UDP_HEADER + row)))
                .isInstanceOf(NotAnInputException.class).hasMessageContaining("raw, ping or UDP-Lite sockets");
        // a table with no socket in it (no UDP over IPv6 on the host): passed over, saying so
        assertThatThrownBy(() -> detectedAndRead(Files.writeString(net.resolve("udp6"), UDP_HEADER)))
                .isInstanceOf(NotAnInputException.class).hasMessageContaining("kernel socket table").hasMessageContaining("no socket")
                .hasMessageNotContaining("collect");
        // rows whose header was cut off: the name says which table
        ReadResult tcp = reader.read(Source.of(Files.writeString(net.resolve("tcp"),
                "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n")));
        assertThat(tcp.listeners()).extracting(l -> l.proto() + " " + l.port()).containsExactly("TCP 22");
    }

    @Test
    void aTablePastedWithTabsReads() throws Exception {
        String text = "\tsl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "\t0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n";
        ReadResult r = reader.read(Source.of(Files.writeString(dir.resolve("tabs.txt"), text)));
        assertThat(r.problems()).isEmpty();
        assertThat(r.listeners()).extracting(Listener::port).containsExactly(22);
    }

    @Test
    void rowsWithoutAHeaderOrNameAndDamagedRowsAreProblemsThatSaySo() throws Exception {
        String text = TCP_HEADER
                + "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n"
                + "   1: 0000000G:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n"
                + "\n"
                + "   5: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n"
                + "another command's output\n"
                + "   7: 00000000:01BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0 100 0 0 10 0\n";
        ReadResult r = reader.read(Source.of(Files.writeString(dir.resolve("pasted.txt"), text)));
        // a blank line keeps the table; another line ends it (that line, words alone, is text around the dump)
        assertThat(r.listeners()).extracting(Listener::port).containsExactly(22, 80);
        assertThat(r.problems()).extracting(p -> p.evidence().line()).containsExactly(3L, 7L);
        assertThat(r.problems().get(0).message()).contains("expected a /proc/net/tcp or udp row");
        assertThat(r.problems().get(1).message()).contains("without its table's header");
    }

    @Test
    void thisMachinesOwnTablesShowASocketItOpened() throws Exception {
        // needs Linux (/proc/net/tcp); elsewhere skipped
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket();
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            client.connect(server.getLocalSocketAddress());
            StringBuilder tables = new StringBuilder();
            for (String t : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
                Path p = Path.of("/proc/net", t);
                if (Files.isReadable(p)) tables.append(new String(Files.readAllBytes(p), StandardCharsets.US_ASCII));
            }
            ReadResult r = detectedAndRead(Files.writeString(dir.resolve("proc-net.txt"), tables));
            // Java's sockets may be IPv6 ones bound to ::ffff:127.0.0.1 (tcp6, udp6)
            assertThat(sockets(r)).contains("listen TCP 127.0.0.1 " + server.getLocalPort(),
                    "listen UDP 127.0.0.1 " + udp.getLocalPort());
            assertThat(r.connections()).anySatisfy(c -> {
                assertThat(c.localPort()).isEqualTo(client.getLocalPort());
                assertThat(c.remotePort()).isEqualTo(server.getLocalPort());
                assertThat(c.state()).isEqualTo("ESTABLISHED");
            });
        }
    }
}
