package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure-Java reader and the libpcap/pcap4j reader must find the same flows with the same counts. */
class CrossCheckTest {

    @BeforeAll
    static void needsLibpcap() {
        String why = Pcap4jCaptureReader.unavailableReason();
        Assumptions.assumeTrue(why == null, "pcap4j cross-check skipped: " + why);
    }

    static Stream<Path> corpus() throws IOException {
        return Files.list(CorpusCaptureTest.CORPUS).sorted();
    }

    static List<String> summary(ReadResult r) {
        return r.flows().stream().map(f -> f.describe() + " " + f.initiator().label() + " o=" + f.origPackets() + "/"
                + f.origBytes() + " r=" + f.respPackets() + "/" + f.respBytes() + " " + f.firstMicros() + ".." + f.lastMicros()
                + " " + f.connState() + " ev=" + f.evidence().stream().map(e -> e.packet() + "@" + e.time())
                .collect(Collectors.joining(","))).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void sameFlowsFromBothReaders(Path file) throws IOException {
        ReadResult mine = new CaptureReader().read(Source.of(file));
        ReadResult theirs = new Pcap4jCaptureReader().read(Source.of(file));
        assertThat(theirs.records()).isEqualTo(mine.records());
        assertThat(summary(theirs)).isEqualTo(summary(mine));
        assertThat(theirs.flows().stream().mapToLong(Flow::bytes).sum())
                .isEqualTo(mine.flows().stream().mapToLong(Flow::bytes).sum());
    }
}
