package dev.portolan.model;

import java.util.List;

/**
 * What one input file contributed to a host's audit: format, records read, problems, and notes about the
 * whole file (e.g. which column layout was assumed for a log without a header). {@code flowsExact} is false when
 * {@code flows} is an estimate (a big firewall log's distinct flows, counted in bounded memory).
 */
public record InputSummary(String file, String format, String variant, long records, long listeners,
                           long connections, long flows, long problems, List<String> notes, boolean flowsExact) {

    /** The variant of a file passed over unread (met in a folder, not an input; a link not followed ...). */
    public static final String PASSED_OVER = "passed over";

    /** A file that was not read (see the host's INPUT_PROBLEM notices for why). */
    public boolean passedOver() {
        return PASSED_OVER.equals(variant);
    }

    public InputSummary {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public InputSummary(String file, String format, String variant, long records, long listeners, long connections,
                        long flows, long problems, List<String> notes) {
        this(file, format, variant, records, listeners, connections, flows, problems, notes, true);
    }

    public InputSummary(String file, String format, String variant, long records, long listeners, long connections,
                        long flows, long problems) {
        this(file, format, variant, records, listeners, connections, flows, problems, List.of());
    }
}
