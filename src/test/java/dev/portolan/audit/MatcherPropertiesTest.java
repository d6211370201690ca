package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.FileSummary;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Evidence;
import dev.portolan.model.Finding;
import dev.portolan.model.FindingCode;
import dev.portolan.model.Host;
import dev.portolan.model.HostReport;
import dev.portolan.model.Listener;
import dev.portolan.model.OsFamily;
import dev.portolan.model.Protocol;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the listener matcher over random snapshots, roles and settings drawn from the real catalog. */
class MatcherPropertiesTest {
    static Catalog catalog;
    static List<Integer> catalogPorts;
    static List<String> roles;

    @BeforeContainer
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
        Set<Integer> ports = new TreeSet<>();
        catalog.entries().forEach(e -> e.ports().ranges().forEach(r -> {
            for (int p = r.low(); p <= Math.min(r.high(), r.low() + 3); p++) ports.add(p);
        }));
        catalogPorts = new ArrayList<>(ports);
        roles = new ArrayList<>(catalog.listeningRoles());
    }

    static final Set<FindingCode> LISTENER_CODES = EnumSet.of(FindingCode.EXPECTED, FindingCode.FALLBACK_PORT,
            FindingCode.UNKNOWN_LISTENER, FindingCode.EPHEMERAL_LISTENER, FindingCode.EXPOSED_INTERNAL);

    @Provide
    Arbitrary<List<Listener>> snapshots() {
        Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.of(catalogPorts), Arbitraries.integers().between(1, 65535));
        Arbitrary<String> addr = Arbitraries.of("0.0.0.0", "::", "127.0.0.1", "::1", "10.0.0.5");
        Arbitrary<Protocol> proto = Arbitraries.of(Protocol.TCP, Protocol.UDP);
        Arbitrary<Listener> l = Combinators.combine(proto, addr, port)
                .as((p, a, n) -> new Listener(p, a, n, -1, null, Evidence.ofLine("dump.txt", n, p + " " + a + ":" + n)));
        return l.list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> roleSets() {
        return Arbitraries.of(roles).list().ofMaxSize(3).uniqueElements();
    }

    @Provide
    Arbitrary<Map<String, String>> settings() {
        return Arbitraries.maps(Arbitraries.of("clientmanager.version", "clientmanager.winshare", "serverprotect.mode",
                        "jp1-itdm.layout", "deliverymanager.relay", "desktop-patrol.proxy"),
                Arbitraries.of("4.32", "4.33", "6.0", "6.1", "tcpip", "named-pipe", "single", "multi", "yes", "no")).ofMaxSize(4);
    }

    private static HostReport audit(List<Listener> ls, List<String> rs, Map<String, String> set) {
        Host.Builder b = Host.builder().name("h").os(OsFamily.WINDOWS);
        rs.forEach(b::role);
        set.forEach(b::setting);
        ReadResult r = new ReadResult(FileSummary.of(new Source("dump.txt", Paths.get("dump.txt")), InputFormat.NETSTAT, ""),
                ls, List.of(), List.of(), List.of());
        return new Auditor(catalog).audit(b.build(), List.of(r), false, Map.of());
    }

    private static Set<String> groups(List<Listener> ls) {
        return ls.stream().map(l -> l.proto() + "/" + l.port()).collect(Collectors.toSet());
    }

    @Property(tries = 300)
    void everyListeningServiceGetsExactlyOneListenerFinding(@ForAll("snapshots") List<Listener> ls, @ForAll("roleSets") List<String> rs,
                                                             @ForAll("settings") Map<String, String> set) {
        HostReport r = audit(ls, rs, set);
        List<String> keys = r.findings().stream().filter(f -> LISTENER_CODES.contains(f.code()))
                .map(f -> f.proto() + "/" + f.port()).toList();
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).isEqualTo(groups(ls));
    }

    @Property(tries = 200)
    void missingNeverNamesAPortThatListens(@ForAll("snapshots") List<Listener> ls, @ForAll("roleSets") List<String> rs,
                                           @ForAll("settings") Map<String, String> set) {
        Set<String> present = groups(ls);
        for (Finding f : audit(ls, rs, set).findings()) {
            if (f.code() == FindingCode.MISSING_LISTENER) assertThat(present).doesNotContain(f.proto() + "/" + f.port());
        }
    }

    @Property(tries = 200)
    void theOrderOfRowsDoesNotMatter(@ForAll("snapshots") List<Listener> ls, @ForAll("roleSets") List<String> rs,
                                     @ForAll("settings") Map<String, String> set) {
        List<Listener> shuffled = new ArrayList<>(ls);
        Collections.shuffle(shuffled, new Random(ls.size()));
        assertThat(summary(audit(shuffled, rs, set))).isEqualTo(summary(audit(ls, rs, set)));
    }

    @Property(tries = 200)
    void anotherRoleNeverUnexplainsAPort(@ForAll("snapshots") List<Listener> ls, @ForAll("roleSets") List<String> rs,
                                         @ForAll("settings") Map<String, String> set) {
        Set<String> explained = explained(audit(ls, rs, set));
        List<String> more = new ArrayList<>(rs);
        for (String role : roles) {
            if (!more.contains(role)) {
                more.add(role);
                break;
            }
        }
        assertThat(explained(audit(ls, more, set))).containsAll(explained);
    }

    private static Set<String> explained(HostReport r) {
        return r.findings().stream().filter(f -> f.code() == FindingCode.EXPECTED || f.code() == FindingCode.FALLBACK_PORT
                || f.code() == FindingCode.EXPOSED_INTERNAL).map(f -> f.proto() + "/" + f.port()).collect(Collectors.toSet());
    }

    private static List<String> summary(HostReport r) {
        return r.findings().stream().map(f -> f.code() + " " + f.proto() + "/" + f.port() + " " + f.entryId()).sorted().toList();
    }
}
