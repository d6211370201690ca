package dev.portolan.model;

import java.util.List;

/**
 * Where a log says it is incomplete (Windows Firewall {@code INFO-EVENTS-LOST} records), summed for one file:
 * how many such records, how many events they say were not logged (-1 when no record gave a count), the
 * logged times of the first and last of them, and a few of the lines as evidence.
 */
public record LogGap(String file, long records, long eventsLost, String firstTime, String lastTime, List<Evidence> evidence) {
    /** Lines kept as evidence per file. */
    public static final int MAX_EVIDENCE = 5;

    public LogGap {
        evidence = List.copyOf(evidence);
    }

    /** "7 events" or "an unknown number of events". */
    public String eventsText() {
        return eventsLost >= 0 ? eventsLost + " event(s)" : "an unknown number of events";
    }

    /** "at 2024-03-01 10:00:30" or "between 2024-03-01 10:00:30 and 2024-03-01 10:02:00". */
    public String timeText() {
        return firstTime.equals(lastTime) ? "at " + firstTime : "between " + firstTime + " and " + lastTime;
    }
}
