package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogEntry;
import dev.portolan.catalog.Truth;
import dev.portolan.model.Host;
import dev.portolan.model.OsFamily;
import dev.portolan.model.RoleAssignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One host as the matcher sees it: its roles, settings, OS baseline and ephemeral range, and which
 * catalog entries apply to it.
 */
final class RoleView {
    final Host host;
    final Catalog catalog;
    final Set<String> roles = new TreeSet<>();

    RoleView(Catalog catalog, Host host) {
        this.catalog = catalog;
        this.host = host;
        for (RoleAssignment r : host.roles()) roles.add(r.role());
    }

    boolean hasAnyRole() {
        return !roles.isEmpty();
    }

    /** The condition truth of the entry for this host (baselines: always TRUE). */
    Truth truth(CatalogEntry e) {
        return e.applies(host.settings());
    }

    /** True when the entry is this host's OS baseline. */
    boolean isBaseline(CatalogEntry e) {
        String b = host.os().baselineProduct();
        return b != null && e.product().equals(b);
    }

    /** One of the host's roles listens in this entry. */
    String listeningRole(CatalogEntry e) {
        for (String r : e.roles()) if (roles.contains(r)) return r;
        return null;
    }

    /** One of the host's roles initiates in this entry ("any" counts). */
    String initiatingRole(CatalogEntry e) {
        for (String r : e.initiators()) if (roles.contains(r)) return r;
        return e.initiators().contains(CatalogEntry.ANY) ? CatalogEntry.ANY : null;
    }

    /** Entries where one of the host's roles listens and whose conditions may hold. */
    List<CatalogEntry> ownListenerEntries() {
        List<CatalogEntry> out = new ArrayList<>();
        for (CatalogEntry e : catalog.entries()) {
            if (listeningRole(e) != null && truth(e).possible()) out.add(e);
        }
        return out;
    }

    boolean isEphemeral(int port) {
        return host.isEphemeral(port);
    }

    OsFamily os() {
        return host.os();
    }
}
