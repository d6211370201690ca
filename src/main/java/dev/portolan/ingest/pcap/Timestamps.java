package dev.portolan.ingest.pcap;

/** Capture timestamps are microseconds since the epoch; reports show them as ISO-8601 UTC with six decimals. */
public final class Timestamps {
    private Timestamps() {
    }

    /** "2024-05-01T12:00:00.000123Z", or null for Long.MIN_VALUE/MAX_VALUE (no timestamp); see {@link dev.portolan.model.Times}. */
    public static String iso(long micros) {
        return dev.portolan.model.Times.isoMicros(micros);
    }
}
