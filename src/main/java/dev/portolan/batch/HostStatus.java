package dev.portolan.batch;

import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.util.Locale;

/** The verdict on one host of a fleet, for counting hosts and choosing the exit code. */
public enum HostStatus {
    /** No finding at or above the fail-on threshold. */
    PASS,
    /** A finding at or above the fail-on threshold. */
    FAIL,
    /** One of its inputs could not be read at all (exit code 2 for the fleet). */
    UNREADABLE;

    /** {@code failOn} null means no finding ever fails the host. */
    public static HostStatus of(HostReport report, Severity failOn, boolean anyUnreadable) {
        if (anyUnreadable) return UNREADABLE;
        Severity worst = report.worst();
        return failOn != null && worst != null && worst.atLeast(failOn) ? FAIL : PASS;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HostStatus parse(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
