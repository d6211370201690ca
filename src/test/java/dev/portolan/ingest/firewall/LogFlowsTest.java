package dev.portolan.ingest.firewall;

import dev.portolan.ingest.Concatenation;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import dev.portolan.model.IpAddress;
import dev.portolan.model.Listener;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.portolan.ingest.firewall.FirewallTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact flow table ({@link LogFlows}): without the lines' text it yields the same flows, evidence places and
 * counts as with it; its flows are handed on as one table (kept as it is by a collector, made once each for any
 * other sink), and a table spilled every few flows adds up to the whole one.
 */
class LogFlowsTest {

    /** A fingerprint with every evidence text cut off (what a read without texts must equal). */
    private static List<String> withoutTexts(FirewallLog log) {
        List<String> out = new ArrayList<>();
        for (String line : fingerprint(log)) {
            if (!line.startsWith("flow ")) {
                out.add(line);
                continue;
            }
            StringBuilder sb = new StringBuilder();
            String[] parts = line.split(" \\| ");
            sb.append(parts[0]);
            // each part after the first is "file:line text": keep the place only
            for (int i = 1; i < parts.length; i++) sb.append(" | ").append(parts[i].split(" ", 2)[0]).append(' ');
            out.add(sb.toString());
        }
        return out;
    }

