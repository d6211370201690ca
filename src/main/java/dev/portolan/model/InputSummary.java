package dev.portolan.model;

/** What one input file contributed to a host's audit: format, records read, problems. */
public record InputSummary(String file, String format, String variant, long records, long listeners,
                           long connections, long flows, long problems) {
}
