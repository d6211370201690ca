package dev.portolan.ingest;

/**
 * The file is not an input portolan reads at all (no sniffer recognised its content), as opposed to an input
 * that is damaged or empty: met while walking a folder, such a file is skipped with a notice rather than failing.
 * {@link #reason()} says what it is without naming it, so that the files a folder holds for one reason (a support
 * bundle's configuration files, say) make one notice.
 */
public final class NotAnInputException extends UnreadableInputException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /** {@code file}: the input's name; {@code reason}: "not a recognised input (…)", without the name. */
    public NotAnInputException(String file, String reason) {
        super(file + ": " + reason);
        this.reason = reason;
    }

    /** Why it is no input, without the file's name. */
    public String reason() {
        return reason;
    }
}
