package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded flow table (the capture path of audits): flows leave the table when done, idle or evicted, later
 * packets of a conversation that left form a continuation with the same roles, and nothing is counted twice.
 */
class BoundedFlowTableTest {
    static final int A = ip4(10, 0, 0, 1), B = ip4(10, 0, 0, 2);
    /** Client ports below server ports: the port heuristic alone would pick the wrong originator. */
    static final int CLIENT = 1500, SERVER = 55000;

    @TempDir
    Path dir;

    Path file(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcapng");
        Files.write(p, bytes);
        return p;
    }

    /** A pcapng (one Ethernet interface, µs) with {@code frames[i]} at {@code seconds[i]}. */
    static byte[] capture(double[] seconds, byte[]... frames) {
        CaptureFiles.Ng ng = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        for (int i = 0; i < frames.length; i++) ng.epb(0, Math.round(seconds[i] * 1e6), frames[i]);
        return ng.bytes();
    }

    static List<Flow> bounded(Path p, FlowTable.Bounds bounds) throws IOException {
        List<Flow> out = new ArrayList<>();
        ReadResult r = new CaptureReader().read(Source.of(p), bounds, out::add);
        assertThat(r.flows()).isEmpty();
        return out;
    }

    static List<Flow> whole(Path p) throws IOException {
        return new CaptureReader().read(Source.of(p)).flows();
    }

