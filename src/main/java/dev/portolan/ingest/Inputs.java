package dev.portolan.ingest;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Detects an input's format by content (never by file name) and reads it with the matching reader.
 * Detection order: capture magics, firewall log, netstat/ss; anything else is unreadable.
 */
public final class Inputs {
    private Inputs() {
    }

    /** How many bytes detection looks at. */
    public static final int HEAD = 8192;

    public static InputFormat detect(Source source) throws IOException {
        return detect(source.head(HEAD));
    }

    public static InputFormat detect(byte[] head) {
        for (ReaderFactory f : ReaderFactory.all()) {
            if (f.sniff(head)) return f.format();
        }
        return InputFormat.UNKNOWN;
    }

    /** Reads one file; throws UnreadableInputException (with the file name) when nothing in it can be read. */
    public static ReadResult read(Source source, ReadOptions options) throws IOException {
        byte[] head;
        try {
            head = source.head(HEAD);
        } catch (NoSuchFileException e) {
            throw new UnreadableInputException(source.name() + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UnreadableInputException(source.name() + ": permission denied");
        } catch (IOException e) {
            throw new UnreadableInputException(source.name() + ": cannot be read (" + e.getMessage() + ")");
        }
        if (head.length == 0) throw new UnreadableInputException(source.name() + ": the file is empty");
        for (ReaderFactory f : ReaderFactory.all()) {
            if (f.sniff(head)) return f.create(options).read(source);
        }
        throw new UnreadableInputException(source.name() + ": not a recognised input (expected a netstat/ss dump, "
                + "a Windows Firewall log (pfirewall.log) or a pcap/pcapng capture; gzip is fine)");
    }

    /** Expands folders (recursively, skipping hidden files) into the files inside, sorted. */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, FileVisitOption.FOLLOW_LINKS)) {
                    s.filter(Files::isRegularFile)
                            .filter(x -> !x.getFileName().toString().startsWith("."))
                            .filter(x -> !x.getFileName().toString().equalsIgnoreCase("README.md"))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
