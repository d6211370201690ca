package dev.portolan.ingest.pcap;

import dev.portolan.audit.Auditor;
import dev.portolan.audit.HostAudit;
import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.ServiceGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audits read captures through the bounded flow table (flows leave it when done, idle or evicted; later packets of a
 * conversation form a continuation): the findings, service groups (flows, originators, packets, bytes, evidence) and
 * the flow counts the report states are those of auditing the whole per-5-tuple table, on the corpus, the sample
 * capture and seeded captures whose conversations are cut and resumed many times.
 */
class BoundedAuditTest {
    private static Catalog catalog;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    /** Forwards to the audit and counts the continuations that went by. */
    private static final class Counting implements ObservationSink {
        final ObservationSink to;
        long continuations;

        Counting(ObservationSink to) {
            this.to = to;
        }

        @Override
        public void listener(Listener l) {
            to.listener(l);
        }

        @Override
        public void connection(Connection c) {
            to.connection(c);
        }

        @Override
        public void flow(Flow f) {
            if (f.isContinuation()) continuations++;
            to.flow(f);
        }

        @Override
        public void problem(InputProblem p) {
            to.problem(p);
        }
    }

    /**
     * Audits {@code p} from the whole table and through {@code bounds}; returns the continuations seen. {@code exact}:
     * the same groups and findings are expected (no conversation was evicted before its answer); else the same
     * counts (flows, packets and bytes in all).
     */
    private static long auditBothWays(Path p, FlowTable.Bounds bounds, boolean exact) throws IOException {
        Source source = Source.of(p);
        ReadResult whole = new CaptureReader().read(source);
        // audit as the host that answered first (else the first responder), with roles inferred
        String address = whole.flows().stream().filter(f -> f.respPackets() > 0).map(Flow::respAddr).findFirst()
                .orElse(whole.flows().isEmpty() ? "192.0.2.1" : whole.flows().get(0).respAddr());
        Host host = Host.builder().name("h").address(address).build();
        Auditor auditor = new Auditor(catalog);
        HostReport table = auditor.audit(host, List.of(whole), true, Map.of());

        HostAudit streaming = auditor.start(host, Auditor.Options.of(true, Map.of()));
        streaming.file(source);
        Counting counting = new Counting(streaming);
        FileSummary summary = new CaptureReader().read(source, counting, bounds);
        streaming.read(summary);
        HostReport bounded = streaming.finish();

        String what = p.getFileName() + " " + bounds;
        assertThat(summary.flows()).as(what).isEqualTo(whole.flows().size());
        assertThat(bounded.inputs()).as(what).isEqualTo(table.inputs());
        assertThat(totals(bounded)).as(what).isEqualTo(totals(table));
        if (!exact) return counting.continuations;
        assertThat(bounded.findings()).as(what).isEqualTo(table.findings());
        assertThat(describe(bounded.services())).as(what).isEqualTo(describe(table.services()));
        assertThat(describe(bounded.untouched())).as(what).isEqualTo(describe(table.untouched()));
        return counting.continuations;
    }

    /** Packets and bytes over every service group, audited or not. */
    private static String totals(HostReport r) {
        long packets = 0, bytes = 0;
        for (List<ServiceGroup> l : List.of(r.services(), r.untouched())) {
            for (ServiceGroup g : l) {
                packets += g.packets();
                bytes += g.bytes();
            }
        }
        return packets + " packets, " + bytes + " bytes";
    }

    /** Everything a service group says, as text. */
    private static List<String> describe(List<ServiceGroup> groups) {
        List<String> out = new ArrayList<>();
        for (ServiceGroup g : groups) {
            StringBuilder b = new StringBuilder(g.toString()).append(" traits=").append(g.traits()).append(" flows=")
                    .append(g.flowCount()).append(" origs=").append(g.sampleOriginators()).append(" pkts=").append(g.packets())
                    .append(" bytes=").append(g.bytes()).append(' ').append(g.firstMicros()).append('-').append(g.lastMicros())
                    .append(" ev=").append(g.evidenceCount());
            for (Evidence e : g.evidence()) b.append(" | ").append(e.location()).append(' ').append(e.text());
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void seededCapturesWithConversationsIdleForMinutesAuditAsTheWholeTable() throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            Path p = dir.resolve("r" + seed + ".pcapng");
            Files.write(p, RandomCaptures.pcapng(seed, 300));
            // idle for more than 5 minutes (some before their answer), closed and quiet: left and resumed
            assertThat(auditBothWays(p, FlowTable.Bounds.DEFAULT, true)).isGreaterThan(20);
            // evicted from a full table, answered or not: the same counts
            assertThat(auditBothWays(p, new FlowTable.Bounds(4, 300_000_000L, 10_000_000L), false)).isGreaterThan(50);
            assertThat(auditBothWays(p, new FlowTable.Bounds(16, 2_000_000L, 500_000L), false)).isGreaterThan(20);
        }
    }

    @Test
    void theCorpusAndTheSampleAuditAsTheWholeTable() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(CorpusCaptureTest.CORPUS)) {
            s.sorted().forEach(files::add);
        }
        files.add(Path.of("samples", "deliverymanager-capture", "deliverymanager.pcap"));
        for (Path f : files) auditBothWays(f, new FlowTable.Bounds(4, 1_000_000L, 0), true);
    }

    @Test
    void anAnsweredConnectionResumedAfterItsTimeoutIsNoUnansweredAttempt() throws IOException {
        int a = ip4(10, 0, 0, 1), b = ip4(10, 0, 0, 2);
        CaptureFiles.Ng ng = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        long t = 1_700_000_000_000_000L;
        ng.epb(0, t, eth4(tcp4(a, 50000, b, 443, SYN, 0)));
        ng.epb(0, t + 1000, eth4(tcp4(b, 443, a, 50000, SYN | ACK, 0)));
        ng.epb(0, t + 2000, eth4(tcp4(a, 50000, b, 443, ACK, 0)));
        // 10 minutes later only the client speaks: this part alone looks like a handshake nobody answered
        ng.epb(0, t + 600_000_000L, eth4(tcp4(a, 50000, b, 443, PSH | ACK, 100)));
        Path p = dir.resolve("resumed.pcapng");
        Files.write(p, ng.bytes());
        List<Flow> parts = new ArrayList<>();
        new CaptureReader().read(Source.of(p), FlowTable.Bounds.DEFAULT, parts::add);
        assertThat(parts).extracting(Flow::isContinuation).containsExactly(false, true);
        assertThat(dev.portolan.model.FlowTraits.of(parts.get(1))).isEqualTo(dev.portolan.model.FlowTraits.of(parts.get(0)));
        assertThat(auditBothWays(p, FlowTable.Bounds.DEFAULT, true)).isEqualTo(1);
    }
}
