package dev.portolan.catalog;

import dev.portolan.model.PortRange;
import dev.portolan.model.Protocol;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every port mentioned in the five seed documents (an independent checklist, src/test/resources/seed-ports.csv)
 * is claimed by a catalog row that cites that seed's document. Rows cite documents by id (catalog/sources.csv),
 * not by the seeds' file names: a document is matched to its seed file by the heading it prints.
 */
class SeedCoverageTest {
    static Catalog catalog;
    /** source id -> the seed file whose text prints the document's heading */
    static final Map<String, String> seedOfSource = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
        Path seeds = Paths.get(System.getProperty("portolan.shared", "../shared"), "seeds");
        for (CatalogSource doc : catalog.documents().values()) {
            if (doc.heading().isEmpty()) continue;
            try (var files = Files.list(seeds)) {
                for (Path f : files.sorted().toList()) {
                    if (Files.readString(f, StandardCharsets.UTF_8).contains(doc.heading())) {
                        assertThat(seedOfSource.put(doc.id(), f.getFileName().toString())).as(doc.id() + " heading in one seed only").isNull();
                    }
                }
            }
        }
    }

    private static String seedOf(CatalogEntry e) {
        return e.sourceId() == null ? null : seedOfSource.get(e.sourceId());
    }

    @Test
    void everyVendorDocumentIsFoundInOneSeedAndEveryRowCitesADeclaredDocument() {
        assertThat(seedOfSource).hasSize(5);
        assertThat(new java.util.TreeSet<>(seedOfSource.values())).hasSize(5);
        for (CatalogEntry e : catalog.entries()) {
            assertThat(e.sourceId()).as(e.id() + " cites a sources.csv id").isNotNull();
            assertThat(catalog.documents()).containsKey(e.sourceId());
            assertThat(e.source()).as(e.id()).startsWith(catalog.documents().get(e.sourceId()).title());
            assertThat(e.source()).as(e.id() + " names no seed file").doesNotContainPattern("00[0-4]_[0-9a-f]{16}");
        }
    }

    static List<CSVRecord> seedPorts() throws IOException {
        try (Reader r = Files.newBufferedReader(Paths.get("src/test/resources/seed-ports.csv"), StandardCharsets.UTF_8);
             CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build())) {
            return new ArrayList<>(p.getRecords());
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("seedPorts")
    void catalogClaimsSeedPort(CSVRecord row) {
        String seed = row.get("seed");
        String port = row.get("port").trim().toLowerCase(Locale.ROOT);
        List<Protocol> protos = new ArrayList<>();
        for (String p : row.get("protocol").split("[|/ ]+")) if (!p.isBlank()) protos.add(Protocol.parse(p));
        for (Protocol proto : protos) {
            List<CatalogEntry> hits = new ArrayList<>();
            if (port.equals("rpc-dynamic") || port.equals("odbc")) {
                for (CatalogEntry e : catalog.specials()) if (e.ports().toString().equals(port)) hits.add(e);
            } else {
                PortRange range = PortRange.parse(port);
                for (int p = range.low(); p <= range.high(); p++) {
                    final int q = p;
                    assertThat(catalog.claiming(proto, q)).as("%s/%s (%s) from %s", q, proto.label(), row.get("what"), seed)
                            .anySatisfy(e -> assertThat(seedOf(e)).isEqualTo(seed));
                }
                hits.addAll(catalog.claiming(proto, range.low()));
            }
            assertThat(hits).as("%s/%s (%s) from %s", port, proto.label(), row.get("what"), seed)
                    .anySatisfy(e -> assertThat(seedOf(e)).isEqualTo(seed));
        }
    }
}
