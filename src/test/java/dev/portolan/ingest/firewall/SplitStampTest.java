package dev.portolan.ingest.firewall;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first two fields of a line as the recent-tails look-up splits them: the two-word test for the usual date and time
 * agrees with the byte loop, and both with {@link LineParser#tokenize} wherever they split a line.
 */
class SplitStampTest {

    private static String split(byte[] b, int start, int end, boolean fast) {
        int[] edges = new int[4];
        int tail = fast ? LineParser.splitStamp(b, start, end, edges) : LineParser.splitStampBytes(b, start, end, edges);
        return tail < 0 ? "none" : tail + " " + Arrays.toString(edges);
    }

    @Property(tries = 4000)
    void theUsualStampTestSplitsLikeTheBytes(@ForAll("lines") byte[] line, @ForAll("cuts") int cut) {
        int end = Math.max(0, line.length - cut);
        assertThat(split(line, 0, end, true)).isEqualTo(split(line, 0, end, false));
    }

    @Property(tries = 4000)
    void aSplitLineHasTheFieldsTokenizeFinds(@ForAll("lines") byte[] line) {
        int[] edges = new int[4];
        int tail = LineParser.splitStamp(line, 0, line.length, edges);
        if (tail < 0) return;
        LineParser p = new LineParser("t", new TimeParser(null), LayoutGuess.standard());
        int n = p.tokenize(line, 0, line.length);
        assertThat(n).isGreaterThanOrEqualTo(3);
        assertThat(new int[] {p.fieldStart(0), p.fieldEnd(0), p.fieldStart(1), p.fieldEnd(1), p.fieldStart(2)})
                .containsExactly(edges[0], edges[1], edges[2], edges[3], tail);
    }

    @Test
    void theUsualStampIsSplitByWordsAndOthersByBytes() {
        byte[] usual = "2024-01-15 10:00:00 ALLOW TCP 10.0.0.1 8.8.8.8 5 443 0 - - - - - - - SEND".getBytes(StandardCharsets.US_ASCII);
        assertThat(split(usual, 0, usual.length, true)).isEqualTo("20 [0, 10, 11, 19]");
        byte[] tab = "2024-01-15\t10:00:00  ALLOW TCP 10.0.0.1 8.8.8.8 5 443 0 - - - - - - - SEND".getBytes(StandardCharsets.US_ASCII);
        assertThat(split(tab, 0, tab.length, true)).isEqualTo("21 [0, 10, 11, 19]");
        for (String no : new String[] {"#Fields: date time action", "\u00EF\u00BB\u00BF2024-01-15 10:00:00 ALLOW", " 2024-01-15 10:00:00 ALLOW",
                "2024-01-15 10:00:00", "2024-01-15 10:00:00 ", "2024-01-15\r10:00:00 ALLOW", "2024-01-15 10:00:00\u0000ALLOW"}) {
            byte[] b = no.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(split(b, 0, b.length, true)).as(no).isEqualTo("none");
        }
    }

    @Provide
    Arbitrary<byte[]> lines() {
        // mostly the usual stamp with a byte or two changed, else stamp-like text with separators anywhere
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.of((byte) '2', (byte) '0', (byte) '-', (byte) ':', (byte) 'A')),
                Tuple.of(12, Arbitraries.just((byte) ' ')),
                Tuple.of(3, Arbitraries.of((byte) '\t', (byte) 0x1F, (byte) 0x21, (byte) '#')),
                Tuple.of(1, Arbitraries.of((byte) 0, (byte) '\r', (byte) 0x80, (byte) 0xEF, (byte) 0xA0)));
        Arbitrary<byte[]> any = bytes.array(byte[].class).ofMinSize(0).ofMaxSize(40);
        byte[] usual = "2024-01-15 10:00:00 ALLOW TCP".getBytes(StandardCharsets.US_ASCII);
        Arbitrary<byte[]> changed = Arbitraries.integers().between(0, usual.length - 1).list().ofMaxSize(2)
                .flatMap(at -> bytes.list().ofSize(at.size()).map(with -> {
                    byte[] b = usual.clone();
                    for (int i = 0; i < at.size(); i++) b[at.get(i)] = with.get(i);
                    return b;
                }));
        return Arbitraries.frequencyOf(Tuple.of(2, changed), Tuple.of(1, any));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 12)));
    }
}
