package dev.portolan.catalog;

import dev.portolan.batch.HostsManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Catalog overlays and hosts manifests from users: strict, bounded, and every complaint names the file and line. */
class HostileCatalogTest {
    private static final String HEADER = "id,product,role,port,protocol,initiator,source_port,conditions,fallback,configurable,"
            + "firewall_exception,required,purpose,source,notes\n";

    @TempDir
    Path dir;

    @Test
    void versionsOfAnyLengthCompareWithoutOverflow() {
        Condition c = Condition.parse("version>=4.33", "clientmanager");
        assertThat(c.evaluate(Map.of("clientmanager.version", "99999999999999999999"))).isEqualTo(Truth.TRUE);
        assertThat(c.evaluate(Map.of("clientmanager.version", "4.99999999999999999999"))).isEqualTo(Truth.TRUE);
        assertThat(Condition.parse("version<99999999999999999999.1", "p").evaluate(Map.of("p.version", "99999999999999999999")))
                .isEqualTo(Truth.TRUE);
        assertThat(Versions.compare("007", "7")).isZero();
        assertThat(Versions.compare("10", "9")).isPositive();
    }

    @Test
    void malformedConditionsAreRefused() {
        assertThatThrownBy(() -> Condition.parse("version>=4.33 and", "p")).hasMessageContaining("dangling");
        assertThatThrownBy(() -> Condition.parse("(version>=4)", "p")).hasMessageContaining("no parentheses");
        assertThatThrownBy(() -> Condition.parse("version>=abc", "p")).hasMessageContaining("version number");
    }

    @Test
    void lintCatchesMalformedOverlayConditionsWithFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("site.CSV"), HEADER
                + "s1,clientmanager,manager,40001,tcp,any,ephemeral,version>=4.33 and,,no,yes,yes,site port,site,\n"
                + "s2,clientmanager,manager,40002,tcp,any,ephemeral,(version>=4),,no,yes,yes,site port,site,\n");
        List<String> errors = CatalogLoader.lint(List.of(dir), true).stream()
                .filter(i -> i.level() == CatalogIssue.Level.ERROR).map(CatalogIssue::toString).toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith(f + ":2").contains("dangling");
        assertThat(errors.get(1)).startsWith(f + ":3").contains("no parentheses");
    }

    @Test
    void anUnclosedQuoteIsReportedAtItsLineWithoutJavaClassNames() throws IOException {
        Path f = Files.writeString(dir.resolve("site.csv"), HEADER
                + "s1,clientmanager,manager,40001,tcp,any,ephemeral,,,no,yes,yes,site port,site,\n"
                + "# a \"comment\" with quotes\n"
                + "s2,clientmanager,manager,40002,tcp,any,ephemeral,,,no,yes,yes,\"site port,site,\n"
                + "s3,clientmanager,manager,40003,tcp,any,ephemeral,,,no,yes,yes,site port,site,\n");
        List<CatalogIssue> issues = CatalogLoader.lint(List.of(f), true).stream()
                .filter(i -> i.level() == CatalogIssue.Level.ERROR).toList();
        assertThat(issues).extracting(CatalogIssue::toString).containsExactly(f + ":4: error: a quote opened on this line is never closed "
                + "(a \" inside a quoted cell is written \"\")");
    }

    @Test
    void anOverLongLineIsOneErrorAndTheOtherRowsLoad() throws IOException {
        Path f = Files.writeString(dir.resolve("site.csv"), HEADER + "x".repeat((1 << 20) + 10) + "\n"
                + "s1,clientmanager,manager,40001,tcp,any,ephemeral,,,no,yes,yes,site port,site,\n");
        List<String> errors = CatalogLoader.lint(List.of(f), true).stream()
                .filter(i -> i.level() == CatalogIssue.Level.ERROR).map(CatalogIssue::toString).toList();
        assertThat(errors).containsExactly(f + ":2: error: line longer than 1048576 characters; skipped");
    }

    @Test
    void lintOfAGeneratedOverlayComparesLinearlyMany() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            int port = 1 + (i % 1000);
            sb.append("g").append(i).append(",clientmanager,manager,").append(port)
                    .append(",tcp,any,ephemeral,version>=").append(i).append(",,no,yes,yes,generated row,site,\n");
        }
        Path f = Files.writeString(dir.resolve("big.csv"), sb);
        List<CatalogEntry> rows = CatalogLoader.rowsOf(List.of(f));
        assertThat(rows).hasSize(n);
        CatalogLint.Overlaps o = CatalogLint.overlaps(rows);
        // 1000 ports, 30 rows each, every row with its own condition: no warning; a row is compared only with the
        // earlier rows of its own port (0 + 1 + ... + 29 per port), not with all 30,000 rows
        assertThat(o.issues()).isEmpty();
        assertThat(o.comparisons()).isEqualTo(1000L * (29 * 30 / 2));
    }

    @Test
    void aHostsManifestWithAUtf8BomIsRead() throws IOException {
        Path f = dir.resolve("hosts.csv");
        Files.write(f, ("\uFEFFhost,addresses,os,roles,settings\nquail,10.0.0.5,windows,clientmanager:manager,"
                + "clientmanager.version=99999999999999999999\n").getBytes(StandardCharsets.UTF_8));
        HostsManifest m = HostsManifest.read(f);
        assertThat(m.byName("quail").addresses()).containsExactly("10.0.0.5");
        assertThat(m.byName("quail").settings()).containsEntry("clientmanager.version", "99999999999999999999");
    }

    @Test
    void manifestEncodingAndCsvErrorsNameTheFileAndLine() throws IOException {
        Path latin = dir.resolve("latin1.csv");
        Files.write(latin, "host,addresses\nquail,10.0.0.5\nm\u00fcller,10.0.0.6\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> HostsManifest.read(latin)).hasMessage(latin + ":3: not UTF-8 text (save the file as UTF-8)");
        Path quote = Files.writeString(dir.resolve("quote.csv"), "host,addresses\nquail,10.0.0.5\n\"owl,10.0.0.6\n");
        assertThatThrownBy(() -> HostsManifest.read(quote)).hasMessage(quote + ":3: a quote opened on this line is never closed");
    }
}
