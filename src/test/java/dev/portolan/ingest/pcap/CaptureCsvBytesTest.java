package dev.portolan.ingest.pcap;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.model.CapturedFlowNumbers;
import dev.portolan.model.Flow;
import dev.portolan.report.flows.FlowTableWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.portolan.ingest.pcap.Frames.eth4;
import static dev.portolan.ingest.pcap.Frames.ip4;
import static dev.portolan.ingest.pcap.Frames.udp4;
import static dev.portolan.report.flows.CsvByteChecks.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV of a capture's flow table formatted as bytes straight from its numbers
 * ({@link FlowTableWriter#csv(List, java.io.OutputStream, Charset)}) is byte for byte the CSV the general writer prints
 * from the made {@link Flow}s through a Writer: on every corpus capture and the sample, and on seeded captures big
 * enough for the two formatting threads, with what the byte rows leave to the general way (packets without a time) and
 * a file name that needs neutralising, quoting and UTF-8.
 */
class CaptureCsvBytesTest {
    @Test
    void corpusCapturesGiveTheSameBytesAsTheGeneralWriter() throws IOException {
        List<Path> captures;
        try (Stream<Path> files = Files.list(CorpusCaptureTest.CORPUS)) {
            captures = new ArrayList<>(files.sorted().toList());
        }
        captures.add(Path.of("samples", "deliverymanager-capture", "deliverymanager.pcap"));
        assertThat(captures).hasSize(15);
        List<List<Flow>> parts = new ArrayList<>();
        for (Path capture : captures) {
            List<Flow> flows = read(capture);
            assertThat(flows).as(capture.toString()).isInstanceOf(CapturedFlowNumbers.class);
            assertSameBytes(List.of(flows), StandardCharsets.UTF_8);
            parts.add(flows);
        }
        // all of them in one table, one file after the other
        assertThat(assertSameBytes(parts, StandardCharsets.UTF_8)).isEqualTo(1 + 18);
    }

    @Test
    void seededCapturesOnTwoThreadsAndPacketsWithoutTimesGiveTheSameBytes(@TempDir Path dir) throws IOException {
        // simple packet blocks carry no time: a flow of such packets only has no times (written the general way),
        // one that also has timed packets keeps their times
        byte[] untimed = new CaptureFiles.Ng().spb(eth4(udp4(ip4(10, 9, 0, 1), 5353, ip4(10, 9, 0, 2), 53, 40)))
                .spb(eth4(udp4(ip4(10, 9, 0, 2), 53, ip4(10, 9, 0, 1), 5353, 80))).bytes();
        Path ng = dir.resolve("=ünï,cöde.pcapng");
        Files.write(ng, Frames.cat(RandomCaptures.pcapng(8, 6000), untimed));
        Path pcap = dir.resolve("seeded.pcap");
        Files.write(pcap, RandomCaptures.pcap(9, 5000));
        List<Flow> ngFlows = read(ng), pcapFlows = read(pcap);
        // both over 4,096 flows: formatted on two threads
        assertThat(ngFlows).isInstanceOf(CapturedFlowNumbers.class).hasSize(5994);
        assertThat(pcapFlows).isInstanceOf(CapturedFlowNumbers.class).hasSize(4991);
        assertThat(ngFlows.get(ngFlows.size() - 1).firstMicros()).isEqualTo(Long.MAX_VALUE);
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1}) {
            assertThat(assertSameBytes(List.of(ngFlows), charset)).isEqualTo(1 + ngFlows.size());
            assertThat(assertSameBytes(List.of(pcapFlows, ngFlows), charset)).isEqualTo(1 + pcapFlows.size() + ngFlows.size());
        }
    }

    private static List<Flow> read(Path capture) throws IOException {
        return Inputs.read(Source.of(capture), ReadOptions.defaults().withEvidenceText(false)).flows();
    }
}