    @Test
    void aConversationIdleLongerThanTheTimeoutResumesWithItsHandshakeRoles() throws IOException {
        Path p = file(capture(new double[] {1, 1.001, 1.002, 2, 1000, 1000.5},
                eth4(tcp4(A, CLIENT, B, SERVER, SYN, 0)), eth4(tcp4(B, SERVER, A, CLIENT, SYN | ACK, 0)),
                eth4(tcp4(A, CLIENT, B, SERVER, ACK, 0)), eth4(tcp4(A, CLIENT, B, SERVER, PSH | ACK, 100)),
                // 16 minutes later, past the 5-minute idle timeout: the server speaks first
                eth4(tcp4(B, SERVER, A, CLIENT, PSH | ACK, 200)), eth4(tcp4(A, CLIENT, B, SERVER, ACK, 0))));
        List<Flow> flows = bounded(p, FlowTable.Bounds.DEFAULT);
        assertThat(flows).hasSize(2);
        Flow first = flows.get(0), later = flows.get(1);
        assertThat(first.describe()).isEqualTo("tcp 10.0.0.1:1500 -> 10.0.0.2:55000");
        assertThat(first.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(first.isContinuation()).isFalse();
        assertThat(first.packets()).isEqualTo(4);
        assertThat(later.describe()).isEqualTo("tcp 10.0.0.1:1500 -> 10.0.0.2:55000");
        assertThat(later.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(later.isContinuation()).isTrue();
        assertThat(later.origPackets()).isEqualTo(1);
        assertThat(later.respPackets()).isEqualTo(1);
        assertThat(later.respBytes()).isEqualTo(20 + 20 + 200);

        // the whole table sees one flow with everything
        Flow all = whole(p).get(0);
        assertThat(whole(p)).hasSize(1);
        assertThat(all.describe()).isEqualTo(first.describe());
        assertThat(all.packets()).isEqualTo(first.packets() + later.packets());
        assertThat(all.bytes()).isEqualTo(first.bytes() + later.bytes());

        // and the later part alone would have been attributed the other way round by its ports
        Path tail = file(capture(new double[] {1000, 1000.5},
                eth4(tcp4(B, SERVER, A, CLIENT, PSH | ACK, 200)), eth4(tcp4(A, CLIENT, B, SERVER, ACK, 0))));
        assertThat(whole(tail).get(0).describe()).isEqualTo("tcp 10.0.0.2:55000 -> 10.0.0.1:1500");
    }

    @Test
    void aClosedConversationLeavesAfterItsGraceAndALateAckIsItsContinuation() throws IOException {
        List<double[]> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        // Y starts first (one UDP packet at 0.5 s) and goes on from 30 s
        times.add(new double[] {0.5});
        frames.add(eth4(udp4(A, 5353, B, 53, 30)));
        int[][] x = {{A, CLIENT, B, SERVER, SYN, 0}, {B, SERVER, A, CLIENT, SYN | ACK, 0}, {A, CLIENT, B, SERVER, ACK, 0},
            {A, CLIENT, B, SERVER, FIN | ACK, 0}, {B, SERVER, A, CLIENT, FIN | ACK, 0}};
        for (int i = 0; i < x.length; i++) {
            times.add(new double[] {1 + i});
            frames.add(eth4(tcp4(x[i][0], x[i][1], x[i][2], x[i][3], x[i][4], x[i][5])));
        }
        for (int i = 0; i < 16; i++) {
            times.add(new double[] {30 + i});
            frames.add(eth4(udp4(A, 5353, B, 53, 30)));
        }
        times.add(new double[] {50});
        frames.add(eth4(tcp4(A, CLIENT, B, SERVER, ACK, 0)));
        double[] t = times.stream().mapToDouble(a -> a[0]).toArray();
        Path p = file(capture(t, frames.toArray(new byte[0][])));

        List<Flow> flows = bounded(p, new FlowTable.Bounds(8, 300_000_000L, 10_000_000L));
        assertThat(flows).extracting(Flow::describe, Flow::packets, Flow::isContinuation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tcp 10.0.0.1:1500 -> 10.0.0.2:55000", 5L, false),
                org.assertj.core.groups.Tuple.tuple("udp 10.0.0.1:5353 -> 10.0.0.2:53", 17L, false),
                org.assertj.core.groups.Tuple.tuple("tcp 10.0.0.1:1500 -> 10.0.0.2:55000", 1L, true));
        assertThat(flows.get(2).initiator()).isEqualTo(Initiator.HANDSHAKE);
        // the whole table: Y first (first packet), X with all 6 packets
        assertThat(whole(p)).extracting(Flow::describe, Flow::packets).containsExactly(
                org.assertj.core.groups.Tuple.tuple("udp 10.0.0.1:5353 -> 10.0.0.2:53", 17L),
                org.assertj.core.groups.Tuple.tuple("tcp 10.0.0.1:1500 -> 10.0.0.2:55000", 6L));
    }

    @Test
    void aFullTableEvictsTheLeastRecentlySeenAndCountsStayExact() throws IOException {
        int n = 12;
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) frames.add(eth4(tcp4(A, CLIENT + i, B, SERVER + i, SYN, 0)));
        for (int i = 0; i < n; i++) frames.add(eth4(tcp4(B, SERVER + i, A, CLIENT + i, SYN | ACK, 0)));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) frames.add(eth4(tcp4(B, SERVER + i, A, CLIENT + i, PSH | ACK, 10 + i)));
        }
        double[] t = new double[frames.size()];
        for (int i = 0; i < t.length; i++) t[i] = 1 + i * 0.001;
        Path p = file(capture(t, frames.toArray(new byte[0][])));

