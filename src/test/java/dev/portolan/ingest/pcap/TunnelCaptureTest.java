package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tunnels are opened: a tunnelled packet counts to the tunnel's own flow (between its endpoints) and the packet inside
 * to its own flow, as tshark's conversations and Zeek's conn.log list both. Two fixtures (fixtures/pcap/README.md):
 * {@code tunnels.pcapng}, one packet per kind written by {@code make_tunnels.py} from the RFCs and checked with tshark
 * 4.0.17, and {@code vxlan-linux-netns.pcap}, real VXLAN traffic of Linux's own tunnel devices between two network
 * namespaces, on IANA's port and on Linux's default 8472 (which tshark 4.0 does not open; tcpdump does).
 */
class TunnelCaptureTest {
    @TempDir
    Path dir;

    static ReadResult readFixture(String name) throws IOException {
        return new CaptureReader().read(Source.of(WirelessAndCompressedCaptureTest.fixture(name)));
    }

    static List<String> flows(ReadResult r) {
        return r.flows().stream().map(f -> f.ipProtocol() + " " + f.describe() + " " + f.packets()).collect(Collectors.toList());
    }

    @Test
    void everyTunnelKindCountsToTheTunnelAndItsInnerFlowAsTsharkLists() throws IOException {
        ReadResult r = readFixture("tunnels.pcapng");
        assertThat(r.records()).isEqualTo(16);
        assertThat(r.problems()).isEmpty();
        // tshark -z conv,tcp -z conv,udp lists the same TCP and UDP conversations (README); the 'other' flows are the
        // IP-in-IP, 6in4 and GRE tunnels between their endpoints, and the IP-in-IP tunnel inside a GRE tunnel
        assertThat(flows(r)).containsExactlyInAnyOrder(
                "4 other 203.0.113.1:0 -> 203.0.113.2:0 1",
                "6 tcp 10.1.0.1:40001 -> 10.2.0.1:80 1",
                "41 other 203.0.113.1:0 -> 203.0.113.2:0 1",
                "6 tcp [2001:db8:1::1]:40002 -> [2001:db8:2::1]:443 1",
                "47 other 203.0.113.1:0 -> 203.0.113.2:0 6",
                "17 udp 10.1.0.1:40003 -> 10.2.0.1:53 1",
                "6 tcp 10.3.0.1:40004 -> 10.3.0.2:22 1",
                "6 tcp 10.4.0.1:40005 -> 10.4.0.2:3389 1",
                "17 udp [2001:db8:4::1]:40006 -> [2001:db8:4::2]:161 1",
                "6 tcp 10.5.0.1:40007 -> 10.5.0.2:445 1",
                "17 udp 203.0.113.1:50008 -> 203.0.113.2:6081 1",
                "17 udp 10.6.0.1:40008 -> 10.6.0.2:123 1",
                "17 udp 203.0.113.1:2152 -> 203.0.113.2:2152 2",
                "6 tcp 10.7.0.1:40009 -> 10.7.0.2:8080 1",
                "17 udp 203.0.113.2:51000 -> 203.0.113.1:3544 1",
                "17 udp [2001:0:5ef5:79fd::1]:40010 -> [2001:db8:9::1]:5060 1",
                // a DNS query from source port 4789 and datagrams to 4789 and 2152 that hold no such header: not opened
                "17 udp 198.51.100.7:4789 -> 198.51.100.8:53 1",
                "17 udp 198.51.100.7:50012 -> 198.51.100.8:4789 1",
                "17 udp 198.51.100.7:50013 -> 198.51.100.8:2152 1",
                "4 other 192.0.2.1:0 -> 192.0.2.2:0 1",
                "6 tcp 10.8.0.1:40011 -> 10.8.0.2:25 1",
                // Cisco HDLC framing in a PPP link type capture
                "6 tcp 10.9.0.1:40012 -> 10.9.0.2:179 1");
        assertThat(r.notes()).contains("12 tunnelled packets opened (IP-in-IP: 2, IPv6-in-IP: 1, GRE: 6, Geneve: 1, "
                + "GTP-U: 2, Teredo: 1): each counts to the tunnel's flow and the packet inside to its own "
                + "(1 held no IP packet that names a flow)");
        // the inner packet's evidence is the tunnelled packet's number; its bytes are the inner IP length
        Flow erspan = r.flows().stream().filter(f -> f.respPort() == 3389).findFirst().orElseThrow();
        assertThat(erspan.evidence()).extracting(e -> e.packet()).containsExactly(5L);
        assertThat(erspan.bytes()).isEqualTo(40);
    }

