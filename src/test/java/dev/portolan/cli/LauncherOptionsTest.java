package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options the {@code portolan} launcher picks from the command and its inputs (bench/jit/RESULTS.md says why
 * each): {@code PORTOLAN_DRY_RUN=1} prints the java command instead of running it. Big inputs are sparse files: the
 * launcher looks only at a file's size and first bytes. Needs bash (not on Windows, whose launcher is portolan.cmd).
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherOptionsTest {
    private static final String C1 = "-XX:TieredStopAtLevel=1";
    private static final List<String> SHALLOW = List.of("-XX:FreqInlineSize=50", "-XX:InlineSmallCode=500", "-XX:MaxInlineLevel=6");
    private static final String LESS_EAGER_C2 = "-XX:CompileThresholdScaling=3";
    private static final String NETSTAT = "samples/clientmanager-manager-healthy/netstat-ano.txt";
    private static final String FIREWALL_LOG = "samples/desktop-patrol-cs-firewall-drop/pfirewall.log";
    private static final String CAPTURE = "samples/deliverymanager-capture/deliverymanager.pcap";

    @TempDir
    Path dir;

    private static List<String> command(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("portolan").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PORTOLAN_JAVA_OPTS");
        pb.environment().put("PORTOLAN_DRY_RUN", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        List<String> words = out.lines().toList();
        assertThat(words).as(out).startsWith("java").contains("-jar");
        return words;
    }

    private static List<String> command(String... args) throws IOException, InterruptedException {
        return command(Map.of(), args);
    }

    /** A file of {@code size} bytes that starts with {@code head} (the rest a hole: no disk is used). */
    private Path sparse(String name, byte[] head, long size) throws IOException {
        Path f = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(head);
            raf.setLength(size);
        }
        return f;
    }

    private Path bigFirewallLog(String name, long size) throws IOException {
        return sparse(name, "#Version: 1.5\n#Software: Microsoft Windows Firewall\n".getBytes(StandardCharsets.US_ASCII), size);
    }

    @Test
    void aSmallAuditRunsOnTheFirstTierAlone() throws Exception {
        List<String> c = command("audit", "--role", "clientmanager:manager", NETSTAT);
        assertThat(c).contains(C1, "-XX:MaxNewSize=128m").doesNotContainAnyElementsOf(SHALLOW);
        // and one compiler thread: the second took CPU from the job's own threads
        assertThat(c).containsOnlyOnce("-XX:CICompilerCount=1");
        assertThat(c.subList(c.indexOf("-jar") + 2, c.size())).containsExactly("audit", "--role", "clientmanager:manager", NETSTAT);
    }

    @Test
    void theValueOfAnOutputOptionIsNoInput() throws Exception {
        // a big file named by -o is where the report goes, not something read: the capture alone decides
        Path big = bigFirewallLog("old-report.json", 300L << 20);
        assertThat(command("audit", "-o", big.toString(), CAPTURE)).contains(C1);
        assertThat(command("audit", "--output", big.toString(), FIREWALL_LOG)).contains(C1);
    }

    @Test
    void bigFirewallLogsKeepBothTiersWithShallowInlining() throws Exception {
        Path a = bigFirewallLog("a.log", 400L << 20);
        Path b = bigFirewallLog("b.log", 200L << 20);
        // 600 MB in all: above the first-tier limit of firewall logs; every input a firewall log
        List<String> c = command("audit", "--host", "10.0.0.1", a.toString(), b.toString());
        assertThat(c).doesNotContain(C1, "-XX:CICompilerCount=1").containsAll(SHALLOW).contains(LESS_EAGER_C2);
        // one of them alone (400 MB: above other inputs' limit of 128 MB) is small enough for the first tier
        assertThat(command("audit", a.toString())).contains(C1).doesNotContainAnyElementsOf(SHALLOW).doesNotContain(LESS_EAGER_C2);
        // a header-less log is recognised by the year its first record starts with
        Path headerless = sparse("c.log", "2024-01-15 00:00:00 ALLOW TCP 10.0.0.2 10.0.0.1 50000 443 0 - - - - - - - RECEIVE\n"
                .getBytes(StandardCharsets.US_ASCII), 600L << 20);
        assertThat(command("audit", headerless.toString())).doesNotContain(C1).containsAll(SHALLOW);
        assertThat(command("audit", b.toString(), CAPTURE)).contains(C1);
        // with any other input the limit is 128 MB: 200 MB of log and a small netstat dump keep both tiers
        assertThat(command("audit", b.toString(), NETSTAT)).doesNotContain(C1);
    }

    @Test
    void aBigNetstatDumpKeepsTheCompilersDefaults() throws Exception {
        Path dump = sparse("netstat.txt", "\r\nActive Connections\r\n".getBytes(StandardCharsets.US_ASCII), 200L << 20);
        List<String> c = command("audit", dump.toString());
        assertThat(c).doesNotContain(C1, LESS_EAGER_C2).doesNotContainAnyElementsOf(SHALLOW);
        // through a symbolic link: the size of the file it names, not of the link
        Path link = Files.createSymbolicLink(dir.resolve("dump-link.txt"), dump);
        assertThat(command("audit", link.toString())).doesNotContain(C1).doesNotContainAnyElementsOf(SHALLOW);
        // a big netstat dump with a big firewall log: not all logs, so no shallow inlining either
        Path log = bigFirewallLog("big.log", 200L << 20);
        assertThat(command("audit", dump.toString(), log.toString())).doesNotContain(C1).doesNotContainAnyElementsOf(SHALLOW);
    }

    @Test
    void compressedInputsCountTenTimesTheirSize() throws Exception {
        Path gz13 = sparse("small.log.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0}, 13L << 20);
        Path gz12 = sparse("smaller.log.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0}, 12L << 20);
        assertThat(command("audit", gz13.toString())).doesNotContain(C1);
        assertThat(command("audit", gz12.toString())).contains(C1);
    }

    @Test
    void capturesOfAnySizeRunOnTheFirstTier() throws Exception {
        Path bigPcap = sparse("big.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, 1L << 30);
        assertThat(command("audit", bigPcap.toString())).contains(C1);
        assertThat(command("flows", "--format", "csv", bigPcap.toString())).contains(C1);
        Path bigPcapng = sparse("big.pcapng", new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, 1L << 30);
        assertThat(command("flows", bigPcapng.toString(), CAPTURE)).contains(C1);
        // flows of firewall logs (and captures): the first tier up to 512 MB of logs, above it both tiers, inlining
        // shallowly; of anything else both tiers
        assertThat(command("flows", FIREWALL_LOG)).contains(C1).doesNotContainAnyElementsOf(SHALLOW);
        assertThat(command("flows", CAPTURE, FIREWALL_LOG)).contains(C1);
        Path bigLog = bigFirewallLog("big.log", 600L << 20);
        assertThat(command("flows", bigLog.toString())).doesNotContain(C1, LESS_EAGER_C2).containsAll(SHALLOW);
        assertThat(command("flows", CAPTURE, bigLog.toString())).doesNotContain(C1).containsAll(SHALLOW);
        assertThat(command("flows", NETSTAT)).doesNotContain(C1).doesNotContainAnyElementsOf(SHALLOW);
        assertThat(command("flows", NETSTAT, FIREWALL_LOG)).doesNotContain(C1).doesNotContainAnyElementsOf(SHALLOW);
    }

    @Test
    void standardInputBatchesAndBigFoldersKeepBothTiers() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.copy(Path.of(NETSTAT), bundle.resolve("netstat-ano.txt"));
        // a folder counts as other files of its size: a small one (a support bundle) is the first tier's
        assertThat(command("audit", bundle.toString())).contains(C1);
        assertThat(command("audit", bundle.toString(), NETSTAT)).contains(C1);
        Path big = Files.createDirectories(dir.resolve("big"));
        Files.move(sparse("dump.txt", "Active Connections\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 129L << 20),
                big.resolve("dump.txt"));
        assertThat(command("audit", big.toString())).doesNotContain(C1);
        assertThat(command("audit", "-")).doesNotContain(C1);
        List<String> batch = command("audit", "--batch", bundle.toString());
        assertThat(batch).doesNotContain(C1, LESS_EAGER_C2).containsAll(SHALLOW).contains("-XX:MaxNewSize=256m");
    }

    @Test
    void theUsersJavaOptionsReplaceAllOfTheLaunchers() throws Exception {
        List<String> c = command(Map.of("PORTOLAN_JAVA_OPTS", "-Xmx3g -XX:+UseSerialGC"), "audit", "--batch", NETSTAT);
        assertThat(c.subList(0, c.indexOf("-jar"))).containsExactly("java", "-Xmx3g", "-XX:+UseSerialGC");
    }

    @Test
    void otherCommandsGetOnlyTheHeapOptions() throws Exception {
        List<String> c = command(Map.of("PORTOLAN_THP_MODE_FILE", thpMode("always madvise [never]").toString()), "catalog", "list");
        assertThat(c.subList(0, c.indexOf("-jar"))).containsExactly("java", "-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:MaxNewSize=128m");
    }

    private Path thpMode(String line) throws IOException {
        Path f = Files.createTempFile(dir, "thp", ".txt");
        Files.writeString(f, line + "\n");
        return f;
    }

    @Test
    void transparentHugePagesOnlyWhereTheKernelGivesThemOnRequest() throws Exception {
        String thp = "-XX:+UseTransparentHugePages";
        for (String[] cmd : new String[][] {{"catalog", "list"}, {"audit", NETSTAT}, {"flows", FIREWALL_LOG}, {"--version"}}) {
            assertThat(command(Map.of("PORTOLAN_THP_MODE_FILE", thpMode("always [madvise] never").toString()), cmd)).contains(thp);
            // "never": the JVM would warn on standard output (into a flow table written there); "always": the kernel does it
            assertThat(command(Map.of("PORTOLAN_THP_MODE_FILE", thpMode("always madvise [never]").toString()), cmd)).doesNotContain(thp);
            assertThat(command(Map.of("PORTOLAN_THP_MODE_FILE", thpMode("[always] madvise never").toString()), cmd)).doesNotContain(thp);
            assertThat(command(Map.of("PORTOLAN_THP_MODE_FILE", dir.resolve("absent").toString()), cmd)).doesNotContain(thp);
        }
        // the user's own options replace the launcher's, this one too
        assertThat(command(Map.of("PORTOLAN_THP_MODE_FILE", thpMode("always [madvise] never").toString(),
                "PORTOLAN_JAVA_OPTS", "-Xmx1g"), "audit", NETSTAT)).doesNotContain(thp);
    }
}
