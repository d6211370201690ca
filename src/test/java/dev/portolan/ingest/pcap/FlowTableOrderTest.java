package dev.portolan.ingest.pcap;

import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole table hands its flows over in order of first packet, whatever order they were added in and however big the numbers. */
class FlowTableOrderTest {
    private static List<Long> firstPackets(long base, int flows, long seed) {
        FlowTable table = new FlowTable("t.pcap", null);
        Random r = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < flows; i++) order.add(i);
        Collections.shuffle(order, r);
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < flows; i++) numbers.add(base + 3L * i + r.nextInt(3));
        for (int k = 0; k < flows; k++) {
            int i = order.get(k);
            // flow i: 10.0.x.y:40000+i -> 10.1.0.1:443, its only packet numbered numbers[k] (the numbers are shuffled onto flows)
            table.add(false, 0, 0x0A000000L | i, 0, 0x0A010001L, 6, 40000 + (i & 0x3fff), 443, 0, 1_000_000L + k, 60, FlowTable.TCP_SYN, 0,
                    numbers.get(k));
        }
        List<Long> firsts = new ArrayList<>();
        for (Flow f : table.finish()) firsts.add(f.evidence().get(0).packet());
        return firsts;
    }

    @Test
    void flowsComeOutByFirstPacket() {
        for (long base : new long[] {1, 1L << 50}) { // small numbers are sorted packed with their places, huge ones the ordinary way
            List<Long> firsts = firstPackets(base, 5000, base);
            assertThat(firsts).hasSize(5000).isSorted();
            assertThat(firsts.get(0)).isBetween(base, base + 2);
        }
        assertThat(firstPackets(1, 1, 7)).hasSize(1);
        assertThat(firstPackets(1, 0, 7)).isEmpty();
    }
}
