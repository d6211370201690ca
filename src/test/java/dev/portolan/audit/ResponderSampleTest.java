package dev.portolan.audit;

import dev.portolan.model.Direction;
import dev.portolan.model.DistinctCount;
import dev.portolan.model.FirewallAction;
import dev.portolan.model.FlowTraits;
import dev.portolan.model.Protocol;
import dev.portolan.model.ServiceGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResponderSampleTest {

    private static ServiceGroup group(List<String> responders, boolean more) {
        return new ServiceGroup(Protocol.TCP, 6, "10.0.0.1", false, 50000, null, responders.get(0), true, 25, null,
                new DistinctCount(), List.of(25), Direction.OUTBOUND, new FlowTraits(true, false, false, FlowTraits.Attempt.NONE),
                new DistinctCount(), new DistinctCount(), List.of("10.0.0.1"), responders, more, 1, 0,
                Map.of(FirewallAction.ALLOW, 1L), 0, 0, List.of(), 1);
    }

    @Test
    void pastTheLimitAGroupAddedLaterStillGivesTheEarliestNames() {
        ResponderSample s = new ResponderSample();
        s.addAll(group(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"), true), 100);
        s.addAll(group(List.of("198.51.100.9"), false), 10);
        assertThat(s.more()).isTrue();
        assertThat(s.names()).hasSize(ServiceGroup.MAX_SAMPLE_RESPONDERS)
                .containsExactly("198.51.100.9", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
    }

    @Test
    void withinTheLimitTheNamesAreEveryResponderOnceInPositionOrder() {
        ResponderSample s = new ResponderSample();
        s.addAll(group(List.of("192.0.2.1", "192.0.2.2"), false), 50);
        s.addAll(group(List.of("192.0.2.2", "192.0.2.7"), false), 20);
        assertThat(s.more()).isFalse();
        assertThat(s.names()).containsExactly("192.0.2.2", "192.0.2.7", "192.0.2.1");
    }
}
