package dev.portolan.ingest.pcap;

import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A later IP fragment reaches its flow through a {@link FlowTable.Ref}: after the flow left a bounded table and its row
 * went to another flow, the fragment makes a continuation of its own conversation and leaves the row's new flow alone.
 */
class FlowTableRefTest {
    private static final long A = 0x0A000001L, B = 0x0A000002L;

    @Test
    void fragmentAfterItsFlowLeftMakesAContinuation() {
        List<Flow> out = new ArrayList<>();
        FlowTable table = new FlowTable("t.pcap", null, new FlowTable.Bounds(4, 300_000_000L, 10_000_000L), out::add);
        // packet 1: the first fragment of a UDP datagram 10.0.0.1:1000 -> 10.0.0.2:53
        FlowTable.Ref first = table.ref(table.add(false, 0, A, 0, B, 17, 1000, 53, 0, 1, 100, 0, 50, 1));
        // packets 2-9: one packet each of other flows; the table sweeps every 4 packets and keeps at most 4 flows, so
        // the first flow leaves (least recently seen) and later flows take over the rows let go
        for (int p = 2; p <= 9; p++) table.add(false, 0, A, 0, B, 17, 2000 + p, 53, 0, p, 70, 0, 20, p);
        assertThat(out).extracting(f -> f.origPort()).startsWith(1000);
        // packet 10: a later fragment of the first datagram
        table.addToRef(first, first.isA(0, A), 10, 60, FlowTable.FRAGMENT, 0, 10);
        table.finish();

        assertThat(out).extracting(f -> f.origPort()).containsExactlyInAnyOrder(1000, 2002, 2003, 2004, 2005, 2006, 2007,
                2008, 2009, 1000);
        for (Flow f : out) {
            if (f.origPort() == 1000) continue;
            assertThat(f.origPackets()).isEqualTo(1);
            assertThat(f.origBytes()).isEqualTo(70);
            assertThat(f.isContinuation()).isFalse();
        }
        assertThat(out.get(9).origPort()).isEqualTo(1000);
        Flow before = out.get(0), after = out.get(9);
        assertThat(before.isContinuation()).isFalse();
        assertThat(before.origBytes()).isEqualTo(100);
        assertThat(after.isContinuation()).isTrue();
        assertThat(after.origAddr()).isEqualTo("10.0.0.1");
        assertThat(after.respPort()).isEqualTo(53);
        // the datagram was counted with its first fragment, before the flow left: the continuation adds only bytes
        assertThat(after.origPackets()).isZero();
        assertThat(after.origBytes()).isEqualTo(60);
        assertThat(after.respPackets()).isZero();
        assertThat(after.evidence()).hasSize(1);
        assertThat(after.evidence().get(0).packet()).isEqualTo(10);
        assertThat(after.evidence().get(0).text()).isEqualTo("udp 10.0.0.1:1000 > 10.0.0.2:53 fragment");
    }
}
