package dev.portolan.spark;

import dev.portolan.cli.Main;
import dev.portolan.model.Severity;
import dev.portolan.report.FleetLines;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the Spark job in local[2] and checks it against {@code portolan audit --batch --format jsonl} on the same input:
 * the same finding lines for every host (order-insensitive, byte for byte), the same exit code.
 */
class FleetJobTest {
    static final Path ROOT = Path.of(System.getProperty("portolan.root", "..")).toAbsolutePath().normalize();
    static final Path SHARED = Path.of(System.getProperty("portolan.shared", "../../shared")).toAbsolutePath().normalize();
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("portolan-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theFleetSampleGivesTheSameFindingsAsBatchHostByHost(@TempDir Path tmp) throws Exception {
        Path manifest = ROOT.resolve("samples/fleet/hosts.csv");
        String input = ROOT.resolve("samples/fleet/collected").toString();
        FleetJob.Result r = job(tmp.resolve("out"), manifest, Severity.ERROR, input);
        Batch batch = batch(manifest, "error", input);

        assertThat(byHost(findingLines(tmp.resolve("out")))).isEqualTo(byHost(batch.lines()));
        assertThat(r.summary().hosts()).isEqualTo(12);
        assertThat(r.summary().findings()).isEqualTo(batch.lines().size());
        // the merged counts are those of the batch's lines, counted here independently
        Map<String, Long> severities = new TreeMap<>();
        Map<String, Long> codes = new TreeMap<>();
        java.util.Set<String> failing = new java.util.TreeSet<>();
        for (String l : batch.lines()) {
            var f = FleetLines.parseFinding(l);
            severities.merge(f.finding().severity().label(), 1L, Long::sum);
            codes.merge(f.finding().code().name(), 1L, Long::sum);
            if (f.finding().severity() == Severity.ERROR) failing.add(f.host());
        }
        assertThat(r.summary().bySeverity()).isEqualTo(severities);
        assertThat(r.summary().byCode()).isEqualTo(codes).containsEntry("BLOCKED_EXPECTED", 1L).containsEntry("EXPOSED_INTERNAL", 1L);
        // samples/fleet/README.md: 5 errors on 3 hosts
        assertThat(failing).containsExactly("dp-cs01", "jp1-mgr01", "quail");
        assertThat(severities).containsEntry("error", 5L);
        assertThat(r.summary().byStatus()).isEqualTo(Map.of("fail", 3L, "pass", 9L));
        assertThat(r.unreadable()).isEmpty();
        assertThat(r.exitCode(Severity.ERROR)).isEqualTo(batch.exitCode()).isEqualTo(1);
        assertHostLinesCountTheirFindings(tmp.resolve("out"), 12);

        // portolan report reads the folder back: the same lines and exit code again
        StringWriter report = new StringWriter();
        int code = Main.run(new PrintWriter(report), new PrintWriter(new StringWriter()), "report", tmp.resolve("out").toString(),
                "--format", "jsonl");
        assertThat(byHost(report.toString().lines().toList())).isEqualTo(byHost(batch.lines()));
        assertThat(code).isEqualTo(1);
    }

