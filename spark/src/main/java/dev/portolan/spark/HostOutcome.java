package dev.portolan.spark;

import dev.portolan.batch.AuditJob;
import dev.portolan.batch.FleetCounts;
import dev.portolan.batch.HostInputs;
import dev.portolan.batch.HostStatus;
import dev.portolan.ingest.Archives;
import dev.portolan.ingest.Source;
import dev.portolan.model.HostReport;
import dev.portolan.report.FleetLines;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one host task produced, ready to write: the host's finding lines (the jsonl format), its host line(s) (a
 * capture of several hosts gives several), its counts, and the files that could not be read at all.
 */
public record HostOutcome(List<String> findingLines, List<String> hostLines, FleetCounts summary, List<String> unreadable)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public HostOutcome {
        findingLines = List.copyOf(findingLines);
        hostLines = List.copyOf(hostLines);
        unreadable = List.copyOf(unreadable);
    }

    /** Audits one host with the library, reading its files through Hadoop's FileSystem (never split). */
    public static HostOutcome audit(AuditJob job, HostTask task, Configuration conf, AuditSetup setup) throws IOException {
        List<HostInputs.Input> inputs = new ArrayList<>();
        for (HostTask.File f : task.files()) {
            Path p = new Path(f.uri());
            Source source = Source.of(f.name(), () -> p.getFileSystem(conf).open(p));
            if (Archives.isTar(source)) {
                // a tarball's files as a folder's, as audit --batch reads them (a zip needs a local file: it says so)
                inputs.addAll(HostInputs.inArchive(source, f.inFolder(), () -> Archives.listTar(source)));
                continue;
            }
            inputs.add(new HostInputs.Input(source, f.inFolder()));
        }
        AuditJob.HostAudit result = job.audit(new HostInputs(task.host(), task.nameFromContent(), inputs));
        List<String> findings = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        FleetCounts summary = FleetCounts.empty();
        boolean unreadable = !result.unreadable().isEmpty();
        int unreadableFiles = result.unreadable().size();
        for (HostReport r : result.reports()) {
            HostStatus status = HostStatus.of(r, setup.failOn(), unreadable);
            findings.addAll(FleetLines.findingLines(r, setup.failOn()));
            hosts.add(FleetLines.hostLine(r, status, result.unreadable()));
            summary = summary.merge(FleetCounts.of(r, status, unreadableFiles));
            unreadableFiles = 0; // counted once, with the first host of the task
        }
        return new HostOutcome(findings, hosts, summary, result.unreadable());
    }
}
