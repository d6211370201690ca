package dev.portolan.report.flows;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The multiply-and-shift divisions agree with {@code /} on every int below 2^24, around each multiple, and at random. */
class DivisionTest {
    @Test
    void agreesWithDivisionEverywhereItIsUsed() {
        for (int v = 0; v < 1 << 24; v++) {
            if (Division.by100(v) != v / 100 || Division.by1000000(v) != v / 1_000_000) {
                throw new AssertionError("wrong at " + v);
            }
        }
        for (long m = 0; m <= Integer.MAX_VALUE; m += 999_983) {
            for (long v = Math.max(0, m - 2); v <= Math.min(Integer.MAX_VALUE, m + 2); v++) {
                check((int) v);
            }
        }
        for (int v : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 2_147_400_000, 2_147_000_000, 999_999_999}) check(v);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000_000; i++) check(random.nextInt(Integer.MAX_VALUE));
    }

    private static void check(int v) {
        assertThat(Division.by100(v)).as("%d / 100", v).isEqualTo(v / 100);
        assertThat(Division.by1000000(v)).as("%d / 1000000", v).isEqualTo(v / 1_000_000);
    }
}
