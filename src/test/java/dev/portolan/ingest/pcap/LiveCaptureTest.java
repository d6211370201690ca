package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real traffic between two network namespaces joined by a veth pair (10.99.7.1 server, 10.99.7.2 client; the
 * addresses exist only inside the namespaces), captured with {@link LiveCapture} inside the client namespace.
 * Needs root (namespaces, raw sockets), iproute2, python3 and libpcap; otherwise skipped with the reason.
 */
class LiveCaptureTest {
    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
    private final String server = "ptls" + tag, client = "ptlc" + tag;
    private final List<Process> started = new ArrayList<>();
    private boolean created;

    @TempDir
    Path dir;

    @Test
    void unknownInterfaceIsAClearError() {
        String why = Pcap4jCaptureReader.unavailableReason();
        Assumptions.assumeTrue(why == null, "live capture needs libpcap: " + why);
        assertThatThrownBy(() -> new LiveCapture("no-such-if0").captureTo(dir.resolve("x.pcap")))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-if0");
    }

    @Test
    void aCaptureIsNeverWrittenOverAFifoOrADevice() throws Exception {
        String why = Pcap4jCaptureReader.unavailableReason();
        Assumptions.assumeTrue(why == null, "live capture needs libpcap: " + why);
        Path fifo = dir.resolve("fifo");
        must("mkfifo", fifo.toString());
        for (Path target : List.of(fifo, Path.of("/dev/null"))) {
            assertThatThrownBy(() -> new LiveCapture("lo").duration(java.time.Duration.ofSeconds(1)).captureTo(target))
                    .isInstanceOf(IOException.class).hasMessageContaining(target + ": not a regular file");
            assertThat(java.nio.file.Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()).as(target + " is left as it was").isTrue();
        }
    }

    @Test
    void capturesTcpAndUdpBetweenNamespaces() throws Exception {
        startNamespacesAndServer();
        Path out = dir.resolve("live.pcap");
        Process capture = new ProcessBuilder("ip", "netns", "exec", client, javaBinary(), "-cp",
                System.getProperty("java.class.path"), LiveCaptureProbe.class.getName(), "vc" + tag, out.toString(), "15000",
                "host 10.99.7.1").redirectErrorStream(true).start();
        started.add(capture);
        StringBuffer output = pump(capture);
        awaitCapture(output, "PACKETS");
        assertThat(output.toString()).startsWith("CAPTURING");
        assertThat(run("ip", "netns", "exec", client, "python3", "-c", CLIENT_SCRIPT)).isZero();
        assertThat(capture.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lastLine(output)).startsWith("DONE ");
        try (var names = java.nio.file.Files.list(dir)) { // written through a temporary sibling, renamed into place
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("live.pcap");
        }

        ReadResult r = new CaptureReader(p -> p == 4091 || p == 4095).read(Source.of(out));
        assertThat(r.problems()).isEmpty();
        Flow tcp = r.flows().stream().filter(f -> f.respPort() == 4091).findFirst().orElseThrow();
        assertThat(tcp.origAddr()).isEqualTo("10.99.7.2");
        assertThat(tcp.respAddr()).isEqualTo("10.99.7.1");
        assertThat(tcp.origPort()).isGreaterThan(1024);
        assertThat(tcp.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(tcp.connState()).isEqualTo("SF");
        assertThat(tcp.origPackets()).isGreaterThanOrEqualTo(4); // SYN, ACK, data, FIN at least
        Flow udp = r.flows().stream().filter(f -> f.respPort() == 4095).findFirst().orElseThrow();
        assertThat(udp.origAddr()).isEqualTo("10.99.7.2");
        assertThat(udp.initiator()).isEqualTo(Initiator.INFERRED);
        assertThat(udp.origPackets()).isEqualTo(1);
        assertThat(udp.respPackets()).isEqualTo(1);
        assertThat(udp.origBytes()).isEqualTo(20 + 8 + 4);
    }

    /** Two namespaces joined by a veth pair, and a python server on 10.99.7.1 (TCP 4091, UDP 4095) in the first. */
    private void startNamespacesAndServer() throws Exception {
        String why = Pcap4jCaptureReader.unavailableReason();
        Assumptions.assumeTrue(why == null, "live capture needs libpcap: " + why);
        Assumptions.assumeTrue(run("python3", "-c", "pass") == 0, "python3 is not installed");
        Assumptions.assumeTrue(run("ip", "netns", "add", server) == 0,
                "cannot create network namespaces here (needs root/CAP_SYS_ADMIN and iproute2)");
        created = true;
        must("ip", "netns", "add", client);
        must("ip", "link", "add", "vs" + tag, "netns", server, "type", "veth", "peer", "name", "vc" + tag, "netns", client);
        must("ip", "-n", server, "addr", "add", "10.99.7.1/24", "dev", "vs" + tag);
        must("ip", "-n", client, "addr", "add", "10.99.7.2/24", "dev", "vc" + tag);
        for (String[] ns : new String[][] {{server, "vs" + tag}, {client, "vc" + tag}}) {
            must("ip", "-n", ns[0], "link", "set", "lo", "up");
            must("ip", "-n", ns[0], "link", "set", ns[1], "up");
        }
        String serverScript = String.join("\n",
                "import socket, threading",
                "def tcp():",
                "    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "    s.bind(('10.99.7.1', 4091)); s.listen(1)",
                "    c, _ = s.accept(); c.recv(100); c.sendall(b'hello agent'); c.close()",
                "def udp():",
                "    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('10.99.7.1', 4095))",
                "    d, a = u.recvfrom(100); u.sendto(b'pong', a)",
                "t = threading.Thread(target=tcp); t.start(); udp(); t.join()");
        started.add(new ProcessBuilder("ip", "netns", "exec", server, "python3", "-c", serverScript).inheritIO().start());
    }

    private static final String CLIENT_SCRIPT = String.join("\n",
            "import socket",
            "c = socket.create_connection(('10.99.7.1', 4091), timeout=5); c.sendall(b'hi manager'); c.recv(100); c.close()",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)",
            "u.sendto(b'ping', ('10.99.7.1', 4095)); u.recvfrom(100)");

