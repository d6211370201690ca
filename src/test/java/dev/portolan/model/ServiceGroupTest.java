package dev.portolan.model;

import dev.portolan.audit.Auditor;
import dev.portolan.audit.HostAudit;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.Source;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.Map;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceGroupTest {

    @Test
    void ephemeralSourcePortsOfUnknownOriginatorsFoldIntoOneGroupPerOutcome() throws Exception {
        Auditor auditor = new Auditor(CatalogLoader.loadBundled());
        Host srv = Host.builder().name("srv").os(OsFamily.WINDOWS).address("10.0.0.9").build();
        HostAudit audit = auditor.start(srv, Auditor.Options.of(false, Map.of()));
        Source log = new Source("fw.log", Paths.get("fw.log"));
        audit.file(log);
        // 51000 and up: no catalog row names these ports (49152-49170, 49664-49690 and 50365 are named, so stay exact)
        for (int port = 51000; port < 54000; port++) {
            Flow f = new Flow(Protocol.TCP, 6, port % 2 == 0 ? "10.0.0.5" : "10.0.0.6", port, "10.0.0.9", 445, Initiator.LOGGED);
            f.setDirection(Direction.INBOUND);
            f.addLogLine(port % 3 == 0 ? FirewallAction.DROP : FirewallAction.ALLOW, 1_000_000L * port, 10);
            f.addEvidence(Evidence.ofLine("fw.log", port - 49000, "line " + port));
            audit.flow(f);
        }
        Flow dns = new Flow(Protocol.UDP, 17, "10.0.0.9", 50000, "10.0.0.1", 53, Initiator.LOGGED);
        dns.setDirection(Direction.OUTBOUND);
        dns.addLogLine(FirewallAction.ALLOW, 5, 60);
        audit.flow(dns);
        audit.read(FileSummary.of(log, InputFormat.FIREWALL_LOG, "pfirewall"));
        List<ServiceGroup> groups = audit.finish().services();

        // dropped and allowed lines are groups of their own; the unknown originators and their ports fold
        assertThat(groups).extracting(ServiceGroup::describe).containsExactly(
                "tcp 10.0.0.5:51000 -> 10.0.0.9:445", "tcp 10.0.0.6:51001 -> 10.0.0.9:445", "udp 10.0.0.9:50000 -> 10.0.0.1:53");
        ServiceGroup dropped = groups.get(0);
        assertThat(dropped.wasDropped()).isTrue();
        assertThat(dropped.wasAllowed()).isFalse();
        assertThat(dropped.origCollapsed()).isTrue();
        assertThat(dropped.origPortClass()).isEqualTo(new PortClass(49152, 60999));
        // 1000 distinct flows: above the exact bound, so an estimate, flagged
        assertThat(dropped.flows().isExact()).isFalse();
        assertThat(dropped.flowCount()).isBetween(900L, 1100L);
        assertThat(dropped.originatorCount()).isEqualTo(2);
        assertThat(dropped.sampleOriginators()).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(dropped.actionCount(FirewallAction.DROP)).isEqualTo(1000);
        assertThat(dropped.actionCount(FirewallAction.ALLOW)).isZero();
        assertThat(dropped.bytes()).isEqualTo(10000);
        assertThat(dropped.packets()).isEqualTo(1000);
        assertThat(dropped.firstMicros()).isEqualTo(51000L * 1_000_000);
        assertThat(dropped.lastMicros()).isEqualTo(53997L * 1_000_000);
        assertThat(dropped.evidence()).extracting(Evidence::line).containsExactly(2000L, 2003L, 2006L, 2009L, 2012L);
        ServiceGroup allowed = groups.get(1);
        assertThat(allowed.packets()).isEqualTo(2000);
        assertThat(allowed.evidenceCount()).isEqualTo(2000);
        assertThat(allowed.sampleOriginators()).containsExactly("10.0.0.6", "10.0.0.5");
        assertThat(allowed.evidence()).extracting(Evidence::line).containsExactly(2001L, 2002L, 2004L, 2005L, 2007L);
        // the audited host's own address is kept, its ephemeral port folds into the class
        ServiceGroup out = groups.get(2);
        assertThat(out.origCollapsed()).isFalse();
        assertThat(out.origPortExact()).isFalse();
        assertThat(out.flowCount()).isEqualTo(1);
        assertThat(out.flows().isExact()).isTrue();
    }

    @Test
    void distinctCountsAreExactUpToTheBoundThenEstimatedAndMergeInAnyOrder() {
        DistinctCount small = new DistinctCount();
        for (int i = 0; i < DistinctCount.EXACT_UP_TO; i++) small.add(DistinctCount.hash("10.0.0." + i));
        small.add(DistinctCount.hash("10.0.0.0"));
        assertThat(small.isExact()).isTrue();
        assertThat(small.count()).isEqualTo(DistinctCount.EXACT_UP_TO);
        DistinctCount a = new DistinctCount();
        DistinctCount b = new DistinctCount();
        DistinctCount all = new DistinctCount();
        for (int i = 0; i < 100_000; i++) {
            long h = DistinctCount.hash("flow " + i);
            (i % 2 == 0 ? a : b).add(h);
            all.add(h);
        }
        assertThat(all.isExact()).isFalse();
        assertThat(all.count()).isBetween(85_000L, 115_000L);
        a.addAll(b);
        assertThat(a.count()).isEqualTo(all.count());
        b.addAll(small);
        assertThat(b.isExact()).isFalse();
        // the estimate depends on the values only, never on the order they came in
        DistinctCount reversed = new DistinctCount();
        for (int i = 99_999; i >= 0; i--) reversed.add(DistinctCount.hash("flow " + i));
        assertThat(reversed.count()).isEqualTo(all.count());
    }

    @Test
    void responderPortsNoCatalogRowNamesFoldIntoTheirClassWithTheirPortsCounted() throws Exception {
        Auditor auditor = new Auditor(CatalogLoader.loadBundled());
        Host srv = Host.builder().name("srv").os(OsFamily.WINDOWS).address("10.0.0.9").role("desktop-patrol:cs").build();
        HostAudit audit = auditor.start(srv, Auditor.Options.of(false, Map.of()));
        Source log = new Source("fw.log", Paths.get("fw.log"));
        audit.file(log);
        // 7001-7003 (class 5001-32767) and 3333 (class 1025-5000): no catalog row names them; 445 is below 1024
        int[] ports = {7002, 7001, 3333, 7003, 7002, 445};
        for (int i = 0; i < ports.length; i++) {
            Flow f = new Flow(Protocol.TCP, 6, "10.0.0.5", 50000 + i, "10.0.0.9", ports[i], Initiator.LOGGED);
            f.setDirection(Direction.INBOUND);
            f.addLogLine(FirewallAction.ALLOW, 1_000_000L * i, 0);
            f.addEvidence(Evidence.ofLine("fw.log", 10 + i, "line " + i));
            audit.flow(f);
        }
        audit.read(FileSummary.of(log, InputFormat.FIREWALL_LOG, "pfirewall"));
        HostReport r = audit.finish();
        assertThat(r.services()).extracting(ServiceGroup::respPortLabel).containsExactly("5001-32767", "1025-5000", "445");
        ServiceGroup folded = r.services().get(0);
        assertThat(folded.respPort()).isEqualTo(7002);
        assertThat(folded.respPorts().count()).isEqualTo(3);
        assertThat(folded.sampleRespPorts()).containsExactly(7002, 7001, 7003);
        assertThat(folded.packets()).isEqualTo(4);
        assertThat(r.services().get(2).respPortExact()).isTrue();
        // one finding for the three ports of the class, naming them; a class with one port names it as before
        List<Finding> unexpected = r.findings().stream().filter(f -> f.code() == FindingCode.UNEXPECTED_FLOW).toList();
        assertThat(unexpected).extracting(Finding::port).containsExactly(3333, 7002);
        assertThat(unexpected.get(0).message()).startsWith("traffic to tcp/3333 on 10.0.0.9 (desktop-patrol:cs) that no role documents");
        assertThat(unexpected.get(1).message()).startsWith("traffic to 3 tcp ports (7002, 7001, 7003) on 10.0.0.9 (desktop-patrol:cs)"
                + " that no role documents [4 flows from 1 originator]");
    }

    /** The audit of Windows host srv (10.0.0.9), no roles, reading capture {@code cap}. */
    private static HostAudit captureAuditOfSrv(Source cap) throws Exception {
        Auditor auditor = new Auditor(CatalogLoader.loadBundled());
        Host srv = Host.builder().name("srv").os(OsFamily.WINDOWS).address("10.0.0.9").build();
        HostAudit audit = auditor.start(srv, Auditor.Options.of(false, Map.of()));
        audit.file(cap);
        return audit;
    }

    @Test
    void flowsThatTouchNoAuditedHostAreCountedAndListedAsUntouched() throws Exception {
        Source cap = new Source("cap.pcap", Paths.get("cap.pcap"));
        HostAudit audit = captureAuditOfSrv(cap);
        // a capture: who initiated is known from the handshake, the direction is not; one flow reaches the host
        Flow toHost = new Flow(Protocol.TCP, 6, "10.0.0.5", 50001, "10.0.0.9", 445, Initiator.HANDSHAKE);
        toHost.addPacket(true, 1, 60, Flow.SYN);
        toHost.addEvidence(Evidence.ofPacket("cap.pcap", 1, null, ""));
        audit.flow(toHost);
        for (int i = 0; i < 3; i++) {
            Flow other = new Flow(Protocol.TCP, 6, "10.0.0.5", 50002 + i, "10.0.0.7", 80, Initiator.HANDSHAKE);
            other.addPacket(true, 2 + i, 60, Flow.SYN);
            other.addEvidence(Evidence.ofPacket("cap.pcap", 2 + i, null, ""));
            audit.flow(other);
        }
        audit.read(FileSummary.of(cap, InputFormat.PCAP, "pcap"));
        HostReport r = audit.finish();
        assertThat(r.services()).extracting(ServiceGroup::respPort).containsExactly(445);
        assertThat(r.untouched()).singleElement().satisfies(g -> {
            assertThat(g.describe()).isEqualTo("tcp 10.0.0.5:50002 -> 10.0.0.7:80");
            assertThat(g.flowCount()).isEqualTo(3);
        });
        java.io.StringWriter text = new java.io.StringWriter();
        new dev.portolan.report.TextRenderer().render(new AuditReport(List.of(r), java.time.Instant.EPOCH, "test"), text);
        assertThat(text.toString()).contains("untouched: 3 flows (1 service group) with no audited host at either end: not");
    }

    @Test
    void pingsAndTunnelsBetweenOtherHostsAreUntouchedToo() throws Exception {
        // until 2026-12-02 only TCP and UDP groups were placed: a ping or a GRE tunnel between two other hosts stayed
        // among the audited host's services
        Source cap = new Source("cap.pcap", Paths.get("cap.pcap"));
        HostAudit audit = captureAuditOfSrv(cap);
        Flow ping = new Flow(Protocol.ICMP, 1, "10.0.0.5", 0, "10.0.0.9", 8, Initiator.INFERRED);
        Flow otherPing = new Flow(Protocol.ICMP, 1, "10.0.0.5", 0, "10.0.0.7", 8, Initiator.INFERRED);
        Flow gre = new Flow(Protocol.OTHER, 47, "10.0.0.5", 0, "10.0.0.7", 0, Initiator.INFERRED);
        Flow ownGre = new Flow(Protocol.OTHER, 47, "10.0.0.9", 0, "10.0.0.7", 0, Initiator.INFERRED);
        int n = 1;
        for (Flow f : List.of(ping, otherPing, gre, ownGre)) {
            f.addPacket(true, n, 60, 0);
            f.addEvidence(Evidence.ofPacket("cap.pcap", n++, null, ""));
            audit.flow(f);
        }
        audit.read(FileSummary.of(cap, InputFormat.PCAP, "pcap"));
        HostReport r = audit.finish();
        assertThat(r.services()).extracting(ServiceGroup::describe)
                .containsExactlyInAnyOrder("icmp 10.0.0.5:0 -> 10.0.0.9:8", "other 10.0.0.9:0 -> 10.0.0.7:0");
        assertThat(r.untouched()).extracting(ServiceGroup::describe)
                .containsExactlyInAnyOrder("icmp 10.0.0.5:0 -> 10.0.0.7:8", "other 10.0.0.5:0 -> 10.0.0.7:0");
        // 'other' names no protocol: the JSON report gives its number
        java.io.StringWriter json = new java.io.StringWriter();
        new dev.portolan.report.JsonRenderer().render(new AuditReport(List.of(r), java.time.Instant.EPOCH, "test"), json);
        assertThat(json.toString()).contains("\"proto\":\"other\",\"ip_proto\":47,");
    }

    @Test
    void mergeAddsALaterPartOfTheSameFlow() {
        Flow a = new Flow(Protocol.UDP, 17, "10.0.0.5", 5353, "224.0.0.251", 5353, Initiator.LOGGED);
        a.setDirection(Direction.OUTBOUND);
        a.addLogLine(FirewallAction.ALLOW, 10, 5);
        a.addEvidence(Evidence.ofLine("f", 1, "one"));
        Flow b = new Flow(Protocol.UDP, 17, "10.0.0.5", 5353, "224.0.0.251", 5353, Initiator.LOGGED);
        b.setDirection(Direction.INBOUND);
        b.addLogLine(FirewallAction.DROP, 5, 7);
        b.addEvidence(Evidence.ofLine("f", 9, "nine"));
        a.merge(b);
        assertThat(a.firstMicros()).isEqualTo(5);
        assertThat(a.lastMicros()).isEqualTo(10);
        assertThat(a.bytes()).isEqualTo(12);
        assertThat(a.actionCount(FirewallAction.DROP)).isEqualTo(1);
        assertThat(a.evidence()).extracting(Evidence::line).containsExactly(1L, 9L);
        assertThat(a.evidenceCount()).isEqualTo(2);
        assertThat(a.direction()).isEqualTo(Direction.LOCAL);
    }
}
