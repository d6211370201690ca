package dev.portolan.ingest.firewall;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key index holds IPv4 pairs in two longs and any other key in the wide pages: whatever the mix, every key is
 * found again under the number it got, reads back as added, is told apart from keys that differ in one part only,
 * and is matched across two tables.
 */
class FlowTableKeysTest {
    private static long[] key(SplittableRandom r) {
        long k0 = FlowTable.packKey0(r.nextInt(3) == 0 ? 17 : 6, r.nextBoolean(), r.nextBoolean(), r.nextInt(4), r.nextInt(4))
                | ((long) r.nextInt(8) << 52) | ((long) r.nextInt(4) << 58);
        long[] k = {k0, 0, 0, 0, 0};
        for (int side = 0; side < 2; side++) {
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> k[2 + 2 * side] = r.nextInt(4) == 0 ? 0 : r.nextLong() & 0xFFFFFFFFL; // IPv4 (0.0.0.0 too)
                case 3 -> { // IPv4-mapped IPv6: low bits only, above 32
                    k[2 + 2 * side] = 0xFFFF_0000_0000L | (r.nextLong() & 0xFFFFFFFFL);
                }
                case 4 -> { // IPv6 with its high half
                    k[1 + 2 * side] = 0x2001_0db8_0000_0000L | r.nextInt(4);
                    k[2 + 2 * side] = r.nextInt(4);
                }
                default -> k[2 + 2 * side] = 1L << 32 | r.nextInt(2); // only bit 32 above the low half
            }
        }
        return k;
    }

    @Test
    void everyKeyIsFoundAgainAndReadsBackAsAddedWhateverItsKind() {
        SplittableRandom r = new SplittableRandom(13);
        FlowTable t = new FlowTable();
        Map<List<Long>, Integer> seen = new HashMap<>();
        List<long[]> added = new ArrayList<>();
        for (int n = 0; n < 200_000; n++) {
            long[] k = key(r);
            List<Long> asList = List.of(k[0], k[1], k[2], k[3], k[4]);
            int at = t.indexOrAdd(k[0], k[1], k[2], k[3], k[4]);
            Integer before = seen.get(asList);
            if (before == null) {
                assertThat(at).as("new key %s", asList).isEqualTo(~added.size());
                seen.put(asList, added.size());
                added.add(k);
            } else {
                assertThat(at).as("key %s again", asList).isEqualTo(before);
            }
        }
        assertThat(t.size()).isEqualTo(added.size()).isGreaterThan(10_000);
        for (int i = 0; i < added.size(); i++) {
            for (int part = 0; part < 5; part++) assertThat(t.key(i, part)).isEqualTo(added.get(i)[part]);
        }
        // a second table with some of the same keys and some new: matches finds exactly the shared ones
        FlowTable later = new FlowTable();
        List<long[]> laterKeys = new ArrayList<>();
        for (int n = 0; n < 30_000; n++) {
            long[] k = n % 2 == 0 ? added.get(r.nextInt(added.size())) : key(new SplittableRandom(1_000_000 + n));
            if (later.indexOrAdd(k[0], k[1], k[2], k[3], k[4]) < 0) laterKeys.add(k);
        }
        Map<Integer, Integer> found = new HashMap<>();
        later.size();
        t.matches(later, 0, later.slotCount(), new boolean[later.size()], (li, i) -> found.put(li, i));
        for (int li = 0; li < laterKeys.size(); li++) {
            long[] k = laterKeys.get(li);
            Integer expected = seen.get(List.of(k[0], k[1], k[2], k[3], k[4]));
            assertThat(found.get(li)).as("later key %d", li).isEqualTo(expected);
        }
        // cleared, it forgets every key, and numbers them from 0 again
        t.clear();
        long[] k = added.get(added.size() - 1);
        assertThat(t.indexOrAdd(k[0], k[1], k[2], k[3], k[4])).isEqualTo(~0);
        for (int part = 0; part < 5; part++) assertThat(t.key(0, part)).isEqualTo(k[part]);
    }

    @Test
    void keysWhoseHashesAgreeAreStillTwoKeys() {
        // two IPv4 keys and two wide keys whose 32-bit hashes (the slots' tags) are the same: found by search
        for (boolean wide : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(wide ? 21 : 17);
            Map<Integer, long[]> byHash = new HashMap<>();
            long[] a = null;
            long[] b = null;
            while (a == null) {
                long hi = wide ? 0x2001_0db8_0000_0000L : 0;
                long[] k = {FlowTable.packKey0(6, wide, false, 80, 443), hi, r.nextLong() & 0xFFFFFFFFL, 0, r.nextLong() & 0xFFFFFFFFL};
                long[] other = byHash.putIfAbsent(FlowTable.hash(k[0], k[1], k[2], k[3], k[4]), k);
                if (other != null && !java.util.Arrays.equals(other, k)) {
                    a = other;
                    b = k;
                }
            }
            FlowTable t = new FlowTable();
            assertThat(t.indexOrAdd(a[0], a[1], a[2], a[3], a[4])).isEqualTo(~0);
            assertThat(t.indexOrAdd(b[0], b[1], b[2], b[3], b[4])).as("same hash, other key").isEqualTo(~1);
            assertThat(t.indexOrAdd(a[0], a[1], a[2], a[3], a[4])).isEqualTo(0);
            FlowTable later = new FlowTable();
            later.indexOrAdd(b[0], b[1], b[2], b[3], b[4]);
            FlowTable first = new FlowTable();
            first.indexOrAdd(a[0], a[1], a[2], a[3], a[4]);
            List<Integer> found = new ArrayList<>();
            first.matches(later, 0, later.slotCount(), new boolean[1], (li, i) -> found.add(i));
            assertThat(found).as("wide %s", wide).isEmpty();
            first.indexOrAdd(b[0], b[1], b[2], b[3], b[4]);
            first.matches(later, 0, later.slotCount(), new boolean[1], (li, i) -> found.add(i));
            assertThat(found).containsExactly(1);
        }
    }
}