    @Test
    void aGeneratedFleetOfAThousandHostsGivesTheSameFindingsAsBatch(@TempDir Path tmp) throws Exception {
        Path fleet = tmp.resolve("fleet");
        Process gen = new ProcessBuilder("python3", SHARED.resolve("bench/gen_fleet.py").toString(), "1000", fleet.toString(),
                "--project", ROOT.toString(), "--shared", SHARED.toString()).redirectErrorStream(true).start();
        String genOut = new String(gen.getInputStream().readAllBytes());
        assertThat(gen.waitFor()).as(genOut).isZero();
        String input = fleet.resolve("collected").toString();
        FleetJob.Result r = job(tmp.resolve("out"), fleet.resolve("hosts.csv"), Severity.WARNING, input);
        Batch batch = batch(fleet.resolve("hosts.csv"), "warning", input);

        Map<String, List<String>> spark = byHost(findingLines(tmp.resolve("out")));
        Map<String, List<String>> local = byHost(batch.lines());
        assertThat(spark.keySet()).hasSize(1000).isEqualTo(local.keySet());
        for (String host : local.keySet()) assertThat(spark.get(host)).as(host).isEqualTo(local.get(host));
        assertThat(r.summary().hosts()).isEqualTo(1000);
        assertThat(r.summary().findings()).isEqualTo(batch.lines().size());
        // every 17th host listens on an undocumented tcp/4444, unless the generator made it a Linux host (ss dump as is)
        assertThat(local.values().stream().flatMap(List::stream).filter(l -> l.contains("\"UNKNOWN_LISTENER\"")
                && l.contains("\"port\":4444,")).count()).isEqualTo(48);
        assertThat(r.exitCode(Severity.WARNING)).isEqualTo(batch.exitCode()).isEqualTo(1);
        assertHostLinesCountTheirFindings(tmp.resolve("out"), 1000);
    }

    @Test
    void aTarballIsAHostAsInTheBatch(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("collected");
        Path packed = Files.createDirectories(tmp.resolve("pack/ws-01"));
        Files.copy(ROOT.resolve("samples/desktop-patrol-unknown-listener/netstat-ano.txt"), packed.resolve("netstat-ano.txt"));
        Files.writeString(packed.resolve("notes.txt"), "collected on Monday\n");
        Files.createDirectories(tree.resolve("ws-02"));
        Process tar = new ProcessBuilder("tar", "-C", tmp.resolve("pack").toString(), "-czf", tree.resolve("ws-01.tgz").toString(),
                "ws-01").redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        Files.copy(ROOT.resolve("samples/serverprotect-fallback/netstat-ano.txt"), tree.resolve("ws-02/netstat.txt"));
        FleetJob.Result r = job(tmp.resolve("out"), null, Severity.WARNING, tree.toString());
        Batch batch = batch(null, "warning", tree.toString());
        Map<String, List<String>> spark = byHost(findingLines(tmp.resolve("out")));
        assertThat(spark).isEqualTo(byHost(batch.lines()));
        assertThat(spark.keySet()).containsExactlyInAnyOrder("ws-01", "ws-02");
        // the tarball's dump is read (its unknown listener), its notes passed over as in a folder
        assertThat(spark.get("ws-01")).anyMatch(l -> l.contains("\"UNKNOWN_LISTENER\"") && l.contains("\"port\":8080,"))
                .anyMatch(l -> l.contains("ws-01.tgz!/ws-01/notes.txt"));
        assertThat(r.unreadable()).isEmpty();
        assertThat(r.exitCode(Severity.WARNING)).isEqualTo(batch.exitCode());
    }

    @Test
    void anUnreadableFileMakesItsHostUnreadableAndTheExitCodeTwo(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("collected");
        Files.createDirectories(tree.resolve("good"));
        Files.createDirectories(tree.resolve("bad"));
        Files.copy(ROOT.resolve("samples/serverprotect-fallback/netstat-ano.txt"), tree.resolve("good/netstat.txt"));
        Files.writeString(tree.resolve("bad/netstat.txt"), "");
        FleetJob.Result r = job(tmp.resolve("out"), null, Severity.ERROR, tree.toString());
        Batch batch = batch(null, "error", tree.toString());

        assertThat(byHost(findingLines(tmp.resolve("out")))).isEqualTo(byHost(batch.lines()));
        assertThat(r.unreadable()).containsExactly(tree.resolve("bad/netstat.txt") + ": the file is empty");
        assertThat(r.summary().byStatus()).isEqualTo(Map.of("pass", 1L, "unreadable", 1L));
        assertThat(r.summary().unreadableFiles()).isEqualTo(1);
        assertThat(r.exitCode(Severity.ERROR)).isEqualTo(batch.exitCode()).isEqualTo(2);
    }

