package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Evidence;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.portolan.ingest.netstat.NetstatTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot's connection rows as flows: a connection between two sockets of the host is one flow, not two. */
class SnapshotFlowsTest {
    private final NetstatReader reader = new NetstatReader();

    /**
     * jc's Windows 10 `netstat -aon` (fixtures/netstat/jc/README.md): 16 loopback connections, each end a row of its own
     * (127.0.0.1:1031 → :1032 and 127.0.0.1:1032 → :1031). They were 32 flows, each pair in opposite directions.
     */
    @Test
    void theTwoEndsOfALoopbackConnectionAreOneFlow() throws Exception {
        ReadResult r = reader.read(Source.of(fixture("jc/windows-10-netstat-aon.out")));
        assertThat(r.connections()).hasSize(32);
        List<Flow> flows = SnapshotFlows.of(r);
        assertThat(flows).hasSize(16);
        // both rows are its evidence; nothing listens on either port and both are outside Windows' ephemeral range:
        // the lower port answers
        Flow first = flows.get(0);
        assertThat(first.origPort()).isEqualTo(1032);
        assertThat(first.respPort()).isEqualTo(1031);
        assertThat(first.evidence()).extracting(Evidence::line).containsExactly(13L, 14L);
        assertThat(flows).allSatisfy(f -> {
            assertThat(f.evidence()).hasSize(2);
            assertThat(f.respPort()).isLessThan(f.origPort());
        });
    }

    /**
     * Without the listening rows ({@code ss -tn}, Windows {@code netstat -n}) and with a client port outside the host's
     * ephemeral range (a client whose OS has another range), a well-known port answers: the SSH session from
     * 10.4.1.10:31675 to 10.4.1.11:22 was read as port 22 connecting out to 31675 (a real French TP's ss row). A client's
     * low port to a service's high one is still the client's (Windows 10's 1053 to Google's push service 5228).
     */
    @Test
    void aWellKnownPortAnswersWhenNothingElseTells(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ss.txt");
        Files.writeString(f, """
                State  Recv-Q Send-Q Local Address:Port  Peer Address:Port
                ESTAB  0      52     10.4.1.11:22        10.4.1.10:31675
                ESTAB  0      0      10.4.1.11:51200     10.4.1.1:443
                """);
        List<Flow> flows = SnapshotFlows.of(reader.read(Source.of(f)));
        assertThat(flows).extracting(fl -> fl.origAddr() + ":" + fl.origPort() + " > " + fl.respAddr() + ":" + fl.respPort())
                .containsExactly("10.4.1.10:31675 > 10.4.1.11:22", "10.4.1.11:51200 > 10.4.1.1:443");
        dev.portolan.model.PortRange windows = dev.portolan.model.OsFamily.WINDOWS.defaultEphemeralRange();
        assertThat(row(3389, 31676).inbound(false, false, windows)).as("RDP from a Linux client's port: nothing tells").isFalse();
        assertThat(row(22, 31675).inbound(false, false, windows)).isTrue();
        assertThat(row(1053, 5228).inbound(false, false, windows)).isFalse();
        assertThat(row(5228, 1053).inbound(false, false, windows)).isFalse();
        assertThat(row(445, 50000).inbound(false, false, windows)).isTrue();
        assertThat(row(50000, 445).inbound(false, false, windows)).isFalse();
        assertThat(row(50000, 445).inbound(true, false, windows)).as("it listens there").isTrue();
        assertThat(row(22, 1023).inbound(false, false, windows)).as("both well-known").isFalse();
    }

    /**
     * With no listening row (a paste of ESTABLISHED rows alone), a local port that several peers are connected to
     * answers them: a honeypot's 2222 from 17 peers, whose ports 3237, 6546, 15375 … are in no range and not well-known
     * (they came out as 2222 connecting to them). A local port facing one peer is still taken as the initiator, and a
     * well-known remote port still answers a port that fans in.
     */
    @Test
    void aLocalPortThatSeveralPeersAreConnectedToAnswersThem(@TempDir Path dir) throws Exception {
        List<Flow> flows = SnapshotFlows.of(reader.read(Source.of(fixture("pasted/issue-kippo-established-only.txt"))));
        assertThat(flows).hasSize(17).allSatisfy(fl -> assertThat(fl.respAddr() + ":" + fl.respPort()).isEqualTo("192.168.1.2:2222"));
        dev.portolan.model.PortRange linux = dev.portolan.model.OsFamily.LINUX.defaultEphemeralRange();
        assertThat(row(2222, 3237).inbound(false, false, linux)).as("one peer: nothing tells").isFalse();
        assertThat(row(2222, 3237).inbound(false, true, linux)).as("several peers").isTrue();
        assertThat(row(49983, 54512).inbound(false, true, linux)).as("both ephemeral, several peers").isTrue();
        assertThat(row(2222, 443).inbound(false, true, linux)).as("a well-known remote port answers").isFalse();
        assertThat(row(40000, 8080).inbound(false, true, linux)).as("the ephemeral range decides first").isFalse();
        // both ends on this host and only one end's rows shown: the port several peers are connected to answers (not
        // the lower port)
        Path loop = dir.resolve("loop.txt");
        Files.writeString(loop, """
                State  Recv-Q Send-Q Local Address:Port  Peer Address:Port
                ESTAB  0      0      127.0.0.1:60465     127.0.0.1:51746
                ESTAB  0      0      127.0.0.1:60465     127.0.0.1:51738
                """);
        assertThat(SnapshotFlows.of(reader.read(Source.of(loop)))).extracting(fl -> fl.origPort() + " > " + fl.respPort())
                .containsExactly("51746 > 60465", "51738 > 60465");
        // macOS netstat -A cuts "192.168.1.221.54501" to "192.168.1.221.5450": the host's own client ports, read as one
        // port facing several peers, are not taken for a server's
        List<Flow> cut = SnapshotFlows.of(reader.read(Source.of(NetstatTestSupport.shared("corpus").resolve("netstat/osx-10.14.6-netstat-An.out"))));
        assertThat(cut).extracting(fl -> fl.origAddr() + ":" + fl.origPort() + " > " + fl.respAddr() + ":" + fl.respPort())
                .contains("192.168.1.221:5452 > 35.236.87.93:8081", "192.168.1.221:5450 > 192.168.1.201:4923");
    }

