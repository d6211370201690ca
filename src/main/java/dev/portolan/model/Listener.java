package dev.portolan.model;

/**
 * A listening socket seen in a netstat/ss snapshot (TCP LISTEN, or a bound UDP socket).
 * {@code address} is the local bind address as text ("0.0.0.0", "::", "127.0.0.1", "*" or a
 * host name as printed); {@code pid} is -1 and {@code process} null when unknown. {@code dump} numbers the command
 * output of its file the row is in (0 for the first; a prompt or command line after rows starts the next): a row
 * shown again by a later command ({@code netstat -ano}, then {@code netstat -ano | findstr 3306}) is the same socket.
 * {@code socket} is what names the socket itself where the row shows it (lsof's DEVICE column, fstat's control-block
 * address): rows of processes that share one socket (a prefork server's workers) name the same; null elsewhere.
 */
public record Listener(Protocol proto, String address, int port, long pid, String process, Evidence evidence, int dump,
                       String socket) {

    /** A listener of a file's first (or only) command output, its row naming no socket of its own. */
    public Listener(Protocol proto, String address, int port, long pid, String process, Evidence evidence) {
        this(proto, address, port, pid, process, evidence, 0, null);
    }

    public boolean isLoopbackOnly() {
        return Addresses.isLoopback(address);
    }

    public String endpoint() {
        return Addresses.endpoint(address, port);
    }
}
