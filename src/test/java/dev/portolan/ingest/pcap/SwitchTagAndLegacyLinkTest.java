package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Flow;
import dev.portolan.model.InputProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.assertHandshake;
import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.handshake;
import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.wrap;
import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Link types of tcpdump's and libpcap's test captures that carry IP: Apple PKTAP (258, and 149 as macOS wrote it),
 * Solaris ipnet, Linux ARCNET, Marvell DSA/EDSA and Broadcom switch tags, Frame Relay, BSD/OS SLIP, IP over InfiniBand,
 * Juniper Ethernet. The public files'
 * expected flows are what {@code tcpdump -nn -q -r} prints for them (fixtures/pcap/README.md); the authored frames
 * follow the layouts described there.
 */
class SwitchTagAndLegacyLinkTest {
    @TempDir
    Path dir;

    ReadResult read(byte[] file) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcap");
        Files.write(p, file);
        return new CaptureReader().read(Source.of(p));
    }

    static ReadResult readFixture(String name) throws IOException {
        return new CaptureReader().read(Source.of(WirelessAndCompressedCaptureTest.fixture(name)));
    }

    /** "proto orig -> resp orig/resp packets" for each flow, in the reader's order. */
    static List<String> flows(ReadResult r) {
        return r.flows().stream().map(f -> f.describe() + " " + f.origPackets() + "/" + f.respPackets()).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "LINKTYPE_PKTAP.pcap | udp 10.32.4.27:63538 -> 10.32.100.15:53 1/0",
            "LINKTYPE_USER2_PKTAP.pcap | udp 10.32.4.27:63538 -> 10.32.100.15:53 1/0",
            "e1000g.pcap | icmp 129.146.106.55:0 -> 10.5.233.117:8 10/10",
            "dsa.pcap | icmp 192.168.30.1:0 -> 192.168.30.2:8 3/3",
            "edsa.pcap | icmp 192.168.20.1:0 -> 192.168.20.2:8 3/3",
            "bgp-aigp.pcap | tcp 172.16.20.5:59631 -> 172.16.20.3:179 1/0",
    })
    void publicCapturesOfOneFlow(String file, String flow) throws IOException {
        ReadResult r = readFixture(file);
        assertThat(flows(r)).containsExactly(flow);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void broadcomTagsAfterAndBeforeTheMacAddresses() throws IOException {
        ReadResult after = readFixture("brcm-tag.pcap");
        assertThat(flows(after)).containsExactlyInAnyOrder(
                "udp 0.0.0.0:68 -> 255.255.255.255:67 4/0", "icmp 192.168.1.1:0 -> 192.168.1.255:8 3/0",
                "icmp 192.168.1.1:0 -> 192.168.1.115:8 1/1", "udp 192.168.1.115:68 -> 192.168.1.1:67 1/1",
                "udp 192.168.3.23:68 -> 192.168.3.1:67 1/1", "icmp 192.168.3.1:0 -> 192.168.3.23:8 2/2");
        // tcpdump prints 17 IP packets of 23; the other 6 are STP/LLC
        assertThat(after.records()).isEqualTo(23);
        ReadResult prepended = readFixture("brcm-tag-prepend.pcap");
        assertThat(flows(prepended)).containsExactlyInAnyOrder("icmp 192.168.1.1:0 -> 192.168.1.151:8 4/4",
                "icmp 192.168.1.1:0 -> 192.168.1.255:8 3/0");
        assertThat(prepended.notes()).contains("4 non-IP frames (ARP: 4) not counted as flows");
    }

    @Test
    void linuxArcnetRfc1201() throws IOException {
        ReadResult r = readFixture("arcnet-rfc1201-arp-icmp-http.pcap");
        assertThat(flows(r)).containsExactly("icmp 10.80.131.1:0 -> 10.80.131.254:8 2/2", "udp 10.80.131.1:1024 -> 10.80.3.254:53 2/2",
                "tcp 10.80.131.1:1027 -> 146.190.240.163:80 7/7");
        assertThat(r.flows().get(2).initiator()).hasToString("HANDSHAKE");
        assertThat(r.notes()).contains("4 non-IP frames (ARP: 4) not counted as flows");
    }

    @Test
    void ipOverInfiniband() throws IOException {
        ReadResult r = readFixture("ipoib.pcap");
        // tcpdump: 6 ICMP echo requests, 15 segments to port 22, one SYN to each of ports 8 (twice), 12, 13, 14; 4 ARP
        assertThat(flows(r)).containsExactly("icmp 192.168.56.10:0 -> 192.168.56.24:8 6/0",
                "tcp 192.168.56.10:34170 -> 192.168.56.24:22 15/0", "tcp 192.168.56.10:52289 -> 192.168.56.24:8 1/0",
                "tcp 192.168.56.10:56684 -> 192.168.56.24:8 1/0", "tcp 192.168.56.10:54877 -> 192.168.56.24:13 1/0",
                "tcp 192.168.56.10:43822 -> 192.168.56.24:12 1/0", "tcp 192.168.56.10:51201 -> 192.168.56.24:14 1/0");
        assertThat(r.notes()).contains("4 non-IP frames (ARP: 4) not counted as flows");
    }

    @Test
    void juniperEthernetWithExtensionsAndWithoutLayer2() throws IOException {
        byte[][] h = handshake();
        // "MGC", flags 0x80 (extensions: 2-byte length 4, then a TLV of 2 bytes' value), then an Ethernet frame
        byte[] ext = {'M', 'G', 'C', (byte) 0x81, 0, 4, 1, 2, 0, 0};
        assertHandshake(read(CaptureFiles.pcap(false, false, 178, eth(ext, h))));
        // flags 0x02: the layer-2 header stripped, 4 bytes, then IP
        assertHandshake(read(CaptureFiles.pcap(false, false, 178, wrap(new byte[] {'M', 'G', 'C', 2, 0, 0, 0, 0}, h))));
        ReadResult noMagic = read(CaptureFiles.pcap(false, false, 178, cat(new byte[] {'X', 'G', 'C', 0}, eth4(h[0]))));
        assertThat(noMagic.notes()).contains("1 non-IP frames (Juniper header without its MGC magic: 1) not counted as flows");
    }

    static byte[][] eth(byte[] header, byte[][] ips) {
        byte[][] out = new byte[ips.length][];
        for (int i = 0; i < ips.length; i++) out[i] = cat(header, eth4(ips[i]));
        return out;
    }

    @Test
    void frameRelayWithIpv6() throws IOException {
        ReadResult r = readFixture("OSPFv3_multipoint_adjacencies.pcap");
        // tcpdump: 73 OSPFv3 packets over IPv6 in 7 directions, 5 conversations
        assertThat(r.flows()).hasSize(5);
        assertThat(r.flows().stream().mapToLong(Flow::packets).sum()).isEqualTo(73);
        assertThat(flows(r)).contains("other [fe80::3]:0 -> [fe80::1]:0 17/14", "other [fe80::3]:0 -> [fe80::2]:0 14/12");
    }

    @Test
    void frameRelayEncapsulations() throws IOException {
        byte[][] h = handshake();
        // two-byte Q.922 address (DLCI 16, low bit of the second byte set), then each encapsulation of RFC 2427 and Cisco's
        byte[] q922 = {0x04, 0x01};
        assertHandshake(read(CaptureFiles.pcap(false, false, 107, wrap(cat(q922, new byte[] {3, (byte) 0xcc}), h))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 107,
                wrap(cat(q922, new byte[] {3, (byte) 0x80, 0, 0, 0, 8, 0}), h))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 107, wrap(cat(q922, new byte[] {8, 0}), h))));
        // a three-byte address is followed by a pad byte before the NLPID
        assertHandshake(read(CaptureFiles.pcap(false, false, 107,
                wrap(new byte[] {0x04, 0x00, 0x01, 3, 0, (byte) 0xcc}, h))));
        ReadResult q933 = read(CaptureFiles.pcap(false, false, 107, cat(new byte[] {0, 1, 3, 8}, new byte[12])));
        assertThat(q933.flows()).isEmpty();
        assertThat(q933.notes()).contains("1 non-IP frames (Frame Relay NLPID 0x08: 1) not counted as flows");
    }

    @Test
    void slipIpnetAndSwitchTagsAuthored() throws IOException {
        byte[][] h = handshake();
        assertHandshake(read(CaptureFiles.pcap(false, false, 8, wrap(new byte[16], h))));
        byte[] ipnet = new byte[24];
        ipnet[0] = 1;
        ipnet[1] = 2;
        assertHandshake(read(CaptureFiles.pcap(true, false, 226, wrap(ipnet, h))));
        byte[] macs = new byte[12];
        assertHandshake(read(CaptureFiles.pcap(false, false, 284, wrap(cat(macs, new byte[] {0x40, 0, 0, 0, 8, 0}), h))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 285,
                wrap(cat(macs, new byte[] {(byte) 0xda, (byte) 0xda, 0, 0, 0x40, 0, 0, 0, 8, 0}), h))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 282, wrap(cat(new byte[4], macs, new byte[] {8, 0}), h))));
    }

    /** A PKTAP header of 108 bytes: length, record type, inner link type, then zeros (interface, process ...). */
    static byte[] pktap(int record, int inner) {
        return ByteBuffer.allocate(108).order(ByteOrder.LITTLE_ENDIAN).putInt(108).putInt(record).putInt(inner).array();
    }

    @Test
    void pktapRecordsAndLinkType149ThatIsNotPktap() throws IOException {
        byte[][] h = handshake();
        // macOS writes its PKTAP header little-endian even in a big-endian file
        assertHandshake(read(CaptureFiles.pcap(true, false, 258, wrap(pktap(1, 1), new byte[][] {eth4(h[0]), eth4(h[1]), eth4(h[2])}))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 149, wrap(pktap(1, 12), h))));
        ReadResult none = read(CaptureFiles.pcap(false, false, 258, pktap(0, 1)));
        assertThat(none.notes()).contains("1 non-IP frames (PKTAP record without packet: 1) not counted as flows");
        // 149 is a private-use link type: without a PKTAP header in front it stays unread, and says so
        assertThatThrownBy(() -> read(CaptureFiles.pcap(false, false, 149, cat(new byte[108], h[0]), h[1])))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageEndingWith("all 2 packets were skipped: link type 149 (2 packets) is not a link type portolan reads");
        // beside PKTAP packets, the others are counted as a problem
        ReadResult mixed = read(CaptureFiles.pcap(false, false, 149, cat(pktap(1, 12), h[0]), cat(pktap(1, 12), h[1]),
                cat(pktap(1, 12), h[2]), cat(new byte[108], h[0])));
        assertThat(mixed.flows()).hasSize(1);
        assertThat(mixed.problems()).extracting(InputProblem::message)
                .containsExactly("link type 149 is not supported: 1 packets skipped");
    }

    @Test
    void thePcap4jReaderNamesTheLinkTypesItLeavesToTheDefaultOne() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Pcap4jCaptureReader.isAvailable(), "libpcap not available");
        ReadResult r = new Pcap4jCaptureReader().read(Source.of(WirelessAndCompressedCaptureTest.fixture("LINKTYPE_PKTAP.pcap")));
        assertThat(r.flows()).isEmpty();
        assertThat(r.problems()).extracting(InputProblem::message).containsExactly(
                "the pcap4j reader does not decode PKTAP (link type 258): 1 packets skipped (the default reader decodes them)");
    }

    @Test
    void arcnetLaterFragmentsAndOldIp() throws IOException {
        byte[][] h = handshake();
        // RFC 1051 (type 240): a 5-byte header; RFC 1201 (type 212): 8 bytes, split flag 0
        assertHandshake(read(CaptureFiles.pcap(false, false, 129, wrap(new byte[] {1, 2, 0, 0, (byte) 240}, h))));
        assertHandshake(read(CaptureFiles.pcap(false, false, 129, wrap(new byte[] {1, 2, 0, 0, (byte) 212, 0, 0, 1}, h))));
        ReadResult later = read(CaptureFiles.pcap(false, false, 129, cat(new byte[] {1, 2, 0, 0, (byte) 212, 2, 0, 1}, new byte[40])));
        assertThat(later.flows()).isEmpty();
        assertThat(later.notes()).contains("1 non-IP frames (ARCNET later fragment: 1) not counted as flows");
    }

    @Test
    void reservedBitsOfTheLinkTypeFieldAreReadPastAndSaid() throws IOException {
        // libpcap's linktype-reserved-field-not-zero.pcap has 0x00300000 there; FCS bits (28-31) are no problem
        ReadResult r = read(CaptureFiles.pcap(false, false, 0x00300001, eth4(handshake()[0])));
        assertThat(r.flows()).hasSize(1);
        assertThat(r.problems()).extracting(InputProblem::message).containsExactly("pcap file header's link-type field"
                + " 0x00300001 has reserved bits set (expected 0); read as link type 1");
        assertThat(read(CaptureFiles.pcap(false, false, 0x30000001, eth4(handshake()[0]))).problems()).isEmpty();
    }

    @Test
    void pcapngSectionWithAnotherVersionIsReadAndSaysSo() throws IOException {
        CaptureFiles.Ng ng = new CaptureFiles.Ng();
        byte[] shb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1A2B3C4D).putShort((short) 0)
                .putShort((short) 1).putLong(-1).array();
        ng.block(0x0A0D0D0A, shb).iface(1, -1, 0);
        for (byte[] ip : handshake()) ng.epb(0, 1_000_000, eth4(ip));
        Path p = Files.createTempFile(dir, "cap", ".pcapng");
        Files.write(p, ng.bytes());
        ReadResult r = new CaptureReader().read(Source.of(p));
        assertThat(r.flows()).hasSize(1);
        assertThat(r.problems()).extracting(InputProblem::message).containsExactly(
                "pcapng section 1 header says version 0.1 (expected 1.0); its byte-order magic and block lengths are valid,"
                        + " so it was read as pcapng 1.0");
    }
}
