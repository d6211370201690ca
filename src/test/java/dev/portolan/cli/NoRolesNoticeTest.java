package dev.portolan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.portolan.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A host nobody gave roles is said to be checked against its OS baseline only; a host stated to have none is not. */
class NoRolesNoticeTest {
    private static final Path QUAIL = Path.of("samples/clientmanager-quail-e2/netstat-a.txt");
    private static final String NOTICE = "no product roles for ";

    @TempDir
    Path dir;

    @Test
    void aBatchHostMissingFromTheManifestGetsTheNoticeAHostListedWithoutRolesDoesNot() throws Exception {
        Path collected = Files.createDirectories(dir.resolve("collected"));
        for (String h : new String[] {"listed-bare", "unlisted"}) {
            Files.copy(QUAIL, Files.createDirectories(collected.resolve(h)).resolve("netstat-a.txt"));
        }
        Path hosts = Files.writeString(dir.resolve("hosts.csv"), "host,addresses,os,roles,settings\nlisted-bare,10.0.0.9,windows-legacy,,\n");
        CliTest.Run r = run("audit", "--batch", "--hosts", hosts.toString(), "--format", "jsonl", collected.toString());
        assertThat(r.code()).as(r.err()).isZero(); // a notice does not fail the run at --fail-on error
        assertThat(r.out().lines().filter(l -> l.contains(NOTICE)))
                .singleElement().satisfies(l -> {
                    assertThat(l).contains("\"host\":\"unlisted\"", "\"severity\":\"notice\"", "no product roles for unlisted: only the OS baseline was checked",
                            "or try --infer-roles");
                });
    }

    @Test
    void aSingleAuditWithoutRoleSaysSoAndWithARoleDoesNot() throws Exception {
        CliTest.Run bare = run("audit", "--os", "windows-legacy", QUAIL.toString());
        assertThat(bare.out()).contains("no product roles for quail").contains("--role PRODUCT:ROLE");
        // the whole notice is shown, and what to do about it is to name the roles (not to collect the dump again)
        String flat = bare.out().replaceAll("\\s+", " ");
        assertThat(flat).contains("its flows are checked only against its peers' roles").contains("or try --infer-roles")
                .contains("-> do what the notice says to include what was left out").doesNotContain("collect the dump or log again");
        CliTest.Run withRole = run("audit", "--os", "windows-legacy", "--role", "clientmanager:manager", QUAIL.toString());
        assertThat(withRole.out()).doesNotContain(NOTICE);
    }

    @Test
    void inferenceThatFindsNothingIsNamed() throws Exception {
        Path dump = Files.writeString(dir.resolve("ss.txt"),
                "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\ntcp   LISTEN 0      128    0.0.0.0:22         0.0.0.0:*\n");
        CliTest.Run r = run("audit", "--infer-roles", "--format", "jsonl", dump.toString());
        assertThat(r.out()).as(r.err()).contains("(--infer-roles recognised none)").doesNotContain("or try --infer-roles");
    }
}
