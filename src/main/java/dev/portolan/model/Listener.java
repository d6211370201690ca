package dev.portolan.model;

/**
 * A listening socket seen in a netstat/ss snapshot (TCP LISTEN, or a bound UDP socket).
 * {@code address} is the local bind address as text ("0.0.0.0", "::", "127.0.0.1", "*" or a
 * host name as printed); {@code pid} is -1 and {@code process} null when unknown.
 */
public record Listener(Protocol proto, String address, int port, long pid, String process, Evidence evidence) {

    public boolean isLoopbackOnly() {
        return Addresses.isLoopback(address);
    }

    public String endpoint() {
        return Addresses.endpoint(address, port);
    }
}
