package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.Direction;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.Initiator;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.RoleAssignment;
import dev.portolan.model.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditorTest {
    static Catalog catalog;
    static Auditor auditor;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
        auditor = new Auditor(catalog);
    }

    private int line;

    private ReadResult snapshot(Object... rows) {
        List<Listener> listeners = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (Object o : rows) {
            if (o instanceof Listener l) listeners.add(l);
            else if (o instanceof Connection c) connections.add(c);
        }
        return new ReadResult(FileSummary.of(new Source("dump.txt", Paths.get("dump.txt")), InputFormat.NETSTAT, "windows-netstat"),
                listeners, connections, List.of(), List.of());
    }

    private static ReadResult flows(Source source, InputFormat format, String variant, Flow... flows) {
        return new ReadResult(FileSummary.of(source, format, variant), List.of(), List.of(), List.of(flows), List.of());
    }

    private static ReadResult capture(Flow... flows) {
        return flows(new Source("c.pcap", Paths.get("c.pcap")), InputFormat.PCAP, "pcap-us-le", flows);
    }

    private Listener tcp(String addr, int port) {
        line++;
        return new Listener(Protocol.TCP, addr, port, -1, null, Evidence.ofLine("dump.txt", line, "TCP " + addr + ":" + port));
    }

    private Listener udp(String addr, int port) {
        line++;
        return new Listener(Protocol.UDP, addr, port, -1, null, Evidence.ofLine("dump.txt", line, "UDP " + addr + ":" + port));
    }

    private static Host host(String... rolesAndSettings) {
        Host.Builder b = Host.builder().name("h").os(OsFamily.WINDOWS);
        for (String s : rolesAndSettings) {
            if (s.contains("=")) b.setting(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            else b.role(s);
        }
        return b.build();
    }

    private static List<Finding> of(HostReport r, FindingCode code) {
        return r.findings().stream().filter(f -> f.code() == code).toList();
    }

    @Test
    void healthyManagerHasOnlyExpectedFindings() {
        HostReport r = auditor.audit(host("clientmanager:manager"),
                List.of(snapshot(tcp("0.0.0.0", 135), tcp("0.0.0.0", 445), tcp("0.0.0.0", 14370), tcp("0.0.0.0", 31134),
                        tcp("0.0.0.0", 31300), tcp("::", 31300))), false, Map.of());
        assertThat(r.findings()).extracting(Finding::code).containsOnly(FindingCode.EXPECTED);
        assertThat(of(r, FindingCode.EXPECTED)).hasSize(5);
        Finding f31300 = of(r, FindingCode.EXPECTED).stream().filter(f -> f.port() == 31300).findFirst().orElseThrow();
        assertThat(f31300.entryId()).isEqualTo("cm-07");
        assertThat(f31300.evidence()).hasSize(2);
        assertThat(of(r, FindingCode.EXPECTED).stream().filter(f -> f.port() == 135).findFirst().orElseThrow().product()).isEqualTo("os-windows");
    }

    @Test
    void missingListenersOfTheRoleAreErrors() {
        HostReport r = auditor.audit(host("clientmanager:manager"), List.of(snapshot(tcp("0.0.0.0", 14370))), false, Map.of());
        assertThat(of(r, FindingCode.MISSING_LISTENER)).extracting(Finding::port).containsExactlyInAnyOrder(31300, 31134);
        assertThat(of(r, FindingCode.MISSING_LISTENER)).allMatch(f -> f.severity() == Severity.ERROR);
    }

    @Test
    void versionConditionsDecideWhichPortsAreExpected() {
        HostReport newer = auditor.audit(host("clientmanager:client", "clientmanager.version=4.33", "clientmanager.winshare=6.1"),
                List.of(snapshot(tcp("0.0.0.0", 14375), tcp("0.0.0.0", 14377), tcp("0.0.0.0", 31300))), false, Map.of());
        assertThat(of(newer, FindingCode.MISSING_LISTENER)).isEmpty();
        assertThat(of(newer, FindingCode.EXPECTED)).hasSize(3);

        HostReport older = auditor.audit(host("clientmanager:client", "clientmanager.version=4.32", "clientmanager.winshare=6.0"),
                List.of(snapshot(tcp("0.0.0.0", 14375), tcp("0.0.0.0", 14377), tcp("0.0.0.0", 31300))), false, Map.of());
        assertThat(of(older, FindingCode.MISSING_LISTENER)).extracting(Finding::port).contains(3000, 4935, 5935, 5025, 5027, 5028);
        assertThat(older.findings()).filteredOn(f -> f.port() == 31300).extracting(Finding::code).containsExactly(FindingCode.UNKNOWN_LISTENER);
    }

    @Test
    void unknownConditionValuesMakeEitherAcceptable() {
        HostReport r = auditor.audit(host("clientmanager:client"),
                List.of(snapshot(tcp("0.0.0.0", 14375), tcp("0.0.0.0", 14377), tcp("0.0.0.0", 3000))), false, Map.of());
        assertThat(of(r, FindingCode.MISSING_LISTENER)).isEmpty();
        assertThat(r.findings()).filteredOn(f -> f.port() == 3000).extracting(Finding::code).containsExactly(FindingCode.EXPECTED);
    }

    @Test
    void fallbackPortIsANoticeAndSatisfiesTheExpectation() {
        HostReport r = auditor.audit(host("serverprotect:information-server", "serverprotect.mode=tcpip"),
                List.of(snapshot(tcp("0.0.0.0", 3000), udp("0.0.0.0", 3000), tcp("0.0.0.0", 3628), tcp("0.0.0.0", 5006),
                        tcp("0.0.0.0", 139), tcp("0.0.0.0", 445), udp("0.0.0.0", 137), udp("0.0.0.0", 138))), false, Map.of());
        assertThat(of(r, FindingCode.FALLBACK_PORT)).singleElement().satisfies(f -> {
            assertThat(f.port()).isEqualTo(5006);
            assertThat(f.severity()).isEqualTo(Severity.NOTICE);
            assertThat(f.entryId()).isEqualTo("sp-04");
        });
        assertThat(of(r, FindingCode.MISSING_LISTENER)).isEmpty();
    }

    @Test
    void internalOnlyPortOnAWildcardAddressIsExposed() {
        HostReport r = auditor.audit(host("jp1-itdm:management-server", "jp1-itdm.layout=single"),
                List.of(snapshot(tcp("0.0.0.0", 31000), tcp("0.0.0.0", 31080), tcp("127.0.0.1", 31006), tcp("0.0.0.0", 31008))),
                false, Map.of());
        assertThat(of(r, FindingCode.EXPOSED_INTERNAL)).singleElement().satisfies(f -> {
            assertThat(f.port()).isEqualTo(31008);
            assertThat(f.address()).isEqualTo("0.0.0.0");
            assertThat(f.evidence().get(0).location()).isEqualTo("dump.txt:" + 4);
        });
        assertThat(r.findings()).filteredOn(f -> f.port() == 31006).extracting(Finding::code).containsExactly(FindingCode.EXPECTED);
    }

    @Test
    void unknownAndEphemeralListenersNameOtherProducts() {
        HostReport r = auditor.audit(host("clientmanager:manager"),
                List.of(snapshot(tcp("0.0.0.0", 14370), tcp("0.0.0.0", 31134), tcp("0.0.0.0", 31300), tcp("0.0.0.0", 5005),
                        tcp("0.0.0.0", 50123), tcp("127.0.0.1", 8123))), false, Map.of());
        Finding unknown = r.findings().stream().filter(f -> f.port() == 5005).findFirst().orElseThrow();
        assertThat(unknown.code()).isEqualTo(FindingCode.UNKNOWN_LISTENER);
        assertThat(unknown.message()).contains("serverprotect:information-server");
        assertThat(r.findings()).filteredOn(f -> f.port() == 50123).extracting(Finding::code).containsExactly(FindingCode.EPHEMERAL_LISTENER);
        assertThat(r.findings()).filteredOn(f -> f.port() == 8123).extracting(Finding::severity).containsExactly(Severity.NOTICE);
    }

    @Test
    void connectionFromTheDocumentedListenerToTheInitiatorsPortIsAMismatch() {
        line = 10;
        Connection wrong = new Connection(Protocol.TCP, "10.0.0.31", 49702, "10.0.0.5", 14375, "ESTABLISHED", -1, null,
                Evidence.ofLine("dump.txt", 20, "TCP 10.0.0.31:49702 10.0.0.5:14375 ESTABLISHED"));
        Connection fine = new Connection(Protocol.TCP, "10.0.0.31", 49703, "10.0.0.5", 31300, "ESTABLISHED", -1, null,
                Evidence.ofLine("dump.txt", 21, "TCP 10.0.0.31:49703 10.0.0.5:31300 ESTABLISHED"));
        HostReport r = auditor.audit(host("clientmanager:client"),
                List.of(snapshot(tcp("0.0.0.0", 14375), tcp("0.0.0.0", 14377), wrong, fine)), false, Map.of());
        assertThat(of(r, FindingCode.DIRECTION_MISMATCH)).singleElement().satisfies(f -> {
            assertThat(f.port()).isEqualTo(14375);
            assertThat(f.evidence()).extracting(Evidence::line).containsExactly(20L);
            assertThat(f.message()).contains("clientmanager:client is the documented listener");
        });
    }

    private static Flow fwFlow(FirewallAction action, String src, int sport, String dst, int dport, int line) {
        Flow f = new Flow(Protocol.TCP, 6, src, sport, dst, dport, Initiator.LOGGED);
        f.setDirection(Direction.INBOUND);
        f.addLogLine(action, 0, 52);
        f.addEvidence(Evidence.ofLine("pfirewall.log", line, "DROP TCP " + src + " " + dst));
        return f;
    }

    @Test
    void droppedExpectedTrafficIsBlockedExpectedAndMergesWithTheListener() {
        ReadResult log = flows(new Source("pfirewall.log", Paths.get("pfirewall.log")), InputFormat.FIREWALL_LOG, "pfirewall",
                fwFlow(FirewallAction.DROP, "10.1.0.20", 50811, "10.1.0.10", 2856, 6),
                fwFlow(FirewallAction.DROP, "10.1.0.21", 61020, "10.1.0.10", 2856, 8),
                fwFlow(FirewallAction.ALLOW, "10.1.0.20", 50911, "10.1.0.10", 4444, 9));
        HostReport r = auditor.audit(host("desktop-patrol:cs").toBuilder().address("10.1.0.10").build(),
                List.of(snapshot(tcp("0.0.0.0", 2856)), log), false, Map.of());
        assertThat(of(r, FindingCode.BLOCKED_EXPECTED)).singleElement().satisfies(f -> {
            assertThat(f.port()).isEqualTo(2856);
            assertThat(f.message()).contains("firewall_exception: yes").contains("2 flows from 2 originators");
            assertThat(f.evidence()).extracting(Evidence::file).contains("dump.txt", "pfirewall.log");
        });
        assertThat(r.findings()).filteredOn(f -> f.port() == 2856 && f.code() == FindingCode.EXPECTED).isEmpty();
        assertThat(of(r, FindingCode.UNEXPECTED_FLOW)).singleElement().extracting(Finding::port).isEqualTo(4444);
    }

    @Test
    void captureFlowFromTheListenerPortToAnEphemeralPortIsReversed() {
        Flow ok = new Flow(Protocol.TCP, 6, "10.0.0.31", 50000, "10.0.0.5", 31300, Initiator.HANDSHAKE);
        ok.addPacket(true, 1, 60, Flow.SYN);
        ok.addPacket(false, 2, 60, Flow.SYN_ACK);
        ok.addEvidence(Evidence.ofPacket("c.pcap", 1, "t", ""));
        Flow bad = new Flow(Protocol.TCP, 6, "10.0.0.5", 31300, "10.0.0.31", 50001, Initiator.HANDSHAKE);
        bad.addPacket(true, 3, 60, Flow.SYN);
        bad.addPacket(false, 4, 60, Flow.SYN_ACK);
        bad.addEvidence(Evidence.ofPacket("c.pcap", 3, "t", ""));
        ReadResult cap = capture(ok, bad);
        Host manager = Host.builder().name("mgr").os(OsFamily.WINDOWS).address("10.0.0.5").role("clientmanager:manager").build();
        Host client = Host.builder().name("cl").os(OsFamily.WINDOWS).address("10.0.0.31").role("clientmanager:client").build();
        HostReport r = auditor.audit(manager, List.of(cap), false, Map.of("10.0.0.31", client));
        assertThat(of(r, FindingCode.DIRECTION_MISMATCH)).singleElement().satisfies(f -> {
            assertThat(f.evidence()).extracting(Evidence::packet).containsExactly(3L);
            assertThat(f.message()).contains("connected out from that port");
        });
        assertThat(of(r, FindingCode.EXPECTED)).extracting(Finding::port).contains(31300);
    }

    @Test
    void wakeOnLanMustUseSourcePort9() {
        Flow wol = new Flow(Protocol.UDP, 17, "10.0.0.40", 50000, "10.0.0.41", 9, Initiator.INFERRED);
        wol.addPacket(true, 1, 102, 0);
        ReadResult cap = capture(wol);
        Host ct = Host.builder().name("ct1").os(OsFamily.WINDOWS).address("10.0.0.40").role("desktop-patrol:ct").build();
        Host ct2 = Host.builder().name("ct2").os(OsFamily.WINDOWS).address("10.0.0.41").role("desktop-patrol:ct").build();
        HostReport r = auditor.audit(ct, List.of(cap), false, Map.of("10.0.0.41", ct2));
        assertThat(of(r, FindingCode.DIRECTION_MISMATCH)).singleElement().satisfies(f ->
                assertThat(f.message()).contains("source port 9"));
    }

    @Test
    void unansweredSynToAnExpectedListenerIsMissing() {
        Flow syn = new Flow(Protocol.TCP, 6, "10.0.0.31", 50000, "10.0.0.5", 31134, Initiator.HANDSHAKE);
        syn.addPacket(true, 1, 60, Flow.SYN);
        syn.addPacket(false, 2, 40, Flow.RST | Flow.RST_FROM_RESP);
        syn.addEvidence(Evidence.ofPacket("c.pcap", 7, "t", ""));
        ReadResult cap = capture(syn);
        Host manager = Host.builder().name("mgr").os(OsFamily.WINDOWS).address("10.0.0.5").role("clientmanager:manager").build();
        HostReport r = auditor.audit(manager, List.of(cap), false, Map.of());
        assertThat(of(r, FindingCode.MISSING_LISTENER)).singleElement().satisfies(f -> {
            assertThat(f.port()).isEqualTo(31134);
            assertThat(f.message()).contains("reset");
        });
        assertThat(of(r, FindingCode.NOT_OBSERVED)).extracting(Finding::port).contains(14370);
    }

    @Test
    void rolesAreInferredFromListeners() {
        HostReport r = auditor.audit(Host.builder().os(OsFamily.WINDOWS).build(),
                List.of(snapshot(tcp("0.0.0.0", 2856), tcp("0.0.0.0", 2922), tcp("0.0.0.0", 10104), tcp("0.0.0.0", 80),
                        tcp("0.0.0.0", 135))), true, Map.of());
        assertThat(r.host().roles()).extracting(RoleAssignment::role).contains("desktop-patrol:cs");
        RoleAssignment cs = r.host().roles().stream().filter(x -> x.role().equals("desktop-patrol:cs")).findFirst().orElseThrow();
        assertThat(cs.inferred()).isTrue();
        assertThat(cs.decidedBy()).contains("tcp/10104", "tcp/2856");
        assertThat(cs.confidence()).isGreaterThanOrEqualTo(RoleInference.THRESHOLD);
        assertThat(r.findings()).filteredOn(f -> f.port() == 10104).extracting(Finding::code).containsExactly(FindingCode.EXPECTED);
    }
}