    private static dev.portolan.model.Connection row(int localPort, int remotePort) {
        return new dev.portolan.model.Connection(dev.portolan.model.Protocol.TCP, "10.0.0.1", localPort, "10.0.0.2", remotePort,
                "ESTABLISHED", 0, null, null);
    }

    /**
     * sockstat lists a socket once per process holding it (FreeBSD 14's sshd-session pair): one connection, one flow
     * with both rows' evidence (it was two flows).
     */
    @Test
    void aSocketListedOncePerProcessIsOneFlow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sockstat.txt");
        Files.writeString(f, """
                USER     COMMAND    PID   FD  PROTO  LOCAL ADDRESS         FOREIGN ADDRESS
                ec2-user sshd-sessi 33340 7   tcp4   172.17.2.106:22       203.0.113.10:62176
                root     sshd-sessi 33338 7   tcp4   172.17.2.106:22       203.0.113.10:62176
                root     sshd       812   4   tcp4   *:22                  *:*
                root     sshd-sessi 33301 7   tcp4   172.17.2.106:22       203.0.113.10:62154
                """);
        List<Flow> flows = SnapshotFlows.of(reader.read(Source.of(f)));
        assertThat(flows).hasSize(2);
        assertThat(flows.get(0).origPort()).isEqualTo(62176);
        assertThat(flows.get(0).evidence()).extracting(Evidence::line).containsExactly(2L, 3L);
        assertThat(flows.get(1).evidence()).extracting(Evidence::line).containsExactly(5L);
    }

    /**
     * netstat without -n prints the host's own name for the other end of a loopback connection ("127.0.0.1:49862
     * DESKTOP-DQP1BRI:49863", a Spanish student's notes): that end is the loopback address, and the two rows are one
     * flow (they were two, each to a peer named DESKTOP-DQP1BRI).
     */
    @Test
    void theHostsOwnNameForALoopbackPeerIsThatAddress(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("netstat-o.txt");
        Files.writeString(f, """

                Conexiones activas

                  Proto  Dirección local          Dirección remota        Estado           PID
                  TCP    127.0.0.1:49862        DESKTOP-DQP1BRI:49863  ESTABLISHED     6472
                  TCP    127.0.0.1:49863        DESKTOP-DQP1BRI:49862  ESTABLISHED     6472
                  TCP    192.168.0.106:49972    cdn-185-199-108-153:https  ESTABLISHED     6472
                """);
        List<Flow> flows = SnapshotFlows.of(reader.read(Source.of(f)));
        assertThat(flows).hasSize(2);
        assertThat(flows.get(0).origAddr()).isEqualTo("127.0.0.1");
        assertThat(flows.get(0).respAddr()).isEqualTo("127.0.0.1");
        assertThat(flows.get(0).respPort()).isEqualTo(49862);
        assertThat(flows.get(0).evidence()).extracting(Evidence::line).containsExactly(5L, 6L);
        // a name for a peer of a non-loopback address stays that name
        assertThat(flows.get(1).respAddr()).isEqualTo("cdn-185-199-108-153");
    }

    /** The end that listens answers, whichever row comes first; a connection to another host stays one row's flow. */
    @Test
    void theListeningEndAnswers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("netstat.txt");
        Files.writeString(f, """

                Active Connections

                  Proto  Local Address          Foreign Address        State           PID
                  TCP    127.0.0.1:5939         0.0.0.0:0              LISTENING       7340
                  TCP    127.0.0.1:5939         127.0.0.1:49700        ESTABLISHED     7340
                  TCP    127.0.0.1:49700        127.0.0.1:5939         ESTABLISHED     912
                  TCP    192.168.1.20:49701     192.168.1.30:5939      ESTABLISHED     912
                  TCP    192.168.1.20:5939      192.168.1.30:49702     ESTABLISHED     7340
                """);
        List<Flow> flows = SnapshotFlows.of(reader.read(Source.of(f)));
        assertThat(flows).hasSize(3);
        assertThat(flows.get(0).origPort()).isEqualTo(49700);
        assertThat(flows.get(0).respPort()).isEqualTo(5939);
        assertThat(flows.get(0).evidence()).extracting(Evidence::line).containsExactly(6L, 7L);
        assertThat(flows.get(1).origAddr()).isEqualTo("192.168.1.20");
        assertThat(flows.get(2).origAddr()).isEqualTo("192.168.1.30");
        assertThat(flows.get(2).evidence()).hasSize(1);
    }
}
