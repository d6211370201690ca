package dev.portolan.spark;

import dev.portolan.catalog.CatalogException;
import dev.portolan.batch.HostsManifest;
import dev.portolan.cli.VersionProvider;
import dev.portolan.model.Severity;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code portolan-spark}: the fleet audit on Apache Spark. Parses the flags, runs {@link FleetJob}, and returns the exit
 * code as {@code portolan audit} does (0, 1 at or above --fail-on, 2 for a usage error or an unreadable input).
 */
@Command(name = "portolan-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audits a fleet on Apache Spark: every host (a folder below an input folder, or a loose file) is audited "
                + "by one task with the portolan library; inputs are Hadoop URIs (file://, hdfs://, s3a://; plain paths are local).",
                "Writes DIR/findings/ (jsonl, one line per finding), DIR/hosts/ (one line per host) and DIR/summary.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage error, or an input could not be read at all"})
public final class PortolanSpark implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master (local[N], spark://..., yarn, k8s://...); "
            + "default: the one spark-submit gives, else local[*].")
    String master;

    @Option(names = "--hosts", paramLabel = "FILE", description = "Hosts manifest CSV (host,addresses,os,roles,settings); a Hadoop URI.")
    String manifest;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "DIR", description = "Result folder (a Hadoop URI); must not exist.")
    String output;

    @Option(names = "--catalog", paramLabel = "DIR", description = "Site overlay folder or CSV added after the bundled catalog (repeatable).")
    List<String> catalogs = new ArrayList<>();

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "LEVEL", description = "error, warning, notice, info or never (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of firewall log times (e.g. Asia/Tokyo).")
    String tz;

    @Option(names = "--infer-roles", description = "Propose roles from the observations and audit with them.")
    boolean inferRoles;

    @Option(names = "--partitions", paramLabel = "N", description = "Number of tasks the hosts are spread over (default: 4 per core of the cluster, at most one per host).")
    int partitions;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Input folders or files (Hadoop URIs or local paths).")
    List<String> inputs = new ArrayList<>();

    private final PrintWriter err;

    PortolanSpark(PrintWriter err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.err, true), args));
    }

    /** Runs the job and returns the exit code (tests call this). */
    public static int run(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new PortolanSpark(err));
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> 2);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("portolan-spark: " + ex.getMessage());
            err.println("Try 'portolan-spark --help' for more information.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("portolan-spark: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 2;
        });
        int code = cl.execute(args);
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws IOException, CatalogException {
        Severity threshold = failOn.equalsIgnoreCase("never") ? null : Severity.parse(failOn);
        if (tz != null) java.time.ZoneId.of(tz);
        SparkConf conf = new SparkConf().setAppName("portolan");
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            FleetJob.Result r;
            try {
                r = FleetJob.run(sc, new FleetJob.Options(inputs, output, manifest, catalogs, tz, inferRoles,
                        threshold, partitions, VersionProvider.version()));
            } catch (HostsManifest.ManifestException e) {
                for (String problem : e.problems()) err.println("portolan-spark: " + problem);
                return 2;
            }
            for (String u : r.unreadable()) err.println("portolan-spark: " + u);
            err.println("portolan-spark: wrote " + output + " (" + r.summary().hosts() + " host(s), " + r.summary().findings()
                    + " finding(s))");
            return r.exitCode(threshold);
        } finally {
            spark.stop();
        }
    }
}
