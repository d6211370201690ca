package dev.portolan.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceGroupTest {

    @Test
    void ephemeralSourcePortsFoldIntoOneRow() {
        List<Flow> flows = new ArrayList<>();
        for (int port = 49152; port < 52152; port++) {
            Flow f = new Flow(Protocol.TCP, 6, port % 2 == 0 ? "10.0.0.5" : "10.0.0.6", port, "10.0.0.9", 445, Initiator.LOGGED);
            f.setDirection(Direction.OUTBOUND);
            f.addLogLine(port % 3 == 0 ? FirewallAction.DROP : FirewallAction.ALLOW, 1_000_000L * port, 10);
            f.addEvidence(Evidence.ofLine("fw.log", port - 49000, "line " + port));
            flows.add(f);
        }
        Flow dns = new Flow(Protocol.UDP, 17, "10.0.0.5", 50000, "10.0.0.1", 53, Initiator.LOGGED);
        dns.setDirection(Direction.OUTBOUND);
        flows.add(dns);
        Flow inbound = new Flow(Protocol.TCP, 6, "10.0.0.7", 50000, "10.0.0.9", 445, Initiator.LOGGED);
        inbound.setDirection(Direction.INBOUND);
        flows.add(inbound);

        List<ServiceGroup> groups = ServiceGroup.group(flows);
        assertThat(groups).hasSize(3);
        ServiceGroup smb = groups.get(0);
        assertThat(smb.describe()).isEqualTo("tcp -> 10.0.0.9:445 (outbound)");
        assertThat(smb.flowCount()).isEqualTo(3000);
        assertThat(smb.originatorCount()).isEqualTo(2);
        assertThat(smb.sampleOriginators()).containsExactly("10.0.0.5", "10.0.0.6");
        assertThat(smb.actionCount(FirewallAction.DROP)).isEqualTo(1000);
        assertThat(smb.actionCount(FirewallAction.ALLOW)).isEqualTo(2000);
        assertThat(smb.wasDropped()).isTrue();
        assertThat(smb.bytes()).isEqualTo(30000);
        assertThat(smb.packets()).isEqualTo(3000);
        assertThat(smb.firstMicros()).isEqualTo(49152L * 1_000_000);
        assertThat(smb.lastMicros()).isEqualTo(52151L * 1_000_000);
        assertThat(smb.evidence()).hasSize(Flow.MAX_EVIDENCE).extracting(Evidence::text).first().isEqualTo("line 49152");
        assertThat(groups.get(2).direction()).isEqualTo(Direction.INBOUND);
    }

    @Test
    void mergeAddsALaterPartOfTheSameFlow() {
        Flow a = new Flow(Protocol.UDP, 17, "10.0.0.5", 5353, "224.0.0.251", 5353, Initiator.LOGGED);
        a.setDirection(Direction.OUTBOUND);
        a.addLogLine(FirewallAction.ALLOW, 10, 5);
        a.addEvidence(Evidence.ofLine("f", 1, "one"));
        Flow b = new Flow(Protocol.UDP, 17, "10.0.0.5", 5353, "224.0.0.251", 5353, Initiator.LOGGED);
        b.setDirection(Direction.INBOUND);
        b.addLogLine(FirewallAction.DROP, 5, 7);
        b.addEvidence(Evidence.ofLine("f", 9, "nine"));
        a.merge(b);
        assertThat(a.firstMicros()).isEqualTo(5);
        assertThat(a.lastMicros()).isEqualTo(10);
        assertThat(a.bytes()).isEqualTo(12);
        assertThat(a.actionCount(FirewallAction.DROP)).isEqualTo(1);
        assertThat(a.evidence()).extracting(Evidence::line).containsExactly(1L, 9L);
        assertThat(a.evidenceCount()).isEqualTo(2);
        assertThat(a.direction()).isEqualTo(Direction.LOCAL);
    }
}
