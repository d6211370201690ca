package dev.portolan.ingest.pcap;

import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.portolan.ingest.pcap.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage never throws (except {@link UnreadableInputException} when the file header itself is destroyed)
 * and never loses a flow whose packets all lie before the damage. Every fixture packet is its own flow, so
 * "flows before the damage" is simply "records before the damage".
 */
class CaptureDamagePropertiesTest {
    static final int PACKETS = 12;
    static final byte[][] FRAMES = new byte[PACKETS][];
    static final byte[] PCAP;
    static final byte[] PCAPNG;
    /** Start offsets of each packet record, plus the file end; index 0 is the end of the file header. */
    static final int[] PCAP_RECORDS = new int[PACKETS + 1];
    static final int[] NG_RECORDS = new int[PACKETS + 1];

    static {
        int a = ip4(192, 0, 2, 10), b = ip4(192, 0, 2, 20);
        for (int i = 0; i < PACKETS; i++) {
            FRAMES[i] = switch (i % 3) {
                case 0 -> eth4(tcp4(a, 40000 + i, b, 4091, SYN, 0));
                case 1 -> ethernet(0x0800, udp4(b, 50000 + i, a, 4095, i * 10), 0x8100);
                default -> ethernet(0x86dd, ipv6(v6(1), v6(2), 0, cat(ext8(17), udpHeader(30000 + i, 4096, 5))));
            };
        }
        PCAP = CaptureFiles.pcap(false, false, 1, FRAMES);
        int off = 24;
        for (int i = 0; i < PACKETS; i++) {
            PCAP_RECORDS[i] = off;
            off += 16 + FRAMES[i].length;
        }
        PCAP_RECORDS[PACKETS] = off;
        CaptureFiles.Ng ng = new CaptureFiles.Ng().section(false).iface(1, 9, 0);
        for (int i = 0; i < PACKETS; i++) {
            NG_RECORDS[i] = ng.bytes().length;
            ng.epb(0, 1_000_000_000L * (i + 1), FRAMES[i]);
        }
        PCAPNG = ng.bytes();
        NG_RECORDS[PACKETS] = PCAPNG.length;
    }

    static ReadResult read(byte[] content) throws IOException {
        Path p = Files.createTempFile("portolan-damage", ".cap");
        try {
            Files.write(p, content);
            return new CaptureReader().read(Source.of(p));
        } finally {
            Files.delete(p);
        }
    }

    /** Records that end at or before {@code offset}: their flows must survive damage at {@code offset}. */
    static int intactBefore(int[] records, int offset) {
        int n = 0;
        for (int i = 0; i < PACKETS; i++) if (records[i + 1] <= offset) n++;
        return n;
    }

    static void check(byte[] damaged, int[] records, int damageAt) throws IOException {
        ReadResult r;
        try {
            r = read(damaged);
        } catch (UnreadableInputException e) {
            assertThat(damageAt).as("unreadable although the damage is past the file header").isLessThan(records[0]);
            return;
        }
        assertThat(r.flows().size()).isGreaterThanOrEqualTo(intactBefore(records, damageAt));
    }

    @Provide
    Arbitrary<Integer> pcapOffsets() {
        return Arbitraries.integers().between(0, PCAP.length - 1);
    }

    @Provide
    Arbitrary<Integer> pcapngOffsets() {
        return Arbitraries.integers().between(0, PCAPNG.length - 1);
    }

    @Property(tries = 300)
    void truncatedPcap(@ForAll("pcapOffsets") int cut) throws IOException {
        check(Arrays.copyOf(PCAP, cut), PCAP_RECORDS, cut);
        if (cut >= 24) {
            ReadResult r = read(Arrays.copyOf(PCAP, cut));
            boolean atBoundary = Arrays.stream(PCAP_RECORDS).anyMatch(o -> o == cut);
            assertThat(r.problems().isEmpty()).isEqualTo(atBoundary);
        }
    }

    @Property(tries = 300)
    void truncatedPcapng(@ForAll("pcapngOffsets") int cut) throws IOException {
        check(Arrays.copyOf(PCAPNG, cut), NG_RECORDS, cut);
    }

    @Property(tries = 500)
    void flippedBytePcap(@ForAll("pcapOffsets") int at, @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] d = PCAP.clone();
        d[at] ^= (byte) xor;
        check(d, PCAP_RECORDS, at);
    }

    @Property(tries = 500)
    void flippedBytePcapng(@ForAll("pcapngOffsets") int at, @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] d = PCAPNG.clone();
        d[at] ^= (byte) xor;
        check(d, NG_RECORDS, at);
    }

    @Property(tries = 200)
    void undamagedFixturesGiveOneFlowPerPacket(@ForAll boolean ng) throws IOException {
        ReadResult r = read(ng ? PCAPNG : PCAP);
        assertThat(r.flows()).hasSize(PACKETS);
        assertThat(r.problems()).isEmpty();
    }
}
