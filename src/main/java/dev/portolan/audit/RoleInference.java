package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogEntry;
import dev.portolan.model.Protocol;
import dev.portolan.model.RoleAssignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proposes roles from the services a host offers (listeners of a snapshot, or responder ports of flows).
 * A role is proposed when enough of its documented, remotely reachable listener ports are present and at
 * least one of them is not an OS-baseline port; the confidence is the share of its ports seen, boosted
 * when a port is unique to that role.
 */
public final class RoleInference {
    /** Proposals below this confidence are not used. */
    public static final double THRESHOLD = 0.5;

    private RoleInference() {
    }

    /** @param services keys "tcp/2856" of the services the host offers */
    public static List<RoleAssignment> infer(Catalog catalog, Set<String> services) {
        Map<String, Set<String>> portsByRole = new LinkedHashMap<>();
        Map<String, Integer> claimants = new LinkedHashMap<>();
        Set<String> baselinePorts = new TreeSet<>();
        for (CatalogEntry e : catalog.entries()) {
            if (!e.ports().isNumeric() || e.isInternalOnly() || e.ports().size() > 64) continue;
            for (Protocol p : e.protocols()) {
                for (var r : e.ports().ranges()) {
                    for (int port = r.low(); port <= r.high(); port++) {
                        if (port == 0) continue;
                        String key = p.label() + "/" + port;
                        if (e.isBaseline()) {
                            baselinePorts.add(key);
                            continue;
                        }
                        for (String role : e.roles()) {
                            if (portsByRole.computeIfAbsent(role, k -> new TreeSet<>()).add(key)) claimants.merge(key, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        List<RoleAssignment> out = new ArrayList<>();
        for (var en : portsByRole.entrySet()) {
            Set<String> ports = en.getValue();
            List<String> seen = new ArrayList<>();
            boolean distinctive = false;
            double uniqueBoost = 0;
            for (String k : ports) {
                if (!services.contains(k)) continue;
                seen.add(k);
                if (!baselinePorts.contains(k)) distinctive = true;
                if (claimants.getOrDefault(k, 0) == 1 && !baselinePorts.contains(k)) uniqueBoost += 0.25;
            }
            if (seen.isEmpty() || !distinctive) continue;
            double share = (double) seen.size() / ports.size();
            double confidence = Math.min(1.0, share + uniqueBoost);
            confidence = Math.round(confidence * 100) / 100.0;
            if (confidence >= THRESHOLD) out.add(new RoleAssignment(en.getKey(), true, confidence, seen));
        }
        out.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        return out;
    }
}
