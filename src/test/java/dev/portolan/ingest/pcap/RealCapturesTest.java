package dev.portolan.ingest.pcap;

import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.NotAnInputException;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Captures written by other projects' tools and test suites (libpcap's, ...) that portolan once read otherwise than
 * {@code tcpdump -nn -q -r} does. The expected flows are what tcpdump prints for each file (fixtures/pcap/README.md).
 */
class RealCapturesTest {
    static ReadResult readFixture(String name) throws IOException {
        return new CaptureReader().read(Source.of(WirelessAndCompressedCaptureTest.fixture(name)));
    }

    /** "proto orig -> resp orig/resp packets (IP protocol)" for each flow, in the reader's order. */
    static List<String> flows(ReadResult r) {
        return r.flows().stream().map(RealCapturesTest::line).collect(Collectors.toList());
    }

    static String line(Flow f) {
        return f.describe() + " " + f.origPackets() + "/" + f.respPackets() + " (" + f.ipProtocol() + ")";
    }

    @Test
    void ipv4AuthenticationHeaderInTunnelModeOpensTheInnerPacket() throws IOException {
        // AH (51) before IP-in-IP (4) or IPComp (108): tcpdump prints "AH(spi=...): IP 50.0.1.1.1026 > 150.0.1.1.80: tcp 0";
        // it was one flow of protocol 51 between the gateways, the TCP connection inside not seen
        ReadResult r = readFixture("AH-IPcomp-IPv4.pcap");
        assertThat(flows(r)).containsExactlyInAnyOrder(
                "other 40.0.0.2:0 -> 30.0.0.1:0 3/3 (4)",
                "tcp 50.0.1.1:1026 -> 150.0.1.1:80 3/3 (6)",
                "other 40.0.0.2:0 -> 30.0.0.1:0 1/3 (108)");
        assertThat(r.records()).isEqualTo(10);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void ipv4AuthenticationHeaderInTransportModeNamesTheIcmpFlow() throws IOException {
        // AH then ICMP echo request, 5,932 bytes in four fragments: the later three name protocol 51 in their IP header
        // and join the first fragment's datagram
        ReadResult r = readFixture("ah-ipip-ping.pcap");
        assertThat(flows(r)).containsExactly("icmp 10.1.48.19:0 -> 10.1.48.22:8 1/0 (1)");
        assertThat(r.flows().get(0).origBytes()).isEqualTo(5932);
        assertThat(r.records()).isEqualTo(4);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aGitLfsPointerInPlaceOfTheCaptureSaysSo() {
        // automayt/ICS-pcap keeps its captures in Git LFS: a clone without LFS has this 129-byte text under the .pcap
        // name (its issue #5: "isn't a capture file in a format Wireshark understands"); it was "not a recognised input"
        assertThatThrownBy(() -> Inputs.read(Source.of(WirelessAndCompressedCaptureTest.fixture("git-lfs-pointer-Modbus.pcap")),
                ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like a Git LFS pointer to a file of 8337 bytes, not the file itself")
                .hasMessageContaining("'git lfs pull'");
    }

    @Test
    void aSymbolicLinkCheckedOutAsTextSaysSo() {
        // nDPI links its test captures between folders: a checkout without symbolic links writes each as a file holding
        // only the target's path, here "../../default/pcap/ookla.pcap" under the name ookla.pcap
        assertThatThrownBy(() -> Inputs.read(Source.of(WirelessAndCompressedCaptureTest.fixture("symlink-as-text-ookla.pcap")),
                ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like a one-line text holding only the path '../../default/pcap/ookla.pcap': a"
                        + " symbolic link saved as a plain file");
    }

    @Test
    void fortigateSnifferTextSaysWhatItIs() {
        // a FortiGate guide's "diagnose sniffer packet any ... 4" block (step line, fence, prompt, interfaces= and filters=
        // lines, twelve packet lines indented): was "not a recognised input" with no word on what it is
        assertThatThrownBy(() -> Inputs.read(Source.of(WirelessAndCompressedCaptureTest.fixture("fortigate-sniffer-verbose4-zh-doc.md")),
                ReadOptions.defaults()))
                .isInstanceOf(NotAnInputException.class)
                .hasMessageContaining("it looks like FortiGate's 'diagnose sniffer packet' text output, not a capture file");
    }

    @Test
    void sctpAssociationsHaveTheirPortsAndTheInitSenderOriginates() throws IOException {
        // arkime's HTTP over SCTP: three associations to port 80, each opened by an INIT; they were one "other" flow per
        // host pair without ports. tcpdump -nn -v: 21/22 packets (2,004/22,144 IP bytes), 19/19, 3/0 (INITs unanswered)
        ReadResult r = readFixture("sctp-www.pcap");
        assertThat(flows(r)).containsExactly(
                "sctp 155.230.24.155:32836 -> 203.255.252.194:80 21/22 (132)",
                "sctp 155.230.24.155:32837 -> 203.255.252.194:80 19/19 (132)",
                "sctp 155.230.24.155:32838 -> 222.96.156.151:80 3/0 (132)");
        assertThat(r.flows()).allMatch(f -> f.initiator() == Initiator.HANDSHAKE && f.proto() == Protocol.SCTP);
        assertThat(r.flows().get(0).origBytes()).isEqualTo(2004);
        assertThat(r.flows().get(0).respBytes()).isEqualTo(22144);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void sctpWithoutItsInitTakesTheResponderFromThePorts() throws IOException {
        // tcpdump's isup.pcap (M3UA, 2905 on both sides) and forces1.pcap (ForCES, 6704 and 6706 from ephemeral ports):
        // no INIT captured, so the roles are guessed as for UDP; tcpdump: 2/4 packets (208/292 bytes), 5/7 (636/708), 3/5
        assertThat(flows(readFixture("isup.pcap"))).containsExactly("sctp 10.28.6.42:2905 -> 10.28.6.44:2905 2/4 (132)");
        ReadResult r = readFixture("forces1.pcap");
        assertThat(flows(r)).containsExactly(
                "sctp 150.140.254.202:57077 -> 211.129.72.8:6704 5/7 (132)",
                "sctp 150.140.254.202:48316 -> 211.129.72.8:6706 3/5 (132)");
        assertThat(r.flows()).allMatch(f -> f.initiator() == Initiator.INFERRED);
        assertThat(r.flows().get(0).origBytes()).isEqualTo(636);
        assertThat(r.flows().get(0).respBytes()).isEqualTo(708);
    }

    @Test
    void dccpConnectionsHaveTheirPortsAndTheRequestSenderOriginates() throws IOException {
        // tcpdump's DCCP checksum tests, IPv4 and IPv6: a DCCP-Request answered by a DCCP-Response, then data;
        // tcpdump -nn -v: 8/7 packets, 904/400 IP bytes; 5/4 over IPv6
        ReadResult v4 = readFixture("dccp_partial_csum_v4_longer.pcap");
        assertThat(flows(v4)).containsExactly("dccp 139.133.209.176:39420 -> 139.133.209.65:5001 8/7 (33)");
        assertThat(v4.flows().get(0).initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(v4.flows().get(0).origBytes()).isEqualTo(904);
        assertThat(v4.flows().get(0).respBytes()).isEqualTo(400);
        ReadResult v6 = readFixture("dccp_partial_csum_v6_longer.pcap");
        assertThat(flows(v6)).containsExactly("dccp [3ffe::1]:55024 -> [3ffe::2]:5001 5/4 (33)");
        assertThat(v6.flows().get(0).initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(v6.problems()).isEmpty();
    }
}
