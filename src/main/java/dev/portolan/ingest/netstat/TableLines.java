package dev.portolan.ingest.netstat;

/**
 * Where the table readers inside the netstat reader — PowerShell's socket objects ({@link PowerShellObjects}), the
 * kernel's {@code /proc/net} tables ({@link ProcNetTables}) — say what each line they took was.
 */
interface TableLines {
    void row(long lineNo, String evidence, RowParser.Row row);

    void header();

    /** A value Format-List wrapped onto a line of its own. */
    void continuation();

    /** A row of a table of sockets that are no TCP/UDP (a raw, ping or UDP-Lite table). */
    void otherSocket();

    void problem(long lineNo, String text, String message);
}
