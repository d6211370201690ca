package dev.portolan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A support bundle — a folder, or the tar.xz {@code sos report} writes — holds one or two socket lists among hundreds
 * of other files: the host is named after the bundle, the other files are one notice (and one line of the report), and
 * the socket list reads as it would alone. Needs GNU tar (Debian's {@code tar}) to pack the bundle.
 */
class SupportBundleCliTest {
    private static final Path SS = Path.of("src/test/resources/fixtures/netstat/linux/ss-peaonmi-sos.txt");

    @TempDir
    Path dir;

    private Path bundle() throws Exception {
        Path root = dir.resolve("sosreport-web01-2024-01-15-qwerty");
        Path net = Files.createDirectories(root.resolve("sos_commands/networking"));
        Files.copy(SS, net.resolve("ss_-peaonmi"));
        Files.writeString(net.resolve("route_-n"), "Kernel IP routing table\n"
                + "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
                + "0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0\n");
        Path etc = Files.createDirectories(root.resolve("etc/ssh"));
        for (int i = 0; i < 25; i++) Files.writeString(etc.resolve("conf-" + (char) ('a' + i)), "# setting " + i + "\nPort 22\n");
        return root;
    }

    private static List<JsonNode> problems(String json) throws Exception {
        JsonNode host = new ObjectMapper().readTree(json).get("hosts").get(0);
        List<JsonNode> out = new ArrayList<>();
        host.get("findings").forEach(f -> { if (f.get("code").asText().equals("INPUT_PROBLEM")) out.add(f); });
        return out;
    }

    @Test
    void aFolderBundleIsOneHostNamedAfterItWithItsOtherFilesInOneNotice() throws Exception {
        Path root = bundle();
        CliTest.Run text = run("audit", root.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).startsWith("== sosreport-web01-2024-01-15-qwerty ==");
        // one input line for the socket list, one for the 26 files passed over; no line per file
        assertThat(text.out().lines().filter(l -> l.startsWith("input:"))).hasSize(2);
        assertThat(text.out()).contains("input:     26 files passed over (the notices say why):");
        assertThat(text.out()).doesNotContain("conf-z (passed over");
        CliTest.Run json = run("audit", "--format", "json", root.toString());
        List<JsonNode> p = problems(json.out());
        JsonNode others = p.stream().filter(f -> f.get("message").asText().startsWith("25 files skipped while reading their"
                + " folder: not a recognised input (expected")).findFirst().orElseThrow();
        assertThat(others.get("evidence")).hasSize(10);
        assertThat(others.get("evidence").get(0).get("file").asText()).isEqualTo(root.resolve("etc/ssh/conf-a").toString());
        // what a file is, when it says more than "no input", stays a notice of its own
        assertThat(p).extracting(f -> f.get("message").asText())
                .anyMatch(m -> m.startsWith("skipped while reading its folder: not a recognised input: it looks like a routing table"));
        // the ss dump's -m lines are details: no problem of its own; the roles notice names the file that was read
        assertThat(p).hasSize(3);
        JsonNode noRoles = p.stream().filter(f -> f.get("message").asText().startsWith("no product roles")).findFirst().orElseThrow();
        assertThat(noRoles.get("evidence").get(0).get("file").asText()).endsWith("sos_commands/networking/ss_-peaonmi");
    }

    /** sos report writes .tar.xz; sos before 3.0 (RHEL 5 and 6) and supportconfig on SLES 11 wrote bzip2 (.tar.bz2, .tbz). */
    @ParameterizedTest
    @ValueSource(strings = {"tar.xz", "tar.bz2"})
    void aCompressedTarBundleAuditsAsItsFolder(String extension) throws Exception {
        Path root = bundle();
        Path tar = dir.resolve("sosreport-web01-2024-01-15-qwerty." + extension);
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), extension.endsWith("xz") ? "-cJf" : "-cjf", tar.toString(),
                root.getFileName().toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeFalse(p.waitFor() != 0 && said.contains("bzip2"),
                "tar -j needs the bzip2 command (Debian package bzip2; .ci/run installs it)");
        assertThat(p.waitFor()).as(said).isZero();
        CliTest.Run folder = run("audit", "--format", "json", root.toString());
        CliTest.Run packed = run("audit", "--format", "json", tar.toString());
        assertThat(packed.code()).isEqualTo(folder.code());
        JsonNode f = new ObjectMapper().readTree(folder.out()).get("hosts").get(0);
        JsonNode t = new ObjectMapper().readTree(packed.out()).get("hosts").get(0);
        assertThat(t.get("host").asText()).isEqualTo("sosreport-web01-2024-01-15-qwerty");
        assertThat(t.get("listeners")).hasSize(3); // ssh (IPv4 and IPv6), dhclient, chronyd
        assertThat(withoutFiles(t.get("listeners"))).isEqualTo(withoutFiles(f.get("listeners")));
        assertThat(problems(packed.out())).extracting(n -> n.get("message").asText())
                .containsExactlyInAnyOrderElementsOf(problems(folder.out()).stream().map(n -> n.get("message").asText()).toList());
        assertThat(t.get("listeners").get(0).get("evidence").get(0).get("file").asText())
                .startsWith(tar + "!/sosreport-web01-2024-01-15-qwerty/sos_commands/networking/ss_-peaonmi");
    }

    /**
     * A bundle's hostname file (sos report's etc/hostname, a script's "hostname > hostname.txt" in UTF-16) names the
     * host, and the manifest's row of that name applies; the file is an info, not a notice.
     */
    @Test
    void aBundlesHostnameFileNamesTheHost() throws Exception {
        Path root = bundle();
        Files.writeString(root.resolve("etc/hostname"), "web01\n");
        Path manifest = dir.resolve("hosts.csv");
        Files.writeString(manifest, "host,addresses,os,roles,settings\nweb01,10.0.0.12,linux,,\n");
        CliTest.Run r = run("audit", "--hosts", manifest.toString(), "--format", "json", root.toString());
        JsonNode host = new ObjectMapper().readTree(r.out()).get("hosts").get(0);
        assertThat(host.get("host").asText()).isEqualTo("web01");
        assertThat(host.get("addresses").toString()).contains("10.0.0.12");
        List<JsonNode> p = problems(r.out());
        // the manifest's row (with no roles, on purpose) is there: no "no product roles" notice
        assertThat(p).extracting(f -> f.get("message").asText()).noneMatch(m -> m.startsWith("no product roles"));
        JsonNode naming = p.stream().filter(f -> f.get("message").asText().contains("names the host (web01)")).findFirst().orElseThrow();
        assertThat(naming.get("severity").asText()).isEqualTo("info");
        // PowerShell's "hostname > hostname.txt": UTF-16LE with a byte order mark
        Path other = dir.resolve("ws-bundle");
        Files.createDirectories(other);
        Files.copy(Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), other.resolve("netstat-ano.txt"));
        Files.write(other.resolve("hostname.txt"), "\uFEFFWS-0042\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertThat(run("audit", other.toString()).out()).startsWith("== WS-0042 ==");
        // a file called so that holds more than a name names nothing
        Files.writeString(other.resolve("hostname.txt"), "Host Name: WS-0042\nOS Name: Windows\n");
        assertThat(run("audit", other.toString()).out()).startsWith("== ws-bundle ==");
    }

    /** A bundle with no socket list at all: exit 2, and the reason names a few of its files and counts the rest. */
    @Test
    void aBundleWithNothingToAuditSaysSoInOneLine() throws Exception {
        Path root = bundle();
        Files.delete(root.resolve("sos_commands/networking/ss_-peaonmi"));
        CliTest.Run r = run("audit", root.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("portolan: nothing to audit: no listener, connection or flow in 26 files passed over as no"
                + " input (" + root.resolve("etc/ssh/conf-a") + ", " + root.resolve("etc/ssh/conf-b") + ", "
                + root.resolve("etc/ssh/conf-c") + " and 23 more)\n");
    }

    @Test
    void inABatchATarballIsAHostAsAFolderIs() throws Exception {
        Path collected = Files.createDirectories(dir.resolve("collected"));
        Path ws1 = Files.createDirectories(dir.resolve("pack/ws-01"));
        Files.copy(Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), ws1.resolve("netstat-ano.txt"));
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("pack").toString(), "-czf",
                collected.resolve("ws-01.tgz").toString(), "ws-01").redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        Files.createDirectories(collected.resolve("ws-02"));
        Files.copy(Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), collected.resolve("ws-02/netstat-ano.txt"));
        CliTest.Run r = run("audit", "--batch", "--role", "desktop-patrol:ds", "--fail-on", "never", "--format", "jsonl",
                collected.toString());
        assertThat(r.code()).isZero();
        assertThat(unknownListenerHosts(r)).containsExactlyInAnyOrder("ws-01", "ws-02");
    }

    @Test
    void inABatchA7zArchiveIsAHostAsAFolderIs() throws Exception {
        Path collected = Files.createDirectories(dir.resolve("collected"));
        Files.copy(Path.of("src/test/resources/fixtures/archives/host-a-bzip2.7z"), collected.resolve("ws-07.7z"));
        Files.createDirectories(collected.resolve("ws-02"));
        Files.copy(Path.of("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), collected.resolve("ws-02/netstat-ano.txt"));
        CliTest.Run r = run("audit", "--batch", "--role", "desktop-patrol:ds", "--fail-on", "never", "--format", "jsonl",
                collected.toString());
        assertThat(r.code()).isZero();
        assertThat(unknownListenerHosts(r)).containsOnly("ws-07", "ws-02").contains("ws-07", "ws-02");
        assertThat(r.out()).contains(collected.resolve("ws-07.7z") + "!/host-a/netstat-ano.txt");
    }

    /** The host of each UNKNOWN_LISTENER finding of a jsonl report. */
    private static List<String> unknownListenerHosts(CliTest.Run r) throws Exception {
        List<String> hosts = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : r.out().split("\n")) {
            JsonNode n = m.readTree(l);
            if ("UNKNOWN_LISTENER".equals(n.path("code").asText())) hosts.add(n.get("host").asText());
        }
        return hosts;
    }

    /** The JSON with every evidence file name left out (the rest must be equal). */
    private static String withoutFiles(JsonNode n) {
        return n.toString().replaceAll("\"file\":\"[^\"]*\"", "\"file\":\"\"");
    }
    /**
     * A SUSE supportconfig (scc_HOST_DATE_TIME.txz): network.txt's ss -nap comes after 12 KB of other commands, ssh.txt's
     * "ss -nlp | grep sshd" repeats two of its listeners, the other files hold only other commands. The host is named by
     * network.txt (/etc/HOSTNAME, hostname's output), those files are one notice, and a listener in two files is one.
     */
    @Test
    void aSupportconfigReadsItsSocketListsPastTheirHead() throws Exception {
        Path root = Files.createDirectories(dir.resolve("scc_sles15_261201_1200"));
        Files.copy(Path.of("src/test/resources/fixtures/netstat/linux/supportconfig-network.txt"), root.resolve("network.txt"));
        Files.writeString(root.resolve("ssh.txt"), "#==[ Command ]======================================#\n"
                + "# /usr/bin/systemctl status sshd.service\n* sshd.service - OpenSSH Daemon\n     Active: active (running)\n\n"
                + "#==[ Command ]======================================#\n# /usr/bin/ss -nlp | grep sshd\n"
                + "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:((\"sshd\",pid=1516,fd=3))\n"
                + "tcp   LISTEN 0      128             [::]:22           [::]:*    users:((\"sshd\",pid=1516,fd=4))\n\n"
                + "#==[ Configuration File ]===========================#\n# /etc/ssh/sshd_config\nUsePAM yes\n");
        for (String f : List.of("basic-environment.txt", "memory.txt")) {
            Files.writeString(root.resolve(f), "#==[ Command ]======================================#\n# /bin/uname -a\n"
                    + "Linux sles15 5.14.21-150500.55.83-default #1 SMP x86_64 GNU/Linux\n");
        }
        Path txz = dir.resolve("scc_sles15_261201_1200.txz");
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-cJf", txz.toString(), root.getFileName().toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        CliTest.Run folder = run("audit", "--format", "json", root.toString());
        CliTest.Run packed = run("audit", "--format", "json", txz.toString());
        for (CliTest.Run r : List.of(folder, packed)) {
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode host = new ObjectMapper().readTree(r.out()).get("hosts").get(0);
            assertThat(host.get("host").asText()).isEqualTo("sles15");
            List<String> messages = new ArrayList<>();
            problems(r.out()).forEach(f -> messages.add(f.get("message").asText()));
            assertThat(messages).anyMatch(m -> m.startsWith("2 files skipped while reading their folder: not a recognised"
                    + " input: the output of other commands (a supportconfig file or a console session)"));
            assertThat(messages).noneMatch(m -> m.contains("not a netstat/ss row"));
            List<String> unknown = new ArrayList<>();
            host.get("findings").forEach(f -> { if (f.get("code").asText().equals("UNKNOWN_LISTENER")) unknown.add(f.get("message").asText()); });
            assertThat(unknown).hasSize(1).allMatch(m -> m.contains("tcp/8443"));
            // sshd's two sockets (0.0.0.0 and [::]) are in both files: two sockets, four evidence lines
            JsonNode ssh = null;
            for (JsonNode l : host.get("listeners")) if (l.get("port").asInt() == 22 && l.get("proto").asText().equals("tcp")) ssh = l;
            assertThat(ssh).isNotNull();
            assertThat(ssh.get("sockets").asLong()).isEqualTo(2);
            assertThat(ssh.get("evidence")).hasSize(4);
        }
    }

    @Test
    void aBundleWhoseOnlySocketListsAreTheKernelsTablesIsAuditedFromThem() throws Exception {
        // sos collects ss only when the socket-diagnostics modules are loaded and netstat only with net-tools; its copy of
        // /proc/net/ is always there (here: this project's captured tables, one file each, as sos names them)
        Path root = dir.resolve("sosreport-db01-2026-12-02-abcdef");
        Path net = Files.createDirectories(root.resolve("proc/net"));
        String[] tables = Files.readString(Path.of("src/test/resources/fixtures/netstat/linux/proc-net/captured-tcp-tcp6-udp-udp6.txt"))
                .split("(?m)^(?=\\s+sl\\s)");
        assertThat(tables).hasSize(4);
        String[] names = {"tcp", "tcp6", "udp", "udp6"};
        for (int i = 0; i < 4; i++) Files.writeString(net.resolve(names[i]), tables[i]);
        String datagramHeader = tables[2].lines().findFirst().orElseThrow() + "\n";
        Files.writeString(net.resolve("raw"), datagramHeader
                + "   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7390112 2 0 0\n");
        Files.writeString(net.resolve("raw6"), datagramHeader
                + "  58: 00000000000000000000000000000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000"
                + " 00:00000000 00000000     0        0 7390113 2 0 0\n");
        Files.writeString(net.resolve("udplite"), datagramHeader);
        Files.writeString(net.resolve("snmp"), "Ip: Forwarding DefaultTTL\nIp: 1 64\n");
        CliTest.Run json = run("audit", "--format", "json", root.toString());
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode host = new ObjectMapper().readTree(json.out()).get("hosts").get(0);
        List<String> listeners = new ArrayList<>();
        host.get("listeners").forEach(l -> listeners.add(l.get("proto").asText() + "/" + l.get("port").asText()));
        assertThat(listeners).containsExactlyInAnyOrder("tcp/2024", "tcp/18081", "tcp/18082", "tcp/18083",
                "tcp/18084", "udp/15353", "udp/15354");
        // raw sockets (protocol numbers 1 and 58, no ports) are no UDP listeners: the two tables are one notice
        assertThat(problems(json.out())).extracting(f -> f.get("message").asText())
                .anyMatch(m -> m.startsWith("2 files skipped while reading their folder: not a recognised input: a kernel table of raw"))
                .anyMatch(m -> m.startsWith("skipped while reading its folder: not a recognised input: it looks like a kernel socket"
                        + " table (/proc/net/tcp, udp …) with no socket in it, only its header"))
                .noneMatch(m -> m.contains("collect 'netstat -ano'"));
    }
}
