package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.LogLine;
import dev.portolan.ingest.LogLineFold;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.model.Connection;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.report.JsonRenderer;
import dev.portolan.report.ReportWriter;
import dev.portolan.report.RunInfo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folding firewall log lines straight into service groups ({@link LineFolding}, no flow per 5-tuple) writes the same
 * JSON report, byte for byte, as folding the flows of the same lines ({@link ServiceAggregator#add}): on every corpus and
 * sample firewall log, and on generated logs with known hosts, loopback, IPv6, ICMP and other actions, sequential and
 * in parallel chunks.
 */
class LineFoldingTest {
    private static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    static Stream<Arguments> firewallLogs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String root : new String[] {"../shared/corpus/firewall", "samples"}) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (!Inputs.detect(Source.of(p)).equals(InputFormat.FIREWALL_LOG)) continue;
                    out.add(Arguments.of(p.toString(), 1));
                    out.add(Arguments.of(p.toString(), 3));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} chunks {1}")
    @MethodSource("firewallLogs")
    void aCorpusLogFoldedByLinesReportsWhatItsFlowsReport(String file, int chunks) throws IOException {
        Host host = Host.builder().name("h").os(OsFamily.WINDOWS).address("192.168.178.25").address("10.1.0.10")
                .role("desktop-patrol:cs").role("clientmanager:client").build();
        Path p = Path.of(file);
        String byFlows = json(p, host, chunks, false, Integer.MAX_VALUE);
        assertThat(byFlows).contains("\"services\"");
        assertThat(json(p, host, chunks, true, 0)).isEqualTo(byFlows);
        assertThat(json(p, host, chunks, false, 0)).isEqualTo(byFlows);
    }

    @Property(tries = 25)
    void aGeneratedLogFoldedByLinesReportsWhatItsFlowsReport(@ForAll @IntRange(min = 1, max = 4000) int lines,
                                                            @ForAll @IntRange(min = 0, max = 1000) int seed,
                                                            @ForAll @IntRange(min = 1, max = 4) int chunks) throws IOException {
        assertFoldedAsByFlows(log(lines, seed), chunks);
    }

    @Property(tries = 15)
    void aLogRepeatingItsLinesFoldedByLinesReportsWhatItsFlowsReport(@ForAll @IntRange(min = 1, max = 3000) int lines,
                                                                    @ForAll @IntRange(min = 0, max = 1000) int seed,
                                                                    @ForAll @IntRange(min = 1, max = 4) int chunks) throws IOException {
        assertFoldedAsByFlows(repeatingLog(lines, seed), chunks);
    }

    @Property(tries = 15)
    void aLogRepeatingWholeLinesButTheirTimesFoldsAsByFlows(@ForAll @IntRange(min = 1, max = 3000) int lines,
                                                          @ForAll @IntRange(min = 0, max = 1000) int seed,
                                                          @ForAll @IntRange(min = 1, max = 4) int chunks) throws IOException {
        assertFoldedAsByFlows(repeatingTails(lines, seed), chunks);
    }

    /**
     * Past the first 4,096 look-ups of a log whose lines rarely repeat the reader's cache of recent lines switches itself
     * off for good; the repeating lines after that are then parsed in full: the same report.
     */
    @Test
    void aLogThatRepeatsItsLinesOnlyAfterThousandsOfDistinctOnesFoldsAsByFlows() throws IOException {
        String distinct = log(6000, 11);
        String repeating = repeatingLog(3000, 5);
        assertFoldedAsByFlows(distinct + repeating.substring(repeating.indexOf("\n\n") + 2), 1);
    }

    /** A generated log's report for the host 10.0.0.1/fe80::1 is the same folded by lines as by flows. */
    private static void assertFoldedAsByFlows(String log, int chunks) throws IOException {
        Path p = Files.createTempFile("fold", ".log");
        try {
            Files.writeString(p, log, StandardCharsets.UTF_8);
            Host host = Host.builder().name("h").os(OsFamily.WINDOWS).address("10.0.0.1").address("fe80::1")
                    .role("desktop-patrol:cs").build();
            // by flows parsing every line in full; by lines skipping the parse of lines seen again, from the first line
            String byFlows = json(p, host, chunks, false, Integer.MAX_VALUE);
            assertThat(byFlows).contains("\"services\"");
            assertThat(json(p, host, chunks, true, 0)).isEqualTo(byFlows);
            // and by flows with the caches: the flow table's lines skip their parse the same way
            assertThat(json(p, host, chunks, false, 0)).isEqualTo(byFlows);
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A log that repeats a few keys (action to path) over and over, as real logs do, some with their own bad time or
     * size, some written with other separators, some keys parsing to the same flow from other bytes (the reader's
     * cache of recent lines by their raw bytes must change nothing).
     */
    static String repeatingLog(int n, long seed) {
        Random r = new Random(seed);
        String[] keys = {
            "ALLOW TCP 10.0.0.1 8.8.8.8 50000 443 %s S 1 0 64240 - - - SEND",
            "ALLOW\tTCP 10.0.0.1 8.8.8.8 50000 443 %s S 1 0 64240 - - - SEND",
            "ALLOW tcp 10.0.0.1 8.8.8.8 50000 0443 %s S 1 0 64240 - - - SEND",
            "DROP UDP 192.168.1.7 10.0.0.1 5353 5353 %s - - - - - - - RECEIVE",
            "DROP UDP fe80::2 ff02::fb 5353 5353 %s - - - - - - - RECEIVE",
            "DROP UDP FE80::2 ff02:0::fb 5353 5353 %s - - - - - - - RECEIVE",
            "ALLOW ICMP 10.0.0.1 127.0.0.1 - - %s - - - - 8 0 - SEND",
            "ALLOW ICMP fe80::1 fe80::2 - - %s - - - - 135 0 - SEND",
            "OPEN-INBOUND TCP 8.8.8.8 10.0.0.1 443 3389 %s - - - - - - - -",
            "ALLOW 2 10.0.0.2 224.0.0.1 - - %s - - - - - - - RECEIVE",
            "ALLOW TCP 10.0.0.1 10.0.0.1 5000 5000 %s - - - - - - - SEND",
        };
        StringBuilder sb = new StringBuilder("#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
                + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n\n");
        for (int i = 0; i < n; i++) {
            int bad = i == 0 ? 3 : r.nextInt(40); // one good line at least: the report has a flow
            // bad == 2: as long as a good time, but split into one more field (the line has one field too many)
            String time = bad == 0 ? "2024-13-45 10:00:00" : String.format(bad == 2 ? "2024-01-15 %02d %02d:%02d" : "2024-01-15 %02d:%02d:%02d",
                    (i / 3600) % 24, (i / 60) % 60, i % 60);
            String size = bad == 1 ? "12x" : r.nextInt(4) == 0 ? "-" : Integer.toString(r.nextInt(1500));
            // mostly the same key as the line before, as in real logs
            String key = keys[i > 0 && r.nextInt(3) > 0 ? (int) (seed + i / 5) % keys.length : r.nextInt(keys.length)];
            sb.append(time).append(' ').append(String.format(key, size)).append(" 4\n");
        }
        return sb.toString();
    }

    /**
     * A log that repeats whole lines but for their date and time, as real logs of allowed connections do (the reader's
     * cache of recent lines by their bytes after the date and time must change nothing): dates and times of other
     * shapes and separators, bad ones, byte-order marks, lines cut by NUL padding or split by a lone CR, tails too long
     * to keep, and a #Fields header that moves the size column and drops the pid (the same tail bytes then mean other
     * fields).
     */
    static String repeatingTails(int n, long seed) {
        Random r = new Random(seed);
        String[] tails = {
            "ALLOW TCP 10.0.0.1 8.8.8.8 50000 443 0 - - - - - - - SEND 4",
            "ALLOW TCP 10.0.0.1 8.8.8.8 50000 443 52 - - - - - - - SEND 4",
            "ALLOW UDP 10.0.0.1 192.168.1.1 60000 53 0 - - - - - - - SEND 1044",
            "DROP UDP 192.168.1.7 10.0.0.1 5353 5353 73 - - - - - - - RECEIVE 0",
            "DROP UDP fe80::2 ff02::fb 5353 5353 73 - - - - - - - RECEIVE 0",
            "ALLOW ICMP 10.0.0.1 127.0.0.1 - - 0 - - - - 8 0 - SEND 4",
            "ALLOW TCP 2001:0db8:0000:0000:0000:ff00:0042:8329 2001:0db8:0000:0000:0000:ff00:0042:8330 49152 443 0 - - - - - - - SEND 4",
            "ALLOW TCP 10.0.0.1 8.8.8.8 50000 443 12x - - - - - - - SEND 4",
            "ALLOW TCP 10.0.0.1 8.8.8.8 50000 99999 0 - - - - - - - SEND 4",
        };
        String[] stamps = {"2024-01-15 %02d:%02d:%02d", "2024-01-15\t%02d:%02d:%02d", "2024-01-15  %02d:%02d:%02d ",
            "2024-1-15 %d:%d:%d", "2024-13-45 %02d:%02d:%02d", "\uFEFF2024-01-15 %02d:%02d:%02d", " 2024-01-15 %02d:%02d:%02d",
            "2024-01-15 %02d:%02d:%02d\u0000\u0000"};
        String header = "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n";
        StringBuilder sb = new StringBuilder("#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n" + header + "\n");
        for (int i = 0; i < n; i++) {
            if (i > 0 && r.nextInt(1000) == 0) {
                // the size one column later, no pid: "ALLOW TCP ... 443 0 - ..." now has tcpflags 0 and size '-'
                sb.append(r.nextBoolean() ? header
                        : "#Fields: date time action protocol src-ip dst-ip src-port dst-port tcpflags size tcpsyn tcpack tcpwin icmptype icmpcode info path\n");
            }
            int shape = i == 0 || r.nextInt(4) > 0 ? 0 : r.nextInt(stamps.length);
            String stamp = String.format(stamps[shape], (i / 3600) % 24, (i / 60) % 60, i % 60);
            // mostly the tail of a recent line (the first line a good one: the report has a flow), now and then a line
            // glued to the next by a lone CR
            String tail = tails[i == 0 ? 0 : r.nextInt(3) > 0 ? (int) (seed + i / 7) % 3 : r.nextInt(tails.length)];
            sb.append(stamp).append(' ').append(tail).append(r.nextInt(200) == 0 ? "\r" : "\n");
        }
        return sb.toString();
    }

    /** The host's JSON report of one log; {@code folded} false hides the audit's line fold, so the reader makes flows. */
    private static String json(Path log, Host host, int chunks, boolean folded, int cachesAfter) throws IOException {
        Auditor auditor = new Auditor(catalog);
        HostAudit audit = auditor.start(host, Auditor.Options.of(true, Map.of()));
        Source source = Source.of(log);
        audit.file(source);
        FirewallLogReader.Options options = FirewallLogReader.Options.defaults().withFlowCap(64)
                .withThreads(chunks > 1 ? 2 : 1).withChunks(chunks).withMinParallelBytes(0).withCachesAfter(cachesAfter);
        Watch watch = new Watch(audit, folded);
        audit.read(new FirewallLogReader(options).read(source, watch));
        HostReport report = audit.finish();
        // the way asked for was the way taken
        if (folded) {
            assertThat(watch.flows).isZero();
            assertThat(watch.lines.sum()).isPositive();
        } else {
            assertThat(watch.flows).isPositive();
            assertThat(watch.lines.sum()).isZero();
        }
        StringWriter out = new StringWriter();
        ReportWriter w = new JsonRenderer().open(out, new RunInfo(Instant.EPOCH, "test"));
        w.host(report);
        w.end(dev.portolan.report.RunSummary.of(List.of(report)));
        return out.toString();
    }

    /** Passes everything on and counts flows and folded lines; without {@code folding} it offers no line fold. */
    private static final class Watch implements ObservationSink {
        private final ObservationSink next;
        private final boolean folding;
        private long flows;
        private final java.util.concurrent.atomic.LongAdder lines = new java.util.concurrent.atomic.LongAdder();

        Watch(ObservationSink next, boolean folding) {
            this.next = next;
            this.folding = folding;
        }

        @Override
        public void listener(Listener l) {
            next.listener(l);
        }

        @Override
        public void connection(Connection c) {
            next.connection(c);
        }

        @Override
        public synchronized void flow(Flow f) {
            flows++;
            next.flow(f);
        }

        @Override
        public synchronized void flows(java.util.Collection<Flow> batch) {
            flows += batch.size();
            next.flows(batch);
        }

        @Override
        public void problem(InputProblem p) {
            next.problem(p);
        }

        @Override
        public LogLineFold logLineFold() {
            if (!folding) return null;
            LogLineFold fold = next.logLineFold();
            return new LogLineFold() {
                @Override
                public Handle first(LogLine l) {
                    lines.increment();
                    return fold.first(l);
                }

                @Override
                public void again(Handle flow, LogLine l) {
                    lines.increment();
                    fold.again(flow, l);
                }

                @Override
                public void done() {
                    fold.done();
                }
            };
        }
    }

    /** A log of the audited host (10.0.0.1, fe80::1) and others: every protocol, action and path, some bad lines. */
    static String log(int n, long seed) {
        Random r = new Random(seed);
        String[] v4 = {"10.0.0.1", "10.0.0.2", "127.0.0.1", "192.168.1.7", "8.8.8.8", "224.0.0.251", "10.0.0.1"};
        String[] v6 = {"fe80::1", "fe80::2", "::1", "2001:db8::5", "ff02::fb", "::ffff:10.0.0.1"};
        String[] actions = {"ALLOW", "ALLOW", "DROP", "OPEN", "CLOSE", "OPEN-INBOUND"};
        int[] ports = {443, 445, 3389, 53, 135, 5353, 1024, 5000, 49152, 50000, 60000, 65535, 8080, 2701};
        StringBuilder sb = new StringBuilder("#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n"
                + "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n\n");
        for (int i = 0; i < n; i++) {
            String time = String.format("2024-01-15 %02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60);
            boolean six = r.nextInt(5) == 0;
            String[] pool = six ? v6 : v4;
            String a = pool[r.nextInt(pool.length)];
            String b = pool[r.nextInt(pool.length)];
            String action = actions[r.nextInt(actions.length)];
            String path = new String[] {"SEND", "RECEIVE", "-", "FORWARD"}[r.nextInt(4)];
            int kind = i == 0 ? 0 : r.nextInt(12); // one good line at least: the report has a flow
            int sport = r.nextInt(3) == 0 ? ports[r.nextInt(ports.length)] : 1024 + r.nextInt(64512);
            int dport = ports[r.nextInt(ports.length)];
            String rest;
            if (kind < 6) rest = "TCP " + a + " " + b + " " + sport + " " + dport + " " + r.nextInt(1500) + " S 1 0 64240 - - -";
            else if (kind < 9) rest = "UDP " + a + " " + b + " " + sport + " " + dport + " " + (r.nextBoolean() ? "-" : "60") + " - - - - - - -";
            else if (kind < 10) rest = (six ? "ICMPv6 " : "ICMP ") + a + " " + b + " - - 0 - - - - " + r.nextInt(140) + " 0 -";
            else if (kind < 11) rest = "2 " + a + " " + b + " - - 0 - - - - - - -";
            else rest = "TCP " + a + " not-an-address " + sport + " " + dport + " 0 - - - - - - -";
            sb.append(time).append(' ').append(action).append(' ').append(rest).append(' ').append(path).append(" 4\n");
        }
        return sb.toString();
    }
}
