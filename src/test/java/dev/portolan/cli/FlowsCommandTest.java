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
    void badFormatIsAUsageError() {
        assertThat(run("--format", "xml", CORPUS.resolve("tcpdump-dns_udp.pcap").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
    }
}
