package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FlowsCommandTest {
    static final Path CORPUS = Path.of(System.getProperty("portolan.shared", "../shared"), "corpus", "pcap");

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = new CommandLine(new FlowsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void listsFlowsAsJsonLines() {
        int code = run("--format", "jsonl", CORPUS.resolve("tcpdump-dns_tcp.pcap").toString(),
                CORPUS.resolve("tcpdump-dns_udp.pcap").toString());
        assertThat(code).isZero();
        assertThat(out.toString().split("\n")).hasSize(2);
        assertThat(out.toString()).contains("\"resp_p\":53").contains("\"initiator\":\"handshake\"");
    }

    /** Tunnels between the same two hosts: the table names each one's IP protocol, JSON gives it as ip_proto. */
    @Test
    void otherProtocolsShowTheirNumber() {
        String tunnels = Path.of("src/test/resources/fixtures/pcap/tunnels.pcapng").toString();
        assertThat(run(tunnels)).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains(" other")).map(l -> l.split(" +")[1]))
                .containsExactly("other/4", "other/41", "other/47", "other/4");
        out.getBuffer().setLength(0);
        assertThat(run("--format", "jsonl", tunnels)).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("\"other\"")))
                .extracting(l -> l.replaceAll(".*\"ip_proto\":(\\d+).*", "$1")).containsExactly("4", "41", "47", "4");
    }

    /** A log with many bad lines of one kind says so in one warning line, as the audit's INPUT_PROBLEM finding does. */
    @Test
    void manyProblemsOfOneKindAreOneWarning() throws IOException {
        StringBuilder log = new StringBuilder("#Version: 1.5\n#Fields: date time action protocol src-ip dst-ip src-port dst-port size path\n");
        for (int i = 0; i < 30; i++) log.append("2024-01-15 10:00:").append(String.format("%02d", i)).append(" ALLOW TCPX 10.0.0.1 10.0.0.2 5000 80 60 SEND\n");
        log.append("2024-01-15 10:01:00 ALLOW TCP 10.0.0.1 10.0.0.999 5000 80 60 SEND\n");
        log.append("2024-01-15 10:01:01 ALLOW TCP 10.0.0.1 10.0.0.2 5000 80 60 SEND\n");
        Path file = Files.writeString(dir.resolve("pfirewall.log"), log.toString());
        int code = run("--format", "csv", file.toString());
        assertThat(code).isZero();
        String[] warnings = err.toString().split("\n");
        assertThat(warnings).hasSize(2);
        assertThat(warnings[0]).isEqualTo("portolan flows: warning: " + file + ": 30 lines: bad protocol 'TCPX' (expected TCP, UDP, ICMP,"
                + " ICMPv6 or a number 0-255), first at line 3 (lines 3, 4, 5, 6, 7, …)");
        assertThat(warnings[1]).isEqualTo("portolan flows: warning: " + file + ":33: invalid destination address '10.0.0.999'");
        assertThat(out.toString()).contains(",tcp,10.0.0.1,5000,10.0.0.2,80,logged,");
    }

    @Test
    void anUnreadableFileGivesExit2AfterTheOthers() throws IOException {
        Path bad = Files.writeString(dir.resolve("netstat.txt"), "Active Connections\n");
        int code = run(bad.toString(), CORPUS.resolve("tcpdump-ntp-time.pcap").toString());
        assertThat(code).isEqualTo(2);
        // flows reads every input with flows; a file that is none of them says what was expected
        assertThat(err.toString()).contains("netstat.txt").contains("not a recognised input");
        assertThat(out.toString()).contains("132.199.4.1:123").contains("1 flows");
    }

    @Test
    void aDamagedZstdFileGivesExit2NamingItAfterTheOthers() throws IOException {
        Path bad = Files.write(dir.resolve("pfirewall.log"), dev.portolan.ingest.DamagedZstdTest.contentAbove2GiB());
        int code = run(bad.toString(), CORPUS.resolve("tcpdump-ntp-time.pcap").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("pfirewall.log").contains("damaged or unsupported zstd data");
        assertThat(out.toString()).contains("132.199.4.1:123").contains("1 flows");
    }

    @Test
    void aReaderThatFailsUnexpectedlyIsNamedWithItsFileAndTheOthersAreListed() {
        Path broken = CORPUS.resolve("tcpdump-dns_udp.pcap");
        FlowsCommand command = new FlowsCommand();
        FlowsCommand.InputRead real = command.inputRead;
        command.inputRead = (source, pcap4j) -> {
            if (source.name().endsWith("tcpdump-dns_udp.pcap")) throw new IllegalStateException("bug in a reader");
            return real.read(source, pcap4j);
        };
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(broken.toString(), CORPUS.resolve("tcpdump-ntp-time.pcap").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("tcpdump-dns_udp.pcap: reader failed: java.lang.IllegalStateException: bug in a reader");
        assertThat(out.toString()).contains("132.199.4.1:123").contains("1 flows");
    }

    @Test
    void writesTheOutputFileAtomically() throws IOException {
        Path target = dir.resolve("flows.csv");
        int code = run("--format", "csv", "-o", target.toString(), CORPUS.resolve("tcpdump-dns_udp.pcap").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readAllLines(target)).hasSize(2);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("flows.csv");
        }
    }

    @Test
    void listsTheConnectionRowsOfANetstatDumpInTheSameColumns() throws IOException {
        Path dump = Files.writeString(dir.resolve("netstat-ano.txt"), String.join("\r\n",
                "", "Active Connections", "",
                "  Proto  Local Address          Foreign Address        State           PID",
                "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       900",
                "  TCP    10.0.0.5:135           10.0.0.9:50123         ESTABLISHED     900",
                "  TCP    10.0.0.5:50200         10.0.0.7:443           TIME_WAIT       0",
                "  TCP    10.0.0.5:50300         10.0.0.8:31300         SYN_SENT        4",
                "  UDP    0.0.0.0:123            *:*                                    1200", ""));
        int code = run("--format", "jsonl", dump.toString());
        assertThat(code).as(err.toString()).isZero();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (String line : out.toString().split("\n")) {
            var n = json.readTree(line);
            rows.add(n.get("proto").asText() + " " + n.get("orig_h").asText() + ":" + n.get("orig_p").asInt() + " -> "
                    + n.get("resp_h").asText() + ":" + n.get("resp_p").asInt() + " " + n.get("initiator").asText() + " "
                    + n.get("conn_state").asText() + " " + n.get("first_packets"));
        }
        // the listener row and the UDP socket are no connections; the local port 135 listens, so 10.0.0.9 initiated;
        // a dump's rows are placed by their line numbers
        assertThat(rows).containsExactly(
                "tcp 10.0.0.9:50123 -> 10.0.0.5:135 inferred S1 [6]",
                "tcp 10.0.0.5:50200 -> 10.0.0.7:443 inferred SF [7]",
                "tcp 10.0.0.5:50300 -> 10.0.0.8:31300 inferred S0 [8]");
    }

    @Test
    void aFirewallLogsFlowsNameTheirFirstLines() throws IOException {
        Path log = Files.writeString(dir.resolve("pfirewall.log"), String.join("\n",
                "#Version: 1.5", "#Software: Microsoft Windows Firewall", "#Time Format: Local",
                "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path",
                "",
                "2024-05-01 09:00:00 ALLOW TCP 10.0.0.5 10.0.0.9 50123 443 0 - - - - - - - SEND",
                "2024-05-01 09:00:01 ALLOW UDP 10.0.0.5 10.0.0.1 50200 53 0 - - - - - - - SEND",
                "2024-05-01 09:00:02 ALLOW TCP 10.0.0.5 10.0.0.9 50123 443 0 - - - - - - - SEND", ""));
        int code = run("--format", "csv", log.toString());
        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        // the last cell: the flow's first lines (a capture's flows name packet numbers there)
        assertThat(lines[1]).contains(",tcp,10.0.0.5,50123,10.0.0.9,443,").endsWith(",6 8");
        assertThat(lines[2]).contains(",udp,10.0.0.5,50200,10.0.0.1,53,").endsWith(",7");
    }

    @Test
    void badFormatIsAUsageError() {
        assertThat(run("--format", "xml", CORPUS.resolve("tcpdump-dns_udp.pcap").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }
}
