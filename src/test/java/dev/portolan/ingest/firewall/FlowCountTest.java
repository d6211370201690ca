package dev.portolan.ingest.firewall;

import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.LogLine;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A firewall log's flow count (the inputs table's "flows") is its distinct flows, however the reader bounds its
 * memory: the whole 5-tuple table, a table spilled every few flows, or lines folded by an audit through a window of
 * recent keys, in one part or in parallel chunks. It once counted each chunk's and each window's flows again
 * (a log repeated to 5 M lines, 3,011 flows, said 6,048).
 */
class FlowCountTest {
    @TempDir
    Path dir;

    /** {@code flows} distinct flows (source address and port vary), the whole list written {@code rounds} times. */
    private Path log(int flows, int rounds) throws IOException {
        StringBuilder sb = new StringBuilder("#Version: 1.5\n#Fields: date time action protocol src-ip dst-ip src-port dst-port "
                + "size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path\n\n");
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < flows; i++) {
                int a = i / 250 % 250;
                sb.append("2024-01-15 10:").append(String.format("%02d:%02d", r % 60, i % 60)).append(" ALLOW TCP 10.")
                        .append(i / 62500).append('.').append(a).append('.').append(i % 250 + 1).append(" 10.200.0.1 ")
                        .append(50000 + i % 7).append(" 443 0 - - - - - - - RECEIVE\n");
            }
        }
        Path p = dir.resolve("flows-" + flows + "x" + rounds + ".log");
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return p;
    }

    private static FirewallLogReader.Options options(int flowCap, int chunks) {
        return FirewallLogReader.Options.defaults().withFlowCap(flowCap).withThreads(chunks > 1 ? 2 : 1).withChunks(chunks)
                .withMinParallelBytes(0).withCachesAfter(0);
    }

    @ParameterizedTest(name = "flow cap {0}, {1} chunk(s), folded {2}")
    @CsvSource({"0,1,false", "0,3,false", "64,1,false", "64,3,false", "64,1,true", "64,3,true", "4096,2,true"})
    void aLogsFlowsAreCountedOnceHoweverItIsRead(int flowCap, int chunks, boolean folded) throws IOException {
        Path p = log(3011, 3);
        FileSummary s = new FirewallLogReader(options(flowCap, chunks)).read(Source.of(p), new Sink(folded));
        assertThat(s.records()).isEqualTo(3 + 3 * 3011); // two header lines, a blank one and the data lines
        assertThat(s.flows()).isEqualTo(3011);
        assertThat(s.flowsExact()).isTrue();
    }

    /** Past 65,536 distinct flows the count is an estimate, said to be one, and close. */
    @Test
    void aLogOfMoreFlowsThanTheBoundCountsAnEstimateAndSaysSo() throws IOException {
        Path p = log(90_000, 2);
        FileSummary exact = new FirewallLogReader(options(0, 1)).read(Source.of(p), new Sink(false));
        assertThat(exact.flows()).isEqualTo(90_000);
        assertThat(exact.flowsExact()).isTrue();
        for (boolean folded : new boolean[] {false, true}) {
            FileSummary s = new FirewallLogReader(options(8192, 2)).read(Source.of(p), new Sink(folded));
            assertThat(s.flowsExact()).isFalse();
            assertThat((double) s.flows()).isCloseTo(90_000, within(90_000 * 0.02));
        }
    }

    /** Takes flows, or with {@code folding} folds the lines (an audit's way) and takes none. */
    private static final class Sink implements ObservationSink {
        private final boolean folding;

        Sink(boolean folding) {
            this.folding = folding;
        }

        @Override
        public void listener(Listener l) {
        }

        @Override
        public void connection(Connection c) {
        }

        @Override
        public synchronized void flow(Flow f) {
            assertThat(folding).isFalse();
        }

        @Override
        public void problem(InputProblem p) {
            throw new AssertionError("no problem expected: " + p);
        }

        @Override
        public LogLineFold logLineFold() {
            if (!folding) return null;
            return new LogLineFold() {
                @Override
                public Handle first(LogLine line) {
                    return new Handle() {
                    };
                }

                @Override
                public void again(Handle flow, LogLine line) {
                }

                @Override
                public void done() {
                }
            };
        }
    }
}
