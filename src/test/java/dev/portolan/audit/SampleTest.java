package dev.portolan.audit;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A sample keeps the earliest distinct items; what it says it takes, and from where it takes nothing, match what add does. */
class SampleTest {
    @Test
    void keepsTheEarliestDistinctItemsAndTakesNothingFromItsFullFromOn() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            Sample<Integer> s = new Sample<>(4);
            long seen = Long.MAX_VALUE;
            for (int i = 0; i < 40; i++) {
                long position = r.nextLong(1_000);
                int item = r.nextInt(8);
                long before = s.fullFrom();
                assertThat(before).as("never rises").isLessThanOrEqualTo(seen);
                seen = before;
                // from fullFrom on it takes nothing: adding there changes nothing
                if (position >= before) {
                    assertThat(s.takes(position)).isFalse();
                    var items = s.items();
                    s.add(item, position);
                    assertThat(s.items()).isEqualTo(items);
                } else {
                    s.add(item, position);
                }
            }
            assertThat(s.items()).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(4);
        }
        Sample<String> s = new Sample<>(2);
        assertThat(s.fullFrom()).isEqualTo(Long.MAX_VALUE);
        s.add("a", 10);
        s.add("a", 5);
        assertThat(s.fullFrom()).isEqualTo(Long.MAX_VALUE);
        s.add("b", 20);
        assertThat(s.fullFrom()).isEqualTo(20);
        s.add("c", 7);
        assertThat(s.items()).containsExactly("a", "c");
        assertThat(s.fullFrom()).isEqualTo(7);
    }
}
