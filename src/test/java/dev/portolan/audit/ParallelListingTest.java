package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.report.JsonRenderer;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host with thousands of service groups has them merged, built and listed on every core ({@link ServiceAggregator#addAll},
 * {@link ServiceAggregator#groups}, {@link GroupListing#fold}): the report is the one a single thread writes. The read
 * and the audit's end run in a pool of one worker (every parallel step then runs on that worker, one after the other)
 * and in a pool of four, the log read by one thread and by two.
 */
class ParallelListingTest {
    private static Catalog catalog;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    @Test
    void thousandsOfGroupsListTheSameOnOneWorkerAsOnFour() throws Exception {
        // 3,000 loopback addresses (each kept exactly by the audit: a group of its own) on two ports, from random
        // originators, and a few ordinary lines: over 6,000 groups, listed as a few once the loopback addresses fold
        Random r = new Random(11);
        StringBuilder log = new StringBuilder("#Version: 1.5\n#Fields: date time action protocol src-ip dst-ip src-port dst-port size path\n");
        for (int i = 0; i < 12_000; i++) {
            int a = i % 3000;
            String dst = "127.0." + (a / 250) + "." + (1 + a % 250);
            String src = i % 5 == 0 ? "10.0.0.1" : "192.168." + r.nextInt(4) + "." + (1 + r.nextInt(200));
            log.append(String.format("2024-01-15 %02d:%02d:%02d %s TCP %s %s %d %d %d RECEIVE%n", i / 3600 % 24, i / 60 % 60, i % 60,
                    r.nextInt(4) == 0 ? "DROP" : "ALLOW", src, dst, 49152 + r.nextInt(16000), i % 2 == 0 ? 80 : 443, 40 + r.nextInt(1400)));
        }
        Path file = Files.writeString(dir.resolve("pfirewall.log"), log.toString());

        String one = json(file, 1, 1);
        assertThat(json(file, 4, 1)).isEqualTo(one);
        // read by two threads: their folds (thousands of groups each) merge group by group on every core
        assertThat(json(file, 1, 2)).isEqualTo(one);
        assertThat(json(file, 4, 2)).isEqualTo(one);
        // the listing folded thousands of loopback groups into their class, counts summed
        assertThat(one).contains("\"resp_h\":\"127.0.0.0/8\"").containsPattern("\"folded_groups\":\\d{4}");
    }

    /** The host's JSON report of the log, read by {@code threads} threads, the read and the audit's end in a pool of {@code workers}. */
    private static String json(Path log, int workers, int threads) throws Exception {
        Host host = Host.builder().name("h").os(OsFamily.WINDOWS).address("10.0.0.1").role("desktop-patrol:cs").build();
        Auditor auditor = new Auditor(catalog);
        HostAudit audit = auditor.start(host, Auditor.Options.of(true, Map.of()));
        Source source = Source.of(log);
        audit.file(source);
        FirewallLogReader.Options options = FirewallLogReader.Options.defaults().withFlowCap(64).withThreads(threads)
                .withChunks(threads).withMinParallelBytes(0);
        ForkJoinPool pool = new ForkJoinPool(workers);
        try {
            HostReport report = pool.submit(() -> {
                audit.read(new FirewallLogReader(options).read(source, audit));
                return audit.finish();
            }).get();
            StringWriter out = new StringWriter();
            ReportWriter w = new JsonRenderer().open(out, new RunInfo(Instant.EPOCH, "test"));
            w.host(report);
            w.end(dev.portolan.report.RunSummary.of(List.of(report)));
            return out.toString();
        } finally {
            pool.shutdown();
        }
    }
}
