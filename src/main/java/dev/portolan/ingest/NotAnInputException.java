package dev.portolan.ingest;

/**
 * The file is not an input portolan reads at all (no sniffer recognised its content), as opposed to an input
 * that is damaged or empty: met while walking a folder, such a file is skipped with a notice rather than failing.
 */
public final class NotAnInputException extends UnreadableInputException {
    private static final long serialVersionUID = 1L;

    public NotAnInputException(String message) {
        super(message);
    }
}
