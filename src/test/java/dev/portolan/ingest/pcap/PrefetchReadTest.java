package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading on two threads (one reads and inflates chunks, the other decodes) gives exactly what reading on one gives:
 * every flow with its counts, times, flags and evidence, every problem and note, on the corpus, the sample capture,
 * seeded multi-flow captures (plain and gzipped) and damaged copies, with chunks small enough that records straddle
 * chunks all the time, and reserves smaller than some records (the joined-array path).
 */
class PrefetchReadTest {
    @TempDir
    Path dir;

    static String text(ReadResult r) {
        StringBuilder sb = new StringBuilder().append(r.variant()).append(' ').append(r.records()).append(" records ")
                .append(r.bytesRead()).append(" bytes\n");
        for (Flow f : r.flows()) {
            sb.append(f).append(' ').append(f.firstMicros()).append('-').append(f.lastMicros()).append(" flags ")
                    .append(f.tcpFlags()).append(' ').append(f.origPackets()).append('/').append(f.respPackets()).append(' ')
                    .append(f.origBytes()).append('/').append(f.respBytes()).append(' ').append(f.evidence()).append('\n');
        }
        r.problems().forEach(p -> sb.append(p).append('\n'));
        r.notes().forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    List<Path> inputs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(CorpusCaptureTest.CORPUS)) {
            s.sorted().forEach(files::add);
        }
        files.add(Path.of("samples", "deliverymanager-capture", "deliverymanager.pcap"));
        for (long seed = 1; seed <= 3; seed++) {
            byte[] ng = RandomCaptures.pcapng(seed, 150), classic = RandomCaptures.pcap(seed, 150);
            files.add(write("r" + seed + ".pcapng", ng));
            files.add(write("r" + seed + ".pcap", classic));
            files.add(write("r" + seed + "-cut.pcap", java.util.Arrays.copyOf(classic, classic.length * 2 / 3)));
            files.add(write("r" + seed + "-cut.pcapng", java.util.Arrays.copyOf(ng, ng.length / 2 + 7)));
            Path gz = dir.resolve("r" + seed + ".pcap.gz");
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
                o.write(classic);
            }
            files.add(gz);
        }
        return files;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void twoThreadsReadExactlyWhatOneReads() throws IOException {
        int[][] chunkings = {{64, 16}, {1000, 100}, {4096, 2048}, {1 << 16, 1 << 12}};
        for (Path f : inputs()) {
            String one = text(new CaptureReader().read(Source.of(f)));
            assertThat(one).as(f.toString()).contains(" records ");
            for (int[] c : chunkings) {
                String two = text(new CaptureReader(null, 0, c[0], c[1], Long.MAX_VALUE).read(Source.of(f)));
                assertThat(two).as("%s with chunks of %d after %d spare", f, c[0], c[1]).isEqualTo(one);
            }
        }
    }

    @Test
    void theSeededCapturesHaveManyFlowsAndTheCutOnesAProblem() throws IOException {
        ReadResult r = new CaptureReader(null, 0, 64, 16, Long.MAX_VALUE).read(Source.of(write("cut.pcap",
                java.util.Arrays.copyOf(RandomCaptures.pcap(9, 150), 20_000))));
        assertThat(r.flows().size()).isGreaterThan(10);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).message()).contains("capture damaged or truncated at byte offset");
    }
}
