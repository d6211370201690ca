package dev.portolan.spark;

import dev.portolan.audit.Auditor;
import dev.portolan.batch.AuditJob;
import dev.portolan.batch.HostsManifest;
import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogException;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.ingest.ReadOptions;
import dev.portolan.io.ConfigText;
import dev.portolan.model.Protocol;
import dev.portolan.model.Severity;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every task needs to audit its hosts, shipped from the driver: the manifest text (the driver read it through
 * Hadoop FS), the catalog overlays (shipped to every executor with {@code SparkContext.addFile}, named here), read options, the fail-on threshold, and the
 * driver's Hadoop settings (credentials and endpoints of s3a/hdfs set through {@code spark.hadoop.*}).
 * The catalog and the library's {@link AuditJob} are built once per partition from it.
 */
public record AuditSetup(String manifestName, String manifestText, List<String> overlays, String timeZone, boolean inferRoles,
                         Severity failOn, String version, Map<String, String> hadoop) implements Serializable {
    private static final long serialVersionUID = 1L;

    public AuditSetup {
        overlays = List.copyOf(overlays);
        hadoop = Map.copyOf(hadoop);
    }

    /** The driver's Hadoop configuration as plain entries, to rebuild it on executors. */
    public static Map<String, String> entries(Configuration conf) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> e : conf) m.put(e.getKey(), e.getValue());
        return m;
    }

    public Configuration hadoopConfiguration() {
        Configuration c = new Configuration(false);
        hadoop.forEach(c::set);
        return c;
    }

    /** The library's job for the hosts of one task, in batch mode (every host is named by its folder or file). */
    public AuditJob job() throws IOException {
        Catalog catalog = catalog();
        HostsManifest manifest = manifestText == null ? HostsManifest.empty()
                : HostsManifest.read(new ConfigText(manifestText, List.of()), manifestName, catalog);
        ReadOptions read = new ReadOptions(timeZone == null ? null : ZoneId.of(timeZone), "default",
                p -> catalog.isListenerPort(Protocol.TCP, p) || catalog.isListenerPort(Protocol.UDP, p));
        return AuditJob.builder(new Auditor(catalog)).manifest(manifest).readOptions(read).inferRoles(inferRoles)
                .batch(true).threads(1).version(version).build();
    }

    /** The catalog, loaded once per executor JVM for the same overlays (tasks share it: it is immutable). */
    public Catalog catalog() throws CatalogException {
        Catalog c = CATALOGS.get(overlays);
        if (c == null) {
            c = CatalogLoader.load(overlays.stream().map(name -> Path.of(SparkFiles.get(name))).toList());
            CATALOGS.putIfAbsent(overlays, c);
        }
        return c;
    }

    private static final Map<List<String>, Catalog> CATALOGS = new ConcurrentHashMap<>();
}
