package dev.portolan.cli;

import dev.portolan.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Memory limits, proven in a JVM with a small heap: a huge line is one problem, running out of heap is exit 2. */
class MemoryBoundsTest {
    private static final Path QUAIL = Paths.get(System.getProperty("portolan.root", "."), "samples", "clientmanager-quail-e2", "netstat-a.txt");

    @TempDir
    Path dir;

    @Test
    void aGzipOfAHeaderAnd200MBOfZerosIsOneProblemIn64MBOfHeapAndTheOtherInputIsAudited() throws Exception {
        Path zeros = dir.resolve("zeros.txt.gz");
        long zeroBytes = 200L << 20;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zeros), 1 << 16)) {
            out.write(("Active Connections\r\n\r\n  Proto  Local Address          Foreign Address        State\r\n"
                    + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1 << 16];
            for (long done = 0; done < zeroBytes; done += block.length) out.write(block);
        }
        assertThat(Files.size(zeros)).isLessThan(1L << 20);
        var host = auditIn64MB(zeros);
        // quail's own listeners were audited too (its 135 and the manager's missing 31300)
        assertThat(host.toString()).contains("\"MISSING_LISTENER\"").contains("31300");
    }

    /** Audits the input beside quail's dump in a 64 MiB heap: its one problem is the over-long line; the host's report. */
    private com.fasterxml.jackson.databind.JsonNode auditIn64MB(Path zeros) throws Exception {
        Path report = dir.resolve("report.json");
        ChildJvm.Result r = ChildJvm.run("022", List.of("-Xmx64m"), Main.class, "audit", zeros.toString(), QUAIL.toString(),
                "--os", "windows-legacy", "--role", "clientmanager:manager", "--fail-on", "never", "-o", report.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var host = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).get("hosts").get(0);
        List<String> problems = new ArrayList<>();
        host.get("findings").forEach(f -> {
            if (f.get("code").asText().equals("INPUT_PROBLEM")) problems.add(f.get("message").asText());
        });
        assertThat(problems).containsExactly("line of " + (200L << 20) + " characters is longer than the limit of 1048576; skipped");
        assertThat(r.err()).doesNotContain("OutOfMemoryError");
        return host;
    }

    /**
     * The same through bzip2 (a committed file of 291 bytes, made by bzip2 1.0.8 from the same header and 200 MiB of
     * zeros: each 900 kB block runs out to 46 MB, more than the decoder buffers).
     */
    @Test
    void aBzip2OfAHeaderAnd200MBOfZerosIsOneProblemIn64MBOfHeap() throws Exception {
        Path zeros = Paths.get(System.getProperty("portolan.root", "."),
                "src/test/resources/fixtures/netstat/other/header-and-200mb-of-zeros.txt.bz2");
        auditIn64MB(zeros);
    }

    @Test
    void runningOutOfHeapIsExit2WithWhatWasReadAndWhatToDoNeverATrace() throws Exception {
        // 300,000 distinct listeners need far more than the 8 MiB the child leaves free
        Path many = dir.resolve("many.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(many), 1 << 16)) {
            out.write("  Proto  Local Address          Foreign Address        State\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 300_000; i++) {
                out.write(("  TCP    10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + ":" + (1024 + i % 60000)
                        + "   0.0.0.0:0    LISTENING\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        ChildJvm.Result r = ChildJvm.run("022", List.of("-Xmx64m"), OutOfMemoryChild.class, "8", "audit", many.toString(),
                "--os", "windows", "--role", "clientmanager:manager");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        // the listeners fold while they are read, so the heap may run out in the audit after the reading
        assertThat(r.err()).matches("(?s)portolan: ran out of memory while (reading " + java.util.regex.Pattern.quote(many.toString())
                        + "|auditing) \\(Java heap limit .*")
                .contains("PORTOLAN_JAVA_OPTS=-Xmx4g")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