    @Test
    void linuxVxlanDevicesTrafficOnBothPortsReadsAsTheOverlaysConversations() throws IOException {
        ReadResult r = readFixture("vxlan-linux-netns.pcap");
        assertThat(r.records()).isEqualTo(30);
        List<String> inner = r.flows().stream().filter(f -> !f.origAddr().startsWith("10.77."))
                .map(f -> f.describe() + " " + f.initiator().label() + " " + f.origPackets() + "/" + f.respPackets() + " "
                        + f.connState())
                .collect(Collectors.toList());
        assertThat(inner).contains(
                "tcp 192.168.77.1:39394 -> 192.168.77.2:8080 handshake 5/5 SF",
                "tcp [fd77::1]:33378 -> [fd77::2]:8443 handshake 6/4 SF",
                "udp 192.168.78.1:60105 -> 192.168.78.2:5140 inferred 1/1 SF"); // VXLAN on 8472
        // the underlay: tshark's 14 UDP conversations, every packet in one of them
        List<Flow> outer = r.flows().stream().filter(f -> f.origAddr().startsWith("10.77.")).collect(Collectors.toList());
        assertThat(outer).hasSize(14).allMatch(f -> f.respPort() == 4789 || f.respPort() == 8472);
        assertThat(outer.stream().mapToLong(Flow::packets).sum()).isEqualTo(30);
        assertThat(r.notes()).contains("30 tunnelled packets opened (VXLAN: 30): each counts to the tunnel's flow and the"
                + " packet inside to its own (4 held no IP packet that names a flow)");
    }

    @Test
    void pcap4jReaderSaysWhichTunnelsItLeavesClosed() throws IOException {
        Assumptions.assumeTrue(Pcap4jCaptureReader.isAvailable(), "libpcap not available");
        Path file = WirelessAndCompressedCaptureTest.fixture("vxlan-linux-netns.pcap");
        ReadResult theirs = new Pcap4jCaptureReader().read(Source.of(file));
        ReadResult mine = new CaptureReader().read(Source.of(file));
        // the tunnels' own flows agree flow for flow; the flows inside are the default reader's alone
        List<String> mineOuter = CrossCheckTest.summary(mine).stream().filter(s -> s.contains(" 10.77.0."))
                .collect(Collectors.toList());
        assertThat(CrossCheckTest.summary(theirs)).isEqualTo(mineOuter);
        assertThat(theirs.notes()).contains("30 tunnelled packets not opened (VXLAN: 30): the pcap4j reader counts them"
                + " to the tunnel's flow only (the default reader also lists the flows inside)");
    }

