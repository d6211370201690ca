package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link layers and IP oddities seen in real captures (tcpdump's test captures: PPP, Cisco HDLC, NFLOG,
 * MPLS, PPPoE, an FCS-flagged link type; reordered fragments), rebuilt by hand from the format specs.
 */
class EncapsulationCaptureTest {
    static final int A = ip4(10, 0, 0, 1), B = ip4(10, 0, 0, 2);

    @TempDir
    Path dir;

    Path write(byte[] file) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcap");
        Files.write(p, file);
        return p;
    }

    ReadResult read(byte[] file) throws IOException {
        return new CaptureReader().read(Source.of(write(file)));
    }

    /** SYN (40 bytes), SYN/ACK (40), ACK with 100 bytes (140): one flow, 3 packets, 220 IP bytes. */
    static byte[][] handshake() {
        return new byte[][] {tcp4(A, 50000, B, 80, SYN, 0), tcp4(B, 80, A, 50000, SYN | ACK, 0),
            tcp4(A, 50000, B, 80, PSH | ACK, 100)};
    }

    static byte[][] wrap(byte[] header, byte[][] ips) {
        byte[][] out = new byte[ips.length][];
        for (int i = 0; i < ips.length; i++) out[i] = cat(header, ips[i]);
        return out;
    }

    static void assertHandshake(ReadResult r) {
        assertThat(r.flows()).hasSize(1);
        Flow f = r.flows().get(0);
        assertThat(f.describe()).isEqualTo("tcp 10.0.0.1:50000 -> 10.0.0.2:80");
        assertThat(f.packets()).isEqualTo(3);
        assertThat(f.bytes()).isEqualTo(220);
        assertThat(f.connState()).isEqualTo("S1");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void pppWithAndWithoutAddressControlAndWithACompressedProtocol() throws IOException {
        byte[][] h = handshake();
        byte[] lcp = {(byte) 0xff, 3, (byte) 0xc0, 0x21, 1, 1, 0, 4};
        ReadResult r = read(CaptureFiles.pcap(false, false, 9,
                cat(new byte[] {(byte) 0xff, 3, 0, 0x21}, h[0]), cat(new byte[] {0, 0x21}, h[1]),
                cat(new byte[] {0x21}, h[2]), lcp));
        assertHandshake(r);
        assertThat(r.records()).isEqualTo(4);
        assertThat(r.notes()).contains("1 non-IP frames (PPP 0xc021: 1) not counted as flows");
    }

    @Test
    void pppInHdlcFramingAndCiscoHdlc() throws IOException {
        assertHandshake(read(CaptureFiles.pcap(true, false, 50, wrap(new byte[] {(byte) 0xff, 3, 0, 0x21}, handshake()))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 104, wrap(new byte[] {0x0f, 0, 8, 0}, handshake()))));
    }

    @Test
    void ciscoFabricPathFramesAreReadAsTheFrameTheyCarry() throws IOException {
        // a FabricPath switch's mirrored frames (nDPI's ajp.pcap has them beside the plain copies): the outer MACs,
        // type 0x8903, FTag and TTL, then the classical Ethernet frame with its VLAN tag
        assertHandshakeInEthernet(ip -> ethernet(0x8903, cat(new byte[] {0, 0x3f}, ethernet(0x0800, ip, 0x8100))));
    }

    @Test
    void providerBackboneBridgingFramesAreReadAsTheCustomersFrame() throws IOException {
        // 802.1ah (Zeek's pbb.pcap): a B-tag (0x88a8), type 0x88e7 and the 4-byte I-tag, then the customer's MACs
        // and frame
        assertHandshakeInEthernet(ip -> ethernet(0x88e7, cat(new byte[] {0, 0, 0, 100}, new byte[12], new byte[] {8, 0}, ip),
                0x88a8));
    }

    @Test
    void ciscoVnTagsAreSkippedLikeVlanTags() throws IOException {
        // 0x8926 and 4 bytes of virtual interface ids, also between 802.1Q tags (Zeek's vntag_vlan_sandwich_clean.pcap)
        assertHandshakeInEthernet(ip -> ethernet(0x8926, cat(new byte[] {(byte) 0x80, 1, 0, 2, (byte) 0x81, 0, 0, 5, 8, 0}, ip),
                0x8100));
    }

    /** The {@link #handshake} read as one flow from an Ethernet capture whose frames {@code frame} makes of its packets. */
    private void assertHandshakeInEthernet(java.util.function.UnaryOperator<byte[]> frame) throws IOException {
        byte[][] h = handshake();
        byte[][] frames = new byte[h.length][];
        for (int i = 0; i < h.length; i++) frames[i] = frame.apply(h[i]);
        assertHandshake(read(CaptureFiles.pcap(false, false, 1, frames)));
    }

    @Test
    void mplsLabelStackOverEthernetAndPpp() throws IOException {
        byte[] labels = ByteBuffer.allocate(8).putInt((100 << 12) | 64).putInt((200 << 12) | (1 << 8) | 64).array();
        byte[][] h = wrap(labels, handshake());
        ReadResult r = read(CaptureFiles.pcap(false, false, 1,
                ethernet(0x8847, h[0]), ethernet(0x8847, h[1], 0x8100), ethernet(0x8847, h[2])));
        assertHandshake(r);
        assertHandshake(read(CaptureFiles.pcap(false, false, 9, wrap(new byte[] {(byte) 0xff, 3, 2, (byte) 0x81}, h))));
        // a pseudowire (control word, not IP) after the label stack is counted as non-IP
        ReadResult pw = read(CaptureFiles.pcap(false, false, 1, ethernet(0x8847, cat(labels, new byte[20]))));
        assertThat(pw.flows()).isEmpty();
        assertThat(pw.notes()).contains("1 non-IP frames (MPLS: 1) not counted as flows");
    }

    @Test
    void pppoeSessionFrames() throws IOException {
        byte[][] h = handshake();
        byte[][] frames = new byte[h.length + 1][];
        for (int i = 0; i < h.length; i++) {
            ByteBuffer s = ByteBuffer.allocate(8).put((byte) 0x11).put((byte) 0).putShort((short) 0x1234)
                    .putShort((short) (h[i].length + 2)).putShort((short) 0x0021);
            frames[i] = ethernet(0x8864, cat(s.array(), h[i]));
        }
        frames[h.length] = ethernet(0x8863, new byte[] {0x11, 0x09, 0, 0, 0, 0}); // discovery (PADI)
        ReadResult r = read(CaptureFiles.pcap(false, false, 1, frames));
        assertHandshake(r);
        assertThat(r.notes()).contains("1 non-IP frames (PPPoE: 1) not counted as flows");
    }

    @Test
    void llcSnapEncapsulatedIpv4() throws IOException {
        byte[][] h = handshake();
        byte[][] frames = new byte[h.length][];
        for (int i = 0; i < h.length; i++) {
            byte[] snap = cat(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0}, h[i]);
            frames[i] = ethernet(snap.length, snap);
        }
        assertHandshake(read(CaptureFiles.pcap(false, false, 1, frames)));
    }

    /** NFLOG TLV: length and type in the capturing host's byte order, value padded to 4 bytes. */
    static byte[] tlv(ByteOrder order, int type, byte[] value) {
        int len = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3).order(order);
        b.putShort((short) len).putShort((short) type).put(value);
        return b.array();
    }

    static byte[] nflog(ByteOrder order, byte[] ip) {
        byte[] header = {2, 0, 0, 1}; // AF_INET, version 0, resource id 1 (big-endian)
        byte[] hwProto = {8, 0, 3, 0}; // NFULA_PACKET_HDR: hw protocol, hook, pad
        byte[] prefix = "fw-in\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return cat(header, tlv(order, 1, hwProto), tlv(order, 10, prefix), tlv(order, 9, ip));
    }

    @Test
    void nflogFindsThePayloadTlvInEitherHostByteOrder() throws IOException {
        byte[][] h = handshake();
        ReadResult r = read(CaptureFiles.pcap(false, false, 239, nflog(ByteOrder.LITTLE_ENDIAN, h[0]),
                nflog(ByteOrder.BIG_ENDIAN, h[1]), nflog(ByteOrder.LITTLE_ENDIAN, h[2]),
                cat(new byte[] {2, 0, 0, 1}, tlv(ByteOrder.LITTLE_ENDIAN, 10, "x\0\0\0".getBytes()))));
        assertHandshake(r);
        assertThat(r.notes()).contains("1 non-IP frames (NFLOG without packet: 1) not counted as flows");
    }

    @Test
    void fcsBitsInTheLinkTypeFieldAreNotPartOfTheLinkType() throws IOException {
        // FCS length 2 (16-bit words) and the F bit set on top of LINKTYPE_ETHERNET, as a tcpdump test capture has
        byte[][] h = handshake();
        byte[][] frames = new byte[h.length][];
        for (int i = 0; i < h.length; i++) frames[i] = cat(eth4(h[i]), new byte[] {1, 2, 3, 4});
        assertHandshake(read(CaptureFiles.pcap(false, false, 0x24000001, frames)));
        assertHandshake(read(CaptureFiles.pcap(true, false, 0x24000001, frames)));
    }

    @Test
    void fragmentsThatArriveBeforeTheirFirstFragmentJoinItsFlow() throws IOException {
        byte[] first = ipv4(A, B, 17, udpHeader(5353, 53, 1472), new byte[0], 77, 0x2000);
        byte[] second = ipv4(A, B, 17, new byte[1480], new byte[0], 77, 0x2000 | 185);
        byte[] last = ipv4(A, B, 17, new byte[100], new byte[0], 77, 370);
        byte[] orphan = ipv4(A, B, 17, new byte[100], new byte[0], 99, 10);
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, last, orphan, second, first));
        assertThat(r.flows()).hasSize(1);
        Flow f = r.flows().get(0);
        assertThat(f.describe()).isEqualTo("udp 10.0.0.1:5353 -> 10.0.0.2:53");
        assertThat(f.origPackets()).isEqualTo(1); // one datagram
        assertThat(f.origBytes()).isEqualTo(first.length + second.length - 20 + last.length - 20);
        // evidence in packet order, times from the first packet (the last fragment) to the first fragment
        assertThat(f.evidence()).extracting(e -> e.packet()).containsExactly(1L, 3L, 4L);
        assertThat(f.firstMicros()).isEqualTo(1_000_000L + 123_456);
        assertThat(f.lastMicros()).isEqualTo(4_000_000L + 123_456);
        assertThat(r.notes()).contains("1 IP fragments whose first fragment was not captured");
    }

    @Test
    void greAndIpInIpAreFlowsOfTheOuterProtocolAndTheFlowInside() throws IOException {
        int c = ip4(192, 168, 1, 1), d = ip4(192, 168, 1, 2);
        byte[] inner = tcp4(A, 50000, B, 80, SYN, 0);
        byte[] gre = ipv4(c, d, 47, cat(new byte[] {0, 0, 8, 0}, inner));
        byte[] ipip = ipv4(c, d, 4, inner);
        ReadResult r = read(CaptureFiles.pcap(false, false, 101, gre, gre, ipip));
        assertThat(r.flows()).extracting(f -> f.ipProtocol() + " " + f.describe() + " " + f.packets() + "/" + f.bytes())
                .containsExactly("47 other 192.168.1.1:0 -> 192.168.1.2:0 2/" + 2 * gre.length,
                        "6 tcp 10.0.0.1:50000 -> 10.0.0.2:80 3/" + 3 * inner.length,
                        "4 other 192.168.1.1:0 -> 192.168.1.2:0 1/" + ipip.length);
    }

    @Test
    void pcap4jReportsEncapsulationsItCannotDecode() throws IOException {
        Assumptions.assumeTrue(Pcap4jCaptureReader.isAvailable(), "libpcap not available");
        byte[][] h = handshake();
        ReadResult r = new Pcap4jCaptureReader().read(Source.of(write(CaptureFiles.pcap(false, false, 239,
                nflog(ByteOrder.LITTLE_ENDIAN, h[0]), nflog(ByteOrder.LITTLE_ENDIAN, h[1])))));
        assertThat(r.flows()).isEmpty();
        assertThat(r.problems()).extracting(p -> p.message()).containsExactly(
                "the pcap4j reader does not decode NFLOG (link type 239): 2 packets skipped (the default reader decodes them)");
        // PPP it does decode: both readers agree
        Path ppp = write(CaptureFiles.pcap(false, false, 9, wrap(new byte[] {(byte) 0xff, 3, 0, 0x21}, h)));
        assertThat(CrossCheckTest.summary(new Pcap4jCaptureReader().read(Source.of(ppp))))
                .isEqualTo(CrossCheckTest.summary(new CaptureReader().read(Source.of(ppp))));
    }

    /** An SCTP common header (RFC 9260: ports, verification tag, checksum) and one chunk of this type and length. */
    static byte[] sctp(int sport, int dport, int chunkType, int chunkLength) {
        ByteBuffer b = ByteBuffer.allocate(12 + chunkLength);
        b.putShort((short) sport).putShort((short) dport).putInt(7).putInt(0);
        b.put((byte) chunkType).put((byte) 0).putShort((short) chunkLength);
        return b.array();
    }

    /** A DCCP generic header with 48-bit sequence numbers (RFC 4340: data offset 4 words, X set) of this packet type. */
    static byte[] dccp(int sport, int dport, int type) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putShort((short) sport).putShort((short) dport).put((byte) 4).put((byte) 0).putShort((short) 0);
        b.put((byte) (type << 1 | 1)).put((byte) 0).putShort((short) 0).putInt(1);
        return b.array();
    }

    @Test
    void sctpAndDccpAfterIpv6ExtensionHeadersInFragmentsAndInTunnelsHaveTheirPorts() throws IOException {
        // an SCTP INIT (a 20-byte chunk) behind a hop-by-hop header, split in two IPv6 fragments; its INIT ACK unfragmented;
        // an association seen from its INIT ACK only; a DCCP Request and Response inside IP-in-IP
        byte[] init = sctp(40000, 3868, 1, 20);
        byte[] first = cat(ext8(44), new byte[] {(byte) 132, 0, 0, 1, 0, 0, 0, 9}, java.util.Arrays.copyOf(init, 16));
        byte[] second = cat(new byte[] {(byte) 132, 0, 0, 16, 0, 0, 0, 9}, java.util.Arrays.copyOfRange(init, 16, 32));
        byte[][] frames = {
            ethernet(0x86dd, ipv6(v6(1), v6(2), 0, first)),
            ethernet(0x86dd, ipv6(v6(1), v6(2), 44, second)),
            ethernet(0x86dd, ipv6(v6(2), v6(1), 132, sctp(3868, 40000, 2, 24))),
            eth4(ipv4(B, A, 132, sctp(36412, 50000, 2, 24))),
            eth4(ipv4(ip4(192, 0, 2, 1), ip4(192, 0, 2, 2), 4, ipv4(A, B, 33, dccp(50001, 5001, 0)))),
            eth4(ipv4(ip4(192, 0, 2, 2), ip4(192, 0, 2, 1), 4, ipv4(B, A, 33, dccp(5001, 50001, 1)))),
        };
        ReadResult r = read(CaptureFiles.pcap(false, false, 1, frames));
        assertThat(r.flows()).extracting(f -> f.describe() + " " + f.origPackets() + "/" + f.respPackets() + " " + f.initiator().label())
                .containsExactlyInAnyOrder(
                        "sctp [2001:db8::1]:40000 -> [2001:db8::2]:3868 1/1 handshake",
                        "sctp 10.0.0.1:50000 -> 10.0.0.2:36412 0/1 inferred",
                        "other 192.0.2.1:0 -> 192.0.2.2:0 1/1 inferred",
                        "dccp 10.0.0.1:50001 -> 10.0.0.2:5001 1/1 handshake");
        Flow diameter = r.flows().stream().filter(f -> f.respPort() == 3868).findFirst().orElseThrow();
        // one datagram: the first fragment's 72 bytes and the second's 16 of payload (its headers counted once)
        assertThat(diameter.origPackets()).isEqualTo(1);
        assertThat(diameter.origBytes()).isEqualTo(88);
        // the chunk bytes the first fragment holds, as a fragmented TCP segment's length is
        assertThat(diameter.evidence().get(0).text()).isEqualTo("sctp [2001:db8::1]:40000 > [2001:db8::2]:3868 [INIT] len=4");
        assertThat(r.problems()).isEmpty();
    }
}
