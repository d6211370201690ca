package dev.portolan.ingest.pcap;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written ISO formatter agrees with java.time on every day from year 0 to 9999 and around the edges. */
class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    static String reference(long micros) {
        return REFERENCE.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
    }

    @Test
    void knownValues() {
        assertThat(Timestamps.iso(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Timestamps.iso(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(Timestamps.iso(951_782_400_000_123L)).isEqualTo("2000-02-29T00:00:00.000123Z");
        assertThat(Timestamps.iso(Long.MIN_VALUE)).isNull();
        assertThat(Timestamps.iso(Long.MAX_VALUE)).isNull();
    }

    @Test
    void everyDayFromYearZeroToYear9999MatchesJavaTime() {
        SplittableRandom rnd = new SplittableRandom(42);
        long firstDay = -719_528, lastDay = 2_932_896; // 0000-01-01 and 9999-12-31
        for (long day = firstDay - 3; day <= lastDay + 3; day++) {
            long micros = day * 86_400_000_000L + rnd.nextLong(86_400_000_000L);
            assertThat(Timestamps.iso(micros)).isEqualTo(reference(micros));
        }
    }
}