    @Test
    void pimRegisterMessagesAndWccpRedirectionCarryTheirPacketToo() throws IOException {
        // as tshark reads tcpdump's pim-packet-assortment.pcap and wccp_redirect_gre.pcap: a PIM version 2 Register
        // (type 1) carries a multicast packet to the rendezvous point; GRE type 0x883e a packet a WCCP router
        // redirected to a cache, after a 4-byte redirect header (version 2) or none (version 1)
        int dr = ip4(192, 168, 1, 1), rp = ip4(192, 168, 1, 2);
        byte[] stream = udp4(ip4(10, 0, 0, 5), 5004, ip4(239, 1, 1, 1), 5004, 100);
        byte[] register = ipv4(dr, rp, 103, cat(new byte[] {0x21, 0, 0, 0, 0, 0, 0, 0}, stream));
        byte[] registerStop = ipv4(rp, dr, 103, cat(new byte[] {0x22, 0, 0, 0}, new byte[12])); // type 2: no packet
        byte[] web = tcp4(ip4(10, 0, 0, 6), 50000, ip4(10, 0, 0, 7), 80, SYN, 0);
        byte[] wccp2 = ipv4(dr, rp, 47, cat(new byte[] {0, 0, (byte) 0x88, 0x3e, 0x05, 0x59, 0, 0x48}, web));
        byte[] wccp1 = ipv4(dr, rp, 47, cat(new byte[] {0, 0, (byte) 0x88, 0x3e}, web));
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, register, registerStop, wccp2, wccp1));
        assertThat(flows(r)).containsExactly("103 other 192.168.1.1:0 -> 192.168.1.2:0 2",
                "17 udp 10.0.0.5:5004 -> 239.1.1.1:5004 1", "47 other 192.168.1.1:0 -> 192.168.1.2:0 2",
                "6 tcp 10.0.0.6:50000 -> 10.0.0.7:80 2");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("3 tunnelled packets opened (GRE: 2, PIM Register: 1)"));
    }

    @Test
    void capwapDataCarriesAnAccessPointsFramesWithCiscosSwappedFrameControlOrEthernet() throws IOException {
        // as tshark reads nDPI's capwap.pcap and capwap_data.pcapng: version 0 type 0, HLEN 4 words, WBID 1 (802.11),
        // T set (native frames), then an 802.11 data frame whose frame control bytes come swapped (flags, then type)
        int ap = ip4(192, 168, 10, 10), wlc = ip4(192, 168, 10, 9);
        byte[] header80211 = cat(new byte[] {0x01, 0x08, 0, 0}, new byte[18], new byte[] {0x10, 0});
        byte[] snap = {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0};
        byte[] dhcp = udp4(ip4(0, 0, 0, 0), 68, ip4(255, 255, 255, 255), 67, 300);
        byte[] capwap80211 = {0, 0x20, 0x43, 0x20, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 0, 0};
        byte[] native80211 = ipv4(ap, wlc, 17, cat(udpHeader(12380, 5247, 0), capwap80211, header80211, snap, dhcp));
        // T clear: an Ethernet frame; and a DTLS-protected datagram (preamble type 1), which is not opened
        byte[] capwapEthernet = {0, 0x10, 0x42, 0, 0, 0, 0, 0}; // HLEN 2 words
        byte[] web = tcp4(ip4(10, 1, 3, 68), 47025, ip4(74, 125, 130, 188), 443, SYN, 0);
        byte[] ethernetInside = ipv4(wlc, ap, 17, cat(udpHeader(5247, 12380, 0), capwapEthernet, ethernet(0x0800, web)));
        byte[] dtls = ipv4(ap, wlc, 17, cat(udpHeader(12380, 5247, 0), new byte[] {1, 0, 0, 0, 0x17, (byte) 0xfe, (byte) 0xfd},
                new byte[40]));
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, native80211, ethernetInside, dtls));
        assertThat(flows(r)).containsExactly("17 udp 192.168.10.10:12380 -> 192.168.10.9:5247 3",
                "17 udp 0.0.0.0:68 -> 255.255.255.255:67 1", "6 tcp 10.1.3.68:47025 -> 74.125.130.188:443 1");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("2 tunnelled packets opened (CAPWAP: 2): "));
    }

    @Test
    void l2tpDataMessagesCarryPpp() throws IOException {
        // RFC 2661 version 2 over UDP 1701, as tshark reads them: a data message with its length field, one with
        // sequence numbers and an offset pad (from the server's port 1701 to the client's), and a control message
        int lac = ip4(198, 51, 100, 1), lns = ip4(198, 51, 100, 2);
        byte[] ppp = cat(new byte[] {(byte) 0xff, 3, 0, 0x21}, tcp4(ip4(10, 5, 0, 1), 40000, ip4(10, 5, 0, 2), 445, SYN, 0));
        byte[] withLength = cat(new byte[] {0x40, 0x02, 0, (byte) (8 + ppp.length), 0, 1, 0, 2}, ppp);
        byte[] withSequenceAndOffset = cat(new byte[] {0x0a, 0x02, 0, 1, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0}, ppp);
        byte[] control = {(byte) 0xc8, 0x02, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0};
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, ipv4(lac, lns, 17, cat(udpHeader(1701, 1701, 0), withLength)),
                ipv4(lns, lac, 17, cat(udpHeader(1701, 40001, 0), withSequenceAndOffset)),
                ipv4(lac, lns, 17, cat(udpHeader(1701, 1701, 0), control))));
        assertThat(flows(r)).containsExactly("17 udp 198.51.100.1:1701 -> 198.51.100.2:1701 2",
                "6 tcp 10.5.0.1:40000 -> 10.5.0.2:445 2", "17 udp 198.51.100.1:40001 -> 198.51.100.2:1701 1");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("2 tunnelled packets opened (L2TP: 2): "));
    }

    @Test
    void vxlanFlagsOtherThanIAreIgnoredGpeNamesItsPayloadAndGreRidesInUdp() throws IOException {
        // as Zeek's vxlan-triple-v2.pcap (flags 0x0c, next protocol 3) and gre-over-udp-4754.pcap read in tshark
        int a = ip4(192, 0, 2, 1), b = ip4(192, 0, 2, 2);
        byte[] dns = udp4(ip4(10, 0, 0, 1), 40000, ip4(10, 0, 0, 2), 53, 20);
        byte[] vxlanWithP = ipv4(a, b, 17, cat(udpHeader(50000, 4789, 0), new byte[] {0x0c, 0, 0, 3, 0, 0, 1, 0},
                ethernet(0x0800, dns)));
        byte[] gpeIpv4 = ipv4(a, b, 17, cat(udpHeader(50001, 4790, 0), new byte[] {0x0c, 0, 0, 1, 0, 0, 2, 0}, dns));
        byte[] gpeNsh = ipv4(a, b, 17, cat(udpHeader(50002, 4790, 0), new byte[] {0x0c, 0, 0, 4, 0, 0, 3, 0}, new byte[24]));
        byte[] greInUdp = ipv4(a, b, 17, cat(udpHeader(50003, 4754, 0), new byte[] {0, 0, 8, 0}, dns));
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, vxlanWithP, gpeIpv4, gpeNsh, greInUdp));
        assertThat(flows(r)).containsExactly("17 udp 192.0.2.1:50000 -> 192.0.2.2:4789 1",
                "17 udp 10.0.0.1:40000 -> 10.0.0.2:53 3", "17 udp 192.0.2.1:50001 -> 192.0.2.2:4790 1",
                "17 udp 192.0.2.1:50002 -> 192.0.2.2:4790 1", "17 udp 192.0.2.1:50003 -> 192.0.2.2:4754 1");
        // GPE naming NSH is opened too (ReferenceAgreementTest reads one that holds a packet); this NSH header is all
        // zeros (length 0): it holds no packet
        assertThat(r.notes()).contains("4 tunnelled packets opened (GRE: 1, VXLAN: 3): each counts to the tunnel's flow"
                + " and the packet inside to its own (1 held no IP packet that names a flow)");
    }

    @Test
    void tunnelsInsideTunnelsAreOpenedThreeDeepAndNoDeeper() throws IOException {
        int c = ip4(192, 168, 1, 1), d = ip4(192, 168, 1, 2);
        byte[] p = tcp4(ip4(10, 0, 0, 1), 50000, ip4(10, 0, 0, 2), 80, SYN, 0);
        for (int i = 0; i < 40; i++) p = ipv4(c, d + i, 4, p);
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, p));
        assertThat(r.problems()).isEmpty();
        // the outermost tunnel and three opened inside it; the packet at the bottom is never reached
        assertThat(flows(r)).containsExactly("4 other 192.168.1.1:0 -> 192.168.1.41:0 1",
                "4 other 192.168.1.1:0 -> 192.168.1.40:0 1", "4 other 192.168.1.1:0 -> 192.168.1.39:0 1",
                "4 other 192.168.1.1:0 -> 192.168.1.38:0 1");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("1 tunnelled packet opened (IP-in-IP: 3)"));
    }

    @Test
    void aTunnelPacketSplitIntoFragmentsCountsThePacketInsideOnceFromTheFirst() throws IOException {
        // as tshark and Zeek count it after reassembly (Zeek's erspan.pcap, GTP traces): the first fragment holds the
        // headers of the tunnel and of the packet inside; the later fragment adds its bytes to the tunnel's datagram
        int c = ip4(192, 168, 1, 1), d = ip4(192, 168, 1, 2);
        byte[] inner = tcp4(ip4(10, 0, 0, 1), 50000, ip4(10, 0, 0, 2), 80, PSH | ACK, 1000);
        byte[] first = ipv4(c, d, 4, java.util.Arrays.copyOf(inner, 504), new byte[0], 7, 0x2000); // more fragments
        byte[] rest = ipv4(c, d, 4, java.util.Arrays.copyOfRange(inner, 504, inner.length), new byte[0], 7, 504 / 8);
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, first, rest));
        assertThat(flows(r)).containsExactly("4 other 192.168.1.1:0 -> 192.168.1.2:0 1", "6 tcp 10.0.0.1:50000 -> 10.0.0.2:80 1");
        assertThat(r.flows().get(0).bytes()).isEqualTo(20 + inner.length);
        assertThat(r.flows().get(1).bytes()).isEqualTo(inner.length);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("1 tunnelled packet opened (IP-in-IP: 1)"));
    }

    @Test
    void garbageInsideATunnelIsNoProblemOfTheFile() throws IOException {
        int c = ip4(192, 168, 1, 1), d = ip4(192, 168, 1, 2);
        byte[] bad = {0x41, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2}; // IPv4 with header length 4
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, ipv4(c, d, 4, bad), ipv4(c, d, 47, cat(new byte[] {0, 0, 8, 6},
                new byte[28]))));
        assertThat(r.problems()).isEmpty();
        assertThat(flows(r)).containsExactly("4 other 192.168.1.1:0 -> 192.168.1.2:0 1",
                "47 other 192.168.1.1:0 -> 192.168.1.2:0 1");
        assertThat(r.notes()).contains("2 tunnelled packets opened (IP-in-IP: 1, GRE: 1): each counts to the tunnel's flow"
                + " and the packet inside to its own (2 held no IP packet that names a flow)");
        assertThat(r.notes()).noneMatch(n -> n.contains("non-IP"));
    }

    private ReadResult read(byte[] file) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcap");
        Files.write(p, file);
        return new CaptureReader().read(Source.of(p));
    }
}
