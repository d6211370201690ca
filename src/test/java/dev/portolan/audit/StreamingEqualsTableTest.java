package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.firewall.FirewallLogReader;
import dev.portolan.model.Evidence;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.OsFamily;
import dev.portolan.model.ServiceGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregation never changes a finding: for every corpus and sample firewall log and capture, reading it
 * streaming (flows pushed in parts as small bounded tables spill, from parallel chunks, straight into the
 * host's service groups) gives exactly the findings, service groups and counts of reading the whole per-5-tuple
 * flow table first and auditing that.
 */
class StreamingEqualsTableTest {
    private static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    static Stream<Arguments> firewallLogs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path p : files("../shared/corpus/firewall", "samples")) {
            if (!Inputs.detect(Source.of(p)).equals(dev.portolan.ingest.InputFormat.FIREWALL_LOG)) continue;
            // spill after every flow, after a few, and never; one thread and three chunks on two threads
            for (int cap : new int[] {1, 7, 1000}) {
                out.add(Arguments.of(p.toString(), cap, 1));
                out.add(Arguments.of(p.toString(), cap, 3));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> captures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path p : files("../shared/corpus/pcap", "samples")) {
            var f = Inputs.detect(Source.of(p));
            if (f == dev.portolan.ingest.InputFormat.PCAP || f == dev.portolan.ingest.InputFormat.PCAPNG) out.add(Arguments.of(p.toString()));
        }
        return out.stream();
    }

    private static List<Path> files(String... roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String r : roots) {
            try (Stream<Path> s = Files.walk(Path.of(r))) {
                s.filter(Files::isRegularFile).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} cap {1} chunks {2}")
    @MethodSource("firewallLogs")
    void firewallLogStreamingGivesTheFindingsOfTheWholeTable(String file, int cap, int chunks) throws IOException {
        Source source = Source.of(Path.of(file));
        // roles make the audit say more: UNEXPECTED_FLOW, BLOCKED_EXPECTED, NOT_OBSERVED ...
        Host host = Host.builder().name("h").os(OsFamily.WINDOWS).role("desktop-patrol:cs").role("clientmanager:client").build();
        Auditor auditor = new Auditor(catalog);

        // the whole table parsing every line; the streaming read skipping the parse of lines seen again from the first
        ReadResult whole = new FirewallLogReader(FirewallLogReader.Options.defaults().withThreads(1).withCachesAfter(Integer.MAX_VALUE))
                .readLog(source).result();
        HostReport table = auditor.audit(host, List.of(whole), true, Map.of());

        HostAudit streaming = auditor.start(host, Auditor.Options.of(true, Map.of()));
        streaming.file(source);
        FirewallLogReader.Options parts = FirewallLogReader.Options.defaults().withFlowCap(cap).withThreads(chunks > 1 ? 2 : 1)
                .withChunks(chunks).withMinParallelBytes(0).withCachesAfter(0);
        streaming.read(new FirewallLogReader(parts).read(source, streaming));
        HostReport streamed = streaming.finish();

        assertSame(streamed, table);
        assertThat(table.services()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void captureStreamingGivesTheFindingsOfTheWholeTable(String file) throws IOException {
        Source source = Source.of(Path.of(file));
        ReadResult whole = Inputs.read(source, ReadOptions.defaults());
        // audit as the host that answered first (else the first responder), with roles inferred
        String address = whole.flows().stream().filter(f -> f.respPackets() > 0).map(Flow::respAddr).findFirst()
                .orElse(whole.flows().isEmpty() ? "192.0.2.1" : whole.flows().get(0).respAddr());
        Host host = Host.builder().name("h").address(address).build();
        Auditor auditor = new Auditor(catalog);
        HostReport table = auditor.audit(host, List.of(whole), true, Map.of());

        HostAudit streaming = auditor.start(host, Auditor.Options.of(true, Map.of()));
        streaming.file(source);
        streaming.read(Inputs.read(source, ReadOptions.defaults(), streaming));
        assertSame(streaming.finish(), table);
    }

    private static void assertSame(HostReport streamed, HostReport table) {
        assertThat(streamed.findings()).isEqualTo(table.findings());
        assertThat(describe(streamed.services())).isEqualTo(describe(table.services()));
        assertThat(streamed.host().toString()).isEqualTo(table.host().toString());
        assertThat(streamed.host().roles()).isEqualTo(table.host().roles());
    }

    /** Everything a service group says, as text. */
    static List<String> describe(List<ServiceGroup> groups) {
        List<String> out = new ArrayList<>();
        for (ServiceGroup g : groups) {
            StringBuilder b = new StringBuilder(g.toString()).append(" class=").append(g.origPortClass())
                    .append(" collapsed=").append(g.origCollapsed()).append(" origs=").append(g.sampleOriginators())
                    .append(" bytes=").append(g.bytes()).append(' ').append(g.firstMicros()).append('-').append(g.lastMicros())
                    .append(" ev=").append(g.evidenceCount());
            for (FirewallAction a : FirewallAction.values()) b.append(' ').append(g.actionCount(a));
            for (Evidence e : g.evidence()) b.append(" | ").append(e.location());
            out.add(b.toString());
        }
        return out;
    }
}
