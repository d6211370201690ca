package dev.portolan.ingest;

import dev.portolan.model.Evidence;
import dev.portolan.model.InputProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** True when the source starts with a pcap or pcapng magic (decompressed); reads only its first bytes. */
    public static boolean isCapture(Source source) throws IOException {
        return dev.portolan.ingest.pcap.CaptureReader.sniff(source.head(16));
    }

    public static InputFormat detect(byte[] head) {
        for (ReaderFactory f : ReaderFactory.all()) {
            if (f.sniff(head)) return f.format();
        }
        return InputFormat.UNKNOWN;
    }

    /** Reads one file into lists (small files, tests); see {@link #read(Source, ReadOptions, ObservationSink)}. */
    public static ReadResult read(Source source, ReadOptions options) throws IOException {
        ReadResult.Collector c = new ReadResult.Collector();
        return c.result(read(source, options.withWholeFlows(true), c));
    }

    /**
     * Detects the format of one file and reads it, pushing what it yields into {@code sink}; throws
     * UnreadableInputException (with the file name) when nothing in it can be read.
     */
    public static FileSummary read(Source source, ReadOptions options, ObservationSink sink) throws IOException {
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
        if (head.length == 0) {
            throw new UnreadableInputException(source.name() + ": " + source.damage().map(Source.Damage::describe).orElse("the file is empty"));
        }
        for (ReaderFactory f : ReaderFactory.all()) {
            if (f.sniff(head)) return withDamage(source, f.create(options).read(source, sink), sink);
        }
        if (source.damage().isPresent()) throw new UnreadableInputException(source.name() + ": " + source.damage().get().describe());
        // many commands' output (supportconfig's network.txt, a console session) whose socket list comes later
        if (source.canReopen() && dev.portolan.ingest.netstat.Transcripts.looksLikeOne(head)) {
            if (dev.portolan.ingest.netstat.Transcripts.listsSockets(source)) {
                return withDamage(source, ReaderFactory.of(InputFormat.NETSTAT).create(options).read(source, sink), sink);
            }
            // a console session whose netstat printed its titles and headers and not one row (netstat without -a on a host
            // with no connection), or another of its outputs (netstat -x, -r): said as that, not as "other commands"
            java.util.Optional<String> seen = dev.portolan.ingest.netstat.OtherNetstatOutput.describeDeclined(head);
            if (seen.isEmpty()) seen = dev.portolan.ingest.netstat.OtherNetstatOutput.describeSession(head);
            // the firewall's settings or rules where its log was asked for (the netsh command pasted above them makes a
            // session)
            java.util.Optional<String> settings = OtherFormats.firewallSettingsOrRules(head);
            if (seen.isEmpty() && settings.isPresent()) {
                throw new NotAnInputException(source.name(), "not a recognised input: it looks like " + settings.get());
            }
            if (seen.isPresent()) {
                throw new NotAnInputException(source.name(), "not a recognised input: it looks like " + seen.get()
                        + dev.portolan.ingest.netstat.OtherNetstatOutput.advice(seen.get()));
            }
            throw new NotAnInputException(source.name(), TRANSCRIPT_WITHOUT_SOCKETS);
        }
        // every sniffer declined it above (the netstat one too): described without sniffing again
        java.util.Optional<String> other = dev.portolan.ingest.netstat.OtherNetstatOutput.describeDeclined(head);
        if (other.isPresent()) {
            throw new NotAnInputException(source.name(), "not a recognised input: it looks like " + other.get()
                    + dev.portolan.ingest.netstat.OtherNetstatOutput.advice(other.get()));
        }
        java.util.Optional<String> format = OtherFormats.describe(head, source.name());
        if (format.isPresent()) throw new NotAnInputException(source.name(), "not a recognised input: it looks like " + format.get());
        throw new NotAnInputException(source.name(), "not a recognised input (expected a netstat/ss dump, "
                + "a Windows Firewall log (pfirewall.log) or a pcap/pcapng capture; gzip is fine)");
    }

    /** Why a transcript with no socket list is passed over (one text for all: a bundle's notices group by it). */
    static final String TRANSCRIPT_WITHOUT_SOCKETS = "not a recognised input: the output of other commands (a supportconfig "
            + "file or a console session) with no socket list from netstat, ss or lsof";

    /** Damaged compression ends the content early: what came before is kept, the damage is one problem. */
    private static FileSummary withDamage(Source source, FileSummary read, ObservationSink sink) {
        if (source.damage().isEmpty()) return read;
        sink.problem(new InputProblem(Evidence.ofFile(source.name(), ""), source.damage().get().describe()));
        return read.withOneMoreProblem();
    }

    /** Expands folders (recursively, skipping hidden files, not leaving the folder) into the files inside, sorted. */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (InputWalk.Entry e : walk(paths, false)) if (e.isFile()) out.add(e.path());
        return out;
    }

    /** Given files as they are, and what walking each given folder met (see {@link InputWalk}). */
    public static List<InputWalk.Entry> walk(List<Path> paths, boolean followLinksOut) throws IOException {
        List<InputWalk.Entry> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) out.addAll(InputWalk.walk(p, followLinksOut));
            else out.add(new InputWalk.Entry(p, InputWalk.Kind.FILE, ""));
        }
        return out;
    }
}
