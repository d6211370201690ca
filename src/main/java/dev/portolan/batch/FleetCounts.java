package dev.portolan.batch;

import dev.portolan.model.Finding;
import dev.portolan.model.HostReport;
import dev.portolan.model.Severity;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts over a fleet: hosts, findings, unreadable files, findings per code, severity and product, hosts per
 * status. A value: {@link #of} counts one host, {@link #merge} adds two summaries (associative and commutative, so
 * runners may merge partial summaries in any order, e.g. Spark's tree reduce). Findings without a product count
 * under {@link #NO_PRODUCT}.
 */
public record FleetCounts(long hosts, long findings, long unreadableFiles, SortedMap<String, Long> byCode,
                           SortedMap<String, Long> bySeverity, SortedMap<String, Long> byProduct,
                           SortedMap<String, Long> byStatus) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String NO_PRODUCT = "(none)";

    public FleetCounts {
        byCode = frozen(byCode);
        bySeverity = frozen(bySeverity);
        byProduct = frozen(byProduct);
        byStatus = frozen(byStatus);
    }

    public static FleetCounts empty() {
        return new FleetCounts(0, 0, 0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    /** One host's counts; {@code unreadableFiles} is how many of its files could not be read at all. */
    public static FleetCounts of(HostReport host, HostStatus status, int unreadableFiles) {
        SortedMap<String, Long> code = new TreeMap<>();
        SortedMap<String, Long> severity = new TreeMap<>();
        SortedMap<String, Long> product = new TreeMap<>();
        for (Finding f : host.findings()) {
            code.merge(f.code().name(), 1L, Long::sum);
            severity.merge(f.severity().label(), 1L, Long::sum);
            product.merge(f.product() == null ? NO_PRODUCT : f.product(), 1L, Long::sum);
        }
        SortedMap<String, Long> st = new TreeMap<>();
        st.put(status.label(), 1L);
        return new FleetCounts(1, host.findings().size(), unreadableFiles, code, severity, product, st);
    }

    public FleetCounts merge(FleetCounts o) {
        return new FleetCounts(hosts + o.hosts, findings + o.findings, unreadableFiles + o.unreadableFiles,
                sum(byCode, o.byCode), sum(bySeverity, o.bySeverity), sum(byProduct, o.byProduct), sum(byStatus, o.byStatus));
    }

    /** True when a finding at or above the threshold was counted; a null threshold ("never") is never reached. */
    public boolean reaches(Severity threshold) {
        if (threshold == null) return false;
        for (Map.Entry<String, Long> e : bySeverity.entrySet()) {
            if (e.getValue() > 0 && Severity.parse(e.getKey()).atLeast(threshold)) return true;
        }
        return false;
    }

    private static SortedMap<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        SortedMap<String, Long> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Long::sum));
        return m;
    }

    private static SortedMap<String, Long> frozen(SortedMap<String, Long> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }
}
