package dev.portolan.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DistinctCountTest {

    @Test
    void theHashOfAQuadsValueIsTheHashOfItsDottedText() {
        Random r = new Random(7);
        long[] quads = new long[2_000];
        quads[0] = 0;
        quads[1] = 0xFFFFFFFFL;
        quads[2] = 0x0A000001L;
        quads[3] = 0x64090A63L; // 100.9.10.99: three, one, two and two digits
        for (int i = 4; i < quads.length; i++) quads[i] = r.nextLong() & 0xFFFFFFFFL;
        for (long q : quads) {
            assertThat(DistinctCount.hashDottedQuad(q)).as(IpAddress.format(false, 0, q))
                    .isEqualTo(DistinctCount.hash(IpAddress.format(false, 0, q)));
        }
    }

    @Test
    void anEstimateIsMadeFromExactlyTheSmallestHashesWhateverTheOrder() {
        Random r = new Random(11);
        for (int n : new int[] {257, 600, 5_000, 70_000}) {
            long[] hashes = new long[n];
            for (int i = 0; i < n; i++) hashes[i] = r.nextLong() | 1;
            DistinctCount c = new DistinctCount();
            for (long h : hashes) c.add(h);
            // the oracle: the EXACT_UP_TO-th smallest hash (unsigned) of all of them
            long[] sorted = hashes.clone();
            for (int i = 0; i < n; i++) sorted[i] ^= Long.MIN_VALUE;
            Arrays.sort(sorted);
            long kth = sorted[DistinctCount.EXACT_UP_TO - 1] ^ Long.MIN_VALUE;
            double fraction = ((double) (kth >>> 1) * 2.0 + (kth & 1)) / 18446744073709551616.0;
            long expected = Math.max(DistinctCount.EXACT_UP_TO, Math.round((DistinctCount.EXACT_UP_TO - 1) / fraction));
            assertThat(c.isExact()).isFalse();
            assertThat(c.count()).as("n = %d", n).isEqualTo(expected);
        }
    }

    @Test
    void addSaysFalseOnlyForAHashItSurelyCountedBefore() {
        Random r = new Random(5);
        DistinctCount c = new DistinctCount();
        long[] hashes = new long[5_000];
        for (int i = 0; i < hashes.length; i++) hashes[i] = r.nextLong();
        for (int i = 0; i < DistinctCount.EXACT_UP_TO; i++) assertThat(c.add(hashes[i])).isTrue();
        // exact: every one of them again is known
        for (int i = 0; i < DistinctCount.EXACT_UP_TO; i++) assertThat(c.add(hashes[i])).isFalse();
        for (long h : hashes) c.add(h);
        assertThat(c.isExact()).isFalse();
        // saturated: a hash it keeps is known; one above its ceiling may have been seen, so it cannot say false; a new
        // hash is never called known
        int known = 0;
        for (long h : hashes) if (!c.add(h)) known++;
        assertThat(known).isBetween(DistinctCount.EXACT_UP_TO, DistinctCount.EXACT_UP_TO + DistinctCount.EXACT_UP_TO / 4);
        long count = c.count();
        for (int i = 0; i < 1_000; i++) {
            long h = r.nextLong();
            if (Arrays.stream(hashes).noneMatch(x -> x == h)) {
                DistinctCount copy = c.copy();
                assertThat(copy.add(h)).isTrue();
            }
        }
        assertThat(c.count()).isEqualTo(count);
    }
}
