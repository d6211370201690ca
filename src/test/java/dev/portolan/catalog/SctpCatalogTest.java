package dev.portolan.catalog;

import dev.portolan.audit.Auditor;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.pcap.CaptureReader;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.HostReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telecom products document SCTP ports (M3UA 2905, Diameter 3868): a catalog row of protocol sctp is read, linted and
 * matched against the SCTP flows of a capture, and not against TCP's or UDP's.
 */
class SctpCatalogTest {
    @TempDir
    Path dir;

    static final String HEADER = "id,product,role,port,protocol,initiator,source_port,conditions,fallback,configurable,"
            + "firewall_exception,required,purpose,source,notes,process\n";

    @Test
    void anSctpRowIsMatchedAgainstTheCapturedAssociation() throws Exception {
        Files.writeString(dir.resolve("sigtran.csv"), HEADER
                + "sig-01,sigtran,sgw,2905,sctp,any,2905,,,yes,unspecified,,M3UA between application server and signalling gateway,site change 2026-04,,\n");
        Catalog catalog = CatalogLoader.load(List.of(dir));
        assertThat(CatalogLoader.lint(List.of(dir), true)).isEmpty();
        assertThat(catalog.claiming(Protocol.SCTP, 2905)).extracting(CatalogEntry::id).contains("sig-01");
        assertThat(catalog.claiming(Protocol.TCP, 2905)).extracting(CatalogEntry::id).doesNotContain("sig-01");

        // tcpdump's isup.pcap: M3UA from 10.28.6.42:2905 to the gateway 10.28.6.44:2905
        Path capture = Paths.get("src/test/resources/fixtures/pcap/isup.pcap");
        Host gateway = Host.builder().name("sgw").os(OsFamily.LINUX).address("10.28.6.44").role("sigtran:sgw").build();
        HostReport r = new Auditor(catalog).audit(gateway, List.of(new CaptureReader().read(Source.of(capture))), false, Map.of());
        assertThat(r.findings()).filteredOn(f -> f.port() == 2905)
                .extracting(Finding::code, Finding::proto).containsExactly(org.assertj.core.groups.Tuple.tuple(FindingCode.EXPECTED, Protocol.SCTP));
    }

    @Test
    void anSctpRowIsNoMissingListenerOfANetstatDump() throws Exception {
        // ss -ltn shows no SCTP sockets (and portolan does not read ss -A sctp rows): the gateway's 2905 is not "absent"
        Files.writeString(dir.resolve("sigtran.csv"), HEADER
                + "sig-01,sigtran,sgw,2905,sctp,any,2905,,,yes,unspecified,,M3UA between application server and signalling gateway,site change 2026-04,,\n");
        Path dump = Files.writeString(dir.resolve("ss.txt"), "State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
                + "LISTEN 0      128    0.0.0.0:22         0.0.0.0:*\n");
        Catalog catalog = CatalogLoader.load(List.of(dir));
        Host gateway = Host.builder().name("sgw").os(OsFamily.LINUX).address("10.28.6.44").role("sigtran:sgw").build();
        HostReport r = new Auditor(catalog).audit(gateway,
                List.of(dev.portolan.ingest.Inputs.read(Source.of(dump), dev.portolan.ingest.ReadOptions.defaults())), false, Map.of());
        assertThat(r.findings()).extracting(Finding::code).doesNotContain(FindingCode.MISSING_LISTENER);
    }

    @Test
    void sctpClientsEphemeralPortsFoldIntoOneServiceAsTcpsDo() throws Exception {
        // arkime's HTTP over SCTP: two associations from 32836 and 32837 (Linux's ephemeral range) to 203.255.252.194:80
        // are one service with the originator port's class, not one per port
        Path capture = Paths.get("src/test/resources/fixtures/pcap/sctp-www.pcap");
        Host server = Host.builder().name("www").os(OsFamily.LINUX).address("203.255.252.194").build();
        HostReport r = new Auditor(CatalogLoader.loadBundled()).audit(server, List.of(new CaptureReader().read(Source.of(capture))), false, Map.of());
        assertThat(r.services()).filteredOn(g -> g.proto() == Protocol.SCTP && g.respPort() == 80).singleElement()
                .satisfies(g -> assertThat(g.origPortExact()).isFalse());
    }
}
