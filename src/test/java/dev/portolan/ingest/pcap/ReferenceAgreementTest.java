package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets whose flow tshark's conversation tables and Zeek's conn.log agree on, and portolan counted otherwise until
 * PcapPlusPlus's, pcap4j's and suricata-verify's test captures showed it (bench/pcap/RESULTS.md, twenty-second
 * session): a first fragment captured twice, E-tags, NSH, integrity-only MACsec, VXLAN with reserved bits set, an IPv6 routing header's or IPv4 source route's final destination, GTP-U sent from port 2152, malformed TCP
 * and IPv4 headers. Written
 * by hand from the RFCs; where libpcap is installed the pcap4j reader must agree (GTP-U aside: it opens no tunnel).
 */
class ReferenceAgreementTest {
    static final int A = ip4(10, 0, 0, 1), B = ip4(10, 0, 0, 2), C = ip4(10, 0, 0, 3), D = ip4(10, 0, 0, 4);

    @TempDir
    Path dir;

    private ReadResult read(byte[] capture, boolean crossCheck) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcap");
        Files.write(p, capture);
        ReadResult mine = new CaptureReader().read(Source.of(p));
        if (crossCheck && Pcap4jCaptureReader.unavailableReason() == null) {
            ReadResult theirs = new Pcap4jCaptureReader().read(Source.of(p));
            assertThat(CrossCheckTest.summary(theirs)).as("the pcap4j reader").isEqualTo(CrossCheckTest.summary(mine));
        }
        return mine;
    }

    private static Flow flowTo(ReadResult r, int port) {
        return r.flows().stream().filter(f -> f.respPort() == port).findFirst().orElseThrow();
    }

    @Test
    void aFirstFragmentSeenAgainBeforeItsDatagramIsCompleteIsOneDatagram() throws IOException {
        byte[] none = new byte[0];
        byte[] first77 = ipv4(A, B, 17, udpHeader(789, 2049, 1472), none, 77, 0x2000);
        byte[] last77 = ipv4(A, B, 17, new byte[100], none, 77, 185);
        byte[] first78 = ipv4(A, B, 17, udpHeader(789, 2049, 1472), none, 78, 0x2000);
        List<byte[]> frames = new ArrayList<>(List.of(
                first77, first77, last77, // captured twice before the last fragment: one datagram
                first77, last77,          // the same identification after the datagram was complete: a new one
                first78));                // never completed ...
        for (int i = 0; i < 31; i++) frames.add(udp4(C, 40000 + i, D, 53, 10)); // (one second per frame)
        frames.add(first78);              // ... and seen again 32 s later: its receiver gave up long ago, a new one
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, frames.toArray(new byte[0][])), true);
        Flow nfs = flowTo(r, 789); // no handshake: the lower port answers
        assertThat(nfs.packets()).isEqualTo(4);
        // the repeat adds no bytes: each datagram's bytes are its reassembled length
        assertThat(nfs.bytes()).isEqualTo(2L * (first77.length + last77.length - 20) + 2L * first78.length);
        assertThat(nfs.evidence()).extracting(e -> e.packet()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.records()).isEqualTo(38);
        assertThat(r.notes()).contains("1 first IP fragments seen again before their datagram was complete (captured"
                + " twice, or sent again) counted once");

        // IPv6: the same with a fragment header
        byte[] frag1 = ipv6(v6(5), v6(6), 44, cat(new byte[] {17, 0, 0, 1, 0, 0, 0, 42}, udpHeader(7000, 8000, 100)));
        byte[] frag2 = ipv6(v6(5), v6(6), 44, cat(new byte[] {17, 0, 0, (byte) 0x70, 0, 0, 0, 42}, new byte[50]));
        Flow v6 = flowTo(read(CaptureFiles.pcap(false, false, 229, frag1, frag1, frag2), true), 7000);
        assertThat(v6.packets()).isEqualTo(1);
        assertThat(v6.bytes()).isEqualTo(frag1.length + frag2.length - 48);
    }

    @Test
    void aTcpHeaderSplitOverTinyFragmentsStillNamesItsFlow() throws IOException {
        // RFC 1858's tiny fragments (suricata-verify's bug-6887 captures): a SYN's header in 8-byte pieces; the first
        // holds the ports but not the flags, so the flow is named by its ports (tshark and Zeek, which reassemble it,
        // see the SYN too); a 16-byte first fragment holds the flags but not the whole header
        byte[] syn = tcpHeader(12345, 8080, SYN, 4);
        byte[] none = new byte[0];
        byte[][] tiny = {ipv4(A, B, 6, Arrays.copyOfRange(syn, 0, 8), none, 5, 0x2000),
                ipv4(A, B, 6, Arrays.copyOfRange(syn, 8, 16), none, 5, 0x2000 | 1),
                ipv4(A, B, 6, Arrays.copyOfRange(syn, 16, 24), none, 5, 2)};
        byte[] syn2 = tcpHeader(23456, 8081, SYN, 4);
        byte[][] small = {ipv4(A, B, 6, Arrays.copyOfRange(syn2, 0, 16), none, 6, 0x2000),
                ipv4(A, B, 6, Arrays.copyOfRange(syn2, 16, 24), none, 6, 2)};
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, tiny[0], tiny[1], tiny[2], small[0], small[1]), true);
        assertThat(r.flows()).extracting(Flow::describe).containsExactly("tcp 10.0.0.1:12345 -> 10.0.0.2:8080",
                "tcp 10.0.0.1:23456 -> 10.0.0.2:8081");
        assertThat(r.flows()).allSatisfy(f -> assertThat(f.packets()).isEqualTo(1));
        assertThat(r.flows().get(0).evidence()).extracting(e -> e.packet()).containsExactly(1L, 2L, 3L);
        assertThat(r.notes()).noneMatch(n -> n.contains("malformed") || n.contains("too short") || n.contains("not captured"));
    }

    /** An IPv6 routing header of {@code type} with {@code segmentsLeft}, then {@code addresses}, before a UDP header. */
    private static byte[] routed(int type, int segmentsLeft, int sport, int... addresses) {
        byte[] rh = new byte[8 + 16 * addresses.length];
        rh[0] = 17;
        rh[1] = (byte) (2 * addresses.length);
        rh[2] = (byte) type;
        rh[3] = (byte) segmentsLeft;
        if (type == 4) rh[4] = (byte) (addresses.length - 1); // SRH: last entry
        for (int i = 0; i < addresses.length; i++) System.arraycopy(v6(addresses[i]), 0, rh, 8 + 16 * i, 16);
        return ipv6(v6(1), v6(2), 43, cat(rh, udpHeader(sport, 53, 4)));
    }

    @Test
    void theRespondersAddressIsAnIpv6RoutingHeadersFinalDestination() throws IOException {
        ReadResult r = read(CaptureFiles.pcap(false, false, 229,
                routed(0, 2, 40000, 0x20, 0x21),  // type 0 (RFC 2460): the last address
                routed(2, 1, 40001, 0x30),        // type 2 (Mobile IPv6): the home address
                routed(4, 1, 40002, 0x40, 0x41),  // type 4 (SRH, RFC 8754): Segment List[0]
                routed(0, 0, 40003, 0x50),        // no segments left: the destination is the final one
                routed(253, 1, 40004, 0x60)),     // an experimental type names none
                true);
        assertThat(r.flows()).extracting(Flow::describe).containsExactly(
                "udp [2001:db8::1]:40000 -> [2001:db8::21]:53",
                "udp [2001:db8::1]:40001 -> [2001:db8::30]:53",
                "udp [2001:db8::1]:40002 -> [2001:db8::40]:53",
                "udp [2001:db8::1]:40003 -> [2001:db8::2]:53",
                "udp [2001:db8::1]:40004 -> [2001:db8::2]:53");
    }

    @Test
    void anIpv4SourceRouteNamesTheFinalDestination() throws IOException {
        // NOP, then a loose source route (RFC 791) through 192.168.1.1 to 192.168.1.2: the pointer (4) at its first address
        byte[] loose = {1, (byte) 0x83, 11, 4, (byte) 192, (byte) 168, 1, 1, (byte) 192, (byte) 168, 1, 2};
        byte[] done = loose.clone();
        done[3] = 12; // the pointer past the route: the header's destination is the final one
        byte[] strict = loose.clone();
        strict[1] = (byte) 0x89;
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, ipv4(A, B, 17, udpHeader(40000, 53, 4), loose, 1, 0),
                ipv4(A, B, 17, udpHeader(40001, 53, 4), done, 2, 0), ipv4(A, B, 17, udpHeader(40002, 53, 4), strict, 3, 0)), true);
        // tshark's conversation is with the route's end (Zeek keeps the header's destination)
        assertThat(r.flows()).extracting(Flow::describe).containsExactly("udp 10.0.0.1:40000 -> 192.168.1.2:53",
                "udp 10.0.0.1:40001 -> 10.0.0.2:53", "udp 10.0.0.1:40002 -> 192.168.1.2:53");
    }

    @Test
    void eTagsNetworkServiceHeadersMacsecAndVxlanWithReservedBitsSetAreOpened() throws IOException {
        // 802.1BR E-tag (0x893f): 6 bytes of E-TCI, then the next type
        byte[] eTag = ethernet(0x893f, cat(new byte[] {0, 0, 0x10, 1, 0, 0, 0x08, 0x00}, udp4(A, 40000, B, 53, 4)));
        // NSH (RFC 8300): MD type 2 without context (2 words), IPv4 inside; MD type 1 (6 words), Ethernet inside
        byte[] nshIp = ethernet(0x894f, cat(new byte[] {0x0f, (byte) 0xc2, 2, 1, 0, 0, 1, (byte) 0xff}, udp4(A, 40001, B, 53, 4)));
        byte[] nshEth = ethernet(0x894f, cat(new byte[] {0x0f, (byte) 0xc6, 1, 3, 0, 0, 1, (byte) 0xff}, new byte[16],
                ethernet(0x0800, udp4(A, 40002, B, 53, 4))));
        // VXLAN to 4789 with every flag bit set: only I counts there (GPE's P is read on 4790 only)
        byte[] vxlan = cat(new byte[] {(byte) 0xff, 0, 0, 1, 0, 0, 7, 0}, ethernet(0x0800, udp4(C, 40003, D, 53, 4)));
        byte[] outer = ethernet(0x0800, ipv4(A, B, 17, cat(Arrays.copyOf(udpHeader(50000, 4789, vxlan.length), 8), vxlan)));
        // VXLAN-GPE (4790) whose next protocol is NSH (4), IPv4 inside it (tcpdump's nsh-over-vxlan-gpe.pcap)
        byte[] gpe = cat(new byte[] {0x0c, 0, 0, 4, 0, 0, 8, 0}, new byte[] {0x0f, (byte) 0xc2, 2, 1, 0, 0, 1, (byte) 0xff},
                udp4(C, 40004, D, 53, 4));
        byte[] outerGpe = ethernet(0x0800, ipv4(A, B, 17, cat(Arrays.copyOf(udpHeader(50001, 4790, gpe.length), 8), gpe)));
        // MACsec (802.1AE) integrity-only, with an SCI: the original type and packet in clear, then the 16-byte ICV
        // (tcpdump's macsec-short-valid.pcap); an encrypted one (E and C set) is no IP frame
        byte[] macsec = ethernet(0x88e5, cat(new byte[] {0x20, 0, 0, 0, 0, 1}, new byte[8], new byte[] {0x08, 0x00},
                udp4(A, 40005, B, 53, 4), new byte[16]));
        byte[] encrypted = ethernet(0x88e5, cat(new byte[] {0x2c, 0, 0, 0, 0, 1}, new byte[8], new byte[64]));
        ReadResult r = read(CaptureFiles.pcap(false, false, 1, eTag, nshIp, nshEth, outer, outerGpe, macsec, encrypted), false);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("1 non-IP frames") && n.contains("0x88e5"));
        assertThat(r.flows()).extracting(Flow::describe).containsExactly("udp 10.0.0.1:40000 -> 10.0.0.2:53",
                "udp 10.0.0.1:40001 -> 10.0.0.2:53", "udp 10.0.0.1:40002 -> 10.0.0.2:53",
                "udp 10.0.0.1:50000 -> 10.0.0.2:4789", "udp 10.0.0.3:40003 -> 10.0.0.4:53",
                "udp 10.0.0.1:50001 -> 10.0.0.2:4790", "udp 10.0.0.3:40004 -> 10.0.0.4:53", "udp 10.0.0.1:40005 -> 10.0.0.2:53");
    }

    @Test
    void pppInVersion0GreIsOpened() throws IOException {
        // suricata-verify's eth-ip-gre-ppp captures: GRE version 0, protocol 0x880b, a PPP frame with a compressed
        // protocol field (0x21, IPv4)
        byte[] inner = udp4(ip4(1, 1, 1, 1), 11111, ip4(2, 2, 2, 2), 9999, 4);
        byte[] gre = cat(new byte[] {0, 0, (byte) 0x88, 0x0b, 0x21}, inner);
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, ipv4(ip4(7, 7, 7, 7), ip4(9, 9, 9, 9), 47, gre)), false);
        assertThat(r.flows()).extracting(Flow::describe)
                .containsExactly("other 7.7.7.7:0 -> 9.9.9.9:0", "udp 1.1.1.1:11111 -> 2.2.2.2:9999");
    }

    @Test
    void gtpUSentFromPort2152IsOpened() throws IOException {
        byte[] inner = udp4(ip4(10, 9, 9, 1), 40000, ip4(10, 9, 9, 2), 53, 4);
        byte[] gtp = cat(new byte[] {0x30, (byte) 0xff, 0, (byte) inner.length, 0, 0, 0, 7}, inner);
        byte[] fromGtpPort = ipv4(A, B, 17, cat(Arrays.copyOf(udpHeader(2152, 1024, gtp.length), 8), gtp));
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, fromGtpPort), false);
        assertThat(r.flows()).extracting(Flow::describe)
                .containsExactlyInAnyOrder("udp 10.0.0.1:2152 -> 10.0.0.2:1024", "udp 10.9.9.1:40000 -> 10.9.9.2:53");
    }

    @Test
    void malformedTcpAndIpv4HeadersNameNoFlow() throws IOException {
        byte[] past = tcpHeader(40000, 80, SYN, 0);
        past[12] = 0x70; // 28 bytes of header in a 20-byte segment
        byte[] under = tcpHeader(40001, 81, SYN, 0);
        under[12] = 0x40; // 16 bytes: under the minimum
        byte[] bogusLength = tcp4(A, 40002, B, 82, SYN, 0);
        bogusLength[2] = 0;
        bogusLength[3] = 11; // total length 11, less than its own header
        byte[] halfUdp = Arrays.copyOf(udpHeader(40004, 53, 0), 4); // an IP packet of 24 bytes: ports, no UDP length
        byte[] badVersion = ipv6(v6(1), v6(2), 17, udpHeader(40005, 53, 4));
        badVersion[0] = 0x40; // IPv4's version in an IPv6 header (ethertype 0x86dd)
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, ipv4(A, B, 6, past), ipv4(A, B, 6, under), bogusLength,
                tcp4(A, 40003, B, 83, SYN, 0), ipv4(A, B, 17, halfUdp)), true);
        assertThat(r.flows()).extracting(Flow::describe).containsExactly("tcp 10.0.0.1:40003 -> 10.0.0.2:83");
        assertThat(r.notes()).contains("3 packets with a malformed TCP or UDP header (shorter than its minimum, or a TCP"
                + " header length past the segment's end) not counted to a flow, as tshark and Zeek leave them out");
        assertThat(r.problems()).extracting(p -> p.message())
                .anyMatch(m -> m.startsWith("packet 3: IPv4 total length 11 is less than its header's 20 bytes"));
        ReadResult v6 = read(CaptureFiles.pcap(false, false, 1, ethernet(0x86dd, badVersion)), false);
        assertThat(v6.flows()).isEmpty();
        assertThat(v6.problems()).extracting(p -> p.message())
                .anyMatch(m -> m.startsWith("packet 1: not a valid IPv6 header (version 4)"));
    }
}
