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
        // every octet value in every place
        for (int shift = 0; shift < 32; shift += 8) {
            for (long o = 0; o < 256; o++) {
                long q = 0x01020304L & ~(0xFFL << shift) | o << shift;
                assertThat(DistinctCount.hashDottedQuad(q)).as(IpAddress.format(false, 0, q))
                        .isEqualTo(DistinctCount.hash(IpAddress.format(false, 0, q)));
            }
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
        int below = DistinctCount.BUFFERED_FROM;
        for (int i = 0; i < below; i++) assertThat(c.add(hashes[i])).isTrue();
        // while it holds fewer than BUFFERED_FROM, a count answers exactly: each again is known
        DistinctCount small = new DistinctCount();
        for (int i = 0; i < below - 1; i++) small.add(hashes[i]);
        for (int i = 0; i < below - 1; i++) assertThat(small.add(hashes[i])).as("again %d", i).isFalse();
        assertThat(small.add(hashes[below])).isTrue();
        // from then on, and saturated, it never calls a hash known: new ones are counted, seen ones change nothing
        for (long h : hashes) assertThat(c.add(h)).isTrue();
        assertThat(c.isExact()).isFalse();
        long count = c.count();
        for (long h : hashes) assertThat(c.add(h)).isTrue();
        assertThat(c.count()).isEqualTo(count);
    }

    @Test
    void gatheredHashesAreCountedAtEveryReadWhateverTheOrderAndTheReads() {
        Random r = new Random(9);
        for (int n : new int[] {63, 64, 65, 79, 80, 81, 256, 257, 300, 321, 1_000, 20_000}) {
            long[] hashes = new long[n];
            for (int i = 0; i < n; i++) hashes[i] = r.nextLong();
            // the oracle: the count of one hash at a time, each read at once (exact below the bound)
            DistinctCount sorted = new DistinctCount();
            long[] byValue = hashes.clone();
            Arrays.sort(byValue);
            for (long h : byValue) sorted.add(h);
            DistinctCount plain = new DistinctCount();
            DistinctCount readOften = new DistinctCount();
            DistinctCount twice = new DistinctCount();
            for (int i = 0; i < n; i++) {
                plain.add(hashes[i]);
                readOften.add(hashes[i]);
                twice.add(hashes[i]);
                twice.add(hashes[(i * 7) % (i + 1)]);
                // a read between adds sees every hash added so far
                if (i % 5 == 0) {
                    assertThat(readOften.count()).as("n %d after %d", n, i).isEqualTo(oracle(Arrays.copyOf(hashes, i + 1)));
                    assertThat(readOften.isExact()).isEqualTo(i + 1 <= DistinctCount.EXACT_UP_TO);
                }
            }
            for (DistinctCount c : new DistinctCount[] {plain, readOften, twice}) {
                assertThat(c.isExact()).as("n %d", n).isEqualTo(n <= DistinctCount.EXACT_UP_TO);
                assertThat(c.count()).as("n %d", n).isEqualTo(sorted.count());
                assertThat(c.copy().count()).isEqualTo(sorted.count());
            }
            assertThat(plain.count()).isEqualTo(oracle(hashes));
            // merged halves, each with hashes still gathered, count the whole
            DistinctCount left = new DistinctCount();
            DistinctCount right = new DistinctCount();
            for (int i = 0; i < n; i++) (i % 2 == 0 ? left : right).add(hashes[i]);
            left.addAll(right);
            assertThat(left.count()).as("merged n %d", n).isEqualTo(sorted.count());
            assertThat(left.isExact()).isEqualTo(n <= DistinctCount.EXACT_UP_TO);
        }
    }

    @Test
    void aFrozenCountKeepsItsValuesTakesNoMoreAndIsItsOwnCopy() {
        Random r = new Random(3);
        DistinctCount c = new DistinctCount();
        long[] hashes = new long[300];
        for (int i = 0; i < hashes.length; i++) c.add(hashes[i] = r.nextLong());
        // some hashes still gathered when it is frozen: counted all the same
        DistinctCount copy = c.copy();
        assertThat(c.frozen()).isSameAs(c);
        assertThat(c.count()).isEqualTo(copy.count()).isEqualTo(oracle(hashes));
        assertThat(c.isExact()).isFalse();
        assertThat(c.copy()).isSameAs(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.add(1)).isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.addAll(copy)).isInstanceOf(IllegalStateException.class);
        // it can still be added to another count, which stays its own
        DistinctCount other = new DistinctCount();
        other.addAll(c);
        other.add(r.nextLong());
        assertThat(c.count()).isEqualTo(oracle(hashes));
    }

    /** The count of distinct random hashes: exact up to the bound, else the estimate from the bound-th smallest. */
    private static long oracle(long[] hashes) {
        if (hashes.length <= DistinctCount.EXACT_UP_TO) return hashes.length;
        long[] sorted = hashes.clone();
        for (int i = 0; i < sorted.length; i++) sorted[i] ^= Long.MIN_VALUE;
        Arrays.sort(sorted);
        long kth = sorted[DistinctCount.EXACT_UP_TO - 1] ^ Long.MIN_VALUE;
        double fraction = ((double) (kth >>> 1) * 2.0 + (kth & 1)) / 18446744073709551616.0;
        return Math.max(DistinctCount.EXACT_UP_TO, Math.round((DistinctCount.EXACT_UP_TO - 1) / fraction));
    }
}
