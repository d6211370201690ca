package dev.portolan.cli;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.HostCheck;
import dev.portolan.model.DidYouMean;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Locale;

/** Refuses product and role names the catalog does not know (exit 2), with the nearest valid name. */
final class CatalogNames {
    private CatalogNames() {
    }

    static void requireProduct(CommandSpec spec, Catalog catalog, String product) {
        String p = product.trim().toLowerCase(Locale.ROOT);
        if (catalog.products().contains(p)) return;
        String hint = DidYouMean.hint(p, catalog.products());
        throw new ParameterException(spec.commandLine(), "unknown product '" + product + "'"
                + (hint.isEmpty() ? " (products: " + String.join(", ", catalog.products()) + ")" : hint));
    }

    static void requireRole(CommandSpec spec, Catalog catalog, String role) {
        String r = role.trim().toLowerCase(Locale.ROOT);
        if (r.indexOf(':') <= 0) {
            String hint = DidYouMean.hint(r, catalog.roles().keySet());
            throw new ParameterException(spec.commandLine(), "bad role '" + role + "': expected PRODUCT:ROLE"
                    + (hint.isEmpty() ? " (e.g. clientmanager:manager; see 'portolan catalog roles')" : hint));
        }
        new HostCheck(catalog).roleProblem(r).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
    }
}
