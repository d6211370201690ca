package dev.portolan.ingest.pcap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Capture timestamps are microseconds since the epoch; reports show them as ISO-8601 UTC with six decimals. */
public final class Timestamps {
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** "2024-05-01T12:00:00.000123Z", or null for Long.MIN_VALUE/MAX_VALUE (no timestamp). */
    public static String iso(long micros) {
        if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) return null;
        Instant t = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        return ISO_MICROS.format(t);
    }
}
