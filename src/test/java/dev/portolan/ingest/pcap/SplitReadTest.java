package dev.portolan.ingest.pcap;

import dev.portolan.ingest.FileReading;
import dev.portolan.ingest.InputFormat;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a capture in two halves on two threads ({@link SplitRead}) gives exactly what reading it on one gives —
 * every flow with its counts, times, flags and evidence packet numbers, every problem and note — whether the halves
 * are joined or the first thread has to read on by itself: on the corpus, the sample capture, seeded captures with
 * and without IP fragments, a conversation spanning the middle, and records damaged near the middle.
 */
class SplitReadTest {
    @TempDir
    Path dir;

    /** The one-thread read (no split, no prefetch). */
    private static String oneThread(Path f) throws IOException {
        return PrefetchReadTest.text(new CaptureReader(null, Long.MAX_VALUE, InputWindow.CHUNK, InputWindow.RESERVE,
                Long.MAX_VALUE).read(Source.of(f)));
    }

    /** Through the reader with splitting from 0 bytes on; the same text as {@link #oneThread} is expected. */
    private static String splitThroughReader(Path f) throws IOException {
        return PrefetchReadTest.text(new CaptureReader(null, Long.MAX_VALUE, InputWindow.CHUNK, InputWindow.RESERVE, 0)
                .read(Source.of(f)));
    }

