package dev.portolan.report;

import dev.portolan.ChildJvm;
import dev.portolan.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicOutputTest {
    private static final Path QUAIL = Paths.get(System.getProperty("portolan.root", "."), "samples", "clientmanager-quail-e2", "netstat-a.txt");

    @TempDir
    Path dir;

    @Test
    void aNewFileGetsTheModeTheUmaskGives() throws Exception {
        Path out = dir.resolve("report.txt");
        AtomicOutput.write(out, w -> w.write("x\n"));
        int umask = Integer.parseInt(run("sh", "-c", "umask").strip(), 8);
        String expected = PosixFilePermissions.toString(PosixFilePermissions.fromString("rw-rw-rw-").stream()
                .filter(p -> (umask & (1 << (8 - p.ordinal()))) == 0).collect(java.util.stream.Collectors.toSet()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo(expected);
        assertThat(temps()).isEmpty();
    }

    @Test
    void aReplacedRegularFileKeepsItsModeAndGetsTheNewContent() throws Exception {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicOutput.write(out, w -> w.write("new\n"));
        assertThat(Files.readString(out)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
    }

    @Test
    void aSymlinkToARegularFileIsKeptAndItsTargetReplaced() throws Exception {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Paths.get("real.txt"));
        AtomicOutput.write(link, w -> w.write("new\n"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
        assertThat(temps()).isEmpty();
    }

    @Test
    void aCharacterDeviceIsWrittenStraightNotReplaced() throws Exception {
        Path dev = dir.resolve("null-copy");
        assumeTrue(tryRun("mknod", dev.toString(), "c", "1", "3"), "mknod needs root");
        AtomicOutput.write(dev, w -> w.write("into the void\n"));
        BasicFileAttributes a = Files.readAttributes(dev, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(a.isOther()).as("still a device").isTrue();
        Path link = Files.createSymbolicLink(dir.resolve("to-null"), dev);
        AtomicOutput.write(link, w -> w.write("again\n"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAttributes(dev, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
    }

    @Test
    void aFifoIsWrittenStraightAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        assumeTrue(tryRun("mkfifo", fifo.toString()), "mkfifo missing");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicOutput.write(fifo, w -> w.write("through the pipe\n"));
        assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("through the pipe\n");
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(temps()).isEmpty();
    }

    @Test
    void aSymlinkToProcSelfFdIsWrittenStraight() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("stdout-link"), Paths.get("/proc/self/fd/1"));
        AtomicOutput.write(link, w -> w.write(""));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(temps()).isEmpty();
    }

    @Test
    void staleTempsOfDeadProcessesAreRemovedThoseOfLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(dir.resolve(".report.txt" + AtomicOutput.TEMP_MARK + gone.pid()), "half");
        Path live = Files.writeString(dir.resolve(".report.txt" + AtomicOutput.TEMP_MARK + "1"), "init is alive");
        Path other = Files.writeString(dir.resolve(".other.txt" + AtomicOutput.TEMP_MARK + gone.pid()), "not ours");
        AtomicOutput.write(dir.resolve("report.txt"), w -> w.write("x\n"));
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
    }

    @Test
    void anOutputOntoAnInputIsRefusedWithExit2() throws Exception {
        Path input = Files.copy(QUAIL, dir.resolve("quail.txt"));
        byte[] before = Files.readAllBytes(input);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "audit", input.toString(),
                "--role", "clientmanager:agent", "-o", input.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("would overwrite the input " + input);
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        // a file inside a given input folder is an input too; a link to an input is the input
        assertThat(AtomicOutput.clashingInput(input, List.of(dir))).contains(dir);
        Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link.txt"), input);
        try {
            assertThat(AtomicOutput.clashingInput(link, List.of(input))).contains(input);
        } finally {
            Files.delete(link);
        }
        assertThat(AtomicOutput.clashingInput(dir.resolve("new.txt"), List.of(dir))).isEmpty();
    }

    @Test
    void sigtermAndSigintLeaveNoTemporaryBehindAndFilesGet0644UnderUmask022() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path done = dir.resolve("done-" + signal + ".txt");
            Path half = dir.resolve("half-" + signal + ".txt");
            Process child = ChildJvm.command("022", List.of(), AtomicOutputChild.class, done.toString(), half.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(r.readLine()).isEqualTo("writing");
                assertThat(temps()).hasSize(1);
                run("kill", "-" + signal, Long.toString(child.pid()));
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(temps()).as("after SIG" + signal).isEmpty();
            assertThat(half).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(done))).isEqualTo("rw-r--r--");
        }
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(AtomicOutput.TEMP_MARK)).toList();
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static boolean tryRun(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
