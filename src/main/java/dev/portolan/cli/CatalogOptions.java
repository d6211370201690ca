package dev.portolan.cli;

import dev.portolan.catalog.Catalog;
import dev.portolan.catalog.CatalogException;
import dev.portolan.catalog.CatalogLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The --catalog option shared by every command that needs the catalog. */
public final class CatalogOptions {
    @Option(names = "--catalog", paramLabel = "DIR",
            description = "Site overlay folder (or CSV file) added after the bundled catalog; rows with an existing id replace it. Repeatable.")
    List<Path> overlays = new ArrayList<>();

    public Catalog load() throws CatalogException {
        return CatalogLoader.load(overlays);
    }
}
