package dev.portolan.model;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which local ends face several remote ends, in fixed memory. */
class FanInTest {
    private static Connection row(String local, int localPort, String remote, int remotePort) {
        return new Connection(Protocol.TCP, local, localPort, remote, remotePort, "ESTABLISHED", -1, null,
                Evidence.ofLine("dump.txt", 1, local + ":" + localPort + " " + remote + ":" + remotePort));
    }

    @Test
    void aLocalEndFacingSeveralPeersFansInOneFacingOneDoesNot() {
        FanIn f = new FanIn();
        f.add(row("10.0.0.5", 2222, "198.51.100.7", 40001));
        f.add(row("10.0.0.5", 2222, "198.51.100.8", 40002));
        f.add(row("10.0.0.5", 5228, "203.0.113.9", 5229));
        assertThat(f.fansIn(Protocol.TCP, "10.0.0.5", 2222)).isTrue();
        assertThat(f.fansIn(Protocol.TCP, "10.0.0.5", 5228)).isFalse();
        assertThat(f.fansIn(Protocol.TCP, "10.0.0.6", 2222)).isFalse();
    }

    /**
     * Two local ends whose hashes name the same slot: the second takes the next free one and is counted too (before, it
     * was never said to fan in: a big dump's server ends were missed so, and their rows oriented by ports alone).
     */
    @Test
    void localEndsWhoseHashesNameOneSlotAreBothCounted() {
        Map<Integer, Integer> seen = new HashMap<>();
        int a = -1;
        int b = -1;
        for (int port = 1024; port < 65536 && b < 0; port++) {
            Integer before = seen.putIfAbsent(FanIn.firstSlot(Protocol.TCP, "10.0.0.5", port), port);
            if (before != null) {
                a = before;
                b = port;
            }
        }
        assertThat(b).as("two ports of one address whose hashes name one slot").isPositive();
        FanIn f = new FanIn();
        for (int port : new int[] {a, b}) {
            f.add(row("10.0.0.5", port, "198.51.100.7", 40001));
            f.add(row("10.0.0.5", port, "198.51.100.8", 40002));
        }
        assertThat(f.fansIn(Protocol.TCP, "10.0.0.5", a)).isTrue();
        assertThat(f.fansIn(Protocol.TCP, "10.0.0.5", b)).isTrue();
    }
}
