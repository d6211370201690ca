package dev.portolan.ingest;

import dev.portolan.ingest.netstat.PhysicalLineReader;
import dev.portolan.ingest.netstat.PhysicalLineReaderAccess;
import dev.portolan.model.InputProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One bad input never costs the others: long lines and damaged compression are problems, not lost files. */
class BoundedReadingTest {
    private static final String HEADER = "Active Connections\r\n\r\n  Proto  Local Address          Foreign Address        State\r\n";

    @TempDir
    Path dir;

    @Test
    void theLineReaderCutsALongLineKeepsCountingAndReadsOn() throws IOException {
        var r = new PhysicalLineReaderProbe("short\r\n" + "x".repeat(25) + "\nafter\r\r\nlast", 10);
        assertThat(r.lines).containsExactly("1:5:short", "2:25:xxxxxxxxxx:cut", "3:5:after", "4:4:last");
    }

    @Test
    void anOverLongNetstatLineIsOneProblemWithItsLineNumberAndTheRestIsRead() throws IOException {
        String text = HEADER + row(135) + "  TCP    " + "9".repeat(3 << 20) + "\r\n" + row(445) + row(3389);
        Path f = Files.writeString(dir.resolve("long.txt"), text);
        ReadResult r = Inputs.read(Source.of(f), ReadOptions.defaults());
        assertThat(r.listeners()).extracting(l -> l.port()).containsExactly(135, 445, 3389);
        assertThat(r.problems()).hasSize(1);
        InputProblem p = r.problems().get(0);
        assertThat(p.evidence().location()).isEqualTo(f + ":5");
        assertThat(p.message()).isEqualTo("line of " + (9 + (3 << 20)) + " characters is longer than the limit of 1048576; skipped");
    }

    @Test
    void aGzipWithABadChecksumKeepsEveryRowAndNamesTheFile() throws IOException {
        String text = rows(2000);
        byte[] gz = gzip(text);
        gz[gz.length - 8] ^= 0x55; // CRC32 of the trailer
        Path f = Files.write(dir.resolve("crc.txt.gz"), gz);
        ReadResult r = Inputs.read(Source.of(f), ReadOptions.defaults());
        assertThat(r.listeners()).hasSize(2000);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).toString()).startsWith(f + ": damaged gzip data near byte ")
                .contains("corrupt data or checksum").contains("the " + text.getBytes(StandardCharsets.US_ASCII).length + " bytes decompressed");
    }

    @Test
    void aTruncatedGzipKeepsWhatCameBeforeTheCut() throws IOException {
        String text = rows(20000);
        byte[] gz = gzip(text);
        Path f = Files.write(dir.resolve("cut.txt.gz"), Arrays.copyOf(gz, gz.length / 2));
        Source s = Source.of(f);
        ReadResult r = Inputs.read(s, ReadOptions.defaults());
        long good = s.damage().orElseThrow().contentBytes();
        assertThat(good).isBetween(1L, (long) text.length() - 1);
        long completeRows = text.substring(0, (int) good).chars().filter(c -> c == '\n').count() - 3; // minus the header lines
        assertThat((long) r.listeners().size()).isBetween(completeRows, completeRows + 1);
        assertThat(r.problems()).extracting(InputProblem::toString).filteredOn(m -> m.contains("damaged gzip")).hasSize(1)
                .allMatch(m -> m.startsWith(f + ": ") && m.contains("the file ends inside the compressed data"));
    }

    @Test
    void anXzCutShortKeepsWhatCameBeforeTheCutAndACorruptOneSaysSo() throws IOException {
        String text = rows(20000);
        java.io.ByteArrayOutputStream xz = new java.io.ByteArrayOutputStream();
        // small blocks, as xz -T writes them: the blocks before a cut decompress
        org.tukaani.xz.LZMA2Options o = new org.tukaani.xz.LZMA2Options();
        try (var w = new org.tukaani.xz.XZOutputStream(xz, new org.tukaani.xz.FilterOptions[] {o}, org.tukaani.xz.XZ.CHECK_CRC64)) {
            byte[] all = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int at = 0; at < all.length; at += 64 * 1024) {
                w.write(all, at, Math.min(64 * 1024, all.length - at));
                w.endBlock();
            }
        }
        byte[] full = xz.toByteArray();
        Path whole = Files.write(dir.resolve("whole.txt.xz"), full);
        assertThat(Inputs.read(Source.of(whole), ReadOptions.defaults()).listeners()).hasSize(20000);
        Path f = Files.write(dir.resolve("cut.txt.xz"), Arrays.copyOf(full, full.length / 2));
        Source s = Source.of(f);
        ReadResult r = Inputs.read(s, ReadOptions.defaults());
        long good = s.damage().orElseThrow().contentBytes();
        assertThat(good).isBetween(64L * 1024, (long) text.length() - 1);
        assertThat((long) r.listeners().size()).isBetween(5000L, 19999L);
        assertThat(r.problems()).extracting(InputProblem::toString).filteredOn(m -> m.contains("damaged xz data")).hasSize(1)
                .allMatch(m -> m.startsWith(f + ": ") && m.contains("the file ends inside the compressed data"));
    }

    @Test
    void aGzipDamagedFromTheStartIsUnreadableAndSaysWhy() throws IOException {
        byte[] gz = gzip(rows(10));
        Path f = Files.write(dir.resolve("head.gz"), Arrays.copyOf(gz, 12));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Inputs.read(Source.of(f), ReadOptions.defaults())))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith(f + ": damaged gzip data near byte ");
    }

    static String row(int port) {
        return "  TCP    0.0.0.0:" + port + "           0.0.0.0:0              LISTENING\r\n";
    }

    static String rows(int n) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) sb.append(row(1024 + i));
        return sb.toString();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Reads every line of {@code text} as "number:length:text[:cut]". */
    private static final class PhysicalLineReaderProbe {
        final List<String> lines = new ArrayList<>();

        PhysicalLineReaderProbe(String text, int max) throws IOException {
            PhysicalLineReader r = PhysicalLineReaderAccess.bounded(new StringReader(text), max);
            String line;
            while ((line = r.next()) != null) {
                lines.add(r.lineNumber() + ":" + r.length() + ":" + line + (r.wasCut() ? ":cut" : ""));
            }
        }
    }
}
