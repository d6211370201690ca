package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;
import dev.portolan.report.FleetLines;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fleet result folder read back (what {@code spark/portolan-spark} writes): {@code summary.json} (the merged counts
 * and the fail-on threshold), {@code hosts/} (one line per host) and {@code findings/} (the jsonl lines of every host,
 * in the same order). Hosts are handed out one at a time with their findings, so memory holds one host.
 */
public final class FleetResults {
    private final Path dir;
    private final FleetCounts counts;
    private final Severity failOn;

    /** One host read back: its report (findings, inputs; no observations), status and unreadable files. */
    public record Host(HostReport report, HostStatus status, List<String> unreadable) {
    }

    @FunctionalInterface
    public interface HostConsumer {
        void accept(Host host) throws IOException;
    }

    private FleetResults(Path dir, FleetCounts counts, Severity failOn) {
        this.dir = dir;
        this.counts = counts;
        this.failOn = failOn;
    }

    /** Opens a result folder; an IOException names what is missing or damaged. */
    public static FleetResults open(Path dir) throws IOException {
        Path summary = dir.resolve("summary.json");
        String json;
        try {
            json = Files.readString(summary, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(summary + ": no such file (expected the result folder of portolan-spark: "
                    + "summary.json, hosts/, findings/)");
        }
        try {
            return new FleetResults(dir, FleetLines.parseSummary(json), FleetLines.parseFailOn(json));
        } catch (IOException | RuntimeException e) {
            throw new IOException(summary + ": not a fleet summary (" + e.getMessage() + ")");
        }
    }

    public FleetCounts counts() {
        return counts;
    }

    /** The fail-on threshold the job ran with; null for "never". */
    public Severity failOn() {
        return failOn;
    }

    /** Reads every host with its findings, in the order the job wrote them. */
    public void forEachHost(HostConsumer consumer) throws IOException {
        try (Lines hosts = new Lines(parts(dir.resolve("hosts"))); Lines findings = new Lines(parts(dir.resolve("findings")))) {
            String line;
            while ((line = hosts.next()) != null) {
                FleetLines.HostLine h;
                try {
                    h = FleetLines.parseHost(line);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(hosts.where() + ": not a host line (" + e.getMessage() + ")");
                }
                List<Finding> list = new ArrayList<>(h.findings());
                for (int i = 0; i < h.findings(); i++) {
                    String f = findings.next();
                    if (f == null) throw new IOException(dir.resolve("findings") + ": ends before the findings of host " + h.host().name());
                    FleetLines.HostFinding hf;
                    try {
                        hf = FleetLines.parseFinding(f);
                    } catch (IOException | RuntimeException e) {
                        throw new IOException(findings.where() + ": not a finding line (" + e.getMessage() + ")");
                    }
                    if (!hf.host().equals(h.host().name())) {
                        throw new IOException(findings.where() + ": a finding of host " + hf.host() + " where one of "
                                + h.host().name() + " was expected (hosts/ and findings/ are not of the same run)");
                    }
                    list.add(hf.finding());
                }
                HostReport report = HostReport.of(h.host(), list, h.inputs());
                consumer.accept(new Host(report, h.status(), h.unreadable()));
            }
            if (findings.next() != null) {
                throw new IOException(findings.where() + ": more findings than the host lines count (hosts/ and findings/ are not of the same run)");
            }
        }
    }

    /** The part files of a folder that Spark wrote, in partition order. */
    private static List<Path> parts(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder + ": no such folder");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    /** The lines of several files, one after the other, knowing where each line came from. */
    private static final class Lines implements AutoCloseable {
        private final Iterator<Path> files;
        private BufferedReader current;
        private Path currentFile;
        private long lineNumber;

        Lines(List<Path> files) {
            this.files = files.iterator();
        }

        String next() throws IOException {
            while (true) {
                if (current == null) {
                    if (!files.hasNext()) return null;
                    currentFile = files.next();
                    current = Files.newBufferedReader(currentFile, StandardCharsets.UTF_8);
                    lineNumber = 0;
                }
                String l = current.readLine();
                if (l != null) {
                    lineNumber++;
                    if (!l.isEmpty()) return l;
                    continue;
                }
                current.close();
                current = null;
            }
        }

        String where() {
            return currentFile + ":" + lineNumber;
        }

        @Override
        public void close() throws IOException {
            if (current != null) current.close();
        }
    }
}
