package dev.portolan.audit;

import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.Initiator;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards a review found no test for: deleting or weakening either must make a test here fail.
 * (i) the listener audit uses the host's own ephemeral range (its OS, an {@code --ephemeral} override or the
 * manifest's), not a default; (ii) a connection is reported as running opposite to the catalog only when the
 * responder is the documented initiator (when the responder's roles are known).
 */
class AuditGuardsTest {
    private static Auditor auditor;

    @BeforeAll
    static void load() throws Exception {
        auditor = new Auditor(CatalogLoader.loadBundled());
    }

    private static ReadResult dump(String variant, int... ports) {
        List<Listener> ls = new java.util.ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            ls.add(new Listener(Protocol.TCP, "0.0.0.0", ports[i], -1, null,
                    Evidence.ofLine("dump.txt", i + 1, "tcp LISTEN 0.0.0.0:" + ports[i])));
        }
        return new ReadResult(FileSummary.of(new Source("dump.txt", Paths.get("dump.txt")), InputFormat.NETSTAT, variant),
                ls, List.of(), List.of(), List.of());
    }

    private static FindingCode codeOf(HostReport r, int port) {
        return r.findings().stream().filter(f -> f.port() == port).map(Finding::code).findFirst().orElseThrow();
    }

    @Test
    void theListenerAuditUsesTheHostsOverriddenEphemeralRange() {
        // 15000 is outside every OS default and 50000 inside the Windows one: the override turns both around
        Host h = Host.builder().name("w").os(OsFamily.WINDOWS).ephemeral(new PortRange(10000, 20000)).build();
        HostReport r = auditor.audit(h, List.of(dump("windows-netstat", 15000, 50000)), false, Map.of());
        assertThat(codeOf(r, 15000)).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(codeOf(r, 50000)).isEqualTo(FindingCode.UNKNOWN_LISTENER);
        assertThat(r.findings().stream().filter(f -> f.port() == 15000).findFirst().orElseThrow().message())
                .contains("10000-20000");
    }

    @Test
    void linuxAndMacosHostsUseTheirOwnRanges() {
        Host linux = Host.builder().name("l").os(OsFamily.LINUX).build();
        HostReport l = auditor.audit(linux, List.of(dump("ss", 40000, 62000)), false, Map.of());
        assertThat(codeOf(l, 40000)).isEqualTo(FindingCode.EPHEMERAL_LISTENER); // Linux 32768-60999
        assertThat(codeOf(l, 62000)).isEqualTo(FindingCode.UNKNOWN_LISTENER);
        Host mac = Host.builder().name("m").os(OsFamily.MACOS).build();
        HostReport m = auditor.audit(mac, List.of(dump("bsd-netstat", 40000, 62000)), false, Map.of());
        assertThat(codeOf(m, 40000)).isEqualTo(FindingCode.UNKNOWN_LISTENER); // macOS 49152-65535
        assertThat(codeOf(m, 62000)).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
    }

    @Test
    void aManifestRangeGuessedFromNothingElseStillDecides() {
        // an OS guessed from the dump (ss = Linux), with the range given for the host as a manifest gives it
        Host h = Host.builder().name("x").ephemeral(new PortRange(20000, 29999)).build();
        HostReport r = auditor.audit(h, List.of(dump("ss", 25000, 40000)), false, Map.of());
        assertThat(r.host().os()).isEqualTo(OsFamily.LINUX);
        assertThat(codeOf(r, 25000)).isEqualTo(FindingCode.EPHEMERAL_LISTENER);
        assertThat(codeOf(r, 40000)).isEqualTo(FindingCode.UNKNOWN_LISTENER);
    }

    private static ReadResult capture(Flow... flows) {
        return new ReadResult(FileSummary.of(new Source("c.pcap", Paths.get("c.pcap")), InputFormat.PCAP, "pcap-us-le"),
                List.of(), List.of(), List.of(flows), List.of());
    }

    /** The manager connects from an ephemeral port to port 31134 of another host: its own listener port (cm-17: clients connect to it). */
    private static HostReport managerConnectsOutTo(Host responder) {
        Flow f = new Flow(Protocol.TCP, 6, "10.0.0.5", 50001, "10.0.0.31", 31134, Initiator.HANDSHAKE);
        f.addPacket(true, 3, 60, Flow.SYN);
        f.addPacket(false, 4, 60, Flow.SYN_ACK);
        f.addEvidence(Evidence.ofPacket("c.pcap", 3, "t", ""));
        Host manager = Host.builder().name("mgr").os(OsFamily.WINDOWS).address("10.0.0.5").role("clientmanager:manager")
                .setting("clientmanager.version", "4.33").build();
        return auditor.audit(manager, List.of(capture(f)), false, Map.of("10.0.0.31", responder));
    }

    @Test
    void aDirectionMismatchNeedsTheResponderToBeTheDocumentedInitiator() {
        Host client = Host.builder().name("cl").os(OsFamily.WINDOWS).address("10.0.0.31").role("clientmanager:client")
                .setting("clientmanager.version", "4.33").build();
        assertThat(managerConnectsOutTo(client).findings()).extracting(Finding::code).contains(FindingCode.DIRECTION_MISMATCH);
        // a host that neither listens on 31134 nor initiates to it: not "opposite to the catalog"
        Host other = Host.builder().name("sp").os(OsFamily.WINDOWS).address("10.0.0.31").role("serverprotect:information-server")
                .build();
        assertThat(managerConnectsOutTo(other).findings()).extracting(Finding::code).doesNotContain(FindingCode.DIRECTION_MISMATCH);
    }
}
