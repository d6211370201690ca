package dev.portolan.ingest.firewall;

import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.FoldRecording;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread that runs out of work takes half of what the other has left ({@link ChunkedRead}'s pieces). The read folds
 * every line once, with its true line number and the columns of the #Fields header in force at it, and each fold gets
 * its lines in file order, whichever thread ran slow: the one that started at the top of the file (the other then takes
 * pieces before lines it folded, with a fold of its own), or the one that took the rest (the first then goes on with its
 * own fold). One fold is made slow on purpose; small buffers let pieces of a few KB be taken.
 */
class ChunkStealingTest {

    @Test
    void piecesTakenFromASlowThreadFoldEveryLineOnceInFileOrder() throws IOException {
        boolean tookAfter = false;
        boolean tookBefore = false;
        for (int seed = 0; seed < 6; seed++) {
            Path p = log(seed);
            try {
                FoldRecording sequential = new FoldRecording(-1);
                FileSummary expected = new FirewallLogReader(FirewallLogReader.Options.defaults().withThreads(1).withFlowCap(64)
                        .withBufferSize(256)).read(Source.of(p), sequential);
                // the fold made first serves the thread at the top of the file; the second, the thread that took the rest
                int slow = seed % 2;
                long after = ChunkedRead.stealsTaken(true);
                long before = ChunkedRead.stealsTaken(false);
                FoldRecording parallel = new FoldRecording(slow);
                FileSummary got = new FirewallLogReader(FirewallLogReader.Options.defaults().withThreads(2).withChunks(2)
                        .withMinParallelBytes(0).withFlowCap(64).withBufferSize(256)).read(Source.of(p), parallel);
                long stolenAfter = ChunkedRead.stealsTaken(true) - after;
                long stolenBefore = ChunkedRead.stealsTaken(false) - before;

                assertThat(parallel.lines()).as("seed %d", seed).isEqualTo(sequential.lines());
                // each stretch keeps its first MAX_PROBLEMS problems (and counts the rest): the first of them all are the
                // sequential read's, and the counts add up
                if (sequential.problems.size() < ReadResult.MAX_PROBLEMS) {
                    assertThat(parallel.problems).as("seed %d", seed).isEqualTo(sequential.problems);
                } else {
                    assertThat(parallel.problems.subList(0, ReadResult.MAX_PROBLEMS)).as("seed %d", seed).isEqualTo(sequential.problems);
                }
                assertThat(got.problems()).isEqualTo(expected.problems());
                assertThat(got.records()).isEqualTo(expected.records());
                assertThat(got.notes()).isEqualTo(expected.notes());
                assertThat(parallel.outOfOrder).as("seed %d: a fold got a line before one it had", seed).isEmpty();
                assertThat(stolenAfter + stolenBefore).as("seed %d: pieces taken", seed).isPositive();
                // a fold of its own for each piece taken before the thief's lines
                assertThat(parallel.foldsMade()).isEqualTo(2 + stolenBefore);
                tookAfter |= stolenAfter > 0;
                tookBefore |= stolenBefore > 0;
            } finally {
                Files.deleteIfExists(p);
            }
        }
        // both ways a piece is taken happened: after the thief's lines (its fold goes on) and before them (a new fold)
        assertThat(tookAfter).isTrue();
        assertThat(tookBefore).isTrue();
    }

    /**
     * 3,000 lines with #Fields headers that change the columns (swapped ports; no pid for a few lines, which makes them
     * problems), NUL padding and byte-order marks, and lines and NUL runs longer than the buffer (the scanner tells no
     * line start while it skips them).
     */
    private static Path log(int seed) throws IOException {
        Random r = new Random(seed);
        String log = FirewallPropertiesTest.validLog(3000, seed);
        int body = log.indexOf("\n\n") + 2;
        StringBuilder sb = new StringBuilder(log.substring(0, body));
        String[] inserts = {"#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path\n",
            "#Fields: date time action protocol src-ip dst-ip dst-port src-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n",
            "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n",
            "\u0000\u0000\u0000", "\u00EF\u00BB\u00BF",
            // longer than the 256-byte buffer: a line reported and skipped, and NUL padding dropped as the line goes on
            "x".repeat(700) + "\n", "\u0000".repeat(700)};
        int restoreIn = -1;
        for (String line : log.substring(body).split("\n")) {
            if (restoreIn-- == 0) sb.append(inserts[2]);
            if (r.nextInt(150) == 0) {
                int k = r.nextInt(inserts.length);
                sb.append(inserts[k]);
                // the lines under a header without pid are problems: a few, so that both threads have lines to fold
                if (k == 0) restoreIn = 3;
            }
            sb.append(line).append('\n');
        }
        Path p = Files.createTempFile("fw-steal", ".log");
        Files.write(p, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }
}
