package dev.portolan.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of one host: the host (with given and inferred roles), its findings (sorted most severe first), the
 * listening services and service groups they were drawn from, and what each input contributed. No raw
 * observations: {@code flows} holds the per-5-tuple flows only when they were asked for ({@code --include-flows}),
 * else it is empty. {@code untouched} are service groups read from this host's inputs that touch no audited host
 * (a capture of several hosts), so nothing read is dropped without a word.
 */
public record HostReport(Host host, List<Finding> findings, List<ListeningService> listeners, List<ServiceGroup> services,
                         List<Flow> flows, List<ServiceGroup> untouched, List<InputSummary> inputs) {

    public HostReport {
        findings = List.copyOf(findings);
        listeners = List.copyOf(listeners);
        services = List.copyOf(services);
        flows = List.copyOf(flows);
        untouched = List.copyOf(untouched);
        inputs = List.copyOf(inputs);
    }

    /** A report with findings only (tests, hand-made reports). */
    public static HostReport of(Host host, List<Finding> findings, List<InputSummary> inputs) {
        return new HostReport(host, findings, List.of(), List.of(), List.of(), List.of(), inputs);
    }

    /** Count of findings per code, in code order, zero counts omitted. */
    public Map<FindingCode, Integer> summary() {
        Map<FindingCode, Integer> m = new EnumMap<>(FindingCode.class);
        for (Finding f : findings) m.merge(f.code(), 1, Integer::sum);
        return m;
    }

    /** Most severe severity among the findings, or null when there are none. */
    public Severity worst() {
        Severity w = null;
        for (Finding f : findings) if (w == null || f.severity().compareTo(w) > 0) w = f.severity();
        return w;
    }
}
