package dev.portolan.model;

/** How the originator side of a {@link Flow} is known. */
public enum Initiator {
    /** A TCP SYN without ACK was seen from the originator. */
    HANDSHAKE,
    /** A firewall log line names the sender of the connection-opening packet. */
    LOGGED,
    /** Guessed: the side on a catalog listener port, else the lower non-ephemeral port. */
    INFERRED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