        List<Flow> flows = bounded(p, new FlowTable.Bounds(4, 300_000_000L, 10_000_000L));
        assertThat(flows.size()).isGreaterThan(n); // evicted and resumed
        assertThat(flows.stream().filter(f -> !f.isContinuation()).count()).isEqualTo(n);
        assertThat(flows).allSatisfy(f -> {
            assertThat(f.origAddr()).isEqualTo("10.0.0.1");
            assertThat(f.initiator()).isEqualTo(Initiator.HANDSHAKE);
        });
        assertThat(merged(flows)).isEqualTo(merged(whole(p)));
    }

    /** Per conversation: packets and bytes each way, initiator; continuations folded into their first part. */
    static Map<String, String> merged(List<Flow> flows) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, String> how = new LinkedHashMap<>();
        for (Flow f : flows) {
            String k = f.describe() + (f.proto() == dev.portolan.model.Protocol.OTHER ? " ip" + f.ipProtocol() : "");
            long[] s = sums.computeIfAbsent(k, x -> new long[5]);
            s[0] += f.origPackets();
            s[1] += f.respPackets();
            s[2] += f.origBytes();
            s[3] += f.respBytes();
            if (!f.isContinuation()) s[4]++;
            how.merge(k, f.initiator().label(), (a, b) -> a.equals(b) ? a : a + "/" + b);
        }
        Map<String, String> out = new java.util.TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] + "/" + s[1] + " pkts " + s[2] + "/" + s[3] + " bytes, " + s[4]
                + " flow(s), " + how.get(k)));
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aBoundNeverChangesWhatIsCountedOrWhoInitiated(long seed) throws IOException {
        Path p = file(RandomCaptures.pcapng(seed, 300));
        List<Flow> all = whole(p);
        for (FlowTable.Bounds b : List.of(new FlowTable.Bounds(4, 300_000_000L, 10_000_000L),
                new FlowTable.Bounds(16, 2_000_000L, 500_000L), FlowTable.Bounds.DEFAULT)) {
            List<Flow> flows = bounded(p, b);
            assertThat(merged(flows)).as("bounds %s", b).isEqualTo(merged(all));
            assertThat(flows.stream().filter(f -> !f.isContinuation()).count()).isEqualTo(all.size());
            if (b.maxFlows() == 4) assertThat(flows.size()).as("conversations were cut and resumed").isGreaterThan(all.size() + 50);
        }
    }

    @Test
    void onTheCorpusABoundOfFourFlowsChangesNothing() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(CorpusCaptureTest.CORPUS)) {
            s.sorted().forEach(files::add);
        }
        files.add(Path.of("samples", "deliverymanager-capture", "deliverymanager.pcap"));
        assertThat(files).hasSizeGreaterThan(14);
        for (Path f : files) {
            List<Flow> all = whole(f);
            List<Flow> flows = bounded(f, new FlowTable.Bounds(4, 1_000_000L, 0));
            assertThat(merged(flows)).as(f.toString()).isEqualTo(merged(all));
            assertThat(flows.stream().filter(x -> !x.isContinuation()).count()).as(f.toString()).isEqualTo(all.size());
        }
    }
    /**
     * Flows that leave the table (here: evicted, 40 flows through a table of 4) and come back are continuations while the
     * reader remembers their keys; past what it remembers a returning flow counts again, and the summary says the count
     * is no longer exact, with a note.
     */
    @Test
    void aFlowForgottenAfterItLeftMakesTheCountAnUpperBoundAndSaysSo() throws IOException {
        int n = 40;
        double[] at = new double[2 * n];
        byte[][] frames = new byte[2 * n][];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                at[round * n + i] = round * 1000 + i * 0.001;
                frames[round * n + i] = eth4(udp4(A, 40000 + i, B, 53, 20));
            }
        }
        Path p = file(capture(at, frames));
        ReadResult remembered = new CaptureReader().read(Source.of(p), new FlowTable.Bounds(4, 300_000_000L, 10_000_000L), f -> { });
        assertThat(remembered.summary().flows()).isEqualTo(n);
        assertThat(remembered.summary().flowsExact()).isTrue();
        assertThat(remembered.notes()).noneMatch(x -> x.contains("had to forget"));

        ReadResult forgetful = new CaptureReader().read(Source.of(p), new FlowTable.Bounds(4, 300_000_000L, 10_000_000L, 4), f -> { });
        assertThat(forgetful.summary().flows()).isGreaterThan(n).isLessThanOrEqualTo(2L * n);
        assertThat(forgetful.summary().flowsExact()).isFalse();
        assertThat(forgetful.notes()).anyMatch(x -> x.startsWith("the reader had to forget flows that had ended (it remembers 4,"));
        assertThat(whole(p)).hasSize(n);
    }
}
