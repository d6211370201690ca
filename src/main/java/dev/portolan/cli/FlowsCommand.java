package dev.portolan.cli;

import dev.portolan.audit.InputProblemGroups;
import dev.portolan.ingest.Concatenation;
import dev.portolan.ingest.Inputs;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.ingest.ReadResult;
import dev.portolan.ingest.Source;
import dev.portolan.ingest.netstat.SnapshotFlows;
import dev.portolan.ingest.pcap.Pcap4jCaptureReader;
import dev.portolan.model.Flow;
import dev.portolan.report.AtomicOutput;
import dev.portolan.report.Escape;
import dev.portolan.report.flows.FlowTableWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code portolan flows FILE...}: the conversation table of captures, firewall logs and netstat/ss connection rows, without an audit. */
@Command(name = "flows", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the flows (conversations) in pcap/pcapng captures, Windows Firewall logs and the connection rows of "
                + "netstat/ss dumps (.gz too), with who initiated each.")
public final class FlowsCommand implements Callable<Integer> {
    enum ReaderKind { DEFAULT, PCAP4J }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap/pcapng captures, firewall logs or netstat/ss dumps, optionally compressed")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, csv, json or jsonl (default: text, or from -o's extension)")
    String format;

    @Option(names = "--reader", defaultValue = "default",
            description = "default (pure Java) or pcap4j (native libpcap; cross-check)")
    String reader;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here (atomically; '-' = standard output); "
            + "the extension picks the format (.txt .csv .json .jsonl); repeatable")
    List<Path> outputs = new ArrayList<>();

    /** The flow-table format a file name's extension names (.txt, .csv, .json, .jsonl/.ndjson). */
    static java.util.Optional<String> formatOf(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        for (String[] e : new String[][] {{".jsonl", "jsonl"}, {".ndjson", "jsonl"}, {".json", "json"}, {".csv", "csv"}, {".txt", "text"}}) {
            if (n.endsWith(e[0])) return java.util.Optional.of(e[1]);
        }
        return java.util.Optional.empty();
    }

    /** The lists of {@code parts}, a concatenation's own parts in its place (a reader may join a file's tables). */
    private static List<List<Flow>> lists(List<List<Flow>> parts) {
        List<List<Flow>> out = new ArrayList<>();
        for (List<Flow> part : parts) {
            if (part instanceof Concatenation<Flow> c) out.addAll(lists(c.parts()));
            else out.add(part);
        }
        return out;
    }

    /** How one input is read (a seam for tests: a reader's unexpected failure must not lose the other inputs). */
    interface InputRead {
        ReadResult read(Source source, boolean pcap4j) throws IOException;
    }

    InputRead inputRead = (source, pcap4j) -> pcap4j ? new Pcap4jCaptureReader().read(source)
            : Inputs.read(source, ReadOptions.defaults().withEvidenceText(false));

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FlowTableWriter.Format fmt;
        boolean pcap4j;
        try {
            fmt = FlowTableWriter.Format.parse(format == null ? "text" : format);
            pcap4j = ReaderKind.valueOf(reader.trim().toUpperCase(java.util.Locale.ROOT)) == ReaderKind.PCAP4J;
        } catch (IllegalArgumentException e) {
            err.println("portolan flows: --format must be text|csv|json|jsonl and --reader default|pcap4j");
            err.flush();
            return 2;
        }
        List<OutputTargets.Target> targets = OutputTargets.resolve(spec, outputs, format, FlowsCommand::formatOf,
                List.of("txt", "csv", "json", "jsonl"));
        for (OutputTargets.Target t : targets) {
            if (!t.isStdout() && AtomicOutput.clashingInput(t.file(), files).isPresent()) {
                err.println(Escape.text("portolan flows: -o " + t.file() + " would overwrite the input "
                        + AtomicOutput.clashingInput(t.file(), files).get() + " (choose another output file)"));
                err.flush();
                return 2;
            }
        }
        int code = 0;
        // each input's flows as its reader made them (a firewall log's table makes a flow only as it is written)
        List<List<Flow>> parts = new ArrayList<>();
        // the files of a folder or an archive that are no input: one warning per reason, after the rest
        java.util.Map<String, List<String>> skipped = new java.util.LinkedHashMap<>();
        for (Path given : files) {
            List<Path> paths = List.of(given);
            if (java.nio.file.Files.isDirectory(given)) {
                // a folder's files, as the audit walks them (hidden files left out, links out of it not followed)
                List<Path> inFolder = new ArrayList<>();
                for (dev.portolan.ingest.InputWalk.Entry e : dev.portolan.ingest.InputWalk.readOnce(
                        dev.portolan.ingest.InputWalk.walk(given, false))) {
                    if (e.isFile()) {
                        inFolder.add(e.path());
                    } else {
                        err.println("portolan flows: " + (e.kind() == dev.portolan.ingest.InputWalk.Kind.UNREADABLE ? "" : "warning: ")
                                + Escape.text(e.message()));
                        if (e.kind() == dev.portolan.ingest.InputWalk.Kind.UNREADABLE) code = 2;
                    }
                }
                if (inFolder.isEmpty()) {
                    err.println("portolan flows: " + Escape.text(given + ": a folder with no file in it"));
                    code = 2;
                }
                paths = inFolder;
            }
            for (Path file : paths) code = Math.max(code, readFile(parts, file, !paths.equals(List.of(given)), pcap4j, skipped, err));
        }
        skipped.forEach((reason, names) -> err.println("portolan flows: warning: " + Escape.text(names.size() == 1
                ? "skipped: " + names.get(0) + ": " + reason
                : names.size() + " files skipped: " + reason + ": " + dev.portolan.report.Labels.firstOf(names, 3))));
        List<Flow> flows = new Concatenation<>(parts);
        for (OutputTargets.Target t : targets) {
            FlowTableWriter.Format f = FlowTableWriter.Format.parse(t.format());
            if (f == FlowTableWriter.Format.CSV) {
                // a firewall log's table is formatted as bytes straight from its numbers
                OutputTargets.write(spec, t, w -> FlowTableWriter.write(flows, f, w),
                        (out, charset) -> FlowTableWriter.csv(lists(parts), out, charset));
            } else {
                OutputTargets.write(spec, t, w -> FlowTableWriter.write(flows, f, w));
            }
        }
        err.flush();
        return code;
    }

    /**
     * Reads one file given or met in a folder ({@code inFolder}): an archive's files each, as a folder's; a file in a
     * folder or an archive that is no input is noted in {@code skipped} by its reason. The exit code it warrants.
     */
    private int readFile(List<List<Flow>> parts, Path file, boolean inFolder, boolean pcap4j, java.util.Map<String, List<String>> skipped,
                         PrintWriter err) {
        try {
            if (dev.portolan.ingest.Archives.isArchive(file)) {
                // a zip's or tar's files as a folder's: each input read, the others said and passed over
                dev.portolan.ingest.Archives.Listing inside = dev.portolan.ingest.Archives.list(file);
                int code = 0;
                if (inside.damage() != null) {
                    err.println("portolan flows: " + Escape.text(inside.damage()));
                    code = 2;
                }
                for (Source s : inside.sources()) {
                    try {
                        readInto(parts, s, s.name(), pcap4j, err);
                    } catch (dev.portolan.ingest.NotAnInputException e) {
                        skipped.computeIfAbsent(e.reason(), k -> new ArrayList<>()).add(s.name());
                    }
                }
                return code;
            }
            readInto(parts, Source.of(file), file.toString(), pcap4j, err);
            return 0;
        } catch (dev.portolan.ingest.NotAnInputException e) {
            if (!inFolder) {
                err.println("portolan flows: " + Escape.text(String.valueOf(e.getMessage())));
                return 2;
            }
            skipped.computeIfAbsent(e.reason(), k -> new ArrayList<>()).add(file.toString());
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("portolan flows: " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            err.println("portolan flows: " + file + ": permission denied");
        } catch (IOException e) {
            // one unreadable file never stops the others; the exit code reports it
            String m = String.valueOf(e.getMessage());
            err.println("portolan flows: " + Escape.text(m.startsWith(file.toString()) ? m : file + ": " + m));
        } catch (RuntimeException e) {
            // a reader's own failure (a bug): named with its file, as the audit does, and the other files still listed
            err.println("portolan flows: " + Escape.text(file + ": reader failed: " + e));
        }
        return 2;
    }

    /**
     * Reads one input with flows: captures, firewall logs (one flow per 5-tuple, direction and action), and the
     * connection rows of netstat/ss dumps (one flow per row, the initiator inferred); its problems are warnings, one
     * line per kind, as the audit's INPUT_PROBLEM findings group them.
     */
    private void readInto(List<List<Flow>> parts, Source source, String name, boolean pcap4j, PrintWriter err) throws IOException {
        ReadResult r = inputRead.read(source, pcap4j);
        parts.add(r.flows());
        parts.add(SnapshotFlows.of(r));
        for (String line : InputProblemGroups.lines(name, r.problems(), r.problemCount())) {
            err.println("portolan flows: warning: " + Escape.text(line));
        }
    }
}
