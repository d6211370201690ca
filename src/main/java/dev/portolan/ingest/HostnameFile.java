package dev.portolan.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file that only holds the host's name, as support bundles carry one: {@code hostname} (sos report's
 * {@code sos_commands/host/hostname}, {@code etc/hostname}), {@code HOSTNAME} (SUSE), {@code hostname.txt} (a
 * collection script's {@code hostname > hostname.txt}, UTF-16 from PowerShell too). No input, but met in a folder or an
 * archive it names the host the way a dump that says {@code quail:135} does.
 */
public final class HostnameFile {
    private HostnameFile() {
    }

    /** A host name: DNS labels (letters, digits, hyphens; underscores as Windows allows them), dots between. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}))*");

    /** The name the file holds, when it is called so and holds one name and nothing else. */
    public static Optional<String> name(Source source) throws IOException {
        String n = source.name();
        String file = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1).toLowerCase(Locale.ROOT);
        if (!file.equals("hostname") && !file.equals("hostname.txt")) return Optional.empty();
        byte[] head = source.head(512);
        if (head.length == 0 || head.length >= 512) return Optional.empty();
        StringBuilder text = new StringBuilder();
        for (char c : new String(head, StandardCharsets.ISO_8859_1).toCharArray()) {
            if (c != 0 && c != '\u00ff' && c != '\u00fe' && c != '\u00ef' && c != '\u00bb' && c != '\u00bf') text.append(c);
        }
        String name = text.toString().strip();
        return isHostName(name) ? Optional.of(name) : Optional.empty();
    }

    /** A host name and nothing else ({@code sles15}, {@code web01.example.com}): DNS labels, at most 253 characters. */
    public static boolean isHostName(String text) {
        return text.length() <= 253 && NAME.matcher(text).matches();
    }
}