    /** Whether the halves were joined, read directly. */
    private static boolean joined(Path f) throws IOException {
        Source src = Source.of(f);
        boolean ng = Files.readAllBytes(f)[0] == 0x0A;
        ReadResult.Collector c = new ReadResult.Collector();
        FileReading result = new FileReading(src, ng ? InputFormat.PCAPNG : InputFormat.PCAP, c);
        FlowTable table = new FlowTable(src.name(), null);
        return SplitRead.read(src, ng, table, new PacketDecoder(table, result), result, null).joined();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void twoHalvesReadExactlyWhatOneThreadReads() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(CorpusCaptureTest.CORPUS)) {
            s.sorted().filter(p -> !p.toString().endsWith(".gz")).forEach(files::add);
        }
        files.add(Path.of("samples", "deliverymanager-capture", "deliverymanager.pcap"));
        // tunnels: the second half's count of tunnelled packets joins the first's note
        files.add(WirelessAndCompressedCaptureTest.fixture("tunnels.pcapng"));
        files.add(WirelessAndCompressedCaptureTest.fixture("vxlan-linux-netns.pcap"));
        for (long seed = 1; seed <= 3; seed++) {
            for (boolean fragments : new boolean[] {true, false}) {
                byte[] ng = RandomCaptures.pcapng(seed, 150, fragments), classic = RandomCaptures.pcap(seed, 150, fragments);
                String name = "r" + seed + (fragments ? "-frag" : "");
                files.add(write(name + ".pcapng", ng));
                files.add(write(name + ".pcap", classic));
                files.add(write(name + "-cut.pcap", Arrays.copyOf(classic, classic.length * 2 / 3)));
                files.add(write(name + "-cut.pcapng", Arrays.copyOf(ng, ng.length / 2 + 7)));
            }
        }
        int joinedFiles = 0;
        for (Path f : files) {
            String one = oneThread(f);
            assertThat(splitThroughReader(f)).as(f.toString()).isEqualTo(one);
            if (joined(f)) joinedFiles++;
        }
        // the fragment-free seeded captures, whole or cut after the middle, are joined; a test of the fallback alone
        // would pass without this
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(joined(dir.resolve("r" + seed + ".pcap"))).isTrue();
            assertThat(joined(dir.resolve("r" + seed + ".pcapng"))).isTrue();
            assertThat(joined(dir.resolve("r" + seed + "-cut.pcap"))).as("a cut last record is a problem").isFalse();
        }
        assertThat(joinedFiles).isGreaterThanOrEqualTo(6);
        assertThat(joined(WirelessAndCompressedCaptureTest.fixture("vxlan-linux-netns.pcap"))).isTrue();
    }

    @Test
    void aConversationSpanningTheMiddleIsOneFlowWithItsFirstPacketNumbersAndAllItsPackets() throws IOException {
        int a = ip4(10, 0, 0, 1), b = ip4(10, 0, 0, 2), c = ip4(10, 0, 0, 3);
        List<byte[]> frames = new ArrayList<>();
        frames.add(eth4(tcp4(a, 50000, b, 443, SYN, 0)));
        frames.add(eth4(tcp4(b, 443, a, 50000, SYN | ACK, 0)));
        for (int i = 0; i < 300; i++) {
            frames.add(eth4(tcp4(a, 50000, b, 443, PSH | ACK, 100)));
            frames.add(eth4(udp4(c, 40000 + i % 7, b, 53, 40)));
        }
        frames.add(eth4(tcp4(b, 443, a, 50000, FIN | ACK, 0)));
        for (boolean ng : new boolean[] {false, true}) {
            byte[] bytes;
            if (ng) {
                CaptureFiles.Ng n = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
                long t = 1_700_000_000_000_000L;
                for (byte[] f : frames) n.epb(0, t += 1000, f);
                bytes = n.bytes();
            } else {
                bytes = CaptureFiles.pcap(false, false, 1, frames.toArray(new byte[0][]));
            }
            Path f = write(ng ? "span.pcapng" : "span.pcap", bytes);
            assertThat(joined(f)).isTrue();
            assertThat(splitThroughReader(f)).isEqualTo(oneThread(f));
            ReadResult r = new CaptureReader(null, Long.MAX_VALUE, InputWindow.CHUNK, InputWindow.RESERVE, 0).read(Source.of(f));
            assertThat(r.records()).isEqualTo(603);
            Flow tcp = r.flows().get(0);
            assertThat(tcp.describe()).isEqualTo("tcp 10.0.0.1:50000 -> 10.0.0.2:443");
            assertThat(tcp.initiator()).isEqualTo(dev.portolan.model.Initiator.HANDSHAKE);
            assertThat(tcp.origPackets()).isEqualTo(301);
            assertThat(tcp.respPackets()).isEqualTo(2);
            assertThat(tcp.evidence()).extracting(e -> e.packet()).containsExactly(1L, 2L, 3L, 5L, 7L);
            // the UDP flows' last packets are in the second half: 300 packets over 7 flows, none counted twice
            assertThat(r.flows()).hasSize(8);
            assertThat(r.flows().stream().skip(1).mapToLong(Flow::packets).sum()).isEqualTo(300);
        }
    }

    @Test
    void recordsDamagedNearTheMiddleGiveTheOneThreadReadsProblemAndFlows() throws IOException {
        byte[] classic = RandomCaptures.pcap(5, 200, false);
        List<Integer> records = new ArrayList<>();
        for (int p = 24; p < classic.length; p += 16 + le32(classic, p + 8)) records.add(p);
        int mid = 24 + (classic.length - 24) / 2;
        int at = 0;
        while (records.get(at) < mid) at++;
        int[][] damages = {
            {records.get(at), 8},      // the first record at the middle: an impossible captured length
            {records.get(at + 3), 8},  // a few records on: the chain from the middle breaks there
            {records.get(at - 1), 8},  // the last record before the middle
            {records.get(at + 2), 4},  // an impossible fraction of a second: decoded all the same, never a boundary
        };
        for (int[] d : damages) {
            byte[] bad = classic.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(d[0] + d[1], d[1] == 8 ? 0x7fff_fff0 : 2_000_000);
            Path f = write("bad-" + d[0] + "-" + d[1] + ".pcap", bad);
            String one = oneThread(f);
            assertThat(splitThroughReader(f)).as("damage at %d+%d", d[0], d[1]).isEqualTo(one);
            if (d[1] == 8) {
                assertThat(one).contains("capture damaged or truncated at byte offset " + d[0]);
                assertThat(joined(f)).isFalse();
            } else {
                assertThat(joined(f)).isTrue();
            }
        }
        byte[] ng = RandomCaptures.pcapng(5, 200, false);
        List<Integer> blocks = new ArrayList<>();
        for (int p = 0; p < ng.length; p += le32(ng, p + 4)) blocks.add(p);
        int ngMid = ng.length / 2;
        int b = 0;
        while (blocks.get(b) < ngMid) b++;
        for (int which : new int[] {b - 1, b, b + 2}) {
            byte[] bad = ng.clone();
            int p = blocks.get(which);
            int len = le32(ng, p + 4);
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(p + len - 4, len + 4); // trailing length differs
            Path f = write("bad-" + which + ".pcapng", bad);
            String one = oneThread(f);
            assertThat(one).contains("capture damaged at byte offset " + p);
            assertThat(splitThroughReader(f)).isEqualTo(one);
        }
    }

    @Test
    void aSecondSectionAfterTheMiddleIsJoinedWhenItsInterfacesAreTheSameAndReadOnOtherwise() throws IOException {
        byte[] frame = eth4(udp4(ip4(10, 0, 0, 1), 5000, ip4(10, 0, 0, 2), 53, 30));
        for (int variant = 0; variant < 3; variant++) {
            CaptureFiles.Ng n = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 200; i++) n.epb(0, t += 1000, frame);
            switch (variant) {
                case 0 -> n.section(false).iface(1, -1, 0);  // the same interfaces again
                case 1 -> n.section(false).iface(1, 9, 0);   // nanosecond times now
                default -> n.section(true).iface(1, -1, 0);  // big-endian now
            }
            for (int i = 0; i < 400; i++) n.epb(0, t += 1000, frame);
            Path f = write("sections-" + variant + ".pcapng", n.bytes());
            String one = oneThread(f);
            assertThat(one).contains("2 pcapng sections");
            assertThat(splitThroughReader(f)).isEqualTo(one);
            assertThat(joined(f)).as("variant %d", variant).isEqualTo(variant == 0);
        }
    }

    /** An interface statistics block for interface 0: isb_ifdrop and isb_osdrop (8 bytes each; negative: absent). */
    static void isb(CaptureFiles.Ng n, boolean bigEndian, long ifdrop, long osdrop) {
        ByteBuffer body = ByteBuffer.allocate(12 + 12 + 12 + 4).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        body.putInt(0).putInt(0).putInt(0);
        if (ifdrop >= 0) body.putShort((short) 5).putShort((short) 8).putLong(ifdrop);
        if (osdrop >= 0) body.putShort((short) 7).putShort((short) 8).putLong(osdrop);
        body.putShort((short) 0).putShort((short) 0);
        n.block(5, Arrays.copyOf(body.array(), body.position()));
    }

    @Test
    void packetsTheCaptureSaysItLostAreNotedOncePerInterfaceWhereverTheHalvesMeet() throws IOException {
        byte[] frame = eth4(udp4(ip4(10, 0, 0, 1), 5000, ip4(10, 0, 0, 2), 53, 30));
        long t = 1_700_000_000_000_000L;
        // statistics count from the start of the capture: an early block's 3 are in the last one's 10 + 2
        CaptureFiles.Ng one = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        for (int i = 0; i < 100; i++) one.epb(0, t += 1000, frame);
        isb(one, false, 3, -1);
        for (int i = 0; i < 300; i++) one.epb(0, t += 1000, frame);
        isb(one, false, 10, 2);
        Path f = write("isb.pcapng", one.bytes());
        String text = oneThread(f);
        assertThat(text).contains("the capture lost 12 packets by its own statistics (isb_ifdrop + isb_osdrop of 1 interface):"
                + " flows may be missing or counted short");
        assertThat(splitThroughReader(f)).isEqualTo(text);
        assertThat(joined(f)).isTrue();
        // two sections (the second big-endian, after the middle): each section's last statistics, added up
        CaptureFiles.Ng two = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        for (int i = 0; i < 100; i++) two.epb(0, t += 1000, frame);
        isb(two, false, 4, 0);
        two.section(true).iface(1, -1, 0);
        for (int i = 0; i < 300; i++) two.epb(0, t += 1000, frame);
        isb(two, true, 0, 5);
        Path g = write("isb-two.pcapng", two.bytes());
        String both = oneThread(g);
        assertThat(both).contains("the capture lost 9 packets by its own statistics (isb_ifdrop + isb_osdrop of 2 interfaces)");
        assertThat(splitThroughReader(g)).isEqualTo(both);
        // statistics without losses say nothing
        CaptureFiles.Ng none = new CaptureFiles.Ng().section(false).iface(1, -1, 0);
        for (int i = 0; i < 20; i++) none.epb(0, t += 1000, frame);
        isb(none, false, 0, 0);
        assertThat(oneThread(write("isb-none.pcapng", none.bytes()))).doesNotContain("lost");
    }

    private static int le32(byte[] b, int p) {
        return ByteBuffer.wrap(b, p, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
