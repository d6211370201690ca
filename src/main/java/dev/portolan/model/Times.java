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
    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long EPOCH_SHIFT = 719_468;

    private Times() {
    }

    /**
     * The time, or null for Long.MIN_VALUE/MAX_VALUE (no time was read). Years 0 to 9999 are written directly (a
     * capture writes one per flow and per evidence packet); others go through java.time.
     */
    public static String isoMicros(long micros) {
        if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) return null;
        long secs = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        // civil date from a day count, counting years from March so that the leap day ends the year
        long z = days + EPOCH_SHIFT;
        long era = Math.floorDiv(z, 146_097L);
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return ISO_MICROS.format(Instant.ofEpochSecond(secs, frac * 1000L));
        }
        byte[] c = new byte[27];
        digits(c, 0, (int) year, 4);
        c[4] = (byte) '-';
        digits(c, 5, month, 2);
        c[7] = (byte) '-';
        digits(c, 8, day, 2);
        c[10] = (byte) 'T';
        digits(c, 11, sod / 3600, 2);
        c[13] = (byte) ':';
        digits(c, 14, sod / 60 % 60, 2);
        c[16] = (byte) ':';
        digits(c, 17, sod % 60, 2);
        c[19] = (byte) '.';
        digits(c, 20, frac, 6);
        c[26] = (byte) 'Z';
        return new String(c, java.nio.charset.StandardCharsets.ISO_8859_1); // bytes: no char array to compress
    }

    private static void digits(byte[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
