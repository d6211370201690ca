package dev.portolan.batch;

import dev.portolan.audit.Auditor;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.report.JsonRenderer;
import dev.portolan.report.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports are sized for people: the JSON report of a generated log where nearly every line is a new flow stays
 * under a stated size (1 MB for 400,000 lines, ~40 MB of log), and grows with what is distinct for the audit rather
 * than with the lines (4x the lines give less than 2x the report). Measured 0.43 MB and 0.68 MB (service groups one
 * line each; past eight of a kind, loopback and self-talking addresses and catalog-named ephemeral source ports
 * listed by class, see GroupListing); before those 0.94 MB and 2.46 MB; before the streaming pipeline every flow was
 * in the report: ~800 characters of JSON per line.
 */
class ReportSizeTest {
    /** The stated bound for the 400,000-line log (about 40 MB of log). */
    static final long LIMIT_BYTES = 1_000_000;

    @TempDir
    Path dir;

    /** Like ../shared/bench/gen_fwlog.py: random ephemeral source ports, 500 local and 5,000 remote addresses. */
    static Path generate(Path file, int lines, long seed) throws IOException {
        Random rnd = new Random(seed);
        int[] tcp = {443, 443, 443, 80, 445, 3389, 135, 139, 22, 8080, 5985, 1433, 25, 993};
        int[] udp = {53, 53, 53, 137, 138, 1900, 5353, 123, 67, 500, 3702};
        String[] remote = new String[5000];
        for (int i = 0; i < remote.length; i++) {
            remote[i] = (1 + rnd.nextInt(223)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n#Fields: date time action "
                    + "protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n\n");
            StringBuilder b = new StringBuilder(200);
            for (int i = 0; i < lines; i++) {
                b.setLength(0);
                int sec = i / 60;
                b.append("2024-01-15 ").append(two(sec / 3600 % 24)).append(':').append(two(sec / 60 % 60)).append(':')
                        .append(two(sec % 60)).append(' ');
                boolean drop = rnd.nextInt(10) < 3;
                boolean isTcp = rnd.nextInt(100) < 65;
                boolean send = rnd.nextInt(100) < 55;
                String local = "192.168." + rnd.nextInt(2) + "." + (1 + rnd.nextInt(250));
                // as the bench's generator: three in ten other ends are local too (some the same address)
                String other = rnd.nextInt(10) < 3 ? "192.168." + rnd.nextInt(2) + "." + (1 + rnd.nextInt(250))
                        : remote[rnd.nextInt(remote.length)];
                int sport = 49152 + rnd.nextInt(16384);
                int dport = isTcp ? tcp[rnd.nextInt(tcp.length)] : udp[rnd.nextInt(udp.length)];
                b.append(drop ? "DROP " : "ALLOW ").append(isTcp ? "TCP " : "UDP ")
                        .append(send ? local : other).append(' ').append(send ? other : local).append(' ')
                        .append(sport).append(' ').append(dport).append(" 52 - - - - - - - ")
                        .append(send ? "SEND" : "RECEIVE").append(" 4\n");
                w.write(b.toString());
            }
        }
        return file;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private long jsonReportSize(Path log) throws Exception {
        Host host = Host.builder().name("192.168.0.1").address("192.168.0.1").os(OsFamily.WINDOWS).role("desktop-patrol:cs").build();
        AuditJob job = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(log)).host(host).threads(1).build();
        StringWriter out = new StringWriter();
        AuditJob.Result r = job.run(new JsonRenderer().open(out, new RunInfo(Instant.EPOCH, "test")));
        assertThat(r.unreadable()).isEmpty();
        return out.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theJsonReportOfALogOfDistinctFlowsIsSmallAndDoesNotGrowWithTheLog() throws Exception {
        long small = jsonReportSize(generate(dir.resolve("small.log"), 100_000, 7));
        long large = jsonReportSize(generate(dir.resolve("large.log"), 400_000, 7));
        assertThat(large).as("report of the 400,000-line log (100,000 lines: %d bytes)", small).isLessThan(LIMIT_BYTES);
        // it grows with what is distinct for the audit (services, catalog-named source ports), not with the lines
        assertThat((double) large).as("4x the lines").isLessThan(small * 2.0);
    }

    @Test
    void theHostReportKeepsNoRawFlows() throws Exception {
        Path log = generate(dir.resolve("log"), 20_000, 3);
        Host host = Host.builder().name("h").address("192.168.0.1").os(OsFamily.WINDOWS).build();
        HostReport h = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(log)).host(host).threads(1)
                .build().run().report().hosts().get(0);
        assertThat(h.flows()).isEmpty();
        // every line is in exactly one service group
        assertThat(h.services().stream().mapToLong(dev.portolan.model.ServiceGroup::packets).sum()).isEqualTo(20_000);
        HostReport withFlows = AuditJob.builder(new Auditor(CatalogLoader.loadBundled())).inputs(List.of(log)).host(host)
                .threads(1).includeFlows(true).build().run().report().hosts().get(0);
        assertThat(withFlows.flows().stream().mapToLong(dev.portolan.model.Flow::packets).sum()).isEqualTo(20_000);
        assertThat(withFlows.findings()).isEqualTo(h.findings());
    }
}
