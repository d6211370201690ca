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
        // overlapping definitions: same product, a shared listening role, same protocol, overlapping ports,
        // and conditions that can hold together (identical, or one of them unconditional)
        for (int i = 0; i < rows.size(); i++) {
            CatalogEntry a = rows.get(i);
            for (int j = i + 1; j < rows.size(); j++) {
                CatalogEntry b = rows.get(j);
                if (!a.product().equals(b.product()) || !a.ports().isNumeric() || !b.ports().isNumeric()) continue;
                if (a.roles().stream().noneMatch(b.roles()::contains)) continue;
                if (a.protocols().stream().noneMatch(b.protocols()::contains)) continue;
                if (!a.ports().overlaps(b.ports())) continue;
                if (a.initiators().stream().noneMatch(b.initiators()::contains)) continue;
                boolean together = a.condition().equals(b.condition()) || a.condition().isAlways() || b.condition().isAlways();
                if (together) {
                    out.add(issue(b, CatalogIssue.Level.WARNING, "overlaps row " + a.id() + " (" + a.file() + ":" + a.line()
                            + "): same role, protocol, initiator and port " + b.ports() + " under conditions that can hold together"));
                }
            }
        }
        out.addAll(ConditionKeyLint.check(rows, catalog));
        return out;
    }

    private static boolean declaredInRolesFile(Map<String, String> declared, String role) {
        return declared.containsKey(role);
    }

    private static CatalogIssue issue(CatalogEntry e, CatalogIssue.Level level, String msg) {
        return new CatalogIssue(e.file(), e.line(), level, "row " + e.id() + ": " + msg);
    }
}
