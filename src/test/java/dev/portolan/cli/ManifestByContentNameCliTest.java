package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that its dump names ({@code quail:135} in the manual's example) takes its row of the hosts manifest, as a
 * host named up front does: its roles were left out before, and the report said "no product roles for quail … name
 * its roles in a hosts manifest" while the manifest had them.
 */
class ManifestByContentNameCliTest {
    private static final Path QUAIL = Path.of("samples/clientmanager-quail-e2/netstat-a.txt");

    @TempDir
    Path dir;

    private Path manifest() throws Exception {
        Path m = dir.resolve("hosts.csv");
        Files.writeString(m, "host,addresses,os,roles,settings\nquail,,windows-legacy,clientmanager:manager,\n");
        return m;
    }

    @Test
    void aLooseFileInABatchNamedByItsContentTakesItsManifestRow() throws Exception {
        Path in = Files.createDirectories(dir.resolve("collected"));
        Files.copy(QUAIL, in.resolve("dump1.txt"));
        CliTest.Run r = run("audit", "--batch", "--hosts", manifest().toString(), in.toString());
        assertThat(r.out()).startsWith("== quail ==").contains("roles:     clientmanager:manager")
                .contains("MISSING_LISTENER tcp/31300").doesNotContain("no product roles");
        // the sample's own verdict with the roles given on the command line: the same errors
        CliTest.Run given = run("audit", "--os", "windows-legacy", "--role", "clientmanager:manager", QUAIL.toString());
        assertThat(r.code()).isEqualTo(given.code()).isEqualTo(1);
    }

    @Test
    void oneHostNamedByItsDumpTakesItsManifestRowToo() throws Exception {
        CliTest.Run r = run("audit", "--hosts", manifest().toString(), QUAIL.toString());
        assertThat(r.out()).startsWith("== quail ==").contains("roles:     clientmanager:manager")
                .doesNotContain("no product roles");
        assertThat(r.code()).isEqualTo(1);
    }
}
