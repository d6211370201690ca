package dev.portolan.cli;

import dev.portolan.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** portolan catalog roles: every role --role and the hosts manifest accept, with its name, by product. */
@Command(name = "roles", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists the roles (PRODUCT:ROLE) that --role and the hosts manifest accept, with the vendor's name; "
                + "'listens' marks roles a host can be audited as (they listen somewhere).")
final class CatalogRoles implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalog;
    @Option(names = "--product", paramLabel = "P", description = "Only this product.")
    String product;

    @Override
    public Integer call() throws IOException {
        Catalog c = catalog.load();
        if (product != null) CatalogNames.requireProduct(spec, c, product);
        Set<String> listening = c.listeningRoles();
        PrintWriter out = spec.commandLine().getOut();
        int n = 0;
        for (Map.Entry<String, String> r : c.roles().entrySet()) {
            String role = r.getKey();
            if (product != null && !role.startsWith(product.trim().toLowerCase(Locale.ROOT) + ":")) continue;
            n++;
            out.printf(Locale.ROOT, "%-42s %-8s %s%n", role, listening.contains(role) ? "listens" : "", r.getValue());
        }
        out.println(n + " role(s)");
        out.flush();
        return ExitCode.OK.code();
    }
}
