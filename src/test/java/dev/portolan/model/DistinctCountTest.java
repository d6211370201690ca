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
}
