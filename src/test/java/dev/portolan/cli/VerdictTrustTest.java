package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs that would pass silently with a wrong or empty verdict: several machines as one, nothing read, flows not audited. */
class VerdictTrustTest {
    static final String FW_HEADER = "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
            + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info\n\n";

    static String[] netstatSamples() throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "--infer-roles"));
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            s.filter(Files::isDirectory).sorted().forEach(d -> {
                try (Stream<Path> f = Files.list(d)) {
                    f.filter(p -> p.getFileName().toString().startsWith("netstat")).sorted().forEach(p -> args.add(p.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return args.toArray(new String[0]);
    }

    @Test
    void sevenMachinesGivenAsOneHostAreRefused() throws Exception {
        String[] args = netstatSamples();
        assertThat(args).hasSize(2 + 7);
        CliTest.Run r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("portolan: the inputs describe 6 different machines, given as one host: "
                + "samples/clientmanager-manager-healthy/netstat-ano.txt (10.0.0.5, windows) and 1 more file(s); "
                + "samples/desktop-patrol-cs-firewall-drop/netstat-ano.txt (10.1.0.10, windows); "
                + "samples/desktop-patrol-unknown-listener/netstat-ano.txt (10.1.0.20, windows); "
                + "samples/japanese-cp932/netstat-ano-ja.txt (192.168.10.31, windows); "
                + "samples/jp1-internal-exposed/netstat-ano.txt (10.0.0.8, windows); "
                + "samples/serverprotect-fallback/netstat-ano.txt (10.0.0.7, windows). Audit each machine on its own: --batch with one "
                + "folder per host (or loose files, one host each), or --hosts with a manifest of the hosts and their addresses\n");
        // the same files, one host each, are fine
        List<String> batch = new ArrayList<>(List.of(args));
        batch.add(1, "--batch");
        CliTest.Run each = run(batch.toArray(new String[0]));
        assertThat(each.err()).doesNotContain("different machines");
        assertThat(each.code()).isEqualTo(1);
    }

    @Test
    void twoDumpsNamingDifferentHostsAreRefused(@TempDir Path dir) throws Exception {
        Path quail = Path.of("samples/clientmanager-quail-e2/netstat-a.txt");
        Path swan = dir.resolve("swan.txt");
        Files.writeString(swan, Files.readString(quail, StandardCharsets.ISO_8859_1).replace("quail", "swan"), StandardCharsets.ISO_8859_1);
        CliTest.Run r = run("audit", "--role", "clientmanager:manager", quail.toString(), swan.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("portolan: the inputs describe 2 different machines, given as one host: "
                + "samples/clientmanager-quail-e2/netstat-a.txt (host quail, windows); " + swan + " (host swan, windows).");
    }

    @Test
    void twoMachinesFirewallLogsAreRefusedThoughBothReceiveTheSameMulticast() {
        // both logs' RECEIVE lines go to 239.255.255.250 (SSDP), which every Windows host on a LAN receives: that group
        // address made two machines' logs one machine, and they were audited as one host
        String c = "../shared/corpus/firewall/";
        CliTest.Run r = run("audit", "--host", "h1", c + "BetaHydri-ParseFirewallLog-pfirewall.log", c + "rafaelnett-Lab_03-pfirewall.log");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("portolan: the inputs describe 2 different machines, given as one host: "
                + c + "BetaHydri-ParseFirewallLog-pfirewall.log (100.64.137.197 172.30.240.1 192.168.178.51, windows); "
                + c + "rafaelnett-Lab_03-pfirewall.log (192.168.17.129, windows).");
    }

    @Test
    void oneHostsNetstatFirewallLogAndCaptureAreNoFalseAlarm() {
        String d = "samples/desktop-patrol-cs-firewall-drop/";
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", d + "netstat-ano.txt", d + "pfirewall.log",
                "samples/deliverymanager-capture/deliverymanager.pcap");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("BLOCKED_EXPECTED +tcp/2856").doesNotContain("not audited");
    }

    @Test
    void anEmptyFolderIsExit2(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".hidden"), "x");
        CliTest.Run r = run("audit", "--role", "clientmanager:manager", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("portolan: " + dir + ": the folder holds no input files (hidden files and README.md are not inputs)\n");
        assertThat(run("audit", "--batch", "--role", "clientmanager:manager", dir.toString()).code()).isEqualTo(2);
    }

    @Test
    void aCaptureWithoutPacketsIsExit2WithTheReasonInTheReport(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("zero.pcap");
        // classic pcap global header (little endian, v2.4, snaplen 65535, Ethernet) and no packet
        Files.write(pcap, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0});
        CliTest.Run r = run("audit", "--role", "clientmanager:manager", "--format", "csv", pcap.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("portolan: nothing to audit: no listener, connection or flow in " + pcap + ": 0 packets\n");
        assertThat(r.out()).contains("INPUT_PROBLEM").contains("nothing to audit: no listener, connection or flow in " + pcap + ": 0 packets")
                .doesNotContain("No findings");
    }

    @Test
    void flowsThatCouldNotBeAuditedAreSaidWithTheFix(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("pfirewall.log");
        Files.writeString(log, FW_HEADER
                + "2026-11-20 09:00:07 ALLOW TCP 10.1.0.20 10.1.0.10 50811 2856 52 S 1093455 0 64240 - - -\n"
                + "2026-11-20 09:00:09 ALLOW TCP 10.1.0.21 10.1.0.10 50812 2856 52 S 1093455 0 64240 - - -\n");
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--fail-on", "warning", "--format", "csv", log.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("2 flows not audited: the host's address is not known, so nothing tells which side is this host; "
                + "give --host ADDRESS (or --address ADDRESS), or a hosts manifest with --hosts");
        CliTest.Run placed = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", "--fail-on", "warning", "--format", "csv",
                log.toString());
        assertThat(placed.code()).isZero();
        assertThat(placed.out()).doesNotContain("not audited").contains("Inventory transfer/collection (HTTP) [2 flows from 2 originators]");
    }

    @Test
    void identicalInputProblemsAreOneFindingWithTheFirstLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("pfirewall.log");
        StringBuilder sb = new StringBuilder(FW_HEADER);
        for (int i = 0; i < 17; i++) sb.append("2026-11-20 09:00:07 ALLOW TCP 10.1.0.20 10.1.0.300 5081").append(i % 10).append(" 2856 52 S 1 0 64240 - - -\n");
        sb.append("2026-11-20 09:00:08 ALLOW TCP 10.1.0.20 10.1.0.10 50811 2856 52 S 1 0 64240 - - -\n");
        sb.append("2026-11-20 09:00:09 ALLOW TCP 10.1.0.20 10.1.0.10 50811 99999 52 S 1 0 64240 - - -\n");
        Files.writeString(log, sb.toString());
        CliTest.Run r = run("audit", "--role", "desktop-patrol:cs", "--host", "10.1.0.10", "--format", "csv", log.toString());
        List<String> problems = r.out().lines().filter(l -> l.contains("INPUT_PROBLEM")).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("17 lines: invalid destination address '10.1.0.300', first at line 6 (lines 6, 7, 8, 9, 10, …)")
                .contains(log + ":6; " + log + ":7; " + log + ":8; " + log + ":9; " + log + ":10,");
        assertThat(problems.get(1)).contains("bad port '99999' (expected 0-65535 or -)").contains(log + ":24");
    }
}
