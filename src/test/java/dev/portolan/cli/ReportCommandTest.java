package dev.portolan.cli;

import dev.portolan.audit.Auditor;
import dev.portolan.batch.AuditJob;
import dev.portolan.batch.FleetCounts;
import dev.portolan.batch.HostStatus;
import dev.portolan.batch.HostsManifest;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import dev.portolan.report.FleetLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code portolan report DIR} on a result folder laid out as the Spark job writes it (two partitions), built here from
 * the samples with the library: it gives back exactly what {@code audit --batch} gives.
 */
class ReportCommandTest {

    /** Writes hosts/ and findings/ in two part files each (the first {@code split} hosts in part 0) and summary.json. */
    static void writeResults(Path dir, List<HostReport> hosts, int split, Severity failOn) throws Exception {
        Files.createDirectories(dir.resolve("hosts"));
        Files.createDirectories(dir.resolve("findings"));
        FleetCounts counts = FleetCounts.empty();
        for (int part = 0; part < 2; part++) {
            List<String> hostLines = new ArrayList<>();
            List<String> findingLines = new ArrayList<>();
            for (HostReport h : part == 0 ? hosts.subList(0, split) : hosts.subList(split, hosts.size())) {
                HostStatus status = HostStatus.of(h, failOn, false);
                hostLines.add(FleetLines.hostLine(h, status, List.of()));
                findingLines.addAll(FleetLines.findingLines(h, failOn));
                counts = counts.merge(FleetCounts.of(h, status, 0));
            }
            Files.write(dir.resolve("hosts/part-0000" + part), hostLines);
            Files.write(dir.resolve("findings/part-0000" + part), findingLines);
        }
        Files.writeString(dir.resolve("summary.json"), FleetLines.summary(counts, failOn, "test", Instant.EPOCH));
    }

    /** samples/fleet audited by the library, as the Spark job's tasks audit it. */
    static List<HostReport> fleet() throws Exception {
        var catalog = CatalogLoader.loadBundled();
        return AuditJob.builder(new Auditor(catalog)).inputs(List.of(Path.of("samples/fleet/collected"))).batch(true)
                .manifest(HostsManifest.read(Path.of("samples/fleet/hosts.csv"), catalog)).build().run().report().hosts();
    }

    @Test
    void aResultFolderRendersAsTheBatchItCameFrom(@TempDir Path tmp) throws Exception {
        List<HostReport> hosts = fleet();
        assertThat(hosts).hasSize(12);
        writeResults(tmp.resolve("out"), hosts, 4, Severity.WARNING);
        CliTest.Run batch = CliTest.run("audit", "--batch", "--hosts", "samples/fleet/hosts.csv", "--format", "jsonl",
                "--fail-on", "warning", "samples/fleet/collected");

        CliTest.Run report = CliTest.run("report", tmp.resolve("out").toString(), "--format", "jsonl");
        assertThat(report.out()).isEqualTo(batch.out());
        assertThat(report.out().lines().count()).isEqualTo(hosts.stream().mapToLong(h -> h.findings().size()).sum());
        // the threshold the job ran with (warning) decides, like the batch's; --fail-on overrides it
        assertThat(report.code()).isEqualTo(batch.code()).isEqualTo(1);
        assertThat(CliTest.run("report", tmp.resolve("out").toString(), "--format", "jsonl", "--fail-on", "never").code()).isZero();

        CliTest.Run html = CliTest.run("report", tmp.resolve("out").toString(), "-o", tmp.resolve("fleet.html").toString());
        assertThat(html.err()).contains("wrote " + tmp.resolve("fleet.html") + " (12 host(s), " + report.out().lines().count() + " finding(s))");
        String page = Files.readString(tmp.resolve("fleet.html"));
        for (HostReport h : hosts) assertThat(page).contains(h.host().name());

        // -o repeats, each file in the format its extension names: the folder is read once per report
        CliTest.Run batchCsv = CliTest.run("audit", "--batch", "--hosts", "samples/fleet/hosts.csv", "--format", "csv",
                "--fail-on", "warning", "samples/fleet/collected");
        CliTest.Run several = CliTest.run("report", tmp.resolve("out").toString(), "-o", tmp.resolve("all.jsonl").toString(),
                "-o", tmp.resolve("all.csv").toString());
        assertThat(several.code()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("all.jsonl"))).isEqualTo(batch.out());
        assertThat(Files.readString(tmp.resolve("all.csv"))).isEqualTo(batchCsv.out());
    }

    @Test
    void aDamagedOrMissingFolderIsExit2WithWhatIsWrong(@TempDir Path tmp) throws Exception {
        CliTest.Run missing = CliTest.run("report", tmp.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains(tmp.resolve("nothing/summary.json") + ": no such file");

        List<HostReport> hosts = fleet();
        writeResults(tmp.resolve("out"), hosts, 4, Severity.ERROR);
        assertThat(hosts.get(4).findings()).isNotEmpty();
        // the findings of the second part are lost: the folder is not of one run any more
        Files.write(tmp.resolve("out/findings/part-00001"), List.of());
        CliTest.Run damaged = CliTest.run("report", tmp.resolve("out").toString(), "--format", "jsonl");
        assertThat(damaged.code()).isEqualTo(2);
        assertThat(damaged.err()).contains(tmp.resolve("out/findings") + ": ends before the findings of host " + hosts.get(4).host().name());
    }
}
