package dev.portolan.ingest.firewall;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * "YYYY-MM-DD" + "HH:MM:SS" local time to seconds since the epoch. Converting through java.time costs
 * far more than a log line, so the epoch second of the last minute seen is cached: consecutive
 * lines almost always share it. Caching per minute (not per day) stays right across DST changes.
 */
final class TimeParser {
    private final ZoneId zone;
    /** The cached minute's date's first eight bytes, and {@link #rest} of it: two comparisons, not fifteen. */
    private long minuteDate;
    private long minuteRest;
    private boolean cached;
    private long minuteEpochSecond;

    /** {@code zone} null: the wall-clock time is taken as UTC. */
    TimeParser(ZoneId zone) {
        this.zone = zone;
    }

    TimeParser copy() {
        return new TimeParser(zone);
    }

    /** Seconds since the epoch, or Long.MIN_VALUE when date or time is malformed. */
    long seconds(byte[] b, int ds, int de, int ts, int te) {
        if (de - ds != 10 || te - ts != 8 || b[ts + 5] != ':') return Long.MIN_VALUE;
        int s1 = b[ts + 6] - '0';
        int s2 = b[ts + 7] - '0';
        if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return Long.MIN_VALUE;
        long seconds = s1 * 10L + s2;
        if (!cached || !sameMinute(b, ds, ts)) {
            if (!computeMinute(b, ds, ts)) return Long.MIN_VALUE;
        }
        return minuteEpochSecond + seconds;
    }

    private boolean sameMinute(byte[] b, int ds, int ts) {
        return Swar.word(b, ds) == minuteDate && rest(b, ds, ts) == minuteRest;
    }

    /** The date's last two bytes and the time's first five ("HH:MM") in one value (the time is 8 bytes long). */
    private static long rest(byte[] b, int ds, int ts) {
        return (Swar.word(b, ts) & 0xFF_FFFF_FFFFL) | (b[ds + 8] & 0xFFL) << 40 | (b[ds + 9] & 0xFFL) << 48;
    }

    private boolean computeMinute(byte[] b, int ds, int ts) {
        if (b[ds + 4] != '-' || b[ds + 7] != '-' || b[ts + 2] != ':') return false;
        int year = digits(b, ds, 4);
        int month = digits(b, ds + 5, 2);
        int day = digits(b, ds + 8, 2);
        int hour = digits(b, ts, 2);
        int minute = digits(b, ts + 3, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return false;
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute);
            minuteEpochSecond = zone == null ? t.toEpochSecond(ZoneOffset.UTC) : t.atZone(zone).toEpochSecond();
        } catch (DateTimeException e) {
            cached = false;
            return false;
        }
        minuteDate = Swar.word(b, ds);
        minuteRest = rest(b, ds, ts);
        cached = true;
        return true;
    }

    private static int digits(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
