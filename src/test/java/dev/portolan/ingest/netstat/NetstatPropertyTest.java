package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.UnreadableInputException;
import dev.portolan.model.Connection;
import dev.portolan.model.InputProblem;
import dev.portolan.model.Listener;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged input never throws anything but UnreadableInputException, and every line is accounted for. */
class NetstatPropertyTest {
    private static final List<byte[]> SAMPLES = loadSamples();

    private static List<byte[]> loadSamples() {
        List<byte[]> out = new ArrayList<>();
        try {
            for (String f : new String[] {"windows/ja-cp932-ano.txt", "windows/de-cp850-ano.txt", "windows/utf16le-bom-ano.txt",
                    "windows/crcrlf-ano.txt", "windows/anob-process-lines.txt", "windows/service-names-a.txt",
                    "linux/ss-tulpn.txt", "linux/garbage-lines.txt", "windows/seed-e2-quail.txt"}) {
                out.add(Files.readAllBytes(NetstatTestSupport.fixture(f)));
            }
            for (String f : new String[] {"netstat/windows10-netstat-aonb.out", "netstat/osx-10.14.6-netstat.out",
                    "netstat/centos-7.7-netstat-sudo-aeep.out", "ss/generic-ss-wide.out", "netstat/freebsd12-netstat-Aax.out"}) {
                out.add(Files.readAllBytes(NetstatTestSupport.shared("corpus/" + f)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Property(tries = 300)
    void cutAndSplicedDumpsAreAccountedFor(@ForAll("samples") int sample, @ForAll @IntRange(min = 0, max = 100_000) int cutA,
                                           @ForAll @IntRange(min = 0, max = 100_000) int cutB,
                                           @ForAll @Size(max = 40) List<Byte> noise) throws IOException {
        byte[] src = SAMPLES.get(sample);
        int a = Math.min(cutA, src.length);
        int b = Math.min(cutB, src.length);
        // keep [0, a), insert noise, then continue from b: lines get cut in the middle and glued together
        byte[] damaged = new byte[a + noise.size() + (src.length - b)];
        System.arraycopy(src, 0, damaged, 0, a);
        for (int i = 0; i < noise.size(); i++) damaged[a + i] = noise.get(i);
        System.arraycopy(src, b, damaged, a + noise.size(), src.length - b);
        check(damaged);
    }

    /**
     * A sample the property found (2026-12-02): the XP dump cut inside a row's foreign address and followed by a tab and
     * the dump again, "TCP   quail:1027            0.0<tab>C:\¥> netstat -a", was read as a BSD row (foreign end "0",
     * port 0), which then said the file held two kinds of host.
     */
    @Test
    void aWindowsRowCutInsideItsForeignAddressIsNoBsdRow() throws IOException {
        byte[] src = SAMPLES.get(8);
        byte[] damaged = new byte[249 + 1 + src.length];
        System.arraycopy(src, 0, damaged, 0, 249);
        damaged[249] = '\t';
        System.arraycopy(src, 0, damaged, 250, src.length);
        check(damaged);
    }

    /**
     * Another (2026-12-02, in CI): the German dump cut after "UDP    0" and spliced to a line's middle, "UDP    0
     * 0.0.0.0:135    0.0.0.0:0    ABHÖREN    1004", was read as a net-tools row with one queue column, which then said
     * the file held two kinds of host.
     */
    @Test
    void aRowWithOneQueueNumberIsNoNetToolsRow() throws IOException {
        check(spliced(SAMPLES.get(1), 494, 107));
    }

    /**
     * Another (2026-12-03): the Windows 10 -anob dump cut inside a row's local address and spliced to its first row,
     * "TCP    127.0    0.0.0.0:135    0.0.0.0:0    LISTENING    1712", was read as a BSD row (local end "127.0",
     * a dotted address beside a host:port one), which then said the file held two kinds of host.
     */
    @Test
    void aWindowsRowCutInsideItsLocalAddressIsNoBsdRow() throws IOException {
        check(spliced(SAMPLES.get(9), 4120, 105));
    }

    /** A sample's first {@code keep} bytes, then its bytes from {@code from} on: a dump cut and spliced to its own middle. */
    private static byte[] spliced(byte[] src, int keep, int from) {
        byte[] damaged = new byte[keep + src.length - from];
        System.arraycopy(src, 0, damaged, 0, keep);
        System.arraycopy(src, from, damaged, keep, src.length - from);
        return damaged;
    }

    /**
     * Another (2026-12-03, in sweep-4's test runs): the Linux garbage-lines dump cut inside a row's foreign address and
     * spliced to its title, "tcp  0  0 127.0.0.1:25  0.0 Internet connections (servers and established)", was read as a
     * BSD row (foreign end "0.0", state "Internet"), which then said the file held two kinds of host.
     */
    @Test
    void aNetToolsRowCutInsideItsForeignAddressIsNoBsdRow() throws IOException {
        byte[] src = SAMPLES.get(7);
        byte[] damaged = new byte[288 + src.length - 6];
        System.arraycopy(src, 0, damaged, 0, 288);
        System.arraycopy(src, 6, damaged, 288, src.length - 6);
        check(damaged);
    }

    /**
     * Another (2026-12-03, exploring with random seeds): the ss dump cut inside its first row's state and run into 40
     * bytes of binary noise before the rest of the dump, "udp    UNCON…^U…]…!…:22    [::]:*    users:((…))", was read as
     * a Windows row (local host the noise, port 22), which then said the file held two kinds of host. Control characters
     * and such punctuation are in no host a dump prints.
     */
    @Test
    void aRowRunIntoBinaryNoiseIsNoWindowsRow() throws IOException {
        byte[] src = SAMPLES.get(6);
        byte[] noise = {-30, -108, 21, -26, 11, -12, -10, -17, -29, -18, -127, -37, -128, -52, -75, 51, 112, 109, 57, -22, -83, -8,
            93, 50, -51, 16, -66, 107, 11, -9, 33, 7, -37, -2, -64, 6, 80, 120, 15, -97};
        byte[] damaged = new byte[97 + noise.length + src.length - 833];
        System.arraycopy(src, 0, damaged, 0, 97);
        System.arraycopy(noise, 0, damaged, 97, noise.length);
        System.arraycopy(src, 833, damaged, 97 + noise.length, src.length - 833);
        check(damaged);
    }

    @Property(tries = 200)
    void randomBytesNeverCrash(@ForAll @Size(max = 3000) byte[] bytes) throws IOException {
        check(bytes);
    }

    @Provide
    Arbitrary<Integer> samples() {
        return Arbitraries.integers().between(0, SAMPLES.size() - 1);
    }

    private static void check(byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile("netstat-prop", ".txt");
        try {
            Files.write(tmp, bytes);
            long[] seen = new long[3];
            NetstatReader.Summary s;
            try {
                s = new NetstatReader().readRows(Source.of(tmp), new ObservationSink() {
                    @Override
                    public void listener(Listener listener) {
                        seen[0]++;
                        assertThat(listener.evidence().line()).isPositive();
                    }

                    @Override
                    public void connection(Connection connection) {
                        seen[1]++;
                        assertThat(connection.evidence().line()).isPositive();
                    }

                    @Override

                    public void flow(dev.portolan.model.Flow flow) {

                    }


                    @Override
                    public void problem(InputProblem problem) {
                        seen[2]++;
                        assertThat(problem.evidence().line()).isPositive();
                    }
                });
            } catch (UnreadableInputException e) {
                assertThat(e.getMessage()).contains("no netstat/ss rows found");
                return;
            }
            long total = s.lineCounts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).as("every line is a row, header, prompt, blank, skipped socket/section or problem")
                    .isEqualTo(s.lines());
            assertThat(seen[0] + seen[1]).isEqualTo(s.count(LineKind.ROW));
            assertThat(seen[2]).isEqualTo(s.count(LineKind.PROBLEM));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
