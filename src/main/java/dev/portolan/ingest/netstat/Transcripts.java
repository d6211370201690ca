package dev.portolan.ingest.netstat;

import dev.portolan.ingest.ObservationSink;
import dev.portolan.ingest.Source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Files of many commands' output: a SUSE supportconfig file ({@code network.txt}: {@code #==[ Command ]===#} headers,
 * each followed by {@code # /usr/bin/ss -nap} and its output), a pasted console session ({@code C:\>ipconfig /all}
 * … {@code C:\>netstat -ano} …) or a collection script's output ({@code ==== netstat -ano ====} before each command's).
 * Their socket list may start far past the first bytes detection looks at (supportconfig writes {@code ss -nap} after
 * the addresses, routes, neighbours and queues of every interface), so such a file is searched further: for a command
 * that lists sockets followed by a row that proves it.
 */
public final class Transcripts {
    private Transcripts() {
    }

    /** How far a transcript is searched for its socket list (decoded characters). */
    public static final long SEARCHED = 64L << 20;

    /**
     * A console line a pasted log or dump may come after: a shell prompt, with its command or alone, or a command that
     * shows a file written without a prompt ({@code type "C:\Windows\System32\LogFiles\Firewall\pfirewall.log"},
     * {@code cat pfirewall.log}, {@code Get-Content …}). {@code trimmed}: the line without its outer blanks.
     */
    public static boolean isCommandLine(String trimmed) {
        if (trimmed.isEmpty() || trimmed.length() > 400) return false;
        if (Vocabulary.namedCommand(trimmed) != null || Vocabulary.isPrompt(trimmed)) return true;
        String[] w = trimmed.split("\\s+", 2);
        return w.length == 2 && Vocabulary.commandListsSockets(w[0], false).isEmpty();
    }

    /**
     * True when the first bytes show a transcript: a supportconfig section header, a shell prompt naming a command, or
     * a script's title naming one ({@code ==== ipconfig /all ====}).
     */
    public static boolean looksLikeOne(byte[] head) {
        if (head == null || head.length == 0) return false;
        String text = TextDecoder.asciiMarks(head);
        if (TerminalText.looksBinary(text, text.length(), true)) return false;
        int lines = 0;
        for (int from = 0; from < text.length() && lines < 300; lines++) {
            int to = from;
            while (to < text.length() && text.charAt(to) != '\n' && text.charAt(to) != '\r') to++;
            String t = TerminalText.clean(text.substring(from, to)).strip();
            from = to + 1;
            if (t.isEmpty()) continue;
            if (Vocabulary.supportconfigTitle(t) != null) return true;
            // a script's title naming any known command, or a prompt naming one that is no file's display
            Vocabulary.NamedCommand named = t.length() < 400 ? Vocabulary.namedCommand(t) : null;
            if (named != null && (named.titled() || named.listsSockets().isPresent())) return true;
        }
        return false;
    }

    /**
     * Searches a transcript (up to {@link #SEARCHED} characters) for a command that lists sockets with at least one
     * socket row in its output. Reads the source once more from its start.
     */
    public static boolean listsSockets(Source source) throws IOException {
        try (InputStream in = source.open()) {
            TextDecoder.Opened opened = TextDecoder.open(in, NetstatReader::score);
            PhysicalLineReader lines = new PhysicalLineReader(opened.reader());
            NetstatParser output = null; // the output of a socket-listing command, read so far
            boolean underHeader = false;
            long chars = 0;
            String line;
            while ((line = lines.next()) != null && chars < SEARCHED) {
                chars += line.length() + 1;
                String t = TerminalText.clean(line).strip();
                Boolean sockets = null; // this line names a command: whether it lists sockets
                if (Vocabulary.supportconfigTitle(t) != null) {
                    underHeader = Vocabulary.supportconfigTitle(t).equalsIgnoreCase("Command");
                    output = null;
                    continue;
                }
                // a command that shows a file or filters output (cat, type, findstr) may show a dump: searched too
                if (underHeader && t.startsWith("# ")) {
                    sockets = Vocabulary.commandListsSockets(t.substring(2).strip(), false).orElse(true);
                } else if (t.length() < 400) {
                    Vocabulary.NamedCommand named = Vocabulary.namedCommand(t);
                    if (named != null) sockets = named.listsSockets().orElse(true);
                }
                if (!t.isEmpty()) underHeader = false;
                if (sockets != null) {
                    output = sockets ? new NetstatParser(source.name(), ObservationSink.IGNORE, ServiceTable.bundled()) : null;
                    continue;
                }
                if (output != null && !lines.wasCut()) {
                    output.accept(lines.lineNumber(), line);
                    if (NetstatReader.proves(output)) return true;
                }
            }
            if (output != null) {
                output.finish();
                return NetstatReader.proves(output);
            }
            return false;
        }
    }
}