    @Test
    void aSiteOverlayIsShippedToTheTasks(@TempDir Path tmp) throws Exception {
        Path manifest = ROOT.resolve("samples/fleet/hosts.csv");
        String input = ROOT.resolve("samples/fleet/collected").toString();
        String overlay = ROOT.resolve("src/test/resources/catalog/overlay").toString();
        FleetJob.Result r = FleetJob.run(sc, new FleetJob.Options(List.of(input), tmp.resolve("out").toString(), manifest.toString(),
                List.of(overlay), null, false, Severity.ERROR, 0, "test"));
        Batch batch = batch(manifest, "error", input, "--catalog", overlay);

        assertThat(byHost(findingLines(tmp.resolve("out")))).isEqualTo(byHost(batch.lines()));
        // the overlay moved Desktop Patrol's inventory port to tcp/12856: the three Desktop Patrol servers miss it
        assertThat(batch.lines().stream().filter(l -> l.contains("\"code\":\"MISSING_LISTENER\"") && l.contains("\"port\":12856,"))
                .map(l -> l.substring(0, l.indexOf(','))).toList())
                .containsExactly("{\"host\":\"dp-cs01\"", "{\"host\":\"dp-ds01\"", "{\"host\":\"dp-ds02\"");
        assertThat(r.exitCode(Severity.ERROR)).isEqualTo(batch.exitCode()).isEqualTo(1);
    }

    @Test
    void anExistingOutputFolderIsRefused(@TempDir Path tmp) {
        assertThatThrownBy(() -> job(tmp, null, Severity.ERROR, ROOT.resolve("samples/jp1-internal-exposed").toString()))
                .isInstanceOf(IOException.class).hasMessage(tmp + ": the output folder exists already (choose a new one)");
    }

    @Test
    void usageErrorsExitWithTwo() {
        StringWriter err = new StringWriter();
        assertThat(PortolanSpark.run(new PrintWriter(err), "samples")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--output=DIR'");
    }

    private static FleetJob.Result job(Path out, Path manifest, Severity failOn, String... inputs) throws IOException {
        return FleetJob.run(sc, new FleetJob.Options(List.of(inputs), out.toString(), manifest == null ? null : manifest.toString(),
                List.of(), null, false, failOn, 0, "test"));
    }

    record Batch(List<String> lines, int exitCode) {
    }

    private static Batch batch(Path manifest, String failOn, String input, String... more) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("audit", "--batch", "--format", "jsonl", "--fail-on", failOn));
        if (manifest != null) args.addAll(List.of("--hosts", manifest.toString()));
        args.addAll(List.of(more));
        args.add(input);
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        return new Batch(out.toString().lines().toList(), code);
    }

    private static List<String> findingLines(Path out) throws IOException {
        return partLines(out.resolve("findings"));
    }

    private static List<String> partLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    /** Host → its finding lines, sorted (the comparison ignores order, not content). */
    private static Map<String, List<String>> byHost(List<String> lines) throws IOException {
        Map<String, List<String>> m = new TreeMap<>();
        for (String l : lines) m.computeIfAbsent(FleetLines.parseFinding(l).host(), k -> new ArrayList<>()).add(l);
        m.values().forEach(l -> l.sort(null));
        return m;
    }

    private static void assertHostLinesCountTheirFindings(Path out, int hosts) throws IOException {
        List<String> hostLines = partLines(out.resolve("hosts"));
        assertThat(hostLines).hasSize(hosts);
        Map<String, List<String>> findings = byHost(findingLines(out));
        for (String l : hostLines) {
            FleetLines.HostLine h = FleetLines.parseHost(l);
            assertThat(findings.getOrDefault(h.host().name(), List.of())).as(h.host().name()).hasSize(h.findings());
        }
    }
}
