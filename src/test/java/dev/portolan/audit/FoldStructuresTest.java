package dev.portolan.audit;

import dev.portolan.catalog.CatalogLoader;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.PortClass;
import dev.portolan.model.PortRange;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact structures the audit folds into agree with their obvious definitions. */
class FoldStructuresTest {

    @Provide
    Arbitrary<List<String>> addressLists() {
        return addressTexts().list().ofMaxSize(200);
    }

    Arbitrary<String> addressTexts() {
        Arbitrary<String> octet = Arbitraries.integers().between(0, 300).map(String::valueOf);
        Arbitrary<String> padded = Arbitraries.integers().between(0, 99).map(n -> "0" + n);
        Arbitrary<String> quad = Combinators.combine(octet, octet, Arbitraries.oneOf(octet, padded), octet)
                .as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
        return Arbitraries.oneOf(quad, quad, quad, Arbitraries.of("0.0.0.0", "255.255.255.255", "::1", "fe80::1",
                "10.0.0", "10.0.0.1.2", "1..2.3", "10.0.0.1 ", "", "host-a", "1.2.3.4x", "01.2.3.4", "1.2.3.04"));
    }

    @Property(tries = 300)
    void anAddressSetAnswersLikeASetOfTexts(@ForAll("addressLists") List<String> kept, @ForAll("addressLists") List<String> asked) {
        AddressSet set = new AddressSet(kept);
        Set<String> plain = new HashSet<>(kept);
        for (String a : kept) assertThat(set.contains(a)).as(a).isTrue();
        for (String a : asked) assertThat(set.contains(a)).as(a).isEqualTo(plain.contains(a));
    }