    @Property(tries = 15)
    void withoutTextsTheFlowsAreTheSameInAnyNumberOfChunks(@ForAll @IntRange(min = 1, max = 2500) int lines,
                                                           @ForAll @IntRange(min = 1, max = 9) int chunks) throws IOException {
        Path p = Files.createTempFile("fw-flows", ".log");
        try {
            Files.writeString(p, FirewallPropertiesTest.validLog(lines, lines * 31L + chunks), StandardCharsets.US_ASCII);
            FirewallLog full = read(p);
            List<String> expected = withoutTexts(full);
            FirewallLog bare = read(p, parallel(chunks).withEvidenceText(false));
            assertThat(fingerprint(bare)).isEqualTo(withoutTexts(bare)); // no text kept at all
            assertThat(fingerprint(bare)).isEqualTo(expected);
            assertThat(withoutTexts(read(p, sequential().withEvidenceText(false)))).isEqualTo(expected);
            // every line is in exactly one flow; multi-line flows keep their first five lines, in file order
            assertThat(bare.result().flows().stream().mapToLong(Flow::packets).sum()).isEqualTo(lines);
            for (Flow f : bare.result().flows()) {
                assertThat(f.evidence()).hasSize((int) Math.min(f.packets(), Flow.MAX_EVIDENCE));
                assertThat(f.evidence()).isSortedAccordingTo((a, b) -> Long.compare(a.line(), b.line()));
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A flow's numbers that outgrow the compact record's ints — a time more than 68 years from the table's first, over
     * 2^31 bytes, a line number past 2^31 — stay exact, whether the flow grew them while the table was filled or when
     * tables of later stretches were merged into it: lines, bytes, first and last time and the first five evidence
     * lines (and their texts) of every flow, against the same sums made line by line.
     */
    @Property(tries = 60)
    void numbersTooBigForAnIntStayExact(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int stretches,
                                        @ForAll boolean texts) throws Exception {
        java.util.Random r = new java.util.Random(seed);
        int n = 1 + r.nextInt(300);
        long lineNo = r.nextBoolean() ? 1 : Integer.MAX_VALUE - r.nextInt(200);
        java.util.Map<Long, long[]> expected = new java.util.LinkedHashMap<>(); // k0: lines, bytes, first, last, evidence...
        List<LogFlows> tables = new ArrayList<>();
        for (int t = 0; t < stretches; t++) tables.add(new LogFlows("f", texts, !texts));
        for (int i = 0; i < n; i++) {
            long k0 = FlowTable.packKey0(6, false, false, 50000 + r.nextInt(6), 443);
            long second = 1_700_000_000L + r.nextInt(100) + (r.nextInt(8) == 0 ? (r.nextBoolean() ? 3_000_000_000L : -1_600_000_000L) : 0);
            long size = r.nextInt(6) == 0 ? Integer.MAX_VALUE - 1000L + r.nextInt(1_000_000) : r.nextInt(1500);
            byte[] text = ("line " + lineNo).getBytes(StandardCharsets.US_ASCII);
            tables.get((int) ((long) i * stretches / n)).line(k0, 0, 0x0A000005L, 0, 0xC0A80101L, second, size, lineNo, text, 0, text.length);
            long[] e = expected.computeIfAbsent(k0, k -> new long[]{0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 0, 0, 0});
            if (e[0] < Flow.MAX_EVIDENCE) e[4 + (int) e[0]] = lineNo;
            e[0]++;
            e[1] += size;
            e[2] = Math.min(e[2], second * 1_000_000L);
            e[3] = Math.max(e[3], second * 1_000_000L);
            lineNo++;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<Flow> merged = FlowMerge.merge(tables, pool, 2);
            assertThat(merged).hasSize(expected.size());
            List<long[]> want = new ArrayList<>(expected.values());
            for (int i = 0; i < merged.size(); i++) {
                Flow f = merged.get(i);
                long[] e = want.get(i);
                assertThat(new long[]{f.packets(), f.bytes(), f.firstMicros(), f.lastMicros()}).as("flow %d", i)
                        .containsExactly(e[0], e[1], e[2], e[3]);
                List<Long> lines = f.evidence().stream().map(dev.portolan.model.Evidence::line).toList();
                List<Long> wantLines = new ArrayList<>();
                for (int k = 0; k < Math.min(e[0], Flow.MAX_EVIDENCE); k++) wantLines.add(e[4 + k]);
                assertThat(lines).as("flow %d", i).isEqualTo(wantLines);
                if (texts) {
                    assertThat(f.evidence().stream().map(dev.portolan.model.Evidence::text).toList())
                            .isEqualTo(wantLines.stream().map(l -> "line " + l).toList());
                }
                // the numbers a CSV row is written from are the same
                ((dev.portolan.model.LoggedFlowNumbers) merged).numbers(i, (file, proto, sv6, sh, sl, sp, dv6, dh, dl, dp, first,
                        last, ln, bytes, firstLine, more, at) -> {
                    assertThat(new long[]{ln, bytes, first, last, firstLine}).containsExactly(e[0], e[1], e[2], e[3], e[4]);
                    for (int k = 1; k < Math.min(ln, Flow.MAX_EVIDENCE); k++) assertThat(more[at + k - 1]).isEqualTo(e[4 + k]);
                });
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theCorpusLogsReadTheSameWithoutTexts() throws IOException {
        for (String name : List.of("BetaHydri-ParseFirewallLog-pfirewall.log", "balaji6894-Copilot-pfirewall-pid.log",
                "plaso-windows_firewall.log", "rafaelnett-Lab_03-pfirewall.log")) {
            FirewallLog full = read(corpus(name));
            assertThat(withoutTexts(read(corpus(name), parallel(3).withEvidenceText(false)))).as(name).isEqualTo(withoutTexts(full));
        }
        // the summary counts the table the collector kept
        FirewallLog beta = read(corpus("BetaHydri-ParseFirewallLog-pfirewall.log"), parallel(4).withEvidenceText(false));
        assertThat(beta.result().summary().flows()).isEqualTo(beta.result().flows().size()).isGreaterThan(1000);
    }

    /** A sink that takes flows only (no table of its own): the default hands the table on in batches of made flows. */
    private static final class Batches implements ObservationSink {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<Flow> flows = new ArrayList<>();

        @Override
        public void listener(Listener listener) {
        }

        @Override
        public void connection(Connection connection) {
        }

        @Override
        public void flow(Flow flow) {
            throw new AssertionError("flows come in batches");
        }

        @Override
        public void flows(java.util.Collection<Flow> batch) {
            batchSizes.add(batch.size());
            flows.addAll(batch);
        }

        @Override
        public void problem(InputProblem problem) {
        }
    }

    @Test
    void aSinkWithoutATableGetsTheFlowsInBatchesOnce() throws IOException {
        Path p = Files.createTempFile("fw-flows", ".log");
        try {
            Files.writeString(p, FirewallPropertiesTest.validLog(3000, 5), StandardCharsets.US_ASCII);
            FirewallLog whole = read(p, parallel(3));
            int n = whole.result().flows().size();
            Batches sink = new Batches();
            FileSummary summary = new FirewallLogReader(parallel(3)).read(Source.of(p), sink);
            assertThat(summary.format()).isEqualTo(InputFormat.FIREWALL_LOG);
            assertThat(summary.flows()).isEqualTo(n);
            assertThat(sink.flows).hasSize(n);
            assertThat(sink.batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
            assertThat(sink.batchSizes).allMatch(s -> s <= ObservationSink.FLOW_TABLE_BATCH);
            for (int i = 0; i < n; i++) assertThat(sink.flows.get(i).describe()).isEqualTo(whole.result().flows().get(i).describe());
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void aTableSpilledEveryFewFlowsAddsUpToTheWholeTable() throws IOException {
        Path p = Files.createTempFile("fw-flows", ".log");
        try {
            Files.writeString(p, FirewallPropertiesTest.validLog(2000, 9), StandardCharsets.US_ASCII);
            FirewallLog whole = read(p);
            ReadResult spilled = ReadResult.collect(new FirewallLogReader(sequential().withFlowCap(7)), Source.of(p));
            assertThat(spilled.flows().size()).isGreaterThan(whole.result().flows().size());
            assertThat(sums(spilled.flows())).isEqualTo(sums(whole.result().flows()));
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /** Per key: lines, bytes, first and last time and evidence count, summed over the flow's parts. */
    private static java.util.Map<String, List<Long>> sums(List<Flow> flows) {
        java.util.Map<String, List<Long>> out = new java.util.TreeMap<>();
        for (Flow f : flows) {
            String key = f.describe() + " " + f.direction() + " " + (f.wasDropped() ? "drop" : "allow");
            List<Long> s = out.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 0L, 0L)));
            s.set(0, s.get(0) + f.packets());
            s.set(1, s.get(1) + f.bytes());
            s.set(2, Math.min(s.get(2), f.firstMicros()));
            s.set(3, Math.max(s.get(3), f.lastMicros()));
            s.set(4, s.get(4) + f.evidenceCount());
            s.set(5, s.get(5) + f.actionCount(FirewallAction.DROP));
        }
        return out;
    }

    @Test
    void aChunkedReadGivenUpForLoneCrsPushesNoSpilledFlowTwice() throws IOException {
        // lone CRs shift the line numbers of later chunks, so the chunked read is given up for a sequential one: the
        // flows its chunks spilled before that must not reach the sink as well
        String log = FirewallPropertiesTest.validLog(3000, 3);
        int cut = log.indexOf('\n', log.length() * 3 / 4);
        log = log.substring(0, cut) + "\r" + log.substring(cut + 1);
        spilledReadCountsEveryLineOnce(log);
    }

    /**
     * Reads {@code log} (3,000 data lines) in 4 chunks spilling every 16 flows; the same flows as one whole read, and the
     * same flow count (its distinct flows, not the parts pushed).
     */
    private static void spilledReadCountsEveryLineOnce(String log) throws IOException {
        Path p = Files.createTempFile("fw-flows", ".log");
        try {
            Files.writeString(p, log, StandardCharsets.US_ASCII);
            FirewallLog whole = read(p);
            assertThat(whole.stats().dataLines()).isEqualTo(3000);
            ReadResult spilled = ReadResult.collect(new FirewallLogReader(parallel(4).withFlowCap(16)), Source.of(p));
            assertThat(spilled.flows().stream().mapToLong(Flow::packets).sum()).isEqualTo(3000);
            assertThat(sums(spilled.flows())).isEqualTo(sums(whole.result().flows()));
            assertThat(spilled.summary().flows()).isEqualTo(whole.result().flows().size()).isLessThan(spilled.flows().size());
            assertThat(spilled.summary().flowsExact()).isTrue();
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void aChunkedReadGivenUpForItsManyCommentsPushesNoSpilledFlowTwice() throws IOException {
        // a chunk with more '#' lines than a census keeps makes the read sequential: no chunk may have pushed flows then
        String log = FirewallPropertiesTest.validLog(3000, 4);
        int cut = log.indexOf('\n', log.length() / 2) + 1;
        log = log.substring(0, cut) + "#Comment: a restart marker\n".repeat(60_000) + log.substring(cut);
        spilledReadCountsEveryLineOnce(log);
    }

    @Test
    void aConcatenationReadsItsPartsInOrderSkippingEmptyOnes() {
        List<Integer> all = new Concatenation<>(List.of(List.of(), List.of(1, 2), List.of(), List.of(), List.of(3), List.of()));
        assertThat(all).containsExactly(1, 2, 3);
        assertThat(all.get(2)).isEqualTo(3);
        assertThat(new Concatenation<Integer>(List.of())).isEmpty();
    }

    /**
     * A log whose few TCP/UDP keys recur with sizes of their own: lines repeat the line before but for the time, an
     * earlier line's whole tail, or only its key's fields.
     */
    private static String recurringKeys(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        String[] keys = {"TCP 10.0.0.5 192.168.1.1 50001 443", "TCP 10.0.0.6 192.168.1.1 50002 443",
                "UDP 10.0.0.5 192.168.1.2 50003 53", "UDP fe80::1 ff02::fb 5353 5353", "TCP 2001:db8::7 2001:db8::1 50004 445"};
        int[] sizes = {0, 40, 40, 52, 1500};
        StringBuilder sb = new StringBuilder(FirewallPropertiesTest.HEADER);
        String last = null;
        for (int i = 0; i < n; i++) {
            String time = String.format("2024-01-15 %02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60);
            String tail = r.nextInt(4) == 0 && last != null ? last
                    : (r.nextInt(3) == 0 ? "DROP " : "ALLOW ") + keys[r.nextInt(keys.length)] + " " + sizes[r.nextInt(sizes.length)]
                    + " - - - - - - - " + (r.nextBoolean() ? "SEND" : "RECEIVE") + " 4";
            sb.append(time).append(' ').append(tail).append('\n');
            last = tail;
        }
        return sb.toString();
    }

    /** Lines and bytes per TCP/UDP 5-tuple and action, summed line by line from the log's text. */
    private static java.util.Map<String, java.util.List<Long>> sumsOfLines(String text) {
        java.util.Map<String, java.util.List<Long>> sums = new java.util.TreeMap<>();
        for (String line : text.split("\r?\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("#") || f.length < 9 || !(f[3].equals("TCP") || f[3].equals("UDP"))) continue;
            // a line with a bad address (rafaelnett's log has "192.168.1.10055") is a problem of the read, in no flow
            if (IpAddress.parse(f[4]) == null || IpAddress.parse(f[5]) == null) continue;
            String key = f[3].equals("TCP") ? "6" : "17";
            key += " " + IpAddress.parse(f[4]).text() + " " + port(f[6]) + " " + IpAddress.parse(f[5]).text() + " " + port(f[7]) + " " + f[2];
            java.util.List<Long> s = sums.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L)));
            s.set(0, s.get(0) + 1);
            s.set(1, s.get(1) + (f[8].equals("-") ? 0 : Long.parseLong(f[8])));
        }
        return sums;
    }

    private static int port(String field) {
        return field.equals("-") ? 0 : Integer.parseInt(field);
    }

    /** The same sums from a read's flows. */
    private static java.util.Map<String, java.util.List<Long>> sumsOfFlows(FirewallLog log) {
        java.util.Map<String, java.util.List<Long>> sums = new java.util.TreeMap<>();
        for (Flow f : log.result().flows()) {
            if (f.ipProtocol() != 6 && f.ipProtocol() != 17) continue;
            for (FirewallAction a : FirewallAction.values()) {
                if (f.actionCount(a) == 0) continue;
                String key = f.ipProtocol() + " " + f.origAddr() + " " + f.origPort() + " " + f.respAddr() + " " + f.respPort() + " " + a;
                java.util.List<Long> s = sums.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L)));
                s.set(0, s.get(0) + f.actionCount(a));
                s.set(1, s.get(1) + f.bytes());
            }
        }
        return sums;
    }

    /**
     * Each flow's lines and bytes are the sums of its own lines', counted here from the text: a line found again by
     * its key's bytes or by its whole tail's (the bytes after the time) adds its own size (the table once kept a tail
     * with an earlier line's size: BetaHydri's multicast flows had too many bytes).
     */
    @Test
    void eachFlowsLinesAndBytesAreTheSumsOfItsOwnLines() throws IOException {
        Path p = Files.createTempFile("fw-recurring", ".log");
        try {
            Files.writeString(p, recurringKeys(6000, 11), StandardCharsets.US_ASCII);
            List<Path> logs = List.of(p, corpus("BetaHydri-ParseFirewallLog-pfirewall.log"), corpus("rafaelnett-Lab_03-pfirewall.log"));
            for (Path log : logs) {
                var expected = sumsOfLines(Files.readString(log, StandardCharsets.ISO_8859_1));
                assertThat(expected).as(log.toString()).hasSizeGreaterThan(4);
                // the helpers keep recent lines from the first line; also with the default's 2,048, and never
                for (FirewallLogReader.Options o : List.of(sequential(), parallel(3), sequential().withEvidenceText(false),
                        parallel(2).withEvidenceText(false), sequential().withCachesAfter(2048), parallel(2).withCachesAfter(Integer.MAX_VALUE))) {
                    assertThat(sumsOfFlows(read(log, o))).as(log + " " + o).isEqualTo(expected);
                }
            }
        } finally {
            Files.deleteIfExists(p);
        }
    }
}
