package dev.portolan.spark;

import dev.portolan.batch.AuditJob;
import dev.portolan.batch.FleetCounts;
import dev.portolan.io.ConfigText;
import dev.portolan.model.Severity;
import dev.portolan.report.FleetLines;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The fleet audit as a Spark job: the driver lists the inputs and groups them into hosts; each task audits whole hosts
 * with the library (a host's files are never split); the results go to {@code DIR/findings/} (jsonl lines),
 * {@code DIR/hosts/} (one line per host) and {@code DIR/summary.json} (the merged counts). Spark only distributes
 * hosts and merges summaries.
 */
public final class FleetJob {
    /** What the job found: the merged counts and the files that could not be read at all. */
    public record Result(FleetCounts summary, List<String> unreadable) {
        public Result {
            unreadable = List.copyOf(unreadable);
        }

        /** The exit code as for {@code audit}: 2 when a file could not be read, 1 at or above fail-on, else 0. */
        public int exitCode(Severity failOn) {
            if (!unreadable.isEmpty()) return 2;
            return summary.reaches(failOn) ? 1 : 0;
        }
    }

    /** The job's parameters; {@code partitions} 0 = decided from the number of hosts and the cluster's parallelism. */
    public record Options(List<String> inputs, String output, String manifest, List<String> catalogs, String timeZone,
                          boolean inferRoles, Severity failOn, int partitions, String version) {
        public Options {
            inputs = List.copyOf(inputs);
            catalogs = List.copyOf(catalogs);
        }
    }

    private FleetJob() {
    }

    public static Result run(JavaSparkContext sc, Options o) throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        Path out = new Path(o.output());
        FileSystem outFs = out.getFileSystem(conf);
        if (outFs.exists(out)) throw new IOException(o.output() + ": the output folder exists already (choose a new one)");
        List<HostTask> hosts = HostListing.list(o.inputs(), conf);
        if (hosts.isEmpty()) throw new IOException("no input files found in " + String.join(", ", o.inputs()));
        AuditSetup setup = new AuditSetup(o.manifest(), o.manifest() == null ? null : readText(o.manifest(), conf),
                shipCatalogs(sc, o.catalogs()), o.timeZone(), o.inferRoles(), o.failOn(), o.version(), AuditSetup.entries(conf));
        // checks the catalog and manifest on the driver, so a mistake is one message and exit 2, not a failed stage
        setup.job();

        int partitions = o.partitions() > 0 ? o.partitions() : Math.min(hosts.size(), Math.max(1, sc.defaultParallelism() * 4));
        JavaRDD<HostOutcome> outcomes = sc.parallelize(hosts, Math.min(partitions, hosts.size()))
                .mapPartitions(tasks -> auditAll(tasks, setup))
                // audited once, read by the four actions below: kept as objects, spilled to disk when memory is short
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            outcomes.flatMap(h -> h.findingLines().iterator()).saveAsTextFile(o.output() + "/findings");
            outcomes.flatMap(h -> h.hostLines().iterator()).saveAsTextFile(o.output() + "/hosts");
            FleetCounts summary = outcomes.map(HostOutcome::summary).treeReduce(FleetCounts::merge);
            List<String> unreadable = outcomes.flatMap(h -> h.unreadable().iterator()).collect();
            writeText(new Path(out, "summary.json"), FleetLines.summary(summary, o.failOn(), o.version(), Instant.now()), conf);
            return new Result(summary, unreadable);
        } finally {
            outcomes.unpersist(false);
        }
    }

    /**
     * One partition: the catalog and the library's job are built once, then each host is audited when Spark asks for
     * its outcome, so the partition's outcomes can go to Spark's cache (and disk) one by one.
     */
    private static Iterator<HostOutcome> auditAll(Iterator<HostTask> tasks, AuditSetup setup) throws IOException {
        AuditJob job = setup.job();
        Configuration conf = setup.hadoopConfiguration();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return tasks.hasNext();
            }

            @Override
            public HostOutcome next() {
                try {
                    return HostOutcome.audit(job, tasks.next(), conf, setup);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Catalog overlays are files of the driver's machine: Spark ships them to every executor. */
    private static List<String> shipCatalogs(JavaSparkContext sc, List<String> catalogs) {
        List<String> names = new ArrayList<>();
        for (String c : catalogs) {
            Path p = new Path(c);
            sc.sc().addFile(c, true);
            names.add(p.getName());
        }
        return names;
    }

    /** A manifest read through Hadoop FS with the bounds and checks of a file a person wrote (UTF-8, line length). */
    static String readText(String file, Configuration conf) throws IOException {
        Path p = new Path(file);
        ConfigText config;
        try (var in = p.getFileSystem(conf).open(p)) {
            config = ConfigText.read(in, file);
        }
        if (!config.cutLines().isEmpty()) {
            throw new IOException(file + ":" + config.cutLines().get(0) + ": line longer than " + ConfigText.MAX_LINE + " characters");
        }
        return config.text();
    }

    private static void writeText(Path p, String text, Configuration conf) throws IOException {
        try (FSDataOutputStream o = p.getFileSystem(conf).create(p, false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