    @Test
    void onlyCanonicalDottedQuadsAreKeptAsNumbers() {
        assertThat(AddressSet.quad("10.0.0.1")).isEqualTo(0x0A000001L);
        assertThat(AddressSet.quad("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
        assertThat(AddressSet.quad("0.0.0.0")).isEqualTo(0);
        for (String other : List.of("010.0.0.1", "10.0.0.01", "256.0.0.1", "10.0.0", "10.0.0.1.", "10.0.0.1.5", "::1", "a.b.c.d",
                "1.2.3.4 ", "+1.2.3.4", "1.2.3.1000")) {
            assertThat(AddressSet.quad(other)).as(other).isEqualTo(-1);
        }
        AddressSet all = new AddressSet(List.of("0.0.0.0", "255.255.255.255", "010.0.0.1"));
        assertThat(all.contains("0.0.0.0")).isTrue();
        assertThat(all.contains("255.255.255.255")).isTrue();
        assertThat(all.contains("010.0.0.1")).isTrue();
        assertThat(all.contains("10.0.0.1")).isFalse();
        assertThat(new AddressSet(List.of()).contains("10.0.0.1")).isFalse();
        // a fleet-sized set (its /16 prefilter in use): members, neighbours and strangers
        List<String> fleet = new ArrayList<>();
        for (int i = 0; i < 5000; i++) fleet.add("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        AddressSet big = new AddressSet(fleet);
        for (int i = 0; i < 5000; i++) assertThat(big.contains(fleet.get(i))).isTrue();
        assertThat(big.contains("10.0.19.136")).isFalse();
        assertThat(big.contains("10.1.0.0")).isFalse();
        assertThat(big.contains("52.14.3.9")).isFalse();
        assertThat(big.contains("255.255.255.255")).isFalse();
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Long>>> pairs() {
        return Combinators.combine(Arbitraries.integers().between(0, 25), Arbitraries.longs().between(0, 60))
                .as(Tuple::of).list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void aSampleKeepsTheEarliestDistinctItemsWhateverTheOrder(@ForAll("pairs") List<Tuple.Tuple2<Integer, Long>> added,
                                                             @ForAll long seed) {
        for (int size : new int[]{1, 2, 5, 10}) {
            // the definition: each item at its smallest position, then the `size` earliest (distinct positions: ties
            // are broken by the order added, so they are left out of the definition)
            Map<Integer, Long> smallest = new LinkedHashMap<>();
            Set<Long> used = new HashSet<>();
            List<Tuple.Tuple2<Integer, Long>> distinct = new ArrayList<>();
            for (var p : added) if (used.add(p.get2())) distinct.add(p);
            for (var p : distinct) smallest.merge(p.get1(), p.get2(), Math::min);
            List<Integer> expected = smallest.entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .limit(size).map(Map.Entry::getKey).toList();

            List<Tuple.Tuple2<Integer, Long>> shuffled = new ArrayList<>(distinct);
            Collections.shuffle(shuffled, new Random(seed));
            Sample<Integer> one = new Sample<>(size);
            for (var p : shuffled) one.add(p.get1(), p.get2());
            assertThat(one.items()).isEqualTo(expected);
            assertThat(one.first()).isEqualTo(expected.isEmpty() ? null : expected.get(0));
            assertThat(one.firstPosition()).isEqualTo(expected.isEmpty() ? Long.MAX_VALUE : smallest.get(expected.get(0)));

            // split in two halves and merged: the same
            Sample<Integer> a = new Sample<>(size);
            Sample<Integer> b = new Sample<>(size);
            for (int i = 0; i < shuffled.size(); i++) (i % 2 == 0 ? a : b).add(shuffled.get(i).get1(), shuffled.get(i).get2());
            a.addAll(b);
            assertThat(a.items()).isEqualTo(expected);
        }
    }

    @Test
    void aSampleKeepsAnItemOnceAtItsEarliestPosition() {
        Sample<String> s = new Sample<>(3);
        s.add("b", 20);
        s.add("a", 30);
        s.add("b", 5);
        s.add("c", 40);
        s.add("d", 10);
        s.add("a", 1);
        assertThat(s.items()).containsExactly("a", "b", "d");
        assertThat(s.firstPosition()).isEqualTo(1);
        assertThat(s.takes(10)).isFalse();
        assertThat(s.takes(9)).isTrue();
        s.add("e", 100);
        assertThat(s.items()).containsExactly("a", "b", "d");
        assertThat(s.toString()).isEqualTo("[a, b, d]");
        assertThat(new Sample<String>(2).items()).isEmpty();
        assertThat(new Sample<String>(2).first()).isNull();
    }

    /**
     * Every port from 1024 up falls in the port class {@link AuditUnits#classAt} gives, whatever the hosts' ephemeral
     * ranges cut the ports into (none, one, several, touching, inside each other).
     */
    @Test
    void everyPortFallsInTheClassItIsGiven() throws Exception {
        AuditUnits.ExactPorts exact = AuditUnits.ExactPorts.of(CatalogLoader.loadBundled());
        List<List<PortRange>> cuts = List.of(List.of(), List.of(new PortRange(1025, 5000)),
                List.of(new PortRange(10000, 10000), new PortRange(10001, 10100),
                        new PortRange(20000, 65535), new PortRange(30000, 30001)));
        for (List<PortRange> ranges : cuts) {
            List<Host> hosts = new ArrayList<>();
            for (PortRange r : ranges) {
                hosts.add(Host.builder().name("h" + hosts.size()).os(OsFamily.WINDOWS)
                        .address("10.0.0." + (hosts.size() + 1)).ephemeral(r).build());
            }
            AuditUnits units = AuditUnits.of(exact, hosts, false);
            Set<PortClass> seen = new HashSet<>();
            for (int port = 1024; port <= 65535; port++) {
                PortClass c = units.classAt(port);
                assertThat(c.low()).as("port %d", port).isLessThanOrEqualTo(port);
                assertThat(c.high()).as("port %d", port).isGreaterThanOrEqualTo(port);
                seen.add(c);
            }
            // each OS's default range and each host's range cut the ports: more classes than one
            assertThat(seen).hasSizeGreaterThan(ranges.size() + 1);
        }
    }
}
