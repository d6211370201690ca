package dev.portolan.catalog;

import dev.portolan.model.DidYouMean;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host settings the catalog's conditions read ({@code clientmanager.version}, {@code serverprotect.mode} ...)
 * and what their values look like, so a setting nobody reads or a value no condition can compare is refused
 * instead of silently deciding nothing.
 */
public final class SettingKeys {
    /** How a key's values are compared: as versions, as yes/no, or as words. */
    public enum Kind { VERSION, YES_NO, WORDS }

    /** What the catalog says about one key: how it is compared and the values it names. */
    public record Domain(Kind kind, Set<String> values) {
    }

    private static final Set<String> YES_NO_WORDS = Set.of("yes", "no", "true", "false", "on", "off", "1", "0", "y", "n");

    private final Map<String, Domain> keys;

    private SettingKeys(Map<String, Domain> keys) {
        this.keys = keys;
    }

    public static SettingKeys of(Catalog catalog) {
        Map<String, List<Condition.KeyUse>> uses = new TreeMap<>();
        for (CatalogEntry e : catalog.entries()) {
            for (Condition.KeyUse u : e.condition().uses()) uses.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u);
            Condition when = e.firewallException().when();
            if (when != null) for (Condition.KeyUse u : when.uses()) uses.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u);
        }
        Map<String, Domain> keys = new TreeMap<>();
        uses.forEach((key, list) -> keys.put(key, domain(list)));
        return new SettingKeys(keys);
    }

    private static Domain domain(List<Condition.KeyUse> uses) {
        Set<String> values = new LinkedHashSet<>();
        boolean ordering = false;
        for (Condition.KeyUse u : uses) {
            values.addAll(u.values());
            ordering |= u.isOrdering();
        }
        if (ordering || values.stream().allMatch(Versions::isVersion)) return new Domain(Kind.VERSION, values);
        if (YES_NO_WORDS.containsAll(values)) return new Domain(Kind.YES_NO, values);
        return new Domain(Kind.WORDS, values);
    }

    /** Every qualified key some condition reads, sorted. */
    public Set<String> keys() {
        return keys.keySet();
    }

    public Optional<Domain> domain(String key) {
        return Optional.ofNullable(keys.get(key));
    }

    /**
     * The qualified key a setting means: {@code product.key} as given when a condition reads it; a bare key
     * only against the given products (the host's roles), and only when exactly one of them reads it.
     *
     * @throws IllegalArgumentException saying why, with the nearest valid key
     */
    public String qualify(String key, Collection<String> products) {
        if (key.indexOf('.') > 0) {
            if (keys.containsKey(key)) return key;
            String hint = DidYouMean.hint(key, keys.keySet());
            throw new IllegalArgumentException("no catalog condition reads the setting '" + key + "'"
                    + (hint.isEmpty() ? " (settings the catalog reads: " + String.join(", ", keys.keySet()) + ")" : hint));
        }
        List<String> matches = new ArrayList<>();
        for (String p : products) if (keys.containsKey(p + "." + key)) matches.add(p + "." + key);
        if (matches.size() == 1) return matches.get(0);
        if (matches.size() > 1) {
            throw new IllegalArgumentException("the setting '" + key + "' is ambiguous for this host's products: write "
                    + String.join(" or ", matches));
        }
        List<String> elsewhere = new ArrayList<>();
        for (String k : keys.keySet()) if (k.endsWith("." + key)) elsewhere.add(k);
        String why = products.isEmpty() ? "the host has no roles to say which product it belongs to"
                : "none of the host's products (" + String.join(", ", products) + ") reads it";
        String hint = !elsewhere.isEmpty() ? " (write PRODUCT." + key + ": " + String.join(", ", elsewhere) + ")"
                : DidYouMean.hint(key, keysOf(products));
        throw new IllegalArgumentException("the setting '" + key + "' needs its product: " + why + hint);
    }

    private List<String> keysOf(Collection<String> products) {
        List<String> out = new ArrayList<>();
        for (String k : keys.keySet()) if (products.contains(k.substring(0, k.indexOf('.')))) out.add(k);
        return out.isEmpty() ? new ArrayList<>(keys.keySet()) : out;
    }

    /** Why the value cannot be compared the way the catalog compares this key, or empty when it can. */
    public Optional<String> checkValue(String key, String value) {
        Domain d = keys.get(key);
        if (d == null) return Optional.empty();
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        switch (d.kind()) {
            case VERSION:
                if (!Versions.isVersion(v)) {
                    return Optional.of("'" + value + "' is not a version number: the catalog compares " + key + " as a version (e.g. "
                            + d.values().iterator().next() + ")");
                }
                return Optional.empty();
            case YES_NO:
                if (!YES_NO_WORDS.contains(v)) return Optional.of("'" + value + "' is not yes or no: the catalog tests " + key + "=yes/no");
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
