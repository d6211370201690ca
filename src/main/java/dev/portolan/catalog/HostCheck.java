package dev.portolan.catalog;

import dev.portolan.model.DidYouMean;
import dev.portolan.model.Host;
import dev.portolan.model.RoleAssignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a host description (command line or hosts manifest row) against the catalog before anything is
 * audited: every role exists, every address is an address, every setting is read by some catalog condition
 * with a value it can compare. Bare setting keys ({@code version=4.33}) are qualified with the one product of
 * the host's roles that reads them, so they can never leak into another product (or the OS baseline).
 */
public final class HostCheck {
    private final Catalog catalog;
    private final SettingKeys keys;

    /** The host with qualified settings, and what is wrong with it (empty when nothing). */
    public record Result(Host host, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public HostCheck(Catalog catalog) {
        this.catalog = catalog;
        this.keys = SettingKeys.of(catalog);
    }

    public Result check(Host host) {
        List<String> problems = new ArrayList<>();
        Set<String> products = new LinkedHashSet<>();
        for (RoleAssignment r : host.roles()) {
            roleProblem(r.role()).ifPresent(problems::add);
            products.add(r.product());
        }
        for (String a : host.addresses()) {
            if (!AddressSyntax.isAddress(a)) problems.add("invalid address '" + a + "' (expected IPv4 such as 10.0.0.5 or IPv6 such as fe80::1)");
        }
        Map<String, String> qualified = new LinkedHashMap<>();
        for (var s : host.settings().entrySet()) {
            try {
                String key = keys.qualify(s.getKey(), products);
                keys.checkValue(key, s.getValue()).ifPresentOrElse(problems::add, () -> qualified.put(key, s.getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Host.Builder b = host.toBuilder().clearSettings();
        qualified.forEach(b::setting);
        return new Result(b.build(), List.copyOf(problems));
    }

    /** Why a role cannot be audited (unknown, with the nearest names), or empty when it is known. */
    public Optional<String> roleProblem(String role) {
        if (catalog.listeningRoles().contains(role) || catalog.knowsRole(role)) return Optional.empty();
        Set<String> all = catalog.roles().keySet();
        String hint = DidYouMean.hint(role, all);
        if (hint.isEmpty()) {
            String product = role.substring(0, Math.max(0, role.indexOf(':')));
            List<String> ofProduct = new ArrayList<>();
            for (String r : all) if (r.startsWith(product + ":")) ofProduct.add(r);
            hint = ofProduct.isEmpty() ? " (products: " + String.join(", ", catalog.products()) + "; see 'portolan catalog roles')"
                    : " (roles of " + product + ": " + String.join(", ", ofProduct) + ")";
        }
        return Optional.of("unknown role '" + role + "'" + hint);
    }
}
