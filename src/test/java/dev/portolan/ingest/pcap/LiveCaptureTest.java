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
    void capturesTcpAndUdpBetweenNamespaces() throws Exception {
        startNamespacesAndServer();
        Path out = dir.resolve("live.pcap");
        Process capture = new ProcessBuilder("ip", "netns", "exec", client, javaBinary(), "-cp",
                System.getProperty("java.class.path"), LiveCaptureProbe.class.getName(), "vc" + tag, out.toString(), "4000",
                "host 10.99.7.1").redirectErrorStream(true).start();
        started.add(capture);
        BufferedReader lines = new BufferedReader(new InputStreamReader(capture.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("CAPTURING");
        Thread.sleep(1500); // the handle opens right after the line; leave it time, and the server time to bind
        assertThat(run("ip", "netns", "exec", client, "python3", "-c", CLIENT_SCRIPT)).isZero();
        assertThat(capture.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String done = lines.readLine();
        assertThat(done).startsWith("DONE ");

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
                "dev.portolan.cli.Main", "capture", "-i", "vc" + tag, "--duration", "6s", "--filter", "host 10.99.7.1",
                "-w", pcap.toString(), "--hosts", manifest.toString(), "--host", "dm-agent", "--fail-on", "warning",
                "--format", "json", "-o", report.toString()).redirectErrorStream(true).start();
        started.add(cli);
        // the JVM may take long to start on a busy machine: wait until it says it captures, then give it a moment
        StringBuilder seen = new StringBuilder();
        java.io.InputStream cliOut = cli.getInputStream();
        int c;
        while (seen.indexOf("capturing on") < 0 && (c = cliOut.read()) >= 0) seen.append((char) c);
        Thread.sleep(1000);
        assertThat(run("ip", "netns", "exec", client, "python3", "-c", CLIENT_SCRIPT)).isZero();
        assertThat(cli.waitFor(40, TimeUnit.SECONDS)).isTrue();
        String output = seen + new String(cliOut.readAllBytes(), StandardCharsets.UTF_8);
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
