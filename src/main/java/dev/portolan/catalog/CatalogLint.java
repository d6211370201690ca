package dev.portolan.catalog;

import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a loaded catalog for rows that are valid CSV but wrong or suspicious. */
final class CatalogLint {
    private CatalogLint() {
    }

    static List<CatalogIssue> check(List<CatalogEntry> rows, Catalog catalog) {
        List<CatalogIssue> out = new ArrayList<>();
        Map<String, String> declared = catalog.declaredRoles();
        java.util.Set<String> listening = catalog.listeningRoles();
        for (CatalogEntry e : rows) {
            for (String init : e.initiators()) {
                if (CatalogRowParser.SPECIAL_INITIATORS.contains(init)) continue;
                if (!listening.contains(init) && !declaredInRolesFile(declared, init)) {
                    out.add(issue(e, CatalogIssue.Level.ERROR, "unknown initiator role '" + init
                            + "' (not a listening role of any row and not declared in a roles*.csv file)"));
                }
            }
            if (e.fallback() != null && e.fallback().overlaps(e.ports())) {
                out.add(issue(e, CatalogIssue.Level.ERROR, "fallback " + e.fallback() + " overlaps the primary ports " + e.ports()));
            }
            if (e.ports().isNumeric() && e.ports().first() == 0 && !e.hasProtocol(Protocol.UDP)) {
                out.add(issue(e, CatalogIssue.Level.WARNING, "port 0 is only meaningful for UDP magic packets"));
            }
            if (e.isInternalOnly() && e.required() && e.product().startsWith("os-")) {
                out.add(issue(e, CatalogIssue.Level.WARNING, "OS baseline rows should not be required"));
            }
            if (e.purpose().length() < 3) out.add(issue(e, CatalogIssue.Level.WARNING, "purpose is too short"));
        }
        out.addAll(overlaps(rows).issues());
        out.addAll(ConditionKeyLint.check(rows, catalog));
        return out;
    }

    /** Overlap warnings, and how many row pairs were compared to find them (bounded by rows × {@link #SCAN_LIMIT}). */
    record Overlaps(List<CatalogIssue> issues, long comparisons) {
    }

    /** How many open port ranges a range is compared with at most: keeps lint linear in the number of rows. */
    static final int SCAN_LIMIT = 256;

    /**
     * Overlapping definitions: same product, a shared listening role, same protocol, overlapping ports, a shared
     * initiator, and conditions that can hold together (identical, or one of them unconditional). The later row
     * is warned about. A sweep over ranges sorted by first port per (product, role, protocol) compares only ranges
     * that are still open, so an 87,000-row overlay lints in linear time instead of comparing every pair.
     */
    static Overlaps overlaps(List<CatalogEntry> rows) {
        Map<String, List<int[]>> groups = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            CatalogEntry e = rows.get(i);
            if (!e.ports().isNumeric()) continue;
            for (String role : e.roles()) {
                for (Protocol proto : e.protocols()) {
                    List<int[]> g = groups.computeIfAbsent(e.product() + "\u0000" + role + "\u0000" + proto, k -> new ArrayList<>());
                    for (dev.portolan.model.PortRange r : e.ports().ranges()) g.add(new int[] {r.low(), r.high(), i});
                }
            }
        }
        java.util.Set<Long> reported = new java.util.HashSet<>();
        java.util.TreeMap<Long, CatalogIssue> found = new java.util.TreeMap<>();
        long comparisons = 0;
        for (List<int[]> g : groups.values()) {
            g.sort(java.util.Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[2]));
            java.util.PriorityQueue<int[]> open = new java.util.PriorityQueue<>(java.util.Comparator.comparingInt(x -> x[1]));
            for (int[] cur : g) {
                while (!open.isEmpty() && open.peek()[1] < cur[0]) open.poll();
                int scanned = 0;
                for (int[] other : open) {
                    if (scanned++ >= SCAN_LIMIT) break;
                    comparisons++;
                    if (other[2] == cur[2]) continue;
                    int first = Math.min(other[2], cur[2]);
                    int later = Math.max(other[2], cur[2]);
                    long key = (long) later * rows.size() + first;
                    if (reported.contains(key)) continue;
                    CatalogEntry a = rows.get(first);
                    CatalogEntry b = rows.get(later);
                    if (a.initiators().stream().noneMatch(b.initiators()::contains)) continue;
                    boolean together = a.condition().equals(b.condition()) || a.condition().isAlways() || b.condition().isAlways();
                    if (!together) continue;
                    reported.add(key);
                    found.put(key, issue(b, CatalogIssue.Level.WARNING, "overlaps row " + a.id() + " (" + a.file() + ":" + a.line()
                            + "): same role, protocol, initiator and port " + b.ports() + " under conditions that can hold together"));
                }
                open.add(cur);
            }
        }
        return new Overlaps(new ArrayList<>(found.values()), comparisons);
    }

    private static boolean declaredInRolesFile(Map<String, String> declared, String role) {
        return declared.containsKey(role);
    }

    private static CatalogIssue issue(CatalogEntry e, CatalogIssue.Level level, String msg) {
        return new CatalogIssue(e.file(), e.line(), level, "row " + e.id() + ": " + msg);
    }
}
