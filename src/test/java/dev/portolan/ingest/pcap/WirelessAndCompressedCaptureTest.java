package dev.portolan.ingest.pcap;

import dev.portolan.ingest.Compression;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.assertHandshake;
import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.handshake;
import static dev.portolan.ingest.pcap.EncapsulationCaptureTest.wrap;
import static dev.portolan.ingest.pcap.Frames.cat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FDDI, IEEE 802.11 (bare, radiotap, PPI, Prism, AVS; with and without FCS), zstd/LZ4 captures, captures of an
 * unsupported link type only, and pcap headers with a wrong version. Authored frames are built from the format
 * descriptions; the public files and their tshark counts are listed in fixtures/pcap/README.md.
 */
class WirelessAndCompressedCaptureTest {
    @TempDir
    Path dir;

    private static final byte[] SNAP_IP4 = {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0};
    private static final byte[] FCS = {1, 2, 3, 4};

    ReadResult read(byte[] file) throws IOException {
        Path p = Files.createTempFile(dir, "cap", ".pcap");
        Files.write(p, file);
        return new CaptureReader().read(Source.of(p));
    }

    static Path fixture(String name) {
        try {
            return Path.of(WirelessAndCompressedCaptureTest.class.getResource("/fixtures/pcap/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An 802.11 MAC header: frame control, flags, duration, three addresses, sequence control (+ QoS control). */
    static byte[] dot11(int fc, int flags, boolean qos) {
        ByteBuffer b = ByteBuffer.allocate(qos ? 26 : 24);
        b.put((byte) fc).put((byte) flags).putShort((short) 0).put(new byte[18]).putShort((short) 0x10);
        if (qos) b.putShort((short) 0);
        return b.array();
    }

    /** Radiotap with TSFT (8 bytes, 8-aligned) and the flags byte: 17 bytes. */
    static byte[] radiotap(int flags) {
        return ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0).put((byte) 0).putShort((short) 17)
                .putInt(0x3).putLong(123456789L).put((byte) flags).array();
    }

    @Test
    void fddiWithLlcSnap() throws IOException {
        byte[] mac = new byte[13];
        mac[0] = 0x50;
        assertHandshake(read(CaptureFiles.pcap(false, false, 10, wrap(cat(mac, SNAP_IP4), handshake()))));
        // BSD captures with 3 bytes of padding in front of the frame control
        assertHandshake(read(CaptureFiles.pcap(false, false, 10, wrap(cat(new byte[3], mac, SNAP_IP4), handshake()))));
    }

    @Test
    void ieee80211DataAndQosDataFrames() throws IOException {
        assertHandshake(read(CaptureFiles.pcap(false, false, 105, wrap(cat(dot11(0x08, 0x01, false), SNAP_IP4), handshake()))));
        // QoS data (subtype 8) from a mesh/WDS link: four addresses, QoS control
        byte[] wds = cat(dot11(0x88, 0x03, false), new byte[6], new byte[2]);
        assertHandshake(read(CaptureFiles.pcap(true, false, 105, wrap(cat(wds, SNAP_IP4), handshake()))));
    }

    @Test
    void managementEncryptedAndNullFramesAreCountedNotRead() throws IOException {
        ReadResult r = read(CaptureFiles.pcap(false, false, 105, cat(dot11(0x80, 0, false), new byte[12]),
                cat(dot11(0x08, 0x41, false), new byte[40]), dot11(0x48, 0x01, false)));
        assertThat(r.flows()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.notes()).contains("3 non-IP frames (802.11 management/control: 1, 802.11 encrypted data: 1, "
                + "802.11 null data: 1) not counted as flows");
    }

    @Test
    void radiotapFlagsTellTheFcsAndThePadding() throws IOException {
        byte[] mac = dot11(0x08, 0x01, false);
        assertHandshake(read(CaptureFiles.pcap(false, false, 127, wrap(radiotap(0), wrap(cat(mac, SNAP_IP4), handshake())))));
        byte[][] withFcs = wrap(radiotap(WirelessFrames.RADIOTAP_FCS), wrap(cat(mac, SNAP_IP4), handshake()));
        for (int i = 0; i < withFcs.length; i++) withFcs[i] = cat(withFcs[i], FCS);
        assertHandshake(read(CaptureFiles.pcap(false, false, 127, withFcs)));
        // QoS data: a 26-byte header padded to 28 when the radiotap data-pad flag is set
        byte[] padded = cat(dot11(0x88, 0x01, true), new byte[2], SNAP_IP4);
        assertHandshake(read(CaptureFiles.pcap(false, false, 127, wrap(cat(radiotap(WirelessFrames.RADIOTAP_DATA_PAD), padded), handshake()))));
    }

    @Test
    void ppiWithAn80211CommonFieldSayingFcs() throws IOException {
        // PPI header (8) + one 802.11-Common field: type 2, length 20 (TSF 8, flags 2 = FCS present, rate, channel …)
        ByteBuffer ppi = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        ppi.put((byte) 0).put((byte) 0).putShort((short) 32).putInt(105).putShort((short) 2).putShort((short) 20)
                .putLong(1L).putShort((short) 1).put(new byte[10]);
        byte[][] frames = wrap(cat(ppi.array(), dot11(0x08, 0x02, false), SNAP_IP4), handshake());
        for (int i = 0; i < frames.length; i++) frames[i] = cat(frames[i], FCS);
        assertHandshake(read(CaptureFiles.pcap(false, false, 192, frames)));
    }

    @Test
    void prismAndAvsHeaders() throws IOException {
        ByteBuffer prism = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN).putInt(0x41).putInt(144);
        byte[] mac = cat(dot11(0x08, 0x02, false), SNAP_IP4);
        assertHandshake(read(CaptureFiles.pcap(false, false, 119, wrap(cat(prism.array(), mac), handshake()))));
        ByteBuffer avs = ByteBuffer.allocate(64).putInt(0x80211001).putInt(64);
        assertHandshake(read(CaptureFiles.pcap(false, false, 163, wrap(cat(avs.array(), mac), handshake()))));
        // link type 119 files that hold AVS headers (some drivers)
        assertHandshake(read(CaptureFiles.pcap(false, false, 119, wrap(cat(avs.array(), mac), handshake()))));
    }

    @Test
    void tcpdumpsRadiotapQosHtcFrameWithDhcp() throws IOException {
        ReadResult r = new CaptureReader().read(Source.of(fixture("ieee802.11_htc.pcap")));
        assertThat(r.records()).isEqualTo(1);
        assertThat(r.flows()).hasSize(1);
        Flow f = r.flows().get(0);
        assertThat(f.describe()).isEqualTo("udp 0.0.0.0:68 -> 255.255.255.255:67");
        assertThat(f.bytes()).isEqualTo(328);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void tcpdumpsEncryptedAndManagementCapturesAreReadButHaveNoFlows() throws IOException {
        ReadResult stbc = new CaptureReader().read(Source.of(fixture("ieee802.11_rx-stbc.pcap")));
        assertThat(stbc.records()).isEqualTo(3);
        assertThat(stbc.flows()).isEmpty();
        assertThat(stbc.notes()).contains("3 non-IP frames (802.11 encrypted data: 3) not counted as flows");
        ReadResult ext = new CaptureReader().read(Source.of(fixture("ieee802.11_exthdr.pcap")));
        assertThat(ext.records()).isEqualTo(26);
        assertThat(ext.flows()).isEmpty();
        assertThat(ext.notes()).contains("26 non-IP frames (802.11 management/control: 24, 802.11 null data: 2) not counted as flows");
    }

    @Test
    void aCaptureOfOnlyAnUnsupportedLinkTypeIsUnreadable() {
        byte[] file = CaptureFiles.pcap(false, false, 147, new byte[20], new byte[20], new byte[20]);
        assertThatThrownBy(() -> read(file)).isInstanceOf(UnreadableInputException.class)
                .hasMessageEndingWith(": all 3 packets were skipped: link type 147 (3 packets) is not a link type portolan reads");
    }

    @Test
    void aPcapngWithOneUnsupportedInterfaceAmongOthersIsStillRead() throws IOException {
        byte[][] h = handshake();
        byte[] file = new CaptureFiles.Ng().section(false).iface(147, -1, 0).iface(101, -1, 0)
                .epb(0, 0, new byte[20]).epb(1, 1, h[0]).epb(1, 2, h[1]).epb(1, 3, h[2]).bytes();
        ReadResult r = read(file);
        assertThat(r.flows()).hasSize(1);
        assertThat(r.problems()).extracting(p -> p.message()).containsExactly("link type 147 is not supported: 1 packets skipped");
    }

    @Test
    void aWrongVersionInAnOtherwiseGoodHeaderIsReadWithAWarning() throws IOException {
        byte[] file = CaptureFiles.pcap(false, false, 101, handshake());
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 2).putShort(6, (short) 7);
        ReadResult r = read(file);
        assertThat(r.flows()).hasSize(1);
        assertThat(r.problems()).extracting(p -> p.message()).containsExactly("pcap file header says version 2.7 (expected 2.4);"
                + " the magic number, snap length and link type are valid, so the file was read as pcap 2.4");
        byte[] nonsense = CaptureFiles.pcap(false, false, 40000, handshake());
        ByteBuffer.wrap(nonsense).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 9);
        assertThatThrownBy(() -> read(nonsense)).isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("pcap header with version 9.4 (expected 2.4) and link type 40000");
    }

    @Test
    void zstdAndLz4CapturesAreRecognisedByContentAndReadLikeGzip() throws IOException {
        List<String> expected = null;
        for (String name : List.of("many-flows.pcap.gz", "many-flows.pcap.zst", "many-flows-linked.pcap.lz4",
                "many-flows-independent.pcap.lz4", "many-flows.pcap.xz", "many-flows.pcap.bz2", "many-flows-two-streams.pcap.bz2")) {
            Path copy = dir.resolve(name.replace(".", "-") + ".bin"); // no telling extension: content decides
            Files.copy(fixture(name), copy);
            ReadResult r = new CaptureReader().read(Source.of(copy));
            // tshark: 3000 packets, 200 TCP and 100 UDP conversations
            assertThat(r.records()).as(name).isEqualTo(3000);
            assertThat(r.flows()).as(name).hasSize(300);
            assertThat(r.flows().stream().mapToLong(Flow::packets).sum()).as(name).isEqualTo(3000);
            assertThat(r.problems()).as(name).isEmpty();
            List<String> flows = r.flows().stream().map(f -> f.describe() + " " + f.packets() + " " + f.bytes()).sorted().toList();
            if (expected == null) expected = flows;
            assertThat(flows).as(name).isEqualTo(expected);
        }
        assertThat(Compression.of(Files.readAllBytes(fixture("many-flows.pcap.zst")))).isEqualTo(Compression.ZSTD);
        assertThat(Compression.of(Files.readAllBytes(fixture("many-flows-linked.pcap.lz4")))).isEqualTo(Compression.LZ4);
        assertThat(Compression.of(Files.readAllBytes(fixture("many-flows.pcap.xz")))).isEqualTo(Compression.XZ);
        assertThat(Compression.of(Files.readAllBytes(fixture("many-flows.pcap.bz2")))).isEqualTo(Compression.BZIP2);
    }
}
