package dev.portolan.model;

import java.util.List;

/**
 * Where an input says it is incomplete, summed for one file. A firewall log's {@code INFO-EVENTS-LOST} records: how
 * many such records, how many events they say were not logged (-1 when no record gave a count), the logged times of
 * the first and last of them, and a few of the lines as evidence. A capture's interface statistics: how many
 * interfaces lost packets ({@code records}) and how many packets ({@code eventsLost}); no times.
 */
public record LogGap(String file, long records, long eventsLost, String firstTime, String lastTime, List<Evidence> evidence,
                     Kind kind) {
    /** Lines kept as evidence per file. */
    public static final int MAX_EVIDENCE = 5;

    /** What said so. */
    public enum Kind {
        FIREWALL_LOG, CAPTURE
    }

    public LogGap {
        evidence = List.copyOf(evidence);
    }

    /** A firewall log's gap. */
    public LogGap(String file, long records, long eventsLost, String firstTime, String lastTime, List<Evidence> evidence) {
        this(file, records, eventsLost, firstTime, lastTime, evidence, Kind.FIREWALL_LOG);
    }

    /** A capture's packets lost by its own statistics, on {@code interfaces} interfaces. */
    public static LogGap capture(String file, long interfaces, long packets) {
        return new LogGap(file, interfaces, packets, "", "", List.of(Evidence.ofFile(file, "")), Kind.CAPTURE);
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
