package dev.portolan.ingest;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The bzip2 decoder against what the reference {@code bzip2} 1.0.x writes. The differential cases need the {@code bzip2}
 * command (Debian package {@code bzip2}, which {@code .ci/run} installs) and are skipped, saying so, without it; the
 * committed fixtures (made by it: fixtures READMEs) are read everywhere.
 */
class Bzip2InputStreamTest {
    private static final Path CORPUS = Path.of("..", "shared", "corpus");

    @TempDir
    Path dir;

    private static boolean hasBzip2() {
        try {
            Process p = new ProcessBuilder("bzip2", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void needBzip2() {
        Assumptions.assumeTrue(hasBzip2(), "needs the bzip2 command (Debian package bzip2; .ci/run installs it)");
    }

    /** What {@code bzip2 -LEVEL} makes of {@code data}. */
    private byte[] bzip2(byte[] data, int level) throws IOException, InterruptedException {
        Path in = Files.write(Files.createTempFile(dir, "in", ".bin"), data);
        Process p = new ProcessBuilder("bzip2", "-" + level, "-c", in.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private static byte[] decode(byte[] compressed) throws IOException {
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** Reads in small, uneven pieces (a run's repeats and a block's end fall inside and across them). */
    private static byte[] decodeInPieces(byte[] compressed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(compressed))) {
            byte[] b = new byte[37];
            int n;
            int turn = 0;
            while ((n = in.read(b, 0, 1 + turn++ % 37)) >= 0) out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    private static List<byte[]> samples() throws IOException {
        List<byte[]> s = new ArrayList<>();
        s.add(new byte[0]);
        s.add(new byte[] {'x'});
        Random r = new Random(42);
        byte[] random = new byte[350_000]; // incompressible: four blocks at -1
        r.nextBytes(random);
        s.add(random);
        byte[] same = new byte[1_000_000]; // runs of one byte: every run-length code, runs longer than 255
        Arrays.fill(same, (byte) 'a');
        s.add(same);
        byte[] expanding = new byte[6_000_000]; // at -9 one block runs out to 6 MB: more than a block is buffered
        Arrays.fill(expanding, (byte) 'b');
        s.add(expanding);
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        for (int len = 1; len < 700; len++) {
            for (int i = 0; i < len; i++) runs.write(len % 7 == 0 ? 0 : 'a' + len % 3);
        }
        s.add(runs.toByteArray());
        byte[] all = new byte[256 * 40];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 7 + i / 256);
        s.add(all);
        ByteArrayOutputStream text = new ByteArrayOutputStream(); // the corpus's netstat dumps and logs, as collected
        try (var files = Files.walk(CORPUS)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) text.write(Files.readAllBytes(f));
        }
        s.add(text.toByteArray());
        byte[] skewed = new byte[300_000]; // a few frequent values, many rare ones: long codes, many selectors
        for (int i = 0; i < skewed.length; i++) skewed[i] = (byte) (r.nextInt(100) < 90 ? r.nextInt(4) : r.nextInt(256));
        s.add(skewed);
        return s;
    }

    @Test
    void readsWhatBzip2WritesAtTheSmallestAndLargestBlockSize() throws Exception {
        needBzip2();
        for (byte[] data : samples()) {
            for (int level : new int[] {1, 9}) {
                byte[] c = bzip2(data, level);
                assertThat(Compression.of(Arrays.copyOf(c, Compression.MAGIC_LENGTH))).isEqualTo(Compression.BZIP2);
                assertThat(decode(c)).as("%d bytes at -%d", data.length, level).isEqualTo(data);
                assertThat(decodeInPieces(c)).as("%d bytes at -%d in pieces", data.length, level).isEqualTo(data);
            }
        }
    }

    @Test
    void streamsOneAfterAnotherReadAsOneContent() throws Exception {
        // pbzip2 and lbzip2 write a stream per block; `cat a.bz2 b.bz2` makes one too
        Path fixture = Path.of("src/test/resources/fixtures/pcap/many-flows-two-streams.pcap.bz2");
        Path single = Path.of("src/test/resources/fixtures/pcap/many-flows.pcap.bz2");
        byte[] two = decode(Files.readAllBytes(fixture));
        assertThat(two).hasSize(318_024).isEqualTo(decode(Files.readAllBytes(single)));
        try (InputStream gz = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of("src/test/resources/fixtures/pcap/many-flows.pcap.gz")))) {
            assertThat(two).isEqualTo(gz.readAllBytes());
        }
    }

    @Test
    void aDamagedBlockIsSaidAfterTheBlocksBeforeIt() throws Exception {
        needBzip2();
        byte[] data = new byte[350_000];
        new Random(7).nextBytes(data);
        byte[] c = bzip2(data, 1);
        c[c.length * 7 / 10] ^= 0x10; // inside the third of four 100 kB blocks
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Throwable t = catchThrowable(() -> {
            try (InputStream in = new Bzip2InputStream(new ByteArrayInputStream(c))) {
                byte[] b = new byte[4096];
                int n;
                while ((n = in.read(b)) >= 0) got.write(b, 0, n);
            }
        });
        assertThat(t).isInstanceOf(ZipException.class).hasMessageStartingWith("damaged bzip2 data: ");
        // the two whole blocks before it (bzip2 -1 fills a block with about 100 kB), nothing of the damaged one
        byte[] before = got.toByteArray();
        assertThat(before.length).isBetween(190_000, 200_000);
        assertThat(Arrays.equals(before, Arrays.copyOf(data, before.length))).as("the bytes before the damage").isTrue();
    }

    @Test
    void aFileCutShortEndsInsideABlock() throws Exception {
        needBzip2();
        byte[] c = bzip2("x y z\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII), 1);
        assertThat(catchThrowable(() -> decode(Arrays.copyOf(c, c.length - 20)))).isInstanceOf(EOFException.class);
        // the stream's checksum at its end
        byte[] bad = c.clone();
        bad[bad.length - 2] ^= 1;
        assertThat(catchThrowable(() -> decode(bad))).isInstanceOf(ZipException.class).hasMessageContaining("stream's checksum");
    }

    @Test
    void aDumpCutShortKeepsTheRowsOfItsWholeBlocksAndSaysWhereItBroke() throws Exception {
        needBzip2();
        String text = BoundedReadingTest.rows(20000);
        byte[] c = bzip2(text.getBytes(StandardCharsets.US_ASCII), 1); // blocks of 100 kB (before bzip2's own run-length step)
        Path whole = Files.write(dir.resolve("netstat.txt.bz2"), c);
        assertThat(Inputs.read(Source.of(whole), ReadOptions.defaults()).listeners()).hasSize(20000);
        Path f = Files.write(dir.resolve("cut.txt.bz2"), Arrays.copyOf(c, c.length / 2));
        Source s = Source.of(f);
        ReadResult r = Inputs.read(s, ReadOptions.defaults());
        long good = s.damage().orElseThrow().contentBytes();
        assertThat(good).isBetween(100_000L, (long) text.length() - 1);
        long rows = text.substring(0, (int) good).chars().filter(ch -> ch == '\n').count() - 3; // minus the header lines
        assertThat((long) r.listeners().size()).isBetween(rows, rows + 1).isBetween(5000L, 15000L);
        assertThat(r.problems()).extracting(dev.portolan.model.InputProblem::toString).filteredOn(m -> m.contains("damaged bzip2 data"))
                .hasSize(1).allMatch(m -> m.startsWith(f + ": ") && m.contains("the file ends inside the compressed data"));
    }

    @Test
    void randomBytesAfterAHeaderAreDamageNeverAHangOrACrash() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[10 + r.nextInt(400)];
            r.nextBytes(junk);
            System.arraycopy(new byte[] {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}, 0, junk, 0, 10);
            Throwable t = catchThrowable(() -> decode(junk));
            assertThat(t).isInstanceOfAny(ZipException.class, EOFException.class);
        }
    }

    @Test
    void textThatBeginsLikeAHeaderIsText() {
        assertThat(Compression.of("BZh9 is how bzip2 files begin".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Compression.NONE);
        assertThat(Compression.of(new byte[] {'B', 'Z', 'h', '9'})).isEqualTo(Compression.NONE);
    }
}
