package dev.portolan.cli;

/** portolan's exit codes (DESIGN.md): the help text lists them from here. */
public enum ExitCode {
    OK(0, "no finding at or above --fail-on"),
    FINDINGS(1, "findings at or above --fail-on (catalog lint: issues found; catalog lookup: a port no row claims)"),
    USAGE(2, "usage error, or an input/catalog that could not be read at all (the other inputs are still reported)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The worse of two codes (USAGE over FINDINGS over OK). */
    public ExitCode max(ExitCode other) {
        return other.code > code ? other : this;
    }
}
