package dev.portolan.ingest.firewall;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * "YYYY-MM-DD" + "HH:MM:SS" local time to µs since the epoch. Converting through java.time costs
 * far more than a log line, so the epoch second of the last minute seen is cached: consecutive
 * lines almost always share it. Caching per minute (not per day) stays right across DST changes.
 */
final class TimeParser {
    private final ZoneId zone;
    private final byte[] minuteKey = new byte[15];
    private boolean cached;
    private long minuteEpochSecond;

    /** {@code zone} null: the wall-clock time is taken as UTC. */
    TimeParser(ZoneId zone) {
        this.zone = zone;
    }

    TimeParser copy() {
        return new TimeParser(zone);
    }

    /** µs since the epoch, or Long.MIN_VALUE when date or time is malformed. */
    long micros(byte[] b, int ds, int de, int ts, int te) {
        if (de - ds != 10 || te - ts != 8 || b[ts + 5] != ':') return Long.MIN_VALUE;
        int s1 = b[ts + 6] - '0';
        int s2 = b[ts + 7] - '0';
        if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return Long.MIN_VALUE;
        long seconds = s1 * 10L + s2;
        if (!cached || !sameMinute(b, ds, ts)) {
            if (!computeMinute(b, ds, ts)) return Long.MIN_VALUE;
        }
        return (minuteEpochSecond + seconds) * 1_000_000L;
    }

    private boolean sameMinute(byte[] b, int ds, int ts) {
        byte[] k = minuteKey;
        for (int i = 0; i < 10; i++) {
            if (k[i] != b[ds + i]) return false;
        }
        for (int i = 0; i < 5; i++) {
            if (k[10 + i] != b[ts + i]) return false;
        }
        return true;
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
        System.arraycopy(b, ds, minuteKey, 0, 10);
        System.arraycopy(b, ts, minuteKey, 10, 5);
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
