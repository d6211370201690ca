package dev.portolan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portolan.batch.AuditResults;
import dev.portolan.batch.HostsManifest;
import dev.portolan.batch.Suppressions;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.FoldRecording;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.ingest.netstat.NetstatReader;
import dev.portolan.ingest.pcap.CaptureReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzzing of every reader and every file a user gives. Each target writes the input to a file (the
 * readers take paths) and reads it: an IOException (unreadable, with a message naming the file) is an accepted
 * outcome, anything else (a RuntimeException, an Error, a hang) is a bug.
 * <p>
 * In the normal test run these are regression tests: each runs its seeds and committed crash inputs from
 * {@code src/test/resources/dev/portolan/fuzz/InputFuzzTestInputs/<method>/}. Real fuzzing, one target at a time:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=InputFuzzTest#netstat -Djazzer.max_duration=10m} (see docs/robustness.md).
 */
class InputFuzzTest {
    private static final Path DIR = tempDir();

    @FuzzTest(maxDuration = "5m")
    void netstat(byte[] data) {
        read(data, f -> new NetstatReader().read(Source.of(f)));
    }

    @FuzzTest(maxDuration = "5m")
    void firewallLog(byte[] data) {
        // the caches of recent lines from the first line: the default makes them only after 2,048 lines
        read(data, f -> new FirewallLogReader(FirewallLogReader.Options.defaults().withCachesAfter(0)).read(Source.of(f)));
    }

