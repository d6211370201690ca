package dev.portolan.catalog;

import dev.portolan.model.Protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One catalog row: a documented listener (ports on listening roles) and who connects to it.
 * Role names are fully qualified ("clientmanager:manager"). {@code initiators} holds roles or the
 * special words {@code internal}, {@code any}, {@code broadcast}, {@code multicast}.
 * {@code sourcePort} is -1 for "ephemeral", -2 for "any", else the fixed source port.
 * {@code heuristic}: the row is a usual observation, not a documented value (e.g. the ports Windows usually gives
 * dynamic RPC endpoints); it explains a listener only when the listener's process is one the row names.
 * {@code source} is the citation as reports show it (the document title and section when the row cites a
 * {@code sources.csv} id, else the cell as written); {@code sourceId} is that id, or null.
 * {@code file}/{@code line} say where the row was read (for lint and evidence).
 */
public record CatalogEntry(String id, String product, List<String> roles, PortSpec ports, Set<Protocol> protocols,
                           List<String> initiators, int sourcePort, Condition condition, PortSpec fallback,
                           String configurable, FirewallException firewallException, boolean required,
                           String purpose, String source, String notes, Set<String> processes,
                           boolean heuristic, String sourceId, String file, long line) {

    public static final int SOURCE_EPHEMERAL = -1;
    public static final int SOURCE_ANY = -2;

    public static final String INTERNAL = "internal";
    public static final String ANY = "any";
    public static final String BROADCAST = "broadcast";
    public static final String MULTICAST = "multicast";

    public boolean isInternalOnly() {
        return initiators.size() == 1 && initiators.get(0).equals(INTERNAL);
    }

    public boolean isBaseline() {
        return product.startsWith("os-");
    }

    public boolean listensAs(String role) {
        return roles.contains(role);
    }

    public boolean initiatedBy(String role) {
        return initiators.contains(role) || initiators.contains(ANY);
    }

    public boolean hasProtocol(Protocol p) {
        return protocols.contains(p);
    }

    /** True when the port is one of the primary ports. */
    public boolean primaryPort(int port) {
        return ports.contains(port);
    }

    /** True when the port is in the documented fallback range. */
    public boolean fallbackPort(int port) {
        return fallback != null && fallback.contains(port);
    }

    public Truth applies(Map<String, String> settings) {
        return condition.evaluate(settings);
    }

    /** "002_….txt E.1 …" plus the catalog location, for reports. */
    public String reference() {
        return id + " (" + source + ")";
    }

    public String protocolLabel() {
        StringBuilder sb = new StringBuilder();
        for (Protocol p : protocols) {
            if (sb.length() > 0) sb.append('|');
            sb.append(p.label());
        }
        return sb.toString();
    }

    public String sourcePortLabel() {
        if (sourcePort == SOURCE_EPHEMERAL) return "ephemeral";
        if (sourcePort == SOURCE_ANY) return "any";
        return Integer.toString(sourcePort);
    }
    // equals/hashCode written out: a record's generated ones are bootstrapped through method handles on first use,
    // which spins classes at run time and keeps the JIT busy compiling the class writer (README, "Performance")
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CatalogEntry e)) return false;
        return sourcePort == e.sourcePort && required == e.required && heuristic == e.heuristic && line == e.line
                && Objects.equals(id, e.id) && Objects.equals(product, e.product) && Objects.equals(roles, e.roles)
                && Objects.equals(ports, e.ports) && Objects.equals(protocols, e.protocols)
                && Objects.equals(initiators, e.initiators) && Objects.equals(condition, e.condition)
                && Objects.equals(fallback, e.fallback) && Objects.equals(configurable, e.configurable)
                && Objects.equals(firewallException, e.firewallException) && Objects.equals(purpose, e.purpose)
                && Objects.equals(source, e.source) && Objects.equals(notes, e.notes)
                && Objects.equals(processes, e.processes) && Objects.equals(sourceId, e.sourceId)
                && Objects.equals(file, e.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, product, roles, ports, protocols, initiators, sourcePort, condition, fallback, configurable,
                firewallException, required, purpose, source, notes, processes, heuristic, sourceId, file, line);
    }
}
