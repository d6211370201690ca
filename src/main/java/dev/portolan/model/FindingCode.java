package dev.portolan.model;

/** The finding codes of DESIGN.md with their default severities. */
public enum FindingCode {
    EXPECTED(Severity.INFO, "listener/flow matches a catalog entry for the host's roles"),
    FALLBACK_PORT(Severity.NOTICE, "listener on a documented fallback port (primary taken)"),
    UNKNOWN_LISTENER(Severity.WARNING, "listening port that no entry of the host's roles or OS baseline explains"),
    EPHEMERAL_LISTENER(Severity.WARNING, "listener inside the host's ephemeral range that no entry names"),
    MISSING_LISTENER(Severity.ERROR, "an expected listener of the host's roles is absent"),
    DIRECTION_MISMATCH(Severity.WARNING, "a connection runs opposite to the catalog"),
    UNEXPECTED_FLOW(Severity.WARNING, "a flow that the catalog does not document"),
    NOT_OBSERVED(Severity.INFO, "an expected flow never seen in a capture/log"),
    BLOCKED_EXPECTED(Severity.ERROR, "the firewall dropped traffic the catalog expects"),
    EXPOSED_INTERNAL(Severity.ERROR, "an internal-only port bound to a non-loopback address or reached from another host"),
    INPUT_PROBLEM(Severity.WARNING, "a line/record that could not be read"),
    LOG_GAP(Severity.NOTICE, "the log or capture itself says events are missing (read fine, but incomplete)");

    private final Severity defaultSeverity;
    private final String meaning;

    FindingCode(Severity defaultSeverity, String meaning) {
        this.defaultSeverity = defaultSeverity;
        this.meaning = meaning;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    public String meaning() {
        return meaning;
    }
}
