package dev.portolan.audit;

import dev.portolan.catalog.Catalog;
import dev.portolan.model.Addresses;
import dev.portolan.model.Host;
import dev.portolan.model.PortRange;

import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other known hosts (a hosts manifest) by address, prepared once for a whole batch: every host of a fleet
 * looks its peers up here, so auditing one host costs the same whether the manifest names ten hosts or 100,000.
 * Immutable apart from a cache of the peers' role views; thread-safe.
 */
public final class Peers {
    private static final Peers NONE = new Peers(Map.of());

    private final Map<String, Host> byAddress;
    /** The peers' addresses without IPv6 zone, for "is this address a known host's?". */
    private final AddressSet addresses;
    /** The distinct ephemeral ranges of the peers, which cut the originator-port classes. */
    private final Set<PortRange> ephemeralRanges;
    private final Map<String, RoleView> views = new ConcurrentHashMap<>();

    private Peers(Map<String, Host> byAddress) {
        this.byAddress = Collections.unmodifiableMap(new LinkedHashMap<>(byAddress));
        List<String> a = new ArrayList<>();
        Set<PortRange> r = new LinkedHashSet<>();
        for (Host h : byAddress.values()) {
            r.add(h.ephemeralRange());
            for (String x : h.addresses()) a.add(Addresses.stripScope(x));
        }
        this.addresses = new AddressSet(a);
        this.ephemeralRanges = Collections.unmodifiableSet(r);
    }

    /** Peers by address (as a manifest gives them); copied once. */
    public static Peers of(Map<String, Host> byAddress) {
        return byAddress.isEmpty() ? NONE : new Peers(byAddress);
    }

    public static Peers none() {
        return NONE;
    }

    /** The peers by address, as given. */
    public Map<String, Host> byAddress() {
        return byAddress;
    }

    /** True when a peer has the dotted-quad text of this 32-bit value. */
    boolean isPeerQuad(long quad) {
        return addresses.containsQuad(quad);
    }

    /** @param quad {@link AddressSet#quad} of the address */
    boolean isPeerAddress(String strippedAddress, long quad) {
        return addresses.contains(strippedAddress, quad);
    }

    Set<PortRange> ephemeralRanges() {
        return ephemeralRanges;
    }

    /**
     * The view of the peer at {@code address} as seen from {@code self}: null when the address is unknown or is
     * the audited host's own.
     */
    RoleView other(Catalog catalog, Host self, Host effective, String address) {
        if (effective.addresses().contains(address)) return null;
        Host h = byAddress.get(address);
        if (h == null || h == self) return null;
        RoleView v = views.get(address);
        if (v == null || v.catalog != catalog) {
            v = new RoleView(catalog, h);
            views.put(address, v);
        }
        return v;
    }
}