    @Test
    void portolanCaptureCommandCapturesAndAudits() throws Exception {
        startNamespacesAndServer();
        Path manifest = dir.resolve("hosts.csv");
        java.nio.file.Files.writeString(manifest, "host,addresses,os,roles,settings\n"
                + "dm-manager,10.99.7.1,linux,deliverymanager:manager,deliverymanager.relay=no\n"
                + "dm-agent,10.99.7.2,linux,deliverymanager:agent,deliverymanager.relay=no\n");
        Path pcap = dir.resolve("cli.pcap");
        Path report = dir.resolve("report.json");
        Process cli = new ProcessBuilder("ip", "netns", "exec", client, javaBinary(), "-cp", System.getProperty("java.class.path"),
                "dev.portolan.cli.Main", "capture", "-i", "vc" + tag, "--duration", "15s", "--filter", "host 10.99.7.1",
                "-w", pcap.toString(), "--hosts", manifest.toString(), "--host", "dm-agent", "--fail-on", "warning",
                "--format", "json", "-o", report.toString()).redirectErrorStream(true).start();
        started.add(cli);
        StringBuffer progress = pump(cli);
        awaitCapture(progress, "portolan: captured ");
        assertThat(run("ip", "netns", "exec", client, "python3", "-c", CLIENT_SCRIPT)).isZero();
        assertThat(cli.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String output = progress.toString();
        assertThat(output).contains("wrote " + pcap);
        // exit 1: the UDP datagram to 4095 is a warning at --fail-on warning
        assertThat(cli.exitValue()).as(output).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode host = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile())
                .get("hosts").get(0);
        assertThat(host.get("host").asText()).isEqualTo("dm-agent");
        List<String> findings = new ArrayList<>();
        host.get("findings").forEach(f -> findings.add(f.get("code").asText() + ":" + f.get("proto").asText() + "/" + f.get("port").asText()));
        // agent -> manager:4091 is documented (dm-02); the manager offers nothing on udp/4095
        assertThat(findings).contains("EXPECTED:tcp/4091", "UNEXPECTED_FLOW:udp/4095");
        assertThat(findings).noneMatch(f -> f.startsWith("INPUT_PROBLEM"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        if (created) {
            run("ip", "netns", "del", client); // deleting a namespace deletes its veth end, and so the pair
            run("ip", "netns", "del", server);
        }
    }

    /** Collects a child's output on a thread of its own, so the test can look at it while the child runs. */
    private static StringBuffer pump(Process p) {
        StringBuffer out = new StringBuffer();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (int c; (c = r.read()) >= 0; ) out.append((char) c);
            } catch (IOException e) {
                out.append("\n[output lost: ").append(e.getMessage()).append(']');
            }
        }, "live-capture-output");
        t.setDaemon(true);
        t.start();
        return out;
    }

    /**
     * Pings the server from the client namespace until the capture reports a packet: the child JVM's start-up can
     * take seconds on a loaded machine, and traffic sent before its handle opens is lost. ICMP makes no finding.
     */
    private void awaitCapture(StringBuffer output, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!output.toString().contains(marker)) {
            assertThat(System.nanoTime()).as("the capture never saw a packet: %s", output).isLessThan(deadline);
            run("ip", "netns", "exec", client, "python3", "-c", PING_SCRIPT);
            Thread.sleep(200);
        }
    }

    private static String lastLine(StringBuffer output) {
        String[] lines = output.toString().strip().split("\n");
        return lines[lines.length - 1];
    }

    /** One ICMP echo request to the server (raw socket: root, as the namespaces need anyway). */
    private static final String PING_SCRIPT = String.join("\n",
            "import socket, struct",
            "def csum(b):",
            "    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))",
            "    s = (s >> 16) + (s & 0xffff); s += s >> 16",
            "    return ~s & 0xffff",
            "h = struct.pack('!BBHHH', 8, 0, 0, 7, 1) + b'portolan'",
            "h = h[:2] + struct.pack('!H', csum(h)) + h[4:]",
            "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
            "s.sendto(h, ('10.99.7.1', 0))");

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // command not installed
        }
    }

    private static void must(String... cmd) throws IOException, InterruptedException {
        assertThat(run(cmd)).as(String.join(" ", cmd)).isZero();
    }
}
