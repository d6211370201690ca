package dev.portolan.catalog;

import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.List;

/** A port that two different products claim (useful before installing both on one host). */
public record PortConflict(Protocol proto, int port, CatalogEntry first, CatalogEntry second, boolean viaFallback) {

    /** All conflicts between products; OS baselines are included only when asked. */
    public static List<PortConflict> find(Catalog catalog, boolean includeBaselines) {
        List<PortConflict> out = new ArrayList<>();
        List<CatalogEntry> es = catalog.entries();
        for (int i = 0; i < es.size(); i++) {
            CatalogEntry a = es.get(i);
            if (!a.ports().isNumeric() || (!includeBaselines && a.isBaseline())) continue;
            for (int j = i + 1; j < es.size(); j++) {
                CatalogEntry b = es.get(j);
                if (a.product().equals(b.product()) || !b.ports().isNumeric() || (!includeBaselines && b.isBaseline())) continue;
                for (Protocol p : a.protocols()) {
                    if (!b.hasProtocol(p)) continue;
                    int shared = firstShared(a.ports(), b.ports());
                    boolean fb = false;
                    if (shared < 0 && a.fallback() != null) { shared = firstShared(a.fallback(), b.ports()); fb = shared >= 0; }
                    if (shared < 0 && b.fallback() != null) { shared = firstShared(a.ports(), b.fallback()); fb = shared >= 0; }
                    if (shared >= 0) out.add(new PortConflict(p, shared, a, b, fb));
                }
            }
        }
        out.sort((x, y) -> x.port != y.port ? Integer.compare(x.port, y.port) : x.proto.compareTo(y.proto));
        return out;
    }

    private static int firstShared(PortSpec a, PortSpec b) {
        for (var ra : a.ranges())
            for (var rb : b.ranges())
                if (ra.overlaps(rb)) return Math.max(ra.low(), rb.low());
        return -1;
    }
}
