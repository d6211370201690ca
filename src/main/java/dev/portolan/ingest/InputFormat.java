package dev.portolan.ingest;

/** Input kinds portolan recognises by content. */
public enum InputFormat {
    /** Any netstat or ss text dump (Windows, Linux, macOS/BSD, BusyBox). */
    NETSTAT,
    /** Windows Firewall log (pfirewall.log). */
    FIREWALL_LOG,
    /** Classic libpcap capture (any byte order, µs or ns). */
    PCAP,
    /** pcapng capture. */
    PCAPNG,
    UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
