package dev.portolan.ingest.firewall;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanners' bit tricks against their plain definitions. */
class SwarTest {

    /** The mask whose byte j has its high bit set exactly when bit j of {@code bits} is set. */
    private static long flags(int bits) {
        long m = 0;
        for (int j = 0; j < 8; j++) if ((bits & (1 << j)) != 0) m |= 0x80L << (8 * j);
        return m;
    }

    @Test
    void theLowestFlaggedByteAndTheCountOfFlagsOfEveryMask() {
        for (int bits = 0; bits < 256; bits++) {
            long m = flags(bits);
            assertThat(Swar.countFlagged(m)).as("mask %02x", bits).isEqualTo(Integer.bitCount(bits));
            if (bits != 0) assertThat(Swar.lowestFlagged(m)).as("mask %02x", bits).isEqualTo(Integer.numberOfTrailingZeros(bits));
        }
    }

    @Test
    void theFirstNewlineIsFoundAtEveryOffset() {
        byte[] b = "0123456789abcdef0123456789\nabcdef\n\n".getBytes(StandardCharsets.US_ASCII);
        for (int from = 0; from <= b.length; from++) {
            int expected = -1;
            for (int i = from; i < b.length; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(Swar.indexOfNewline(b, from, b.length)).as("from %d", from).isEqualTo(expected);
        }
    }
}
