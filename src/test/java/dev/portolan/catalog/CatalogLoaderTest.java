package dev.portolan.catalog;

import dev.portolan.model.Protocol;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogLoaderTest {
    static final Path RES = Paths.get("src/test/resources/catalog");

    @Test
    void bundledCatalogLoadsAndLintsClean() throws Exception {
        Catalog c = CatalogLoader.loadBundled();
        assertThat(c.products()).contains("deliverymanager", "filetransfer", "desktop-patrol", "clientmanager", "jp1-itdm",
                "serverprotect", "os-windows", "os-linux");
        List<CatalogIssue> issues = CatalogLoader.lint(List.of(), true);
        assertThat(issues).filteredOn(i -> i.level() == CatalogIssue.Level.ERROR).isEmpty();
    }

    /** Everything a load gives, as text. */
    private static String whole(Catalog c) {
        return c.entries() + "\n" + c.roles() + "\n" + c.declaredRoles() + "\n" + c.documents() + "\n" + c.sources();
    }

    @Test
    void aCatalogReadAheadLoadsAsOneReadAtLoadAndNoOverlayChangesIt() throws Exception {
        CatalogLoader.forgetReadAhead();
        String bundled = whole(CatalogLoader.load(List.of()));
        String overlaid = whole(CatalogLoader.load(List.of(RES.resolve("overlay"))));
        assertThat(overlaid).isNotEqualTo(bundled);
        try {
            CatalogLoader.readBundledAhead();
            assertThat(whole(CatalogLoader.load(List.of(RES.resolve("overlay"))))).isEqualTo(overlaid);
            // the overlay replaced rows of its load's copy, not of the catalog read ahead
            assertThat(whole(CatalogLoader.load(List.of()))).isEqualTo(bundled);
            assertThat(whole(CatalogLoader.load(List.of(RES.resolve("overlay"))))).isEqualTo(overlaid);
        } finally {
            CatalogLoader.forgetReadAhead();
        }
    }

    /**
     * The bundled catalog is read from the jar portolan runs from through the jar itself (no zip file system): a jar
     * holding the catalog's files, a folder below them and a file that is no CSV gives the catalog the folder gives.
     */
    @Test
    void aCatalogInAJarLoadsAsTheSameFilesInAFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path folder = Paths.get("catalog");
        Path jar = dir.resolve("c.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(CatalogLoader.BUNDLED));
            List<Path> files;
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(folder)) {
                files = s.sorted(java.util.Comparator.reverseOrder()).toList(); // not in name order
            }
            for (Path f : files) {
                out.putNextEntry(new java.util.jar.JarEntry(CatalogLoader.BUNDLED + f.getFileName()));
                out.write(java.nio.file.Files.readAllBytes(f));
            }
            out.putNextEntry(new java.util.jar.JarEntry(CatalogLoader.BUNDLED + "README.txt"));
            out.write("not a catalog file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.jar.JarEntry(CatalogLoader.BUNDLED + "old/"));
            out.putNextEntry(new java.util.jar.JarEntry(CatalogLoader.BUNDLED + "old/retired.csv"));
            out.write(("id,product,role,port,protocol,initiator,source_port,conditions,fallback,configurable,firewall_exception,"
                    + "required,purpose,source,notes,process\nold-01,os-macos,host,7,tcp,any,ephemeral,,,,,no,Echo,baseline: x,,\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.net.URL inJar = new java.net.URL("jar:" + jar.toUri() + "!/" + CatalogLoader.BUNDLED);
        Catalog fromJar = CatalogLoader.loadFolder(inJar);
        Catalog fromFolder = CatalogLoader.loadFolder(folder.toAbsolutePath().toUri().toURL());
        assertThat(fromJar.entries()).hasSizeGreaterThan(100);
        assertThat(whole(fromJar)).isEqualTo(whole(fromFolder));
    }

    @Test
    void aCatalogThatCannotBeReadAheadFailsAtLoadAsItWouldHave() {
        String before = System.getProperty("portolan.catalog.dir");
        System.setProperty("portolan.catalog.dir", "no/such/catalog/folder");
        try {
            CatalogLoader.forgetReadAhead();
            Throwable read = org.assertj.core.api.Assertions.catchThrowable(() -> CatalogLoader.load(List.of()));
            assertThat(read).isInstanceOf(CatalogException.class).hasMessageContaining("no/such/catalog/folder");
            CatalogLoader.readBundledAhead();
            assertThatThrownBy(() -> CatalogLoader.load(List.of())).isInstanceOf(CatalogException.class).hasMessage(read.getMessage());
        } finally {
            if (before == null) System.clearProperty("portolan.catalog.dir");
            else System.setProperty("portolan.catalog.dir", before);
            CatalogLoader.forgetReadAhead();
        }
    }

    @Test
    void overlayReplacesRowsById() throws Exception {
        Catalog c = CatalogLoader.load(List.of(RES.resolve("overlay")));
        assertThat(c.claiming(Protocol.TCP, 2856)).extracting(CatalogEntry::id).doesNotContain("dtp-05", "dtp-10");
        assertThat(c.claiming(Protocol.TCP, 12856)).extracting(CatalogEntry::id).containsExactlyInAnyOrder("dtp-05", "dtp-10");
        assertThat(c.byId("site-01").purpose()).isEqualTo("Site application, port 7777");
        assertThat(c.byId("site-01").file()).endsWith("site.csv");
        assertThat(c.byId("site-01").line()).isEqualTo(5);
    }

    @Test
    void lintReportsEveryBadRowWithFileAndLine() throws Exception {
        List<CatalogIssue> issues = CatalogLoader.lint(List.of(RES.resolve("bad")), false);
        assertThat(issues).extracting(CatalogIssue::toString).anySatisfy(s -> assertThat(s).contains("broken.csv:4").contains("99999"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:5").contains("protocol must be tcp, udp, sctp, dccp or udplite, not 'icmp'"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:6").contains("unknown initiator role 'site:typo-role'"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:7").contains("'>>'"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:8").contains("duplicate id 'x-01'"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:9").contains("fallback 85-90 overlaps"))
                .anySatisfy(s -> assertThat(s).contains("broken.csv:10").contains("firewall_exception"));
    }

    @Test
    void loadingABadOverlayFailsWithLocations() {
        assertThatThrownBy(() -> CatalogLoader.load(List.of(RES.resolve("bad"))))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("broken.csv:4");
    }

    @Test
    void rowsCiteDocumentsOfSourcesCsvAndReportsShowTheTitle() throws Exception {
        Catalog c = CatalogLoader.load(List.of(RES.resolve("cited")));
        assertThat(c.byId("site-21").sourceId()).isEqualTo("site-runbook");
        assertThat(c.byId("site-21").source()).isEqualTo("Example Corp network runbook, 3.2 table 4");
        assertThat(c.documents().get("site-runbook").edition()).isEqualTo("rev. 7");
        // a source without "ID:" is free text, as written
        assertThat(c.byId("site-22").sourceId()).isNull();
        assertThat(c.byId("site-22").source()).isEqualTo("written down by the admin team");
        // the bundled rows cite the vendor documents by title, never the seeds' file names
        assertThat(c.byId("dtp-05").source()).isEqualTo("Systemwalker Desktop Patrol リファレンスマニュアル, 4.1 No.5");
        assertThat(c.byId("win-01").sourceId()).isEqualTo("baseline");
    }

    @Test
    void aCitedSourceIdThatNoSourcesCsvDeclaresIsAnErrorWithFileAndLine() {
        assertThatThrownBy(() -> CatalogLoader.load(List.of(RES.resolve("miscited"))))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("miscited/site.csv:2")
                .hasMessageContaining("row site-31: source cites 'site-runbok', which no sources*.csv declares (declared: baseline, cm-ports, dm-ports, dtp-ports, itdm-ports, sp-ports)");
    }

    @Test
    void missingOverlayFolderIsAClearError() {
        assertThatThrownBy(() -> CatalogLoader.load(List.of(RES.resolve("nope")))).hasMessageContaining("catalog path not found");
    }

    @Test
    void conflictsFindThe3000Clash() throws Exception {
        Catalog c = CatalogLoader.loadBundled();
        assertThat(PortConflict.find(c, false)).anySatisfy(pc -> {
            assertThat(pc.port()).isEqualTo(3000);
            assertThat(List.of(pc.first().product(), pc.second().product())).containsExactlyInAnyOrder("clientmanager", "serverprotect");
        });
    }
}
