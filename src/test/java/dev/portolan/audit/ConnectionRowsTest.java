package dev.portolan.audit;

import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.Source;
import dev.portolan.model.Connection;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import dev.portolan.model.Host;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection rows wait until the end of a dump (who listens is known only then); past a bound they wait in a
 * temporary file. Spilled or not, the rows give the same service groups, and the file is gone afterwards.
 */
class ConnectionRowsTest {
    private static final Path CORPUS = Paths.get("..", "shared", "corpus");

    /** Listeners and connection rows of one dump. */
    private record Dump(List<Listener> listeners, List<Connection> connections) {
    }

    private static Dump read(Path p) throws IOException {
        List<Listener> ls = new ArrayList<>();
        List<Connection> cs = new ArrayList<>();
        Inputs.read(Source.of(p), ReadOptions.defaults(), new ObservationSink() {
            @Override
            public void listener(Listener l) {
                ls.add(l);
            }

            @Override
            public void connection(Connection c) {
                cs.add(c);
            }

            @Override
            public void flow(Flow f) {
            }

            @Override
            public void problem(InputProblem p) {
            }
        });
        return new Dump(ls, cs);
    }

    /** The groups the rows fold into, with at most {@code inMemory} rows held in memory. */
    private static List<ServiceGroup> groups(Dump d, String file, OsFamily os, int inMemory) throws IOException {
        EvidenceOrder order = new EvidenceOrder();
        order.file(file);
        Host host = Host.builder().name("h").os(os).build();
        AuditUnits units = AuditUnits.of(AuditUnits.ExactPorts.of(CatalogLoader.loadBundled()), List.of(host), false);
        DeferredRows rows = new DeferredRows(inMemory);
        Connections cs = new Connections(order, rows);
        d.connections().forEach(cs::add);
        assertThat(rows.spilled()).isEqualTo(rows.size() > inMemory);
        Set<Long> listening = new HashSet<>();
        for (Listener l : d.listeners()) listening.add(ListenerAudit.key(l.proto(), l.port()));
        ServiceAggregator into = new ServiceAggregator(units, order);
        cs.orient(listening, new RoleView(CatalogLoader.loadBundled(), host), into);
        return into.groups();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netstat/windows10-netstat-aon.out", "netstat/ubuntu-18.04-netstat-sudo-aeep.out",
            "netstat/freebsd12-netstat-an.out", "netstat/osx-10.14.6-netstat-An.out"})
    void spilledRowsFoldLikeRowsKeptInMemory(String name) throws IOException {
        Path p = CORPUS.resolve(name);
        Dump d = read(p);
        assertThat(d.connections()).isNotEmpty();
        OsFamily os = name.contains("windows") ? OsFamily.WINDOWS : name.contains("ubuntu") ? OsFamily.LINUX : OsFamily.MACOS;
        List<ServiceGroup> kept = groups(d, p.toString(), os, Integer.MAX_VALUE);
        List<ServiceGroup> spilled = groups(d, p.toString(), os, 2);
        assertThat(spilled).hasSameSizeAs(kept).isNotEmpty();
        assertThat(spilled.toString()).isEqualTo(kept.toString());
    }

    @Test
    void manyRowsOnManyLocalAddressesFoldIntoFewGroups(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // a Windows dump with 20,000 rows from random local addresses and ports to a few services, and one listener
        Random rnd = new Random(8);
        StringBuilder sb = new StringBuilder("\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n");
        sb.append("  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       4\r\n");
        int[] remotePorts = {443, 80, 8080, 53000};
        for (int i = 0; i < 20_000; i++) {
            String local = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
            int rp = remotePorts[rnd.nextInt(remotePorts.length)];
            boolean in = rnd.nextInt(4) == 0;
            int lp = in ? 8080 : 49152 + rnd.nextInt(16384);
            if (in) rp = 49152 + rnd.nextInt(16384);
            sb.append(String.format("  TCP    %s:%d     192.0.2.%d:%d     ESTABLISHED     %d\r\n", local, lp, 1 + rnd.nextInt(200), rp, 100 + i));
        }
        Path p = dir.resolve("many.txt");
        Files.writeString(p, sb.toString());
        Dump d = read(p);
        assertThat(d.connections()).hasSize(20_000);
        List<ServiceGroup> kept = groups(d, p.toString(), OsFamily.WINDOWS, Integer.MAX_VALUE);
        List<ServiceGroup> spilled = groups(d, p.toString(), OsFamily.WINDOWS, 1000);
        assertThat(spilled.toString()).isEqualTo(kept.toString());
        // 20,000 rows from 20,000 local addresses fold into few groups: by direction, responder port (443, 80, and
        // 8080 and 53000 as port classes) and originator port class, or the exact port where a catalog names it
        assertThat(kept).hasSizeBetween(10, 60);
        assertThat(kept.stream().mapToLong(ServiceGroup::packets).sum()).isEqualTo(20_000);
        ServiceGroup inbound = kept.stream().filter(g -> g.respPort() == 8080 && g.direction() == dev.portolan.model.Direction.INBOUND)
                .findFirst().orElseThrow();
        assertThat(inbound.evidence()).hasSize(Flow.MAX_EVIDENCE);
    }

    @Test
    void rowsComeBackFromTheTemporaryFileAsTheyWentInAndTheFileIsDeleted() throws IOException {
        DeferredRows rows = new DeferredRows(1);
        Connection a = new Connection(Protocol.TCP, "10.0.0.1", 50000, "fe80::1%eth0", 443, "ESTABLISHED", 7, "x",
                Evidence.ofLine("a.txt", 3, "tcp 10.0.0.1:50000 [fe80::1%eth0]:443 ESTABLISHED ünïcode"));
        Connection b = new Connection(Protocol.UDP, "::1", 53, "::1", 5353, null, 0, null,
                new Evidence("cap.pcap", 0, 9, "2026-01-01T00:00:00Z", "x".repeat(70_000)));
        Connection c = new Connection(Protocol.TCP, "10.0.0.1", 1, "10.0.0.2", 2, null, 0, null, null);
        rows.add(a, 1);
        rows.add(b, 2);
        Connection d = new Connection(Protocol.UDP, "10.0.0.1", 60000, "10.0.0.3", 53, null, 0, null,
                new Evidence("cap.pcap", 0, 11, "2026-01-01T00:00:01Z", "dns"));
        rows.add(c, Long.MAX_VALUE);
        rows.add(d, 4);
        assertThat(rows.spilled()).isTrue();
        List<DeferredRows.Row> back = new ArrayList<>();
        rows.drain(back::add);
        assertThat(back).extracting(DeferredRows.Row::position).containsExactly(1L, 2L, Long.MAX_VALUE, 4L);
        assertThat(back.get(0).connection()).isEqualTo(a); // the first stays in memory whole
        for (int i = 1; i < 4; i++) {
            Connection want = List.of(a, b, c, d).get(i);
            Connection got = back.get(i).connection();
            assertThat(List.of(got.proto(), got.localAddress(), got.localPort(), got.remoteAddress(), got.remotePort()))
                    .isEqualTo(List.of(want.proto(), want.localAddress(), want.localPort(), want.remoteAddress(), want.remotePort()));
            assertThat(got.evidence()).isEqualTo(want.evidence());
        }
        assertThat(rows.spilled()).isFalse();
        try (var s = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith("portolan-connections-"))).isEmpty();
        }
    }
}
