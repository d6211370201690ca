package dev.portolan.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogEntry;
import dev.portolan.catalog.CatalogIssue;
import dev.portolan.catalog.CatalogLoader;
import dev.portolan.catalog.PortConflict;
import dev.portolan.model.Protocol;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import dev.portolan.report.Escape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** portolan catalog list | lookup | lint | conflicts. */
@Command(name = "catalog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Shows and checks the port catalog (bundled + --catalog overlays).",
        subcommands = {CatalogCommand.ListCmd.class, CatalogCommand.Lookup.class, CatalogCommand.Lint.class, CatalogCommand.Conflicts.class,
                CatalogRoles.class})
public final class CatalogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    static final List<String> COLUMNS = List.of("id", "product", "role", "port", "protocol", "initiator", "source_port",
            "conditions", "fallback", "configurable", "firewall_exception", "required", "purpose", "source", "notes");

    static List<String> row(CatalogEntry e) {
        return List.of(e.id(), e.product(), String.join("|", e.roles()), e.ports().toString(), e.protocolLabel(),
                String.join("|", e.initiators()), e.sourcePortLabel(), e.condition().toString(),
                e.fallback() == null ? "" : e.fallback().toString(), e.configurable(), e.firewallException().toString(),
                e.required() ? "yes" : "no", e.purpose(), e.source(), e.notes());
    }

    static void writeJson(PrintWriter out, List<CatalogEntry> entries) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
        g.writeStartArray();
        for (CatalogEntry e : entries) {
            g.writeStartObject();
            List<String> r = row(e);
            for (int i = 0; i < COLUMNS.size(); i++) g.writeStringField(COLUMNS.get(i), r.get(i));
            g.writeStringField("defined_at", e.file() + ":" + e.line());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.flush();
        out.println();
    }

    static void writeText(PrintWriter out, List<CatalogEntry> entries) {
        for (CatalogEntry e : entries) {
            out.println(Escape.text(String.format(Locale.ROOT, "%-10s %-16s %-12s %-9s %-34s <- %s", e.id(), e.ports(), e.protocolLabel(),
                    e.product(), String.join("|", e.roles()), String.join("|", e.initiators()))));
            StringBuilder sb = new StringBuilder("           ").append(e.purpose());
            if (!e.condition().isAlways()) sb.append("  [when ").append(e.condition()).append(']');
            if (e.fallback() != null) sb.append("  [fallback ").append(e.fallback()).append(']');
            if (e.sourcePort() >= 0) sb.append("  [source port ").append(e.sourcePort()).append(']');
            sb.append("  [firewall exception: ").append(e.firewallException()).append(']');
            if (!e.required()) sb.append("  [optional]");
            out.println(Escape.text(sb.toString()));
            out.println(Escape.text("           source: " + e.source()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Lists catalog rows.")
    static final class ListCmd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CatalogOptions catalog;
        @Option(names = "--product", paramLabel = "P", description = "Only this product (e.g. clientmanager).")
        String product;
        @Option(names = "--role", paramLabel = "PRODUCT:ROLE", description = "Only rows where this role listens or initiates.")
        String role;
        @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws IOException {
            Catalog c = catalog.load();
            if (product != null) CatalogNames.requireProduct(spec, c, product);
            if (role != null) CatalogNames.requireRole(spec, c, role);
            List<CatalogEntry> rows = new ArrayList<>();
            for (CatalogEntry e : c.entries()) {
                if (product != null && !e.product().equals(product.toLowerCase(Locale.ROOT))) continue;
                if (role != null && !e.listensAs(role.toLowerCase(Locale.ROOT)) && !e.initiators().contains(role.toLowerCase(Locale.ROOT))) continue;
                rows.add(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (format.toLowerCase(Locale.ROOT)) {
                case "json": writeJson(out, rows); break;
                case "csv":
                    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(new String[0])).build())) {
                        // the one CSV-cell neutraliser of every CSV portolan writes
                        for (CatalogEntry e : rows) p.printRecord(row(e).stream().map(dev.portolan.report.Escape::spreadsheet).toList());
                    }
                    break;
                case "text": writeText(out, rows); out.println(rows.size() + " row(s)"); break;
                default: throw new ParameterException(spec.commandLine(), "unknown format '" + format + "' (expected text, csv or json)");
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Which products/roles/purposes claim a port (incl. ranges and fallbacks). "
                    + "PORT may be a number, 'rpc-dynamic' or 'odbc'; add /tcp, /udp or /sctp (/dccp, /udplite) to narrow.")
    static final class Lookup implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CatalogOptions catalog;
        @Parameters(paramLabel = "PORT[/tcp|/udp]", arity = "1..*") List<String> ports;
        @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws IOException {
            Catalog c = catalog.load();
            PrintWriter out = spec.commandLine().getOut();
            List<CatalogEntry> all = new ArrayList<>();
            boolean anyMissing = false;
            for (String q : ports) {
                String[] parts = q.trim().split("/", 2);
                Protocol proto = parts.length > 1 ? parseProto(parts[1]) : null;
                List<CatalogEntry> hits = new ArrayList<>();
                String key = parts[0].toLowerCase(Locale.ROOT);
                if (key.equals("rpc-dynamic") || key.equals("odbc")) {
                    for (CatalogEntry e : c.specials()) if (e.ports().toString().equals(key) && (proto == null || e.hasProtocol(proto))) hits.add(e);
                } else {
                    int port;
                    try {
                        port = Integer.parseInt(parts[0].trim());
                        if (port < 0 || port > 65535) throw new NumberFormatException();
                    } catch (NumberFormatException ex) {
                        throw new ParameterException(spec.commandLine(), "bad port '" + q + "' (expected 0-65535, optionally " + Protocol.portedLabels("/") + ", or rpc-dynamic/odbc)");
                    }
                    hits.addAll(c.claiming(proto, port));
                }
                if (hits.isEmpty()) anyMissing = true;
                if (!format.equalsIgnoreCase("json")) {
                    out.println(Escape.text(q) + ": " + (hits.isEmpty() ? "no catalog row claims it" : hits.size() + " row(s)"));
                    for (CatalogEntry e : hits) {
                        int p = parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : -1;
                        String how = p >= 0 && !e.primaryPort(p) && e.fallbackPort(p) ? " (fallback of " + e.ports() + ")" : "";
                        out.println(Escape.text(String.format(Locale.ROOT, "  %-10s %s/%s %s listens%s <- %s: %s%s  [%s]", e.id(), e.ports(), e.protocolLabel(),
                                String.join("|", e.roles()), how, String.join("|", e.initiators()), e.purpose(),
                                e.condition().isAlways() ? "" : " (when " + e.condition() + ")", e.source())));
                    }
                }
                all.addAll(hits);
            }
            if (format.equalsIgnoreCase("json")) writeJson(out, all);
            out.flush();
            return anyMissing ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
        }

        private Protocol parseProto(String s) {
            try {
                Protocol p = Protocol.parse(s);
                if (p.hasPorts()) return p;
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new ParameterException(spec.commandLine(), "bad protocol '" + s + "' (expected " + Protocol.portedLabels("") + ")");
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Checks catalog files (default: the bundled catalog): bad rows, unknown roles, overlapping definitions. "
                    + "Exit 1 with file:line messages when anything is wrong.")
    static final class Lint implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "DIR", arity = "0..*", description = "Folders or CSV files to check (checked together with the bundled catalog).")
        List<Path> dirs = new ArrayList<>();
        @Option(names = "--alone", description = "Check the given folders without the bundled catalog.")
        boolean alone;

        @Override
        public Integer call() throws IOException {
            List<CatalogIssue> issues = CatalogLoader.lint(dirs, !alone);
            PrintWriter out = spec.commandLine().getOut();
            for (CatalogIssue i : issues) out.println(Escape.text(i.toString()));
            long errors = issues.stream().filter(i -> i.level() == CatalogIssue.Level.ERROR).count();
            out.println(issues.isEmpty() ? "catalog OK" : errors + " error(s), " + (issues.size() - errors) + " warning(s)");
            out.flush();
            return issues.isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
        }
    }

    @Command(name = "conflicts", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Ports claimed by two products (check before installing several products on one host).")
    static final class Conflicts implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CatalogOptions catalog;
        @Option(names = "--include-os", description = "Also show clashes with the OS baselines (135, 445, ...).")
        boolean includeOs;
        @Option(names = "--products", split = ",", paramLabel = "P", description = "Only conflicts among these products (comma separated).")
        List<String> products = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            Catalog c = catalog.load();
            for (String p : products) CatalogNames.requireProduct(spec, c, p);
            PrintWriter out = spec.commandLine().getOut();
            int n = 0;
            for (PortConflict pc : PortConflict.find(c, includeOs)) {
                if (!products.isEmpty() && (!products.contains(pc.first().product()) || !products.contains(pc.second().product()))) continue;
                n++;
                out.println(Escape.text(String.format(Locale.ROOT, "%s/%d%s: %s %s (%s) <-> %s %s (%s)", pc.proto().label(), pc.port(),
                        pc.viaFallback() ? " (via fallback range)" : "",
                        pc.first().id(), String.join("|", pc.first().roles()), pc.first().purpose(),
                        pc.second().id(), String.join("|", pc.second().roles()), pc.second().purpose())));
            }
            out.println(n + " conflict(s)");
            out.flush();
            return ExitCode.OK.code();
        }
    }
}
