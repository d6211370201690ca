package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import dev.portolan.model.Initiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared corpus of real captures. Expected values were read independently with
 * {@code capinfos -c}, {@code tshark -z conv,tcp -z conv,udp} (packets per direction) and
 * {@code tshark -T fields -e ip.len -e ipv6.plen} (IP bytes = ip.len, or 40 + ipv6.plen), not from this reader.
 */
class CorpusCaptureTest {
    static final Path CORPUS = Path.of(System.getProperty("portolan.shared", "../shared"), "corpus", "pcap");

    static ReadResult read(String name) throws IOException {
        return new CaptureReader().read(Source.of(CORPUS.resolve(name)));
    }

    static Flow flow(ReadResult r, String describe) {
        return r.flows().stream().filter(f -> f.describe().equals(describe)).findFirst()
                .orElseThrow(() -> new AssertionError("no flow " + describe + " in " + r.flows()));
    }

    @ParameterizedTest(name = "{0}: {1} packets, {2} flows")
    @CsvSource({
        "libpcap-ipv6_ext_headers.pcap, 1, 1, pcap-us-le",
        "libpcap-rarp_req_reply.pcapng, 2, 0, pcapng",
        "tcpdump-802.1ad_QinQ.pcap, 2, 0, pcap-us-le",
        "tcpdump-LINKTYPE_IPV6.pcap, 1, 1, pcap-us-le",
        "tcpdump-LINKTYPE_RAW_ipv4.pcap, 1, 1, pcap-us-le",
        "tcpdump-ahcp.pcapng, 8, 2, pcapng",
        "tcpdump-dns_tcp.pcap, 11, 1, pcap-us-le",
        "tcpdump-dns_udp.pcap, 2, 1, pcap-us-le",
        "tcpdump-ipv4_tcp_http_xml.pcap, 1, 1, pcap-us-le",
        "tcpdump-isup.pcap, 6, 1, pcap-us-be",
        "tcpdump-mptcp-v1.pcap, 20, 1, pcap-us-le",
        "tcpdump-ntp-time.pcap, 2, 1, pcap-us-le",
        "tcpdump-quic_handshake.pcap, 18, 1, pcap-us-le",
        "tcpdump-tcp-handshake-nano.pcap, 3, 1, pcap-ns-le",
    })
    void packetAndFlowCounts(String file, long packets, int flows, String variant) throws IOException {
        ReadResult r = read(file);
        assertThat(r.records()).isEqualTo(packets);
        assertThat(r.flows()).hasSize(flows);
        assertThat(r.variant()).isEqualTo(variant);
        assertThat(r.problems()).isEmpty();
        assertThat(r.bytesRead()).isEqualTo(Files.size(CORPUS.resolve(file)));
    }

