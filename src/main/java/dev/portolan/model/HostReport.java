package dev.portolan.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of one host: the host (with given and inferred roles), its findings (sorted most severe
 * first), and the observations they were drawn from.
 */
public record HostReport(Host host, List<Finding> findings, List<Listener> listeners, List<Connection> connections,
                         List<Flow> flows, List<InputSummary> inputs) {

    public HostReport {
        findings = List.copyOf(findings);
        listeners = List.copyOf(listeners);
        connections = List.copyOf(connections);
        flows = List.copyOf(flows);
        inputs = List.copyOf(inputs);
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
