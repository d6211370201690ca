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
 *
 * <p>Only distinctive ports count: remotely reachable listener ports that no OS baseline claims and that are
 * outside the well-known range 0-1023 (80, 443, 25, 161 ... are offered by countless programs, so a web
 * server must not make a host a "windows-update" or "support-center"). A role's
 * confidence is the share of its unconditional, required ports that are present, plus 0.1 for each
 * conditional port present (a role with only conditional ports starts at 0.3, so it needs two). A role whose
 * present ports are a subset of another role's of the same product is dropped when that role matches more
 * ports, or the same ports with a higher confidence: the better match explains them.
 */
public final class RoleInference {
    /** Proposals below this confidence are not used. */
    public static final double THRESHOLD = 0.5;

    private RoleInference() {
    }

    private static final class Score {
        final Set<String> unconditional = new TreeSet<>();
        final Set<String> conditional = new TreeSet<>();
        final Set<String> seen = new TreeSet<>();
        double confidence;
    }

    /** @param services keys "tcp/2856" of the services the host offers */
    public static List<RoleAssignment> infer(Catalog catalog, Set<String> services) {
        Set<String> baseline = new TreeSet<>();
        for (CatalogEntry e : catalog.entries()) if (e.isBaseline()) keys(e, baseline);
        Map<String, Score> scores = new LinkedHashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.isBaseline() || !e.ports().isNumeric() || e.isInternalOnly() || e.ports().size() > 64) continue;
            Set<String> ks = new TreeSet<>();
            keys(e, ks);
            ks.removeAll(baseline);
            for (String role : e.roles()) {
                Score s = scores.computeIfAbsent(role, k -> new Score());
                (e.condition().isAlways() && e.required() ? s.unconditional : s.conditional).addAll(ks);
            }
        }
        for (Score s : scores.values()) {
            s.conditional.removeAll(s.unconditional);
            int seenU = 0;
            int seenC = 0;
            for (String k : s.unconditional) if (services.contains(k)) { seenU++; s.seen.add(k); }
            for (String k : s.conditional) if (services.contains(k)) { seenC++; s.seen.add(k); }
            double base = s.unconditional.isEmpty() ? (seenC > 0 ? 0.3 : 0) : (double) seenU / s.unconditional.size();
            s.confidence = Math.min(1.0, Math.round((base + 0.1 * seenC) * 100) / 100.0);
        }
        List<RoleAssignment> out = new ArrayList<>();
        for (var en : scores.entrySet()) {
            Score s = en.getValue();
            if (s.seen.isEmpty() || s.confidence < THRESHOLD || subsumed(en.getKey(), s, scores)) continue;
            out.add(new RoleAssignment(en.getKey(), true, s.confidence, List.copyOf(s.seen)));
        }
        out.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        return out;
    }

    private static boolean subsumed(String role, Score s, Map<String, Score> scores) {
        String product = role.substring(0, role.indexOf(':'));
        for (var en : scores.entrySet()) {
            if (en.getKey().equals(role) || !en.getKey().startsWith(product + ":")) continue;
            Score o = en.getValue();
            if (!o.seen.containsAll(s.seen)) continue;
            if (o.seen.size() > s.seen.size() && o.confidence >= s.confidence - 1e-9) return true;
            if (o.seen.size() == s.seen.size() && o.confidence > s.confidence + 1e-9) return true;
        }
        return false;
    }

    private static void keys(CatalogEntry e, Set<String> into) {
        for (Protocol p : e.protocols()) {
            for (var r : e.ports().ranges()) {
                for (int port = Math.max(r.low(), 1024); port <= r.high(); port++) into.add(p.label() + "/" + port);
            }
        }
    }
}
