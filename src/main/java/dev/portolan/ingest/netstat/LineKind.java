package dev.portolan.ingest.netstat;

/** What one physical line of a netstat/ss dump turned out to be; every line is exactly one of these. */
public enum LineKind {
    /** A TCP/UDP socket row kept as a listener or connection. */
    ROW,
    /** A {@code netstat -b} line under a row: {@code [svchost.exe]}, a service name, "Can not obtain ownership information". */
    ANNOTATION,
    /** A section title or column header, in any language. */
    HEADER,
    /** A shell prompt with the command, e.g. {@code C:\>netstat -ano}. */
    PROMPT,
    BLANK,
    /** A socket that is not TCP/UDP: UNIX domain, raw, ICMP, netlink, packet, vsock, kernel control ... */
    OTHER_SOCKET,
    /**
     * A row of {@code lsof} (without {@code -i}: every open file) for a file that is no TCP/UDP socket: a regular file,
     * a folder, a pipe, a device, a UNIX socket.
     */
    OTHER_FILE,
    /** A TCP/UDP socket without a local port ({@code *.*}): nothing to audit. */
    UNBOUND,
    /** A TCP socket bound to a port but neither listening nor connected (BOUND, Solaris IDLE, CLOSED): not exposed. */
    BOUND_ONLY,
    /** The rest of a row that a console copy wrapped onto the next line; read together with the line above. */
    CONTINUATION,
    /** A line inside a section we do not read (UNIX domain sockets, kernel modules, Bluetooth ...). */
    SECTION,
    /**
     * A line of another command's output collected into the same file (ipconfig, route print, netstat -r, ifconfig,
     * ip addr), told by its shape: from the first such line to the next row, title or prompt.
     */
    OTHER_OUTPUT,
    /**
     * A line of text around a pasted dump ({@link TextLines}): a sentence, a link, a list marker, a program's message,
     * {@code uname -a}'s output.
     */
    TEXT,
    /** An {@code ss -i}/{@code -m} detail line indented under its row. */
    DETAIL,
    /** A line that could not be read; reported as an input problem. */
    PROBLEM
}
