package dev.portolan.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one time format of every report and flow table: ISO-8601 UTC with six decimals,
 * "2024-05-01T12:00:00.000123Z". Observation times are microseconds since the epoch; firewall log times are the
 * logged local wall-clock times stored as if UTC unless a time zone was given.
 */
public final class Times {
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** The time, or null for Long.MIN_VALUE/MAX_VALUE (no time was read). */
    public static String isoMicros(long micros) {
        if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) return null;
        return ISO_MICROS.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
    }
}
