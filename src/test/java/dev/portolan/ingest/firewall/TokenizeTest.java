package dev.portolan.ingest.firewall;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting a line into fields eight bytes at a time gives what splitting it byte by byte gives. */
class TokenizeTest {

    private static LineParser parser() {
        return new LineParser("t", new TimeParser(null), LayoutGuess.standard());
    }

    /** The fields, the segment end and the count of one split, as text. */
    private static String split(byte[] b, int from, boolean words) {
        LineParser p = parser();
        int n = words ? p.tokenize(b, from, b.length) : p.tokenizeBytes(b, from, b.length);
        int kept = Math.min(n, LineParser.MAX_FIELDS);
        return n + " " + p.segmentEnd + " " + starts(p, kept) + " " + ends(p, kept);
    }

    private static String starts(LineParser p, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = p.fieldStart(i);
        return Arrays.toString(a);
    }

    private static String ends(LineParser p, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = p.fieldEnd(i);
        return Arrays.toString(a);
    }

    @Property(tries = 3000)
    void wordsSplitLikeBytes(@ForAll("lines") byte[] line, @ForAll("offsets") int offset) {
        int from = Math.min(offset, line.length);
        assertThat(split(line, from, true)).isEqualTo(split(line, from, false));
    }

    @Provide
    Arbitrary<byte[]> lines() {
        // mostly text and separators, now and then a NUL, CR, tab or a byte above 0x7F; up to 300 bytes (40 fields)
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.of((byte) 'a', (byte) '1', (byte) '-', (byte) ':', (byte) '.')),
                net.jqwik.api.Tuple.of(12, Arbitraries.just((byte) ' ')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) '\t', (byte) 0x1F, (byte) 0x20, (byte) 0x21)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) 0, (byte) '\r', (byte) 0x80, (byte) 0xFF, (byte) 0xA0)));
        return bytes.array(byte[].class).ofMinSize(0).ofMaxSize(300);
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 9);
    }

    @Test
    void aLogLineSplitsIntoItsFields() {
        byte[] b = "2024-01-15 00:00:00 ALLOW UDP 192.168.0.120 26.42.202.192 58518 67 0 - - - - - - - SEND 9984"
                .getBytes(StandardCharsets.US_ASCII);
        LineParser p = parser();
        assertThat(p.tokenize(b, 0, b.length)).isEqualTo(18);
        assertThat(new String(b, p.fieldStart(4), p.fieldEnd(4) - p.fieldStart(4), StandardCharsets.US_ASCII)).isEqualTo("192.168.0.120");
        assertThat(new String(b, p.fieldStart(17), p.fieldEnd(17) - p.fieldStart(17), StandardCharsets.US_ASCII)).isEqualTo("9984");
        assertThat(p.segmentEnd).isEqualTo(b.length);
    }
}
