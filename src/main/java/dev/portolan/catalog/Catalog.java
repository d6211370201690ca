package dev.portolan.catalog;

import dev.portolan.model.Protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The loaded port catalog: every entry of every product and OS baseline, with an index by port.
 * Immutable; built by {@link CatalogLoader}.
 */
public final class Catalog {
    private final List<CatalogEntry> entries;
    private final Map<String, CatalogEntry> byId;
    private final Map<String, String> roleNames;
    private final List<String> sources;
    /** port → entries with that primary or fallback port, for ranges up to 4096 ports. */
    private final Map<Integer, List<CatalogEntry>> byPort = new HashMap<>();
    /** Entries with huge ranges, checked linearly. */
    private final List<CatalogEntry> wide = new ArrayList<>();

    private final Map<String, CatalogSource> documents;

    Catalog(List<CatalogEntry> entries, Map<String, String> roleNames, List<String> sources, Map<String, CatalogSource> documents) {
        this.documents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(documents));
        this.entries = List.copyOf(entries);
        Map<String, CatalogEntry> ids = new LinkedHashMap<>();
        for (CatalogEntry e : entries) ids.put(e.id(), e);
        this.byId = Collections.unmodifiableMap(ids);
        this.roleNames = Map.copyOf(roleNames);
        this.sources = List.copyOf(sources);
        for (CatalogEntry e : entries) {
            int span = e.ports().size() + (e.fallback() == null ? 0 : e.fallback().size());
            if (span > 4096) {
                wide.add(e);
                continue;
            }
            index(e, e.ports());
            if (e.fallback() != null) index(e, e.fallback());
        }
    }

    private void index(CatalogEntry e, PortSpec spec) {
        for (var r : spec.ranges()) {
            for (int p = r.low(); p <= r.high(); p++) {
                List<CatalogEntry> l = byPort.computeIfAbsent(p, k -> new ArrayList<>(2));
                if (!l.contains(e)) l.add(e);
            }
        }
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public CatalogEntry byId(String id) {
        return byId.get(id);
    }

    /** Files the catalog was loaded from, in order. */
    /** The documents rows cite, by id (sources*.csv), in declaration order. */
    public Map<String, CatalogSource> documents() {
        return documents;
    }

    public List<String> sources() {
        return sources;
    }

    /** Entries whose primary ports or fallback range contain the port, for that protocol. */
    public List<CatalogEntry> claiming(Protocol proto, int port) {
        List<CatalogEntry> out = new ArrayList<>();
        List<CatalogEntry> indexed = byPort.get(port);
        if (indexed != null) {
            for (CatalogEntry e : indexed) if (proto == null || e.hasProtocol(proto)) out.add(e);
        }
        for (CatalogEntry e : wide) {
            if ((proto == null || e.hasProtocol(proto)) && (e.primaryPort(port) || e.fallbackPort(port))) out.add(e);
        }
        return out;
    }

    /** True when any entry (any product) claims this port as a listener port. */
    public boolean isListenerPort(Protocol proto, int port) {
        return !claiming(proto, port).isEmpty();
    }

    public List<CatalogEntry> forProduct(String product) {
        List<CatalogEntry> out = new ArrayList<>();
        for (CatalogEntry e : entries) if (e.product().equals(product)) out.add(e);
        return out;
    }

    /** Entries in which the role listens. */
    public List<CatalogEntry> listenersOf(String role) {
        List<CatalogEntry> out = new ArrayList<>();
        for (CatalogEntry e : entries) if (e.listensAs(role)) out.add(e);
        return out;
    }

    /** Entries with a non-numeric port (rpc-dynamic, odbc). */
    public List<CatalogEntry> specials() {
        List<CatalogEntry> out = new ArrayList<>();
        for (CatalogEntry e : entries) if (!e.ports().isNumeric()) out.add(e);
        return out;
    }

    public Set<String> products() {
        Set<String> out = new TreeSet<>();
        for (CatalogEntry e : entries) out.add(e.product());
        return out;
    }

    /** Every role named as listener or initiator, plus declared roles, with their display names ("" when none). */
    public Map<String, String> roles() {
        Map<String, String> out = new TreeMap<>();
        for (CatalogEntry e : entries) {
            for (String r : e.roles()) out.putIfAbsent(r, "");
            for (String r : e.initiators()) if (r.contains(":")) out.putIfAbsent(r, "");
        }
        out.putAll(roleNames);
        return out;
    }

    /** Roles declared in roles*.csv files, with their display names. */
    public Map<String, String> declaredRoles() {
        return roleNames;
    }

    public boolean knowsRole(String role) {
        return roles().containsKey(role);
    }

    /** Roles that listen somewhere (the ones a host can be audited as). */
    public Set<String> listeningRoles() {
        Set<String> r = listeningRoles;
        if (r == null) {
            // asked once per host of a manifest: computed once (the catalog is immutable)
            Set<String> out = new TreeSet<>();
            for (CatalogEntry e : entries) out.addAll(e.roles());
            listeningRoles = r = java.util.Collections.unmodifiableSet(out);
        }
        return r;
    }

    private volatile Set<String> listeningRoles;
}