    /**
     * Any bytes as a firewall log read in fold mode (as an audit reads) by one thread and by two in pieces (the rest
     * handed over, pieces taken from each other; 64-byte buffers so that a few KB make several): the same lines folded,
     * with the same numbers and values, each fold's in file order, the same first problems and counts.
     */
    @FuzzTest(maxDuration = "5m")
    void firewallLogInPieces(byte[] data) throws IOException {
        Path f = DIR.resolve("pieces-" + Thread.currentThread().getId());
        try {
            Files.write(f, data);
            FirewallLogReader.Options base = FirewallLogReader.Options.defaults().withFlowCap(64).withBufferSize(64).withCachesAfter(0);
            FoldRecording one = new FoldRecording(-1);
            FoldRecording two = new FoldRecording(-1);
            FileSummary a;
            FileSummary b;
            try {
                a = new FirewallLogReader(base.withThreads(1)).read(Source.of(f), one);
            } catch (IOException unreadable) {
                // then the read in pieces must say so too
                try {
                    new FirewallLogReader(base.withThreads(2).withChunks(2).withMinParallelBytes(0)).read(Source.of(f), new FoldRecording(-1));
                } catch (IOException expected) {
                    return;
                }
                throw new AssertionError("unreadable by one thread only: " + unreadable.getMessage());
            }
            b = new FirewallLogReader(base.withThreads(2).withChunks(2).withMinParallelBytes(0)).read(Source.of(f), two);
            if (!one.lines().equals(two.lines())) throw new AssertionError("other lines folded in pieces");
            if (!two.outOfOrder.isEmpty()) throw new AssertionError("a fold got lines out of order: " + two.outOfOrder.get(0));
            int kept = Math.min(one.problems.size(), two.problems.size());
            if (!one.problems.subList(0, kept).equals(two.problems.subList(0, kept)) || (one.problems.size() < ReadResult.MAX_PROBLEMS
                    && one.problems.size() != two.problems.size())) {
                throw new AssertionError("other problems in pieces");
            }
            if (a.records() != b.records() || a.problems() != b.problems() || !a.notes().equals(b.notes())) {
                throw new AssertionError("other counts in pieces: " + a + " / " + b);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /**
     * Any bytes as a firewall log read into its whole flow table (as {@code portolan flows} reads) by one thread and in
     * three chunks on two (each chunk's table of compact keys, merged in file order; 256-byte buffers, so that real
     * lines of a few KB of log are records and make several chunks): the same flows in the same order, with the same
     * counts, times and evidence lines (their CSV), the same counts of lines.
     */
    @FuzzTest(maxDuration = "5m")
    void firewallFlowsInPieces(byte[] data) throws IOException {
        Path f = DIR.resolve("flows-" + Thread.currentThread().getId());
        try {
            Files.write(f, data);
            FirewallLogReader.Options base = FirewallLogReader.Options.defaults().withFlowCap(0).withBufferSize(256).withCachesAfter(0)
                    .withEvidenceText(false);
            ReadResult one;
            try {
                one = new FirewallLogReader(base.withThreads(1)).readLog(Source.of(f)).result();
            } catch (IOException unreadable) {
                try {
                    new FirewallLogReader(base.withThreads(2).withChunks(3).withMinParallelBytes(0)).readLog(Source.of(f));
                } catch (IOException expected) {
                    return;
                }
                throw new AssertionError("unreadable by one thread only: " + unreadable.getMessage());
            }
            ReadResult two = new FirewallLogReader(base.withThreads(2).withChunks(3).withMinParallelBytes(0)).readLog(Source.of(f)).result();
            if (!csv(one.flows()).equals(csv(two.flows()))) throw new AssertionError("other flows read in pieces");
            if (one.records() != two.records() || one.problems().size() != two.problems().size()) {
                throw new AssertionError("other counts read in pieces: " + one.records() + "/" + two.records() + " records, "
                        + one.problems().size() + "/" + two.problems().size() + " problems");
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static String csv(List<dev.portolan.model.Flow> flows) throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        dev.portolan.report.flows.FlowTableWriter.write(flows, dev.portolan.report.flows.FlowTableWriter.Format.CSV, w);
        return w.toString();
    }

    /** pcap and pcapng: the capture reader detects which by the magic. */
    @FuzzTest(maxDuration = "5m")
    void capture(byte[] data) {
        read(data, f -> new CaptureReader().read(Source.of(f)));
    }

    /**
     * Any content gzip-wrapped (xz-wrapped when bit 2 of the first byte is set), then damaged as the first two bytes
     * say: bit 0 of the first cuts the compressed data at {@code second/256} of its length, bit 1 flips a byte there (a
     * bad CRC or corrupt data).
     */
    @FuzzTest(maxDuration = "5m")
    void gzipWrapped(byte[] data) throws IOException {
        if (data.length < 2) return;
        byte[] content = java.util.Arrays.copyOfRange(data, 2, data.length);
        byte[] gz = (data[0] & 4) != 0 ? xz(content) : gzip(content);
        int at = (data[1] & 0xff) * gz.length / 256;
        if ((data[0] & 2) != 0 && at < gz.length) gz[at] ^= 0x5a;
        if ((data[0] & 1) != 0) gz = java.util.Arrays.copyOf(gz, at);
        read(gz, f -> Inputs.read(Source.of(f), ReadOptions.defaults()));
    }

    /**
     * Bytes after a bzip2 stream header and block mark (unless they start with their own header), read as an input: the
     * block decoding (tables, selectors, move-to-front, the inverse transform) before any checksum can stop it. Seeds:
     * bzip2 files of a netstat dump, a firewall log, a capture and a tar.
     */
    @FuzzTest(maxDuration = "5m")
    void bzip2(byte[] data) {
        byte[] header = {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
        boolean own = data.length >= 3 && data[0] == 'B' && data[1] == 'Z' && data[2] == 'h';
        byte[] bz = own ? data : new byte[header.length + data.length];
        if (!own) {
            System.arraycopy(header, 0, bz, 0, header.length);
            System.arraycopy(data, 0, bz, header.length, data.length);
        }
        read(bz, f -> Inputs.read(Source.of(f), ReadOptions.defaults()));
    }

    /**
     * Raw bytes as an archive given by its path (a tar, plain or compressed, or a zip): listed, then each file in it read
     * as an input (seeds: the GNU, pax, ustar and V7 tars of fixtures/archives).
     */
    @FuzzTest(maxDuration = "5m")
    void archive(byte[] data) {
        read(data, f -> {
            if (!dev.portolan.ingest.Archives.isArchive(f)) return null;
            for (Source s : dev.portolan.ingest.Archives.list(f).sources()) {
                try {
                    Inputs.read(s, ReadOptions.defaults());
                } catch (IOException expected) {
                    // a file in it that is no input, or damaged: said by the read, as for a file on disk
                }
            }
            return null;
        });
    }

    /** Raw bytes through detection (whatever the reader it picks). */
    @FuzzTest(maxDuration = "5m")
    void detected(byte[] data) {
        read(data, f -> Inputs.read(Source.of(f), ReadOptions.defaults()));
    }

    @FuzzTest(maxDuration = "5m")
    void catalogCsv(byte[] data) {
        read(data, f -> {
            Path dir = Files.createDirectories(f.resolveSibling(f.getFileName() + ".d"));
            Path csv = Files.move(f, dir.resolve("site.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try {
                return CatalogLoader.lint(List.of(dir), true);
            } finally {
                Files.deleteIfExists(csv);
                Files.deleteIfExists(dir);
            }
        });
    }

    @FuzzTest(maxDuration = "5m")
    void hostsManifest(byte[] data) {
        read(data, HostsManifest::read);
    }

    @FuzzTest(maxDuration = "5m")
    void suppressionFile(byte[] data) {
        read(data, f -> Suppressions.read(f, LocalDate.of(2026, 11, 30)));
    }

    /** The json or jsonl result of an earlier audit, as {@code portolan diff} and {@code --baseline} read it. */
    @FuzzTest(maxDuration = "5m")
    void auditResult(byte[] data) {
        read(data, f -> {
            AuditResults.read(f, host -> { });
            return null;
        });
    }

    @FunctionalInterface
    private interface FileRead {
        Object read(Path file) throws IOException;
    }

    private static void read(byte[] data, FileRead reader) {
        Path f = DIR.resolve("input-" + Thread.currentThread().getId());
        try {
            Files.write(f, data);
            reader.read(f);
        } catch (IOException expected) {
            // unreadable input: the message names the file; that is the designed outcome
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (org.tukaani.xz.XZOutputStream xz = new org.tukaani.xz.XZOutputStream(out, new org.tukaani.xz.LZMA2Options(1))) {
            xz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("portolan-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
