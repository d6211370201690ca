package dev.portolan.ingest.firewall;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.LoggedFlowNumbers;
import dev.portolan.report.flows.FlowTableWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.report.flows.CsvByteChecks.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV of a firewall log's flow table formatted as bytes straight from its numbers
 * ({@link FlowTableWriter#csv(List, java.io.OutputStream, Charset)}) is byte for byte the CSV the general writer prints
 * from the made {@link Flow}s through a Writer: on the corpus logs, and on an authored log with what the byte rows
 * must get right or leave to the general way (IPv6 and mapped addresses, multi-line flows past the kept evidence, a
 * size of "-", times before 1970 and in the year 9999, a file name that needs neutralising, quoting and UTF-8).
 */
class FlowCsvBytesTest {
    private static final String HEADER = "#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
            + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path\n";

    @Test
    void corpusLogsGiveTheSameBytesAsTheGeneralWriter() throws IOException {
        List<List<Flow>> parts = new ArrayList<>();
        for (String name : new String[] {"BetaHydri-ParseFirewallLog-pfirewall.log", "balaji6894-Copilot-pfirewall-pid.log",
            "plaso-windows_firewall.log", "rafaelnett-Lab_03-pfirewall.log"}) {
            List<Flow> flows = Inputs.read(Source.of(FirewallTestSupport.corpus(name)), ReadOptions.defaults().withEvidenceText(false)).flows();
            assertThat(flows).as(name).isInstanceOf(LoggedFlowNumbers.class);
            assertSameBytes(List.of(flows), StandardCharsets.UTF_8);
            parts.add(flows);
        }
        // with a list that is not a log's table between them (it goes the general way)
        List<Flow> capture = Inputs.read(Source.of(Path.of(System.getProperty("portolan.shared", "../shared"), "corpus", "pcap",
                "tcpdump-dns_tcp.pcap")), ReadOptions.defaults().withEvidenceText(false)).flows();
        assertThat(capture).hasSize(1).isNotInstanceOf(LoggedFlowNumbers.class);
        parts.add(1, capture);
        assertThat(assertSameBytes(parts, StandardCharsets.UTF_8)).isEqualTo(1 + 3024 + 1 + 127 + 12 + 226);
    }

    @Test
    void authoredLogInOneTableAndInChunksGivesTheSameBytes(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("=ünï,cöde.log");
        Files.writeString(log, authored(9000), StandardCharsets.UTF_8);
        for (FirewallLogReader.Options options : new FirewallLogReader.Options[] {FirewallTestSupport.sequential(),
            FirewallTestSupport.parallel(3), FirewallTestSupport.parallel(7)}) {
            List<Flow> flows = new FirewallLogReader(options.withZone(ZoneOffset.UTC).withEvidenceText(false)).readLog(Source.of(log))
                    .result().flows();
            assertThat(flows).isInstanceOf(LoggedFlowNumbers.class);
            for (Charset charset : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1}) {
                assertThat(assertSameBytes(List.of(flows, flows), charset)).isEqualTo(1 + 2 * 6000);
            }
        }
    }

    /**
     * Lines of 6,000 flows: each flow i has 1 + i % 7 lines (so some flows keep fewer lines than they have), the
     * addresses IPv4, IPv6 or IPv4-mapped, and some times outside what the byte rows format.
     */
    private static String authored(int lines) {
        StringBuilder sb = new StringBuilder(HEADER);
        String[] protos = {"TCP", "UDP", "ICMP", "47"};
        int flow = 0;
        int left = 0;
        for (int n = 0; n < lines; n++) {
            if (left == 0) {
                flow = n < 6000 ? n : flow;
                left = 1;
            }
            int i = n < 6000 ? n : (n - 6000) * 2 % 6000; // the last 3,000 lines add to earlier flows
            String date = i % 997 == 5 ? "1969-12-31 23:59:5" + (i % 10) : i % 991 == 7 ? "9999-12-31 23:59:5" + (i % 10)
                    : "2024-0" + (1 + i % 9) + "-1" + (i % 10) + " 0" + (i % 10) + ":" + (10 + i % 50) + ":" + (10 + n % 50);
            String src = i % 5 == 0 ? "2001:db8::" + Integer.toHexString(i) : i % 5 == 1 ? "::ffff:10.0." + (i % 256) + ".5" : "10." + (i % 256) + "." + (i / 256) + ".1";
            String dst = i % 3 == 0 ? "fe80::1:" + Integer.toHexString(i % 65536) : "192.168." + (i % 7) + "." + (i % 250);
            String proto = protos[i % 4];
            String size = i % 11 == 0 ? "-" : Integer.toString(40 + (i * 37) % 1500);
            sb.append(date).append(' ').append(i % 2 == 0 ? "ALLOW" : "DROP").append(' ').append(proto).append(' ').append(src).append(' ')
                    .append(dst).append(' ').append(proto.equals("TCP") || proto.equals("UDP") ? (1024 + i) + " " + (i % 1000) : "- -")
                    .append(' ').append(size).append(" - - - - - - - ").append(i % 4 == 0 ? "RECEIVE" : "SEND").append('\n');
        }
        return sb.toString();
    }
}