    @Test
    void everyCorpusFileIsListedAbove() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            assertThat(s.count()).isEqualTo(14);
        }
    }

    @Test
    void dnsOverTcpHandshake() throws IOException {
        Flow f = flow(read("tcpdump-dns_tcp.pcap"), "tcp 192.168.1.11:33779 -> 209.87.249.18:53");
        assertThat(f.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(f.origPackets()).isEqualTo(6);
        assertThat(f.origBytes()).isEqualTo(60 + 40 + 98 + 40 + 40 + 40);
        assertThat(f.respPackets()).isEqualTo(5);
        assertThat(f.respBytes()).isEqualTo(44 + 40 + 266 + 40 + 40);
        assertThat(f.connState()).isEqualTo("SF");
        assertThat(f.firstMicros()).isEqualTo(1_591_780_863_720_289L);
        assertThat(f.lastMicros()).isEqualTo(1_591_780_864_101_256L);
    }

    @Test
    void dnsOverUdpWithoutHandshakeIsInferred() throws IOException {
        Flow f = flow(read("tcpdump-dns_udp.pcap"), "udp 192.168.1.11:43966 -> 209.87.249.18:53");
        assertThat(f.initiator()).isEqualTo(Initiator.INFERRED);
        assertThat(f.origBytes()).isEqualTo(84);
        assertThat(f.respBytes()).isEqualTo(252);
    }

    @Test
    void linuxCookedNanosecondHandshake() throws IOException {
        Flow f = flow(read("tcpdump-tcp-handshake-nano.pcap"), "tcp 131.155.215.69:46656 -> 137.116.81.94:80");
        assertThat(f.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(f.origPackets()).isEqualTo(2);
        assertThat(f.origBytes()).isEqualTo(112);
        assertThat(f.respBytes()).isEqualTo(60);
        assertThat(f.connState()).isEqualTo("S1");
        assertThat(f.firstMicros()).isEqualTo(1_418_145_369_924_505L); // 1418145369.924505488 truncated to µs
    }

    @Test
    void linuxCookedMptcpCountsSegmentsLargerThanTheMtu() throws IOException {
        Flow f = flow(read("tcpdump-mptcp-v1.pcap"), "tcp 10.0.1.1:33306 -> 10.0.2.1:10004");
        assertThat(f.initiator()).isEqualTo(Initiator.HANDSHAKE);
        assertThat(f.origPackets()).isEqualTo(11);
        assertThat(f.origBytes()).isEqualTo(11_024);
        assertThat(f.respPackets()).isEqualTo(9);
        assertThat(f.respBytes()).isEqualTo(10_900);
    }

    @Test
    void bsdLoopbackIpv6Quic() throws IOException {
        Flow f = flow(read("tcpdump-quic_handshake.pcap"), "udp [::1]:50606 -> [::1]:443");
        assertThat(f.origPackets()).isEqualTo(9);
        assertThat(f.origBytes()).isEqualTo(3105);
        assertThat(f.respPackets()).isEqualTo(9);
        assertThat(f.respBytes()).isEqualTo(2313);
    }

    @Test
    void ipv6ExtensionHeaderChainReachesUdp() throws IOException {
        // hop-by-hop, routing, fragment (offset 0), destination options, routing, then UDP; the only packet is 12345 -> 54321
        Flow f = flow(read("libpcap-ipv6_ext_headers.pcap"), "udp [2001:db8::2]:54321 -> [2001:db8::1]:12345");
        assertThat(f.initiator()).isEqualTo(Initiator.INFERRED);
        assertThat(f.respPackets()).isEqualTo(1);
        assertThat(f.respBytes()).isEqualTo(858);
    }

    @Test
    void rawIpLinkTypes() throws IOException {
        Flow v4 = flow(read("tcpdump-LINKTYPE_RAW_ipv4.pcap"), "udp 192.168.1.100:12345 -> 9.9.9.9:53");
        assertThat(v4.origBytes()).isEqualTo(57);
        Flow v6 = flow(read("tcpdump-LINKTYPE_IPV6.pcap"), "udp [2001:db8::1]:12345 -> [2620:fe::9]:53");
        assertThat(v6.origBytes()).isEqualTo(77);
    }

    @Test
    void pcapngAhcpTwoFlowsOnTheSamePort() throws IOException {
        ReadResult r = read("tcpdump-ahcp.pcapng");
        Flow multicast = flow(r, "udp [fe80::6aa3:c4ff:fef4:841e]:5359 -> [ff02::cca6:c0f9:e182:5359]:5359");
        assertThat(multicast.packets()).isEqualTo(4);
        assertThat(multicast.bytes()).isEqualTo(60 + 3 * 56 + 4 * 40);
        Flow unicast = flow(r, "udp [fe80::22cf:30ff:fe02:b052]:5359 -> [fe80::6aa3:c4ff:fef4:841e]:5359");
        assertThat(unicast.bytes()).isEqualTo(4 * 193 + 4 * 40);
    }

    @Test
    void sctpHasItsPortsInABigEndianFile() throws IOException {
        // M3UA, port 2905 on both sides (it was an "other" flow without ports)
        Flow f = read("tcpdump-isup.pcap").flows().get(0);
        assertThat(f.ipProtocol()).isEqualTo(132);
        assertThat(f.describe()).isEqualTo("sctp 10.28.6.42:2905 -> 10.28.6.44:2905");
        assertThat(f.packets()).isEqualTo(6);
        assertThat(f.origAddr()).isEqualTo("10.28.6.42"); // first sender
        assertThat(f.origBytes()).isEqualTo(132 + 76);
        assertThat(f.respBytes()).isEqualTo(76 + 72 + 72 + 72);
    }

    @Test
    void aMidStreamSegmentFromPort80MakesPort80TheResponder() throws IOException {
        Flow f = flow(read("tcpdump-ipv4_tcp_http_xml.pcap"), "tcp 10.114.101.120:5767 -> 10.21.11.94:80");
        assertThat(f.origPackets()).isZero();
        assertThat(f.respBytes()).isEqualTo(645);
        assertThat(f.hasFlag(Flow.RESP_ANSWERED)).isTrue();
    }

    @Test
    void nonIpFramesAreNotesNotProblems() throws IOException {
        assertThat(read("libpcap-rarp_req_reply.pcapng").notes()).containsExactly("2 non-IP frames (RARP: 2) not counted as flows");
        // ARP inside 802.1ad + 802.1Q tags
        assertThat(read("tcpdump-802.1ad_QinQ.pcap").notes()).containsExactly("2 non-IP frames (ARP: 2) not counted as flows");
    }
}
